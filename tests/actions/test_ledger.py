"""The ledger actions (issue 12): each works, refuses the role without its right (nothing changed),
records what it changed; the plain-text exports agree with the trial balance."""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from secretariat_app.actions import Actor, ledger, ledger_files, ledger_periods, ledger_reports, ledger_vouchers
from secretariat_app.actions.paging import PageRequest
from secretariat_app.core.auth import set_current_user
from secretariat_app.core.ledger.models import LogEntry, Voucher
from secretariat_app.core.trust.users import add_user
from secretariat_app.errors import DomainError, PermissionDenied

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
import ledger_example as ex  # noqa: E402

DUES = [("收到会员单位会费", "1002", 500000, 0, None), ("收到会员单位会费", "420101", 0, 500000, None)]


@pytest.fixture(autouse=True)
def _nobody_logged_in():
    set_current_user(None)
    yield
    set_current_user(None)


@pytest.fixture
def people(book):
    """A book with users: admin, treasurer (two, to review each other), secretary, viewer."""
    with book.session() as s:
        users = {name: add_user(s, name, f"secret-pass-{i}", role)
                 for i, (name, role) in enumerate((("admin", "admin"), ("cai", "treasurer"), ("qian", "treasurer"),
                                                   ("mi", "secretary"), ("wang", "viewer")))}
    set_current_user(None)
    return {name: Actor(book, u) for name, u in users.items()}


def count(book) -> int:
    with book.session() as s:
        return int(s.scalar(select(func.count()).select_from(Voucher)) or 0)


def test_workflow_by_the_logged_in_users_and_refusals(book, people):
    cai, qian, viewer, sec = people["cai"], people["qian"], people["wang"], people["mi"]
    for who in (viewer, sec):
        with pytest.raises(PermissionDenied):
            ledger_vouchers.save_voucher(who, None, date(2026, 1, 5), DUES)
    assert count(book) == 0
    out = ledger_vouchers.save_voucher(cai, None, date(2026, 1, 5), DUES, preparer="someone else")
    v = out.value
    assert v.preparer == "cai"  # nobody signs for another in a book with users
    assert out.changes.vouchers == {v.id} and "2026-01" in out.changes.periods
    with pytest.raises(PermissionDenied):
        ledger_vouchers.review(cai, v.id)  # the preparer may not review
    with pytest.raises(PermissionDenied):
        ledger_vouchers.review(viewer, v.id)
    assert ledger_vouchers.review(qian, v.id).value.reviewer == "qian"
    posted = ledger_vouchers.post(cai, v.id).value
    assert posted.state == "posted" and posted.poster == "cai"
    with pytest.raises(PermissionDenied):
        ledger_vouchers.unpost(cai, v.id)  # needs the right to reopen
    assert ledger_vouchers.unpost(people["admin"], v.id, note="错账").value.state == "reviewed"
    ledger_vouchers.post(cai, v.id)
    red = ledger_vouchers.reverse(qian, v.id, date(2026, 1, 31)).value
    assert red.kind == "reversal" and red.total == -500000
    links = ledger_vouchers.voucher_links(viewer, v.id)
    assert [c[0] for c in links.corrections] == [red.id]
    assert ledger_vouchers.voucher_links(viewer, red.id).corrects[0] == v.id
    with pytest.raises(PermissionDenied):
        ledger_vouchers.delete(viewer, red.id)
    ledger_vouchers.delete(qian, red.id)
    assert count(book) == 1
    # queries are open to the viewer
    assert ledger_vouchers.get_voucher(viewer, v.id).total == 500000
    assert ledger_vouchers.next_number(viewer, 2026, 1) == 2
    assert ledger.ledger_years(viewer) == [2026]


