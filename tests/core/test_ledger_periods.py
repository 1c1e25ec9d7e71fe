"""Periods, closing, reopening, opening balances, checks (DOMAIN.md §3)."""

from datetime import date

import pytest
from sqlalchemy import select, text

from secretariat_app.core import ledger as L
from secretariat_app.core.ledger import checks
from secretariat_app.core.ledger.models import LogEntry
from secretariat_app.errors import DomainError, PermissionDenied

OK = [("收入", "1002", 10000, 0), ("收入", "430101", 0, 10000)]


def test_close_refused_with_every_blocker(session):
    a = L.create_voucher(session, date(2026, 2, 3), OK, preparer="甲")
    L.create_voucher(session, date(2026, 2, 4), OK, preparer="甲")
    L.create_voucher(session, date(2026, 1, 4), OK, preparer="甲", post=True)
    with pytest.raises(DomainError) as e:
        L.close_period(session, 2026, 2)
    msg = str(e.value)
    assert "2026-01" in msg  # the month before is not closed
    assert "记-1" in msg and "记-2" in msg  # both unposted vouchers named
    assert len(e.value.problems) == 3
    L.close_period(session, 2026, 1, user="主管")
    L.review_voucher(session, a.id, "乙")
    L.post_voucher(session, a.id, "乙")
    assert len(L.close_blockers(session, 2026, 2)) == 1


def test_closed_period_takes_no_voucher_and_reopening_needs_the_right(session):
    v = L.create_voucher(session, date(2026, 1, 4), OK, post=True)
    L.close_period(session, 2026, 1, user="主管")
    assert not L.is_period_open(session, date(2026, 1, 31))
    assert L.is_period_open(session, date(2026, 2, 1))
    with pytest.raises(DomainError):
        L.create_voucher(session, date(2026, 1, 20), OK)
    with pytest.raises(DomainError):
        L.reverse_voucher(session, v.id, date(2026, 1, 31))
    with pytest.raises(DomainError):
        L.unpost_voucher(session, v.id, "主管", can_unpost=True)
    r = L.reverse_voucher(session, v.id, date(2026, 2, 1))  # corrected in an open period
    assert r.month == 2
    with pytest.raises(PermissionDenied):
        L.reopen_period(session, 2026, 1, user="甲", can_reopen=False)
    L.reopen_period(session, 2026, 1, user="管理员", can_reopen=True, note="补记漏记凭证")
    entry = session.scalars(select(LogEntry).where(LogEntry.action == "reopen_period")).one()
    assert (entry.username, entry.note, entry.month) == ("管理员", "补记漏记凭证", 1)
    L.create_voucher(session, date(2026, 1, 20), OK)


def test_reopen_in_reverse_order(session):
    L.create_voucher(session, date(2026, 1, 4), OK, post=True)
    L.close_period(session, 2026, 1)
    L.close_period(session, 2026, 2)
    with pytest.raises(DomainError):
        L.reopen_period(session, 2026, 1, can_reopen=True)
    L.reopen_period(session, 2026, 2, can_reopen=True)
    L.reopen_period(session, 2026, 1, can_reopen=True)
    assert [p.closed for p in L.period_status(session, 2026)][:2] == [False, False]


def test_december_needs_the_year_end_closing(session):
    L.create_voucher(session, date(2026, 1, 4), OK, post=True)
    for m in range(1, 12):
        L.close_period(session, 2026, m)
    with pytest.raises(DomainError) as e:
        L.close_period(session, 2026, 12)
    assert "430101" in str(e.value)
    L.post_year_end(session, 2026)
    L.close_period(session, 2026, 12)


