"""The dues actions (``actions/dues*.py``): each works for the role that holds its right, is refused
to a viewer (and to a secretary where the right says so) with nothing changed, and masks mobile
numbers and individuals' addresses for a role without the personal-data right."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from secretariat_app.actions import Actor, dues, dues_arrears, dues_payments
from secretariat_app.actions.paging import PageRequest
from secretariat_app.core.auth import Principal, acting_as, set_current_user
from secretariat_app.core.dues import billing, payments, schedule
from secretariat_app.core.dues.models import Bill, Payment, Receipt
from secretariat_app.core.members import service as members
from secretariat_app.core.members import synth
from secretariat_app.core.trust.users import add_user
from secretariat_app.errors import PermissionDenied
from tests.core.dues_example import YEAR, association, counts, prepared_book

MOBILE = "13800000000"
PERSON_MOBILE = "13912345678"
PERSON_ADDRESS = "陕西省西安市雁塔区科技路1号"
ROLES = {"admin": "admin", "zhang": "secretary", "li": "treasurer", "wang": "viewer"}


def _build(session) -> dict:
    ex = association(session)
    m = members.admit_member(session, kind="individual", name="张三", level="会员", joined=date(2020, 5, 1),
                             id_number=synth.id_number(random.Random(7), born=date(1980, 1, 1)),
                             mobile=PERSON_MOBILE, address=PERSON_ADDRESS, gender="male")
    session.commit()
    ex["person"] = m.no
    schedule.set_schedule(session, YEAR, {"会员": Decimal("800")}, resolution_id=ex["resolution"])
    billing.bill_year(session, YEAR, today=date(YEAR, 11, 25))
    res = payments.record_payment(session, ex["members"][0], Decimal("5000"), date(YEAR, 5, 6), "bank")
    ex["payment"], ex["receipt"] = res.payment_id, res.receipt_id
    session.commit()
    admin = add_user(session, "admin", "secret-pass-0", "admin")
    with acting_as(admin):
        for name, role in ROLES.items():
            if name != "admin":
                add_user(session, name, f"secret-pass-{name}", role)
    session.commit()
    set_current_user(None)
    return ex


@pytest.fixture
def book(book_url, tmp_path, tmp_path_factory):
    """Four members (one an individual), this year billed, one payment; users of every role."""
    b, data = prepared_book(book_url, tmp_path, tmp_path_factory, "actions", _build)
    b.dues_example = data
    set_current_user(None)
    yield b
    set_current_user(None)
    b.close()


def as_(book, name: str) -> Actor:
    return Actor(book, Principal(name, ROLES[name]))


def snapshot(book) -> dict:
    with book.session() as s:
        c = counts(s)
        c["settings"] = s.execute(text("SELECT COUNT(*), COALESCE(MAX(value), '') FROM settings "
                                       "WHERE key LIKE 'dues.%'")).one()
        c["bills"] = s.execute(text("SELECT SUM(reduction), SUM(paid), COUNT(*) FROM dues_bills")).one()
        c["receipts"] = s.execute(text("SELECT SUM(reprints), SUM(CASE WHEN cancelled THEN 1 ELSE 0 END) FROM dues_receipts")).one()
        return c


def refused(book, fn, *args, who=("wang",), **kwargs) -> None:
    """``fn`` refuses each of ``who`` with PermissionDenied and the book is unchanged."""
    before = snapshot(book)
    for name in who:
        with pytest.raises(PermissionDenied):
            fn(as_(book, name), *args, **kwargs)
    assert snapshot(book) == before


# ---- schedule -------------------------------------------------------------------------------------

def test_schedule_is_for_treasurers_and_the_secretariat(book):
    rid = book.dues_example["resolution"]
    refused(book, dues.set_schedule, YEAR + 1, {"会员单位": "2400"}, rid)
    out = dues.set_schedule(as_(book, "zhang"), YEAR + 1, {"会员单位": "2400"}, rid)
    assert out.changes.touches("dues") and out.changes.meetings
    dues.set_schedule(as_(book, "li"), YEAR + 1, {"理事单位": "5500"}, rid)
    rows = {r.level: r for r in dues.schedule_rows(as_(book, "wang"), YEAR + 1)}
    assert rows["会员单位"].amount == 240000 and rows["理事单位"].status == "adopted"
    refused(book, dues.copy_schedule, YEAR, YEAR + 2)
    assert dues.copy_schedule(as_(book, "zhang"), YEAR, YEAR + 2).changes.touches("dues")
    editor = dues.schedule_editor(as_(book, "wang"), YEAR + 2)
    assert len(editor["rows"]) == 3 and editor["resolutions"][0][0] == rid
    assert YEAR + 2 in dues.bill_years(as_(book, "wang"))


# ---- billing and bills ----------------------------------------------------------------------------

def test_billing_run_is_for_treasurers(book):
    dues.copy_schedule(as_(book, "li"), YEAR, YEAR + 1)
    preview = dues.preview_billing(as_(book, "wang"), YEAR + 1)     # a read: nothing written
    assert preview.preview and preview.count == 4
    refused(book, dues.bill_year, YEAR + 1, who=("wang", "zhang"))
    res = dues.bill_year(as_(book, "li"), YEAR + 1).value
    assert res.count == 4 and not res.preview
    figures = dues.bill_figures(as_(book, "wang"), YEAR + 1)
    assert figures.count == 4 and figures.billed == res.total
    page = dues.bills_page(as_(book, "wang"), PageRequest(filters={"year": YEAR + 1}, sort_column=0))
    assert page.total == 4 and page.rows[0][0] < page.rows[-1][0]


def test_reduce_and_waive_are_for_treasurers(book):
    no = book.dues_example["members"][1]
    refused(book, dues.reduce_bill, no, YEAR, "100", "理事会同意", who=("wang", "zhang"))
    out = dues.reduce_bill(as_(book, "li"), no, YEAR, "100", "理事会同意")
    with book.session() as s:
        b = s.scalar(select(Bill).where(Bill.id.in_(out.changes.bills)))
        assert b.reduction == 10000
    refused(book, dues.waive_bill, no, YEAR, "受灾免缴", who=("wang", "zhang"))
    dues.waive_bill(as_(book, "admin"), no, YEAR, "受灾免缴")
    with book.session() as s:
        assert s.get(Bill, b.id).status == "waived"


def test_settings_are_for_treasurers(book):
    form = dues.settings_form(as_(book, "wang"))
    assert form["values"]["receipt_format"] == "a4x2" and form["accounts"]["bank"]
    refused(book, dues.save_settings, {"receipt_format": "241"}, who=("wang", "zhang"))
    out = dues.save_settings(as_(book, "li"), {"receipt_format": "241"})
    assert "dues.receipt_format" in out.changes.settings
    assert dues.receipt_format(as_(book, "wang")) == "241"


def test_figures_for_everyone(book):
    d = dues.dashboard(as_(book, "wang"), YEAR)
    assert d.billed > 0 and d.collected == 500000
    assert [name for _i, name in dues.level_choices(as_(book, "wang"))][:1] == ["会长单位"]


# ---- payments and receipts ------------------------------------------------------------------------

def test_pay_is_for_treasurers_and_prints_the_receipt(book, tmp_path):
    no = book.dues_example["members"][1]
    out_pdf = tmp_path / "r.pdf"
    refused(book, dues_payments.pay, no, "2000", date(YEAR, 6, 1), "cash", receipt_path=str(out_pdf),
            who=("wang", "zhang"))
    assert not out_pdf.exists()
    out = dues_payments.pay(as_(book, "li"), no, "2000", date(YEAR, 6, 1), "cash", receipt_path=str(out_pdf))
    assert out.value.receipt_no == f"{YEAR}-000002" and out_pdf.stat().st_size > 1000
    assert out.changes.payments == {out.value.payment_id} and out.changes.vouchers and out.changes.bills
    page = dues_payments.payments_page(as_(book, "wang"), PageRequest())
    assert page.total == 2 and page.rows[0][9] == out.value.payment_id


def test_cancel_is_for_treasurers(book):
    pid = book.dues_example["payment"]
    refused(book, dues_payments.cancel_payment, pid, date(YEAR, 11, 30), "重复录入", who=("wang", "zhang"))
    out = dues_payments.cancel_payment(as_(book, "li"), pid, date(YEAR, 11, 30), "重复录入")
    assert pid in out.changes.payments and len(out.changes.vouchers) == 2
    with book.session() as s:
        assert s.get(Payment, pid).cancelled


def test_reprint_and_reissue_are_for_treasurers(book, tmp_path):
    rid = book.dues_example["receipt"]
    pdf = tmp_path / "again.pdf"
    refused(book, dues_payments.reprint_receipt, str(pdf), year=YEAR, number=1, who=("wang", "zhang"))
    assert not pdf.exists()
    label = dues_payments.reprint_receipt(as_(book, "li"), str(pdf), year=YEAR, number=1).value
    assert label == f"{YEAR}-000001" and pdf.exists()
    refused(book, dues_payments.reissue_receipt, rid, who=("wang", "zhang"))
    assert dues_payments.reissue_receipt(as_(book, "li"), rid).value == f"{YEAR}-000002"
    with book.session() as s:
        assert s.get(Receipt, rid).cancelled and s.get(Receipt, rid).reprints == 1
    page = dues_payments.receipts_page(as_(book, "wang"), PageRequest())
    assert page.total == 2 and page.rows[0][6] == "" and page.rows[1][6] == "void"


def test_member_picker_does_not_confirm_a_phone_number_to_a_viewer(book):
    no = book.dues_example["members"][0]
    assert dues_payments.member_choices(as_(book, "wang"), no)[0][0] == no
    assert dues_payments.member_choices(as_(book, "wang"), MOBILE) == []
    assert len(dues_payments.member_choices(as_(book, "li"), MOBILE)) == 3
    assert dues_payments.open_due_of(as_(book, "wang"), book.dues_example["person"]) == ("张三", 80000)


# ---- arrears ------------------------------------------------------------------------------------

def test_arrears_masked_for_a_viewer(book):
    rows = {r.no: r for r in dues_arrears.arrears(as_(book, "wang"), YEAR)}
    person = rows[book.dues_example["person"]]
    assert person.mobile == "139****5678" and "科技路" not in person.address
    corp = rows[book.dues_example["members"][1]]
    assert corp.mobile == "138****0000" and corp.address == "西咸新区沣东新城1号"
    full = {r.no: r for r in dues_arrears.arrears(as_(book, "li"), YEAR)}
    assert full[person.no].mobile == PERSON_MOBILE and full[person.no].address == PERSON_ADDRESS
    page = dues_arrears.arrears_page(as_(book, "wang"), PageRequest(filters={"year": YEAR}))
    assert page.total == 3 and all("****" in r[9] for r in page.rows)
    assert all(PERSON_MOBILE not in map(str, r) for r in page.rows)
    n, due = dues_arrears.arrears_figures(as_(book, "wang"), PageRequest(filters={"year": YEAR}, search="张三"))
    assert (n, due) == (1, 80000)
    level = dict((name, i) for i, name in dues.level_choices(as_(book, "wang")))["会员单位"]
    assert dues_arrears.arrears_page(as_(book, "wang"), PageRequest(filters={"year": YEAR, "level": level})).total == 2


def test_arrears_export_masked_for_a_viewer(book, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "a.xlsx"
    assert dues_arrears.export_arrears(as_(book, "wang"), str(path), YEAR) == 3
    cells = {str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row}
    assert PERSON_MOBILE not in cells and MOBILE not in cells and PERSON_ADDRESS not in cells
    dues_arrears.export_arrears(as_(book, "li"), str(path), YEAR)
    cells = {str(c) for row in load_workbook(path).active.iter_rows(values_only=True) for c in row}
    assert PERSON_MOBILE in cells and PERSON_ADDRESS in cells


def test_reminder_letters_masked_for_a_viewer(book, tmp_path, monkeypatch):
    from secretariat_app.pdf import reminders

    seen = []
    real = reminders.write_reminders
    monkeypatch.setattr(reminders, "write_reminders", lambda batch, out: seen.append(batch) or real(batch, out))
    path = tmp_path / "letters.pdf"
    assert dues_arrears.write_reminders(as_(book, "wang"), str(path), YEAR, issued=date(YEAR, 11, 25)) == 3
    assert path.stat().st_size > 1000
    letters = seen[-1].letters
    assert all("****" in r.mobile for r in letters) and PERSON_ADDRESS not in {r.address for r in letters}
    dues_arrears.write_reminders(as_(book, "li"), str(path), YEAR, level="会员")
    assert [r.mobile for r in seen[-1].letters] == [PERSON_MOBILE]