def test_many_at_once_and_the_lazy_list(book):
    actor = Actor(book)
    ids = [ledger_vouchers.save_voucher(actor, None, date(2026, 3, d), DUES, preparer="甲").value.id
           for d in range(1, 8)]
    assert ledger_vouchers.review_many(actor, ids, "乙").value == 7
    out = ledger_vouchers.post_many(actor, ids[:3], "甲")
    assert out.value == 3 and out.changes.vouchers == set(ids[:3])
    page = ledger_vouchers.voucher_page(actor, PageRequest(limit=5, filters={"year": 2026, "state": "reviewed"}))
    assert page.total == 4 and [r.id for r in page.rows] == ids[3:]
    assert page.rows[0].state == "reviewed" and page.rows[0].number == 4
    drill = ledger_vouchers.voucher_page(actor, PageRequest(filters={"year": 2026, "from_month": 3, "to_month": 3,
                                                                     "account": "4201", "bogus": 1}))
    assert drill.total == 7


def test_periods_close_reopen_year_end_and_opening(book, people):
    admin, cai, viewer = people["admin"], people["cai"], people["wang"]
    with pytest.raises(PermissionDenied):
        ledger_periods.save_opening(viewer, 2026, ex.OPENING)
    assert ledger_periods.save_opening(cai, 2026, ex.OPENING).value == len(ex.OPENING)
    state = ledger_periods.opening_state(viewer)
    assert state.year == 2026 and state.balances == ex.OPENING and not state.locked
    v = ledger_vouchers.save_voucher(cai, None, date(2026, 1, 10), DUES).value
    with pytest.raises(DomainError):
        ledger_periods.close_month(cai, 2026, 1)  # a voucher is not posted
    ledger_vouchers.review(people["qian"], v.id)
    ledger_vouchers.post(cai, v.id)
    with pytest.raises(PermissionDenied):
        ledger_periods.close_month(viewer, 2026, 1)
    assert ledger_periods.close_month(cai, 2026, 1).changes.periods == {"2026-01"}
    assert ledger_periods.period_status(viewer, 2026)[0].closed
    with pytest.raises(PermissionDenied):
        ledger_periods.reopen_month(cai, 2026, 1, "补记")  # the treasurer lacks the right
    assert ledger_periods.period_status(viewer, 2026)[0].closed
    ledger_periods.reopen_month(admin, 2026, 1, "补记漏记凭证")
    with book.session() as s:
        entry = s.scalars(select(LogEntry).where(LogEntry.action == "reopen_period")).one()
        assert entry.username == "admin" and entry.note == "补记漏记凭证"
    drafts = ledger_periods.year_end_preview(viewer, 2026)
    assert drafts and sum(d.total for d in drafts) == 500000
    with pytest.raises(PermissionDenied):
        ledger_periods.post_year_end(viewer, 2026)
    done = ledger_periods.post_year_end(cai, 2026)
    assert {v.kind for v in done.value} == {"closing"} and done.changes.vouchers == {v.id for v in done.value}


def test_reports_and_files(book, tmp_path):
    actor = Actor(book)
    with book.session() as s:
        ex.build(s)
        s.commit()
    tb = ledger_reports.trial_balance(actor, 2026)
    assert tb.totals.opening == 0 and tb.totals.debit == tb.totals.credit
    st = ledger_reports.statements(actor, 2026)
    assert st.to_json()["balance_sheet"]
    page = ledger_reports.detail_page(actor, PageRequest(limit=3, filters={"code": "1002", "year": 2026}))
    assert page.rows[0].kind == "open" and page.rows[0].balance == ex.OPENING["1002"]
    assert page.total == 1 + page.rows[0].lines + 2 * 10  # 1002 moves in ten months
    for name, fmt in (("v.csv", None), ("v.journal", None), ("v.beancount", "beancount")):
        assert ledger_files.export_vouchers(actor, str(tmp_path / name), fmt=fmt) > 0
    assert ledger_files.statements_pdf(actor, str(tmp_path / "st.pdf"), 2026) == 3
    ledger_files.export_ledger_xlsx(actor, str(tmp_path / "l.xlsx"), 2026)
    n, pages = ledger_files.print_listed(actor, {"year": 2026, "from_month": 4, "to_month": 4}, str(tmp_path / "v.pdf"))
    assert n == 2 and pages == 1
    with pytest.raises(DomainError):
        ledger_files.print_listed(actor, {"year": 2025}, str(tmp_path / "none.pdf"))


