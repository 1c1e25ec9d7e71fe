"""What the exports of the books write, as plain data (the files themselves are io's).

- ``voucher_csv_lines``: the voucher lines of the CSV format (CLI.md "Voucher CSV"), streamed;
- ``journal``: the chart, the opening balances and every voucher, for the hledger and beancount
  files (``io.plaintext``); both must agree with the trial balance;
- ``ledger_workbook``: trial balance, general and detail ledgers and the statements of a year for
  the xlsx export (``io.ledger_xlsx``); the detail ledger is streamed.

The iterators read from the session they were made with: consume them inside the same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.balances import balances_at_month_start, base_year, opening_balances
from secretariat_app.core.ledger.models import Account, Line, Voucher
from secretariat_app.core.ledger.reports import GLRow, TBRow, general_ledger, rollup, trial_balance
from secretariat_app.core.ledger.statements import Statements, statements


def voucher_csv_lines(session: Session, year: int | None = None) -> Iterator[tuple]:
    """(date, number, summary, account code, debit, credit, cash-flow row) of every line, every state."""
    q = (select(Voucher.date, Voucher.number, Line.summary, Account.code, Line.debit, Line.credit, Line.cashflow_row)
         .join(Line, Line.voucher_id == Voucher.id).join(Account, Account.id == Line.account_id)
         .order_by(Voucher.year, Voucher.month, Voucher.number, Line.seq))
    if year is not None:
        q = q.where(Voucher.year == year)
    for row in session.execute(q.execution_options(yield_per=20000)):
        yield tuple(row)


@dataclass(frozen=True)
class JournalAccount:
    code: str
    name: str
    full_name: str
    category: str  # asset | liability | net_assets | income | expense
    leaf: bool


@dataclass
class Journal:
    """The books as a journal: ``accounts`` by code, ``opening`` (code, fen) on ``first_date`` (the
    opening transaction is written only when ``opening_date`` is set or there are balances),
    ``vouchers`` an iterator of ((date, year, month, number, summary, state), [(code, summary,
    debit, credit)])."""

    accounts: dict[str, JournalAccount]
    first_date: date
    opening: list[tuple[str, int]]
    vouchers: Iterator[tuple[tuple, list[tuple]]]


def journal(session: Session, year: int | None = None) -> Journal:
    """Every voucher (whatever its state) in date order, after the opening balances of its first year."""
    chart = load_chart(session)
    accounts = {code: JournalAccount(code, a.name, chart.full_name(code), a.category, a.is_leaf)
                for code in chart.sorted_codes() for a in (chart.by_code[code],)}
    first = base_year(session, year if year is not None else 9999)
    start_year = year if year is not None else first
    opening: list[tuple[str, int]] = []
    if start_year is not None:
        opening = sorted((chart.by_id[k].code, v) for k, v in opening_balances(session, start_year).items() if v)
    q = (select(Voucher.id, Voucher.date, Voucher.year, Voucher.month, Voucher.number, Voucher.summary, Voucher.state,
                Account.code, Line.summary, Line.debit, Line.credit)
         .join(Line, Line.voucher_id == Voucher.id).join(Account, Account.id == Line.account_id)
         .order_by(Voucher.date, Voucher.year, Voucher.month, Voucher.number, Line.seq))
    if year is not None:
        q = q.where(Voucher.year == year)
    elif first is not None:
        q = q.where(Voucher.year >= first)

    def vouchers():
        current, lines = None, []
        for row in session.execute(q.execution_options(yield_per=20000)):
            if current is not None and row[0] != current[0]:
                yield current[1:], lines
                lines = []
            current = tuple(row[:7])
            lines.append(tuple(row[7:]))
        if current is not None:
            yield current[1:], lines

    if start_year is not None:
        day = date(start_year, 1, 1)
    else:
        fq = select(Voucher.date).order_by(Voucher.date).limit(1)
        if year is not None:
            fq = fq.where(Voucher.year == year)
        day = session.scalar(fq) or date(year or date.today().year, 1, 1)
    return Journal(accounts, day, opening, vouchers())


@dataclass
class LedgerWorkbook:
    """A year's books for the xlsx export: ``trial_balance`` (rolled up, by code) and its
    ``totals``; ``general_ledger`` (code, full name, rows) of every first-level account with a
    figure; ``detail`` an iterator of (code, full name, date or None for the opening line,
    voucher text, summary, debit, credit, balance); ``statements``."""

    year: int
    trial_balance: list[TBRow]
    totals: TBRow
    general_ledger: list[tuple[str, str, list[GLRow]]]
    detail: Iterator[tuple]
    statements: Statements


def ledger_workbook(session: Session, year: int) -> LedgerWorkbook:
    st = statements(session, year)  # refuses first when an identity is broken
    tb = trial_balance(session, year)
    chart = load_chart(session)
    gl = []
    for code in chart.sorted_codes():
        if len(code) != 4:
            continue
        rows = general_ledger(session, code, year)
        if any(r.balance or r.debit or r.credit for r in rows):
            gl.append((code, chart.full_name(code), rows))
    return LedgerWorkbook(year, rollup(tb), tb.totals, gl, _detail_lines(session, year), st)


def _detail_lines(session: Session, year: int) -> Iterator[tuple]:
    """Every line of the year by account and date, with the running balance per account."""
    chart = load_chart(session)
    opening = balances_at_month_start(session, year, 1)
    q = (select(Line.account_id, Line.date, Voucher.month, Voucher.number, Line.summary, Line.debit, Line.credit)
         .join(Voucher, Voucher.id == Line.voucher_id)
         .where(Line.date >= date(year, 1, 1), Line.date < date(year + 1, 1, 1))
         .order_by(Line.account_id, Line.date, Voucher.number, Line.seq))
    current, bal, code, name = None, 0, "", ""
    for acc, d, m, num, summ, deb, cre in session.execute(q.execution_options(yield_per=20000)):
        if acc != current:
            current, bal = acc, opening.get(acc, 0)
            code = chart.by_id[acc].code
            name = chart.full_name(code)
            yield code, name, None, "", None, 0, 0, bal
        bal += deb - cre
        yield code, name, d, f"{m:02d}-记-{num}", summ, deb, cre, bal
