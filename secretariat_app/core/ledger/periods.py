"""Fiscal years and monthly periods (会计期间, 结账) — DOMAIN.md §3 Vouchers.

- Periods are months. A month is open until closed; closing (结账) requires every voucher of the
  month posted and the months before it closed (December also needs the year-end closing
  posted); a refusal lists every blocker. A closed month accepts no voucher and no change.
- Reopening needs the right (``can_reopen``: the action decides, "ledger.reopen") and
  leaves an entry in the ledger log; months after it must be reopened first.
- Each fiscal year records the edition of the standard it follows (``ledger_fiscal_years``).
- A book starting mid-life enters its opening balances (期初余额) once, for its first year; they
  must balance and income/expense accounts start at zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.balances import balances_at_month_end
from secretariat_app.core.ledger.edition import edition_for_new_year
from secretariat_app.core.ledger.models import (
    POSTED,
    Account,
    FiscalYear,
    LogEntry,
    OpeningBalance,
    Period,
    Total,
    Voucher,
)
from secretariat_app.core.money import fen_str
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, PermissionDenied, Problem
from secretariat_app.i18n import _


@dataclass(frozen=True)
class PeriodInfo:
    year: int
    month: int
    closed: bool
    closed_at: datetime | None
    closed_by: str | None
    vouchers: int
    unposted: int

    @property
    def label(self) -> str:
        return f"{self.year}-{self.month:02d}"


def log(session: Session, action: str, *, user: str = "", year: int | None = None, month: int | None = None,
        voucher_id: int | None = None, note: str = "") -> None:
    """An entry in the ledger's own log (reopened periods, unposted vouchers…)."""
    session.add(LogEntry(at=datetime.now(), username=user or "", action=action, year=year, month=month,
                         voucher_id=voucher_id, note=note or ""))


def ensure_year(session: Session, year: int) -> FiscalYear:
    """The fiscal-year record of ``year``, created (with the previous year's edition) if missing."""
    fy = session.get(FiscalYear, year)
    if fy is None:
        fy = FiscalYear(year=year, edition=year_edition(session, year), opening_base=False, opened_at=datetime.now(),
                        closed=False)
        session.add(fy)
        session.flush()
    return fy


def year_edition(session: Session, year: int) -> str:
    """The edition ``year`` follows: its record, else the latest earlier year's, else the chart's.

    A year changes edition only through ``newyear.open_year_in_edition`` (balances mapped)."""
    fy = session.get(FiscalYear, year)
    if fy is not None:
        return fy.edition
    prev = session.scalar(select(FiscalYear.edition).where(FiscalYear.year < year).order_by(FiscalYear.year.desc()).limit(1))
    if prev:
        return prev
    seeded = session.scalar(select(Account.edition).where(Account.official.is_(True)).order_by(Account.id).limit(1))
    return seeded or edition_for_new_year(year, None)


def first_year(session: Session) -> int | None:
    """The book's first fiscal year: its opening-balance year, else the year of its first voucher."""
    base = session.scalar(select(func.min(FiscalYear.year)).where(FiscalYear.opening_base.is_(True)))
    if base is not None:
        return base
    return session.scalar(select(func.min(Voucher.year)))


def closed_months(session: Session) -> set[tuple[int, int]]:
    return {(y, m) for y, m in session.execute(select(Period.year, Period.month).where(Period.closed.is_(True)))}


def _period_facts(session: Session) -> tuple[set[tuple[int, int]], int | None]:
    """(closed months, first opening-balance year), cached for the current transaction."""
    trans = session.get_transaction()
    cached = session.info.get("ledger.periods")
    if trans is not None and cached is not None and cached[0] is trans:
        return cached[1]
    facts = (closed_months(session),
             session.scalar(select(func.min(FiscalYear.year)).where(FiscalYear.opening_base.is_(True))))
    trans = session.get_transaction()
    if trans is not None:
        session.info["ledger.periods"] = (trans, facts)
    return facts


def forget_periods(session: Session) -> None:
    session.info.pop("ledger.periods", None)


def is_period_open(session: Session, day: date) -> bool:
    """True when vouchers may be dated ``day`` (its month is not closed)."""
    return (day.year, day.month) not in _period_facts(session)[0]


