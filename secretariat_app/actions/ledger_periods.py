"""The books, part 3: periods — closing (结账) and reopening, the year-end closing, opening balances.

DOMAIN.md §3: closing a month requires all its vouchers posted and the months before it closed
(December: the year-end closing posted too); a closed month accepts no voucher; reopening needs
the right ("ledger.reopen": administrators) and leaves an entry with the user's note. The closing
vouchers are generated, shown, then posted. Opening balances are entered once, and must balance.
"""

from __future__ import annotations

from dataclasses import dataclass

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.ledger import AccountChoice, _choices, chart_ready, operator
from secretariat_app.core import ledger


@query()
def period_status(uow: Uow, year: int) -> list[ledger.PeriodInfo]:
    """The twelve months of ``year``: closed or not, vouchers, unposted vouchers, who closed them."""
    chart_ready(uow)
    return ledger.period_status(uow.session, year)


@action("ledger.write")
def close_month(uow: Uow, year: int, month: int, user: str = "") -> str:
    """结账: refused (with every blocker listed) while the month cannot be closed; returns the period."""
    ledger.close_period(uow.session, year, month, user=operator(uow, user))
    period = f"{year}-{month:02d}"
    uow.changes.record("periods", period)
    return period


@action("ledger.reopen")
def reopen_month(uow: Uow, year: int, month: int, note: str = "", user: str = "") -> str:
    """反结账: the right is this action's ("ledger.reopen"); the note is kept in the ledger's log."""
    ledger.reopen_period(uow.session, year, month, user=operator(uow, user), can_reopen=True, note=note)
    period = f"{year}-{month:02d}"
    uow.changes.record("periods", period)
    return period


@query()
def year_end_preview(uow: Uow, year: int, month: int = 12) -> list[ledger.VoucherDraft]:
    """The closing vouchers the year-end closing would post (nothing is written)."""
    chart_ready(uow)
    return ledger.closing_preview(uow.session, year, month)


@action("ledger.write")
def post_year_end(uow: Uow, year: int, user: str = "", month: int = 12) -> list[ledger.VoucherInfo]:
    """Post the closing vouchers of ``year_end_preview`` (posted at once)."""
    done = ledger.post_year_end(uow.session, year, user=operator(uow, user), month=month)
    uow.changes.record("vouchers", *[v.id for v in done])
    uow.changes.record("periods", *{f"{v.year}-{v.month:02d}" for v in done})
    return done


@dataclass(frozen=True)
class OpeningState:
    year: int
    accounts: list[AccountChoice]  # the balance-sheet leaf accounts that take an opening balance
    balances: dict[str, int]       # what was entered, debit-positive fen by code
    locked: bool                   # a month of the year is closed: shown, not changed


@query()
def opening_state(uow: Uow, year: int | None = None) -> OpeningState:
    """期初余额 of the book's first year (``year`` None) or of ``year``."""
    chart_ready(uow)
    from datetime import date

    from secretariat_app.core.ledger.periods import closed_months, first_year

    s = uow.session
    y = year if year is not None else (first_year(s) or date.today().year)
    accounts = [c for c in _choices(uow, False)
                if c.leaf and not c.disabled and c.category in ("asset", "liability", "net_assets")]
    locked = any(cy == y for cy, _m in closed_months(s))
    return OpeningState(y, accounts, ledger.get_opening_balances(s, y), locked)


@action("ledger.write")
def save_opening(uow: Uow, year: int, balances: dict[str, int], user: str = "") -> int:
    """Enter the opening balances (debit-positive fen by code); returns how many accounts have one."""
    ledger.set_opening_balances(uow.session, year, dict(balances), user=operator(uow, user))
    uow.changes.record("accounts", *balances)
    uow.changes.add("ledger")
    return sum(1 for v in balances.values() if v)
