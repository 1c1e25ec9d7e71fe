"""Dues payments: oldest bills first, prepaid carried to the next year, the one voucher each
payment posts, receipts numbered without gaps, cancellation by reversal, refusals that write
nothing (DOMAIN.md §2, issue 5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from secretariat_app.core.book_settings import update_settings
from secretariat_app.core.dues import billing, bulk, payments, schedule
from secretariat_app.core.dues.arrears import arrears, arrears_json, arrears_total, member_balance
from secretariat_app.core.dues.checks import dues_problems
from secretariat_app.core.dues.models import OPEN, PAID, Payment, Prepaid, Receipt
from secretariat_app.core.ledger import get_voucher
from secretariat_app.core.ledger.periods import close_period
from secretariat_app.errors import DomainError
from tests.core.dues_example import YEAR, association, balance, counts, member_id, prepared_book

TODAY = date(YEAR, 11, 25)


def billed(session) -> dict:
    data = association(session)
    update_settings(session, first_fiscal_year=YEAR)
    billing.record_opening_arrears(session, data["members"][1], YEAR - 1, Decimal("1800"), note="期初欠缴")
    billing.bill_year(session, YEAR, today=TODAY)
    return data


@pytest.fixture
def book(book_url, tmp_path, tmp_path_factory):
    """Three members billed for the year, the second also owing last year's 1,800.00."""
    b, data = prepared_book(book_url, tmp_path, tmp_path_factory, "billed", billed)
    b.dues_example = data
    yield b
    b.close()


@pytest.fixture
def ex(book):
    return book.dues_example


def test_the_oldest_bill_is_settled_first(session, ex):
    no = ex["members"][1]                       # owes 1,800.00 for last year and 2,000.00 for this year
    res = payments.record_payment(session, no, "2500", date(YEAR, 4, 10), "bank", reference="BK001")
    assert [(s.year, s.amount) for s in res.shares] == [(YEAR - 1, 180000), (YEAR, 70000)]
    assert billing.bill_of(session, no, YEAR - 1).status == PAID
    this = billing.bill_of(session, no, YEAR)
    assert (this.paid, this.status, this.due) == (70000, OPEN, 130000)
    assert member_balance(session, member_id(session, no))["due"] == 130000
    assert dues_problems(session) == []


def test_the_voucher_of_a_payment(session, ex):
    no = ex["members"][0]                       # the director: 5,000.00 this year
    before_bank, before_income = balance(session, "1002"), balance(session, "420101")
    res = payments.record_payment(session, no, "6000.50", date(YEAR, 5, 6), "bank")
    v = get_voucher(session, res.voucher_id)
    assert v.state == "posted" and v.source == "dues" and v.source_ref == f"payment:{res.payment_id}"
    assert sum(ln.debit for ln in v.lines) == sum(ln.credit for ln in v.lines) == 600050
    lines = {(ln.account, ln.debit, ln.credit, ln.cashflow_row) for ln in v.lines}
    assert lines == {("1002", 600050, 0, 2), ("420101", 0, 500000, None), ("2203", 0, 100050, None)}
    assert all("测试企业1有限公司" in ln.summary for ln in v.lines)
    # The trial balance moves by the amount: bank debit, income and prepaid credit.
    assert balance(session, "1002")[0] - before_bank[0] == 600050
    assert balance(session, "420101")[1] - before_income[1] == 500000
    assert balance(session, "2203")[1] == 100050
    assert session.get(Prepaid, member_id(session, no)).amount == 100050
    assert res.prepaid == 100050


@pytest.mark.parametrize("method, account", [("cash", "1001"), ("wechat", "1009"), ("alipay", "1009")])
def test_methods_and_their_accounts(session, ex, method, account):
    res = payments.record_payment(session, ex["members"][2], "100", date(YEAR, 6, 1), method)
    v = get_voucher(session, res.voucher_id)
    assert {ln.account for ln in v.lines if ln.debit} == {account}
    assert session.get(Payment, res.payment_id).bank_account == account


def test_a_bank_sub_account_can_be_chosen(session, ex):
    from secretariat_app.core.ledger import add_sub_account

    add_sub_account(session, "1002", "工商银行", code="100201")
    session.commit()
    with pytest.raises(DomainError):  # 1002 has sub-accounts now: one must be chosen
        payments.record_payment(session, ex["members"][2], "100", date(YEAR, 6, 1), "bank")
    session.rollback()
    res = payments.record_payment(session, ex["members"][2], "100", date(YEAR, 6, 1), "bank", bank_account="100201")
    assert {ln.account for ln in get_voucher(session, res.voucher_id).lines if ln.debit} == {"100201"}