def _sum_postings(path: Path, indent: str) -> dict[str, Decimal]:
    """Each leaf account's sum of the postings of a journal (its code: the last part of the name)."""
    out: dict[str, Decimal] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith(indent) or line.startswith(indent + " ") or "CNY" not in line:
            continue
        name, amount = line.strip().split("  ")[:2]
        code = name.split(":")[-1].split(" ")[0]
        out[code] = out.get(code, Decimal(0)) + Decimal(amount.split()[0].replace(",", ""))
    return out


def test_hledger_and_beancount_agree_with_the_trial_balance(book, tmp_path):
    actor = Actor(book)
    with book.session() as s:
        ex.build(s)
        s.commit()
    ledger_vouchers.reverse(actor, 1, date(2026, 12, 31))
    tb = {r.code: Decimal(r.closing) / 100 for r in ledger_reports.trial_balance(actor, 2026).accounts if r.closing}
    for name, indent in (("book.journal", "    "), ("book.beancount", "  ")):
        path = tmp_path / name
        ledger_files.export_vouchers(actor, str(path))
        sums = {c: v for c, v in _sum_postings(path, indent).items() if v}
        assert sums == tb, name


def test_voucher_csv_import_is_one_action(book, people, tmp_path):
    csv = tmp_path / "v.csv"
    csv.write_text("date,voucher,summary,account,debit,credit\n2026-01-05,1,会费,1002,50.00,\n"
                   "2026-01-05,1,会费,420101,,50.00\n", encoding="utf-8")
    with pytest.raises(PermissionDenied):
        ledger_files.import_vouchers_csv(people["wang"], str(csv))
    assert count(book) == 0
    out = ledger_files.import_vouchers_csv(people["cai"], str(csv), prepared=True)
    assert (out.value.vouchers, out.value.months) == (1, ["2026-01"]) and len(out.changes.vouchers) == 1
    v = ledger_vouchers.get_voucher(people["wang"], next(iter(out.changes.vouchers)))
    assert v.state == "prepared" and v.preparer == "cai" and v.source == "import"


def test_chart_settings(book, people):
    admin, viewer = people["admin"], people["wang"]
    with pytest.raises(PermissionDenied):
        ledger.add_sub_account(viewer, "1002", "工商银行")
    out = ledger.add_sub_account(people["cai"], "1002", "工商银行")
    assert out.value == "100201" and "100201" in out.changes.accounts
    ledger.rename_account(admin, "100201", "中国工商银行")
    ledger.set_account_disabled(admin, "100201", True)
    state = ledger.chart(viewer)
    acc = next(a for a in state.accounts if a.code == "100201")
    assert acc.name == "中国工商银行" and acc.disabled and state.edition
    with pytest.raises(PermissionDenied):
        ledger.delete_account(people["mi"], "100201")
    ledger.delete_account(admin, "100201")
    assert all(a.code != "100201" for a in ledger.chart(viewer).accounts)
    choices = ledger.account_choices(viewer, False)
    assert any(c.code == "1002" and c.cash for c in choices)


def test_a_new_book_gets_its_chart_from_a_reader(book, people):
    """A query keeps nothing: the standard chart of a new book is seeded by a write of its own, so
    that even a viewer's first look at the books finds it (and leaves it there)."""
    assert ledger.account_choices(people["wang"], False)
    with book.session() as s:
        from secretariat_app.core.ledger.models import Account

        assert s.scalar(select(func.count()).select_from(Account)) > 40
