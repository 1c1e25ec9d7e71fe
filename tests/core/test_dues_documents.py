"""Dues documents' data (receipts in capitals, reminder letters), the dashboard figures and the
demo book's dues (DOMAIN.md §2, issue 5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from secretariat_app.core.dues import billing, payments
from secretariat_app.core.dues.checks import dues_problems
from secretariat_app.core.dues.dashboard import dues_dashboard
from secretariat_app.core.dues.documents import receipt_data, reminder_batch
from secretariat_app.core.dues.models import Bill, FeeSchedule, Payment, Prepaid, Receipt
from tests.core.dues_example import YEAR, association, prepared_book

CAPITALS = [
    ("0.05", "伍分"),
    ("10.00", "壹拾元整"),
    ("100000.00", "壹拾万元整"),
    ("1002.05", "壹仟零贰元零伍分"),
    ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
]


def billed(session) -> dict:
    data = association(session)
    billing.bill_year(session, YEAR, today=date(YEAR, 11, 25))
    return data


@pytest.fixture
def book(book_url, tmp_path, tmp_path_factory):
    b, data = prepared_book(book_url, tmp_path, tmp_path_factory, "billed-plain", billed)
    b.dues_example = data
    yield b
    b.close()


@pytest.fixture
def ex(book):
    return book.dues_example


@pytest.mark.parametrize("amount, words", CAPITALS)
def test_receipt_amount_in_capitals(session, ex, amount, words):
    res = payments.record_payment(session, ex["members"][0], amount, date(YEAR, 5, 6), "bank", payer="张三")
    d = receipt_data(session, res.receipt_id)
    assert d.capitals == words
    assert d.amount == int(Decimal(amount) * 100)
    period = f"{YEAR}年度" if Decimal(amount) <= 5000 else f"{YEAR}—{YEAR + 1}年度"  # the rest is paid ahead
    assert (d.payer, d.member_no, d.number, d.period) == ("张三", ex["members"][0], f"{YEAR}-000001", period)
    assert d.association == "测试行业协会" and d.method == "银行转账" and not d.cancelled and not d.reprint


def test_receipt_marks_void_and_reprint(session, ex):
    res = payments.record_payment(session, ex["members"][1], "2000", date(YEAR, 5, 6), "cash")
    payments.mark_reprint(session, res.receipt_id)
    assert receipt_data(session, res.receipt_id).reprint
    payments.cancel_payment(session, res.payment_id, day=date(YEAR, 5, 7))
    assert receipt_data(session, res.receipt_id).cancelled


def test_receipt_data_of_an_unknown_receipt_is_refused(session, ex):
    from secretariat_app.errors import DomainError

    with pytest.raises(DomainError):  # was an AttributeError on None
        receipt_data(session, 999_999)


def test_reminder_letters_go_to_the_primary_contact(session, ex):
    payments.record_payment(session, ex["members"][0], "5000", date(YEAR, 5, 6), "bank")
    batch = reminder_batch(session, YEAR, issued=date(YEAR, 11, 25))
    assert [r.member_no for r in batch.letters] == ex["members"][1:]
    r = batch.letters[0]
    assert r.addressee == "联系人2" and r.member_name == "测试企业2有限公司"
    assert r.years == [(YEAR, 200000)] and r.due == 200000 and r.capitals == "贰仟元整"
    assert batch.association == "测试行业协会"


def test_dashboard_figures(session, ex):
    payments.record_payment(session, ex["members"][0], "5000", date(YEAR, 5, 6), "bank")
    payments.record_payment(session, ex["members"][1], "1000", date(YEAR, 7, 6), "bank")
    d = dues_dashboard(session, YEAR)
    assert (d.billed, d.collected, d.arrears_total, d.members_owing) == (900000, 600000, 300000, 2)
    assert d.rate == Decimal(600000) / Decimal(900000)
    assert d.by_month[4] == 500000 and d.by_month[6] == 100000
    by = {lv.level: lv for lv in d.by_level}
    assert by["理事单位"].rate == 1 and by["会员单位"].billed == 400000 and by["会员单位"].collected == 100000


def test_the_demo_books_dues(demo_book):
    year = date.today().year
    with demo_book.session() as s:
        rows = list(s.scalars(select(FeeSchedule).where(FeeSchedule.year == year)))
        assert rows and all(r.resolution_id and not r.draft for r in rows)
        n_bills = s.scalar(select(func.count()).select_from(Bill).where(Bill.year == year))
        assert n_bills >= 100
        paid = s.scalar(select(func.count()).select_from(Bill).where(Bill.year == year, Bill.status == "paid"))
        assert paid > n_bills / 2                                              # most members paid
        methods = set(s.scalars(select(Payment.method)))
        assert {"bank", "cash"} <= methods and methods & {"wechat", "alipay"}
        assert s.scalar(select(func.count()).select_from(Payment).where(Payment.cancelled.is_(True))) == 1
        assert s.scalar(select(func.sum(Prepaid.amount))) > 0                  # one overpayment
        assert s.scalar(select(func.count()).select_from(Bill).where(Bill.year == year - 1, Bill.status == "open")) >= 3
        assert s.scalar(select(func.max(Receipt.reprints))) == 1
        months = {p.month for p in s.scalars(select(Payment.date))}
        assert len(months) >= min(3, date.today().month)                       # spread over the months so far
        assert dues_problems(s) == []
