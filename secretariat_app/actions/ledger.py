"""The books (账套记账), part 1: the chart of accounts, the book's years and the overview figures.

The other parts: ``ledger_vouchers`` (entry and workflow 制单 → 审核 → 记账, corrections, the voucher
list), ``ledger_periods`` (closing, reopening, year end, opening balances), ``ledger_reports`` (trial
balance, ledgers, statements) and ``ledger_files`` (voucher CSV, hledger/beancount, xlsx, PDFs).
Rights: "ledger.write" keeps the books, "ledger.settings" changes the chart, "ledger.reopen" reopens
a closed month or unposts a voucher (DOMAIN.md §3). Vouchers carry no personal data; the names they
record are the users' (the logged-in user's own name in a book with users).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.core import ledger


@action("read")
def prepare_chart(uow: Uow) -> int:
    """Seed the standard chart into a book that has none (a new book's first look at its books).

    The program's own initialization, not a user's change: any reader may cause it
    (``system_action``); returns the number of accounts added."""
    from secretariat_app.core.auth import system_action

    with system_action():
        n = ledger.ensure_chart(uow.session)
    if n:
        uow.changes.add("ledger")
    return n


def chart_ready(uow: Uow) -> None:
    """Before a query reads the chart: a book without one gets it first, in a write of its own.

    (A query keeps nothing, so the core's lazy seeding inside it would be lost — and two queries
    seeding at once would collide on SQLite.)"""
    from secretariat_app.core.ledger.models import Account

    if uow.session.scalar(select(Account.id).limit(1)) is None:
        uow.session.rollback()
        prepare_chart(uow.actor)


def operator(uow: Uow, given: str | None) -> str:
    """The name a voucher or log entry records: the logged-in user in a book with users (nobody can
    sign for another), else the name the front end gives (the operator of this computer)."""
    if uow.has_users:
        return uow.user_name
    return (given or "").strip()


@dataclass(frozen=True)
class AccountChoice:
    """An account as the pickers, trees and forms show it."""

    code: str
    name: str
    full_name: str
    pinyin: str
    leaf: bool
    disabled: bool
    cash: bool
    category: str
    official: bool = True
    entrusted: bool = False
    normal: str = "D"

    @property
    def label(self) -> str:
        return f"{self.code} {self.full_name}"


def _choices(uow: Uow, with_pinyin: bool) -> list[AccountChoice]:
    from secretariat_app.core.ledger.accounts import load_chart
    from secretariat_app.core.ledger.edition import load_edition
    from secretariat_app.core.ledger.periods import year_edition

    s = uow.session
    chart = load_chart(s)
    edition = load_edition(year_edition(s, date.today().year))
    return [AccountChoice(a.code, a.name, a.full_name, a.pinyin if with_pinyin else "", a.is_leaf, a.disabled,
                          chart.is_cash(a.code, edition.cash_accounts), a.category, a.official,
                          chart.entrusted(a.code), a.normal)
            for a in ledger.list_accounts(s)]


@query()
def account_choices(uow: Uow, with_pinyin: bool = True) -> list[AccountChoice]:
    """Every account of the chart in code order, with what the pickers need.

    ``with_pinyin=False`` leaves the pinyin initials empty: importing pypinyin takes most of a second,
    so a screen first shows the chart without them and fetches them from a worker."""
    chart_ready(uow)
    return _choices(uow, with_pinyin)


@query()
def ledger_years(uow: Uow) -> list[int]:
    """Years with vouchers or stored opening balances."""
    from secretariat_app.core.ledger.models import FiscalYear, Voucher

    s = uow.session
    years = {y for (y,) in s.execute(select(Voucher.year).distinct())}
    years |= {y for (y,) in s.execute(select(FiscalYear.year))}
    return sorted(years)


@dataclass(frozen=True)
class EntryContext:
    cashflow_items: list[tuple[int, str]]  # the cash-flow rows a cash line may carry: (row, official item)
    edition: str                           # the edition of the standard the year follows
    edition_title: str
    unit: str                              # the association's name (编制单位)


@query()
def entry_context(uow: Uow, year: int) -> EntryContext:
    """What voucher entry and the periods view show about ``year``."""
    chart_ready(uow)
    from secretariat_app.core.book_settings import get_value
    from secretariat_app.core.ledger.edition import load_edition
    from secretariat_app.core.ledger.periods import year_edition

    code = year_edition(uow.session, year)
    ed = load_edition(code)
    rows = ed.cashflow_rows
    items = [(ln["row"], ln["item"]) for ln in ed.lines("cash_flow") if ln.get("row") in rows]
    return EntryContext(items, code, ed.title, get_value(uow.session, "name", "") or "")


@dataclass(frozen=True)
class Overview:
    current_period: str | None  # the month after the last closed one (None: nothing closed yet)
    unposted: int
    prepared: int
    reviewed: int
    last_voucher: date | None
    open_months: list[str]      # months from the book's first year to today (or the last voucher) not closed
    bank: int
    cash: int


@query()
def overview(uow: Uow) -> Overview:
    """The figures the books page header and the dashboard cards show."""
    chart_ready(uow)
    from secretariat_app.core.ledger.balances import current_balance_of
    from secretariat_app.core.ledger.models import PREPARED, REVIEWED, Voucher
    from secretariat_app.core.ledger.periods import closed_months, first_year

    s = uow.session
    states = dict(s.execute(select(Voucher.state, func.count()).where(Voucher.state.in_((PREPARED, REVIEWED)))
                            .group_by(Voucher.state)).all())
    closed = closed_months(s)
    current = None
    if closed:
        y, m = max(closed)
        current = f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"
    last = s.scalar(select(func.max(Voucher.date)))
    today = date.today()
    start = first_year(s)
    open_months = []
    if start is not None:
        end = max((today.year, today.month), (last.year, last.month) if last else (0, 0))
        y, m = start, 1
        while (y, m) <= end:
            if (y, m) not in closed:
                open_months.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    prepared, reviewed = int(states.get(PREPARED, 0)), int(states.get(REVIEWED, 0))
    return Overview(current, prepared + reviewed, prepared, reviewed, last, open_months,
                    current_balance_of(s, "1002"), current_balance_of(s, "1001"))


@query()
def income_expense_by_month(uow: Uow, year: int) -> tuple[list[int], list[int]]:
    """Income and expenses (fen) of each month of ``year``, year-end closing vouchers left out."""
    chart_ready(uow)
    from secretariat_app.core.ledger.balances import NOT_CLOSING
    from secretariat_app.core.ledger.models import Account, Total

    income, expense = [0] * 12, [0] * 12
    q = (select(Total.month, Account.category, func.sum(Total.debit), func.sum(Total.credit))
         .join(Account, Account.id == Total.account_id)
         .where(Total.year == year, Total.bucket.in_(NOT_CLOSING), Account.category.in_(("income", "expense")))
         .group_by(Total.month, Account.category))
    for month, category, d, c in uow.session.execute(q):
        if category == "income":
            income[month - 1] += int(c or 0) - int(d or 0)
        else:
            expense[month - 1] += int(d or 0) - int(c or 0)
    return income, expense


# ---- the chart of accounts (settings) -------------------------------------------------------------

@dataclass(frozen=True)
class ChartState:
    accounts: list[ledger.AccountInfo]  # code order
    used: set[str]                      # the codes with postings
    edition: str                        # the title of the edition this year follows
    year: int
    cash_accounts: tuple[str, ...]      # the first-level cash accounts of that edition


@query()
def chart(uow: Uow) -> ChartState:
    """The chart as the settings section shows it."""
    chart_ready(uow)
    from secretariat_app.core.ledger.accounts import account_used
    from secretariat_app.core.ledger.edition import load_edition
    from secretariat_app.core.ledger.periods import year_edition

    s = uow.session
    year = date.today().year
    ed = load_edition(year_edition(s, year))
    accounts = ledger.list_accounts(s)
    return ChartState(accounts, {a.code for a in accounts if account_used(s, a.id)}, ed.title, year,
                      tuple(ed.cash_accounts))


@action("ledger.settings")
def add_sub_account(uow: Uow, parent: str, name: str, code: str = "", entrusted: bool = False,
                    take_over: bool = False) -> str:
    """新增下级科目; returns its code."""
    info = ledger.add_sub_account(uow.session, parent, name, code=code or None, entrusted=entrusted, take_over=take_over)
    uow.changes.record("accounts", info.code, parent)
    return info.code


@action("ledger.settings")
def rename_account(uow: Uow, code: str, name: str) -> None:
    ledger.rename_account(uow.session, code, name)
    uow.changes.record("accounts", code)


@action("ledger.settings")
def set_account_disabled(uow: Uow, code: str, disabled: bool) -> None:
    (ledger.disable_account if disabled else ledger.enable_account)(uow.session, code)
    uow.changes.record("accounts", code)


@action("ledger.settings")
def delete_account(uow: Uow, code: str) -> None:
    ledger.delete_account(uow.session, code)
    uow.changes.record("accounts", code)


@action("ledger.settings")
def copy_sub_accounts_from(uow: Uow, other_book: str) -> int:
    """Copy the sub-accounts another book added into this one (代理记账; nothing else crosses books)."""
    from secretariat_app.db.book import open_book

    other = open_book(other_book)
    try:
        with other.session() as s:
            template = ledger.sub_account_template(s)
    finally:
        other.close()
    n = ledger.copy_sub_accounts(uow.session, template)
    uow.changes.record("accounts", *[t["code"] for t in template])
    uow.changes.add("ledger")
    return n