def test_prepaid_dues_are_applied_when_the_next_year_is_billed(session, ex):
    no = ex["members"][2]
    payments.record_payment(session, no, "3000", date(YEAR, 6, 1), "bank")   # 2,000.00 due, 1,000.00 ahead
    assert session.get(Prepaid, member_id(session, no)).amount == 100000
    schedule.copy_schedule(session, YEAR, YEAR + 1)
    res = billing.bill_year(session, YEAR + 1, today=date(YEAR + 1, 1, 5))
    assert res.prepaid_applied == 100000 and res.voucher_id
    v = get_voucher(session, res.voucher_id)
    assert {(ln.account, ln.debit, ln.credit) for ln in v.lines} == {("2203", 100000, 0), ("420101", 0, 100000)}
    nxt = billing.bill_of(session, no, YEAR + 1)
    assert (nxt.paid, nxt.status) == (100000, OPEN)
    assert session.get(Prepaid, member_id(session, no)).amount == 0
    assert dues_problems(session) == []


def test_receipts_are_numbered_without_gaps_and_a_cancelled_one_keeps_its_number(session, ex):
    a, b, c = ex["members"]
    r1 = payments.record_payment(session, a, "100", date(YEAR, 3, 1), "cash")
    r2 = payments.record_payment(session, b, "100", date(YEAR, 3, 2), "cash")
    r3 = payments.record_payment(session, c, "100", date(YEAR, 3, 3), "cash")
    assert [r1.receipt_no, r2.receipt_no, r3.receipt_no] == [f"{YEAR}-000001", f"{YEAR}-000002", f"{YEAR}-000003"]
    payments.cancel_payment(session, r2.payment_id, day=date(YEAR, 3, 5), reason="重复录入")
    r4 = payments.record_payment(session, b, "100", date(YEAR, 3, 6), "cash")
    assert r4.receipt_no == f"{YEAR}-000004"
    spoiled = payments.reissue_receipt(session, r4.receipt_id)
    assert spoiled.label == f"{YEAR}-000005"
    rows = session.execute(select(Receipt.number, Receipt.cancelled).where(Receipt.year == YEAR)
                           .order_by(Receipt.number)).all()
    assert rows == [(1, False), (2, True), (3, False), (4, True), (5, False)]
    # Next year starts again at 1.
    r6 = payments.record_payment(session, a, "100", date(YEAR + 1, 1, 3), "cash")
    assert r6.receipt_no == f"{YEAR + 1}-000001"
    assert dues_problems(session) == []
    session.execute(text("DELETE FROM dues_receipts WHERE year = :y AND number = 3"), {"y": YEAR})
    assert any("000003" in p for p in dues_problems(session))
    session.rollback()


def test_cancelling_reverses_the_voucher_and_reopens_the_bills(session, ex):
    no = ex["members"][0]
    before = balance(session, "1002"), balance(session, "420101")
    res = payments.record_payment(session, no, "5000", date(YEAR, 5, 6), "bank")
    assert billing.bill_of(session, no, YEAR).status == PAID
    payments.cancel_payment(session, res.payment_id, day=date(YEAR, 5, 8), reason="银行退票")
    p = session.get(Payment, res.payment_id)
    rev = get_voucher(session, p.reversal_voucher_id)
    assert p.cancelled and rev.kind == "reversal" and rev.state == "posted" and rev.corrects_id == res.voucher_id
    assert {(ln.account, ln.debit, ln.credit) for ln in rev.lines} == {("1002", -500000, 0), ("420101", 0, -500000)}
    assert get_voucher(session, res.voucher_id).state == "posted"          # the original is never changed
    d_bank, d_income = balance(session, "1002"), balance(session, "420101")
    assert d_bank[0] - d_bank[1] == before[0][0] - before[0][1]             # net effect nil
    assert d_income[1] - d_income[0] == before[1][1] - before[1][0]
    assert billing.bill_of(session, no, YEAR).status == OPEN
    assert session.scalar(select(Receipt.cancelled).where(Receipt.payment_id == p.id)) is True
    with pytest.raises(DomainError):
        payments.cancel_payment(session, res.payment_id)
    session.rollback()
    assert dues_problems(session) == []


def test_cancelling_a_payment_whose_prepaid_money_was_applied(session, ex):
    no = ex["members"][2]
    res = payments.record_payment(session, no, "3000", date(YEAR, 6, 1), "bank")
    schedule.copy_schedule(session, YEAR, YEAR + 1)
    billing.bill_year(session, YEAR + 1, today=date(YEAR + 1, 1, 5))
    payments.cancel_payment(session, res.payment_id, day=date(YEAR + 1, 1, 6))
    # Prepaid 2203 back to nothing, next year's bill open in full, the books still agree.
    d, c = balance(session, "2203", YEAR + 1)
    from secretariat_app.core.ledger import trial_balance

    closing = {r.code: r.closing for r in trial_balance(session, YEAR + 1).accounts}
    assert closing.get("2203", 0) == 0
    assert billing.bill_of(session, no, YEAR + 1).paid == 0
    assert dues_problems(session) == []


# ---- refusals --------------------------------------------------------------------------------------