def check_date_open(session: Session, day: date, *, field: str | None = None) -> None:
    """Refuse a voucher date in a closed month or before the book's opening balances."""
    if not is_period_open(session, day):
        raise DomainError(_("The period {period} is closed; it accepts no voucher.").format(
            period=f"{day.year}-{day.month:02d}"), field=field or _("Date"))
    base = _period_facts(session)[1]
    if base is not None and day.year < base:
        raise DomainError(_("The book starts on {start} with its opening balances; a voucher cannot be dated earlier.")
                          .format(start=f"{base}-01-01"), field=field or _("Date"))


def period_status(session: Session, year: int) -> list[PeriodInfo]:
    """The twelve months of ``year`` with their state and voucher counts."""
    rows = {(p.month): p for p in session.scalars(select(Period).where(Period.year == year))}
    counts = {m: (n, u) for m, n, u in session.execute(
        select(Voucher.month, func.count(), func.sum(case((Voucher.state != POSTED, 1), else_=0)))
        .where(Voucher.year == year).group_by(Voucher.month))}
    out = []
    for m in range(1, 13):
        p = rows.get(m)
        n, u = counts.get(m, (0, 0))
        out.append(PeriodInfo(year, m, bool(p and p.closed), p.closed_at if p else None, p.closed_by if p else None,
                              int(n or 0), int(u or 0)))
    return out


def close_blockers(session: Session, year: int, month: int) -> list[Problem]:
    """Everything that keeps ``year-month`` from being closed (empty: it can close)."""
    problems: list[Problem] = []
    label = f"{year}-{month:02d}"
    p = session.get(Period, (year, month))
    if p is not None and p.closed:
        return [Problem(_("{period} is already closed.").format(period=label))]
    start = first_year(session)
    if start is not None and year >= start:
        closed = closed_months(session)
        for y in range(start, year + 1):
            for m in range(1, 13):
                if (y, m) >= (year, month):
                    break
                if (y, m) not in closed:
                    problems.append(Problem(_("the earlier period {period} is not closed").format(period=f"{y}-{m:02d}")))
    for number, state in session.execute(select(Voucher.number, Voucher.state).where(
            Voucher.year == year, Voucher.month == month, Voucher.state != POSTED).order_by(Voucher.number)):
        problems.append(Problem(_("voucher 记-{number} is {state}, not posted").format(number=number, state=state_label(state))))
    if month == 12:
        left = unclosed_accounts(session, year)
        if left:
            problems.append(Problem(_("the year-end closing is not posted: {accounts} still have a balance").format(
                accounts=", ".join(f"{c} ({fen_str(v)})" for c, v in left[:8]) + (" …" if len(left) > 8 else ""))))
    return problems


def income_expense_leaves(session: Session, year: int, month: int) -> list[tuple[Account, int]]:
    """Income/expense leaves with a balance at the end of the month, with it (debit-positive fen):
    what the year-end closing (yearend.py) brings to zero."""
    chart = load_chart(session)
    bal = balances_at_month_end(session, year, month)
    out = []
    for code in chart.sorted_codes():
        a = chart.by_code[code]
        if a.is_leaf and a.category in ("income", "expense") and bal.get(a.id, 0):
            out.append((a, bal[a.id]))
    return out


def unclosed_accounts(session: Session, year: int, month: int = 12) -> list[tuple[str, int]]:
    """Income/expense leaves with a balance at the end of the month: (code, debit-positive fen)."""
    return [(a.code, b) for a, b in income_expense_leaves(session, year, month)]


def state_label(state: str) -> str:
    return {"prepared": _("prepared"), "reviewed": _("reviewed"), "posted": _("posted")}.get(state, state)


def close_period(session: Session, year: int, month: int, *, user: str = "") -> Changes:
    """Close (结账) a month; refused with the list of what blocks it."""
    _check_month(year, month)
    with transaction(session):
        problems = close_blockers(session, year, month)
        if problems:
            raise DomainError(_("The period {period} cannot be closed:").format(period=f"{year}-{month:02d}"),
                              problems=problems)
        fy = ensure_year(session, year)
        p = session.get(Period, (year, month))
        if p is None:
            p = Period(year=year, month=month)
            session.add(p)
        p.closed, p.closed_at, p.closed_by = True, datetime.now(), user or ""
        forget_periods(session)
        log(session, "close_period", user=user, year=year, month=month)
        if month == 12:
            fy.closed = True
    return Changes({"ledger"})