def test_opening_balances_entered_once_and_balanced(session):
    with pytest.raises(DomainError) as e:
        L.set_opening_balances(session, 2026, {"1002": 500, "3101": -400, "5201": 100, "4201": 0, "9999": 1})
    problems = " ".join(str(p) for p in e.value.problems)
    assert "9999" in problems and "5201" in problems and "4201" in problems
    L.set_opening_balances(session, 2026, {"1002": 500, "3101": -500})
    assert L.get_opening_balances(session, 2026) == {"1002": 500, "3101": -500}
    with pytest.raises(DomainError):
        L.set_opening_balances(session, 2025, {"1002": 1, "3101": -1})  # once: another year
    with pytest.raises(DomainError):
        L.create_voucher(session, date(2025, 12, 31), OK)  # before the book's start
    tb = L.trial_balance(session, 2026)
    assert [(r.code, r.opening) for r in tb.accounts] == [("1002", 500), ("3101", -500)]
    assert L.trial_balance(session, 2027).accounts[0].opening == 500  # carried over


def test_trial_balance_month_ranges_and_json(session):
    L.set_opening_balances(session, 2026, {"1002": 1000, "3101": -1000})
    for m in (1, 2, 3):
        L.create_voucher(session, date(2026, m, 10), [("费", "5201", 100 * m, 0), ("费", "1002", 0, 100 * m)])
    tb = L.trial_balance(session, 2026, 3, from_month=2)
    row = {r.code: r for r in tb.accounts}["1002"]
    assert (row.opening, row.debit, row.credit, row.closing) == (900, 0, 500, 400)
    doc = L.trial_balance_json(session, 2026, 2)
    assert doc["to"] == "2026-02"
    assert doc["accounts"][0] == {"code": "1002", "name": "银行存款", "opening": "10.00", "debit": "0.00",
                                  "credit": "3.00", "closing": "7.00"}
    assert doc["totals"]["opening"] == doc["totals"]["closing"] == "0.00"
    assert doc["totals"]["debit"] == doc["totals"]["credit"] == "3.00"
    gl = L.general_ledger(session, "1002", 2026)
    assert [g.balance for g in gl[:4]] == [1000, 900, 700, 400]
    page = L.detail_ledger(session, "1002", 2026, limit=2)
    assert page.total == 3 and [r.balance for r in page.rows] == [900, 700]
    nxt = L.detail_ledger(session, "1002", 2026, after=page.cursor, limit=2)
    assert [r.balance for r in nxt.rows] == [400]
    assert [r.balance for r in L.detail_ledger(session, "1002", 2026, offset=2).rows] == [400]


def test_checks_find_tampering(book):
    with book.session() as s:
        L.create_voucher(s, date(2026, 1, 4), OK, post=True)
        L.create_voucher(s, date(2026, 1, 5), OK, post=True)
        L.close_period(s, 2026, 1)
        s.commit()
    assert all(fn(book) == [] for fn in (checks.vouchers_balanced, checks.leaf_postings, checks.gapless_numbers,
                                          checks.closed_periods, checks.totals_agree, checks.line_dates))
    with book.engine.begin() as c:
        c.execute(text("UPDATE ledger_lines SET debit = debit + 1 WHERE id = 1"))
        c.execute(text("UPDATE ledger_vouchers SET number = 3 WHERE number = 2"))
        c.execute(text("UPDATE ledger_vouchers SET state = 'prepared' WHERE number = 1"))
    assert checks.vouchers_balanced(book)
    assert checks.gapless_numbers(book)
    assert checks.closed_periods(book)
    assert checks.totals_agree(book)


def test_summary_for_the_book_switcher(book):
    from secretariat_app.core.summary import book_summary, summary_json

    with book.session() as s:
        L.set_opening_balances(s, 2026, {"1002": 100000, "3101": -100000})
        L.create_voucher(s, date(2026, 1, 4), OK, post=True)
        L.create_voucher(s, date(2026, 3, 9), OK)
        L.close_period(s, 2026, 1)
        s.commit()
    info = book_summary(book, today=date(2026, 4, 15))
    assert info["last_voucher_date"] == date(2026, 3, 9)
    assert info["open_periods"] == ["2026-02", "2026-03", "2026-04"]
    assert info["unposted_vouchers"] == 1
    assert info["bank_balance"] == 120000
    assert summary_json(info)["bank_balance"] == "1200.00"