@pytest.mark.parametrize("member, amount, day, method", [
    ("M9999", "100", date(YEAR, 5, 1), "bank"),        # unknown member
    (None, "0", date(YEAR, 5, 1), "bank"),             # amount ≤ 0
    (None, "-5", date(YEAR, 5, 1), "bank"),
    (None, "100.001", date(YEAR, 5, 1), "bank"),       # more than two decimals
    (None, "abc", date(YEAR, 5, 1), "bank"),
    (None, "100", date(YEAR, 2, 10), "bank"),          # a closed period
    (None, "100", "2026-13-01", "bank"),               # not a date
    (None, "100", date(YEAR, 5, 1), "cheque"),         # unknown method
])
def test_refusals_write_nothing(session, ex, member, amount, day, method):
    close_period(session, YEAR, 1)
    close_period(session, YEAR, 2)
    session.commit()
    before = counts(session)
    with pytest.raises(DomainError):
        payments.record_payment(session, member or ex["members"][0], amount, day, method)
    session.rollback()
    assert counts(session) == before
    with pytest.raises(DomainError):
        bulk.record_payments(session, [bulk.PaymentIn(ex["members"][1], "10", date(YEAR, 5, 1)),
                                       bulk.PaymentIn(member or ex["members"][0], amount, day, method)])
    session.rollback()
    assert counts(session) == before


def test_a_member_who_left_pays_only_what_was_open(session, ex):
    from secretariat_app.core.members import service as members

    no = ex["members"][2]
    members.record_leaving(session, member_id(session, no), date(YEAR, 9, 30), "resigned")
    session.commit()
    before = counts(session)
    with pytest.raises(DomainError) as e:
        payments.record_payment(session, no, "2500", date(YEAR, 10, 8), "bank")  # 500.00 would be paid ahead
    assert "退" in str(e.value) or "left" in str(e.value)
    session.rollback()
    assert counts(session) == before
    payments.record_payment(session, no, "2000", date(YEAR, 10, 8), "bank")      # the year's bill: fine
    with pytest.raises(DomainError):
        payments.record_payment(session, no, "1", date(YEAR, 10, 9), "bank")     # nothing open any more
    session.rollback()


# ---- bulk and arrears --------------------------------------------------------------------------------

def test_bulk_payments_post_the_same_vouchers(session, ex):
    a, b, c = ex["members"]
    res = bulk.record_payments(session, [bulk.PaymentIn(a, "5000", date(YEAR, 7, 1), "bank"),
                                         bulk.PaymentIn(b, "4000", date(YEAR, 7, 2), "cash"),
                                         bulk.PaymentIn(c, Decimal("2500.50"), date(YEAR, 7, 3), "wechat")])
    assert res.payments == 3 and res.total == 500000 + 400000 + 250050
    single = payments.record_payment(session, c, "10", date(YEAR, 7, 4), "bank")
    assert single.receipt_no == f"{YEAR}-000004"                      # bulk numbered 1–3
    vb = [get_voucher(session, p.voucher_id) for p in session.scalars(select(Payment).order_by(Payment.id))]
    assert [v.number for v in vb if v.month == 7] == [1, 2, 3, 4]
    # b: last year's 1,800.00 and this year's 2,000.00 settled, 200.00 ahead.
    assert {(ln.account, ln.debit, ln.credit, ln.cashflow_row) for ln in vb[1].lines} == {
        ("1001", 400000, 0, 2), ("420101", 0, 380000, None), ("2203", 0, 20000, None)}
    assert {(ln.account, ln.credit) for ln in vb[2].lines if ln.credit} == {("420101", 200000), ("2203", 50050)}
    assert billing.bill_of(session, b, YEAR - 1).status == PAID
    assert billing.bill_of(session, b, YEAR).status == PAID
    assert dues_problems(session) == []
    from secretariat_app.core.ledger import totals

    assert totals.recompute(session) == totals.stored(session)


def test_arrears_per_member(session, ex):
    a, b, c = ex["members"]
    payments.record_payment(session, a, "2000", date(YEAR, 5, 1), "bank")
    rows = {r.no: r for r in arrears(session, YEAR)}
    assert (rows[a].billed, rows[a].paid, rows[a].due, rows[a].years_overdue) == (500000, 200000, 300000, 1)
    assert (rows[b].billed, rows[b].due, rows[b].years_overdue, rows[b].oldest_year) == (380000, 380000, 2, YEAR - 1)
    assert [r.no for r in arrears(session, YEAR, min_years_overdue=2)] == [b]
    doc = arrears_json(session, YEAR)
    assert list(doc) == ["year", "members", "total_due"] and doc["year"] == YEAR
    assert doc["members"][0] == {"no": a, "name": "测试企业1有限公司", "billed": "5000.00", "paid": "2000.00",
                                 "due": "3000.00"}
    assert doc["total_due"] == "8800.00" and arrears_total(session, YEAR) == 880000
    assert arrears_total(session, YEAR - 1) == 180000
    payments.record_payment(session, c, "2000", date(YEAR, 5, 2), "bank")
    assert c not in {r.no for r in arrears(session, YEAR)}                 # only members with something due


def test_book_summary_shows_the_arrears(book, session, ex):
    from secretariat_app.core.summary import book_summary

    assert book_summary(book)["arrears_total"] == arrears_total(session, date.today().year)