def reopen_period(session: Session, year: int, month: int, *, user: str = "", can_reopen: bool = False,
                  note: str = "") -> Changes:
    """Reopen a closed month: needs the right, leaves an audit entry (DOMAIN.md §3).

    ``can_reopen``: the caller's decision — the action checks the right ("ledger.reopen"); without
    it the core refuses (fail-closed).
    """
    _check_month(year, month)
    if not can_reopen:
        raise PermissionDenied(_("Reopening a closed period needs the right to do so."))
    with transaction(session):
        p = session.get(Period, (year, month))
        if p is None or not p.closed:
            raise DomainError(_("{period} is not closed.").format(period=f"{year}-{month:02d}"))
        later = session.execute(select(Period.year, Period.month).where(
            Period.closed.is_(True), or_(Period.year > year, and_(Period.year == year, Period.month > month)))
            .order_by(Period.year, Period.month)).all()
        if later:
            raise DomainError(_("Later periods are closed; reopen them first:"),
                              problems=[Problem(f"{y}-{m:02d}") for y, m in later])
        p.closed, p.closed_at, p.closed_by = False, None, None
        forget_periods(session)
        fy = session.get(FiscalYear, year)
        if fy is not None:
            fy.closed = False
        log(session, "reopen_period", user=user, year=year, month=month, note=note)
    return Changes({"ledger"})


def _check_month(year: int, month: int) -> None:
    if not (1 <= int(month) <= 12) or not (1900 <= int(year) <= 2200):
        raise DomainError(_("Not a period: {period}").format(period=f"{year}-{month}"), field=_("Period"))


def set_opening_balances(session: Session, year: int, balances: dict[str, int], *, user: str = "") -> Changes:
    """Enter the opening balances (期初余额) of the book's first year, debit-positive, per leaf.

    Allowed once the book has no voucher before ``year`` and no closed period in it; they must
    balance (Σ = 0) and income/expense accounts start the year at zero.
    """
    with transaction(session):
        chart = load_chart(session)
        problems: list[Problem] = []
        rows: dict[int, int] = {}
        for code, amount in balances.items():
            if isinstance(amount, float) or not isinstance(amount, int):
                raise TypeError("opening balances are integer fen")
            acc = chart.by_code.get(str(code))
            if acc is None:
                problems.append(Problem(_("there is no account {code}").format(code=code), field=str(code)))
            elif not acc.is_leaf:
                problems.append(Problem(_("{code} has sub-accounts; enter the balance on them").format(code=code), field=str(code)))
            elif acc.category in ("income", "expense") and amount:
                problems.append(Problem(_("income and expense accounts start the year at zero"), field=str(code)))
            elif amount:
                rows[acc.id] = rows.get(acc.id, 0) + amount
        total = sum(rows.values())
        if total != 0:
            problems.append(Problem(_("the opening balances do not balance: debit − credit = {diff}").format(diff=fen_str(total))))
        if session.scalar(select(Voucher.id).where(Voucher.year < year).limit(1)) is not None:
            problems.append(Problem(_("the book has vouchers before {year}").format(year=year)))
        other = session.scalar(select(FiscalYear.year).where(FiscalYear.opening_base.is_(True), FiscalYear.year != year).limit(1))
        if other is not None:
            problems.append(Problem(_("the opening balances were already entered for {year}").format(year=other)))
        if session.scalar(select(Period.month).where(Period.year == year, Period.closed.is_(True)).limit(1)) is not None:
            problems.append(Problem(_("a period of {year} is already closed").format(year=year)))
        if problems:
            raise DomainError(_("The opening balances cannot be entered:"), problems=problems)
        fy = ensure_year(session, year)
        fy.opening_base = True
        forget_periods(session)
        session.execute(OpeningBalance.__table__.delete().where(OpeningBalance.year == year))
        for acc_id, amount in rows.items():
            session.add(OpeningBalance(year=year, account_id=acc_id, amount=amount))
        log(session, "opening_balances", user=user, year=year, note=_("{n} accounts").format(n=len(rows)))
    return Changes({"ledger"})


def get_opening_balances(session: Session, year: int) -> dict[str, int]:
    """The entered opening balances of ``year`` by account code (empty when none were entered)."""
    return {code: amount for code, amount in session.execute(
        select(Account.code, OpeningBalance.amount).join(OpeningBalance, OpeningBalance.account_id == Account.id)
        .where(OpeningBalance.year == year))}


def has_movements(session: Session, year: int) -> bool:
    return session.scalar(select(Total.account_id).where(Total.year == year).limit(1)) is not None
