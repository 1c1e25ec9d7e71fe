"""Export the books as plain-text accounting files: an hledger journal and a beancount file.

Both programs accept the files and find every transaction balanced (``hledger -f F bal``,
``bean-check F``). The opening balances become one transaction on 1 January (they sum to zero,
3101/3102 included); then every voucher, whatever its state, in date order, with its number
(记-N) and state. A reversing (红字) voucher keeps its negative amounts.

hledger accounts read like the chart: ``资产:1002 银行存款``, ``收入:4201 会费收入:420101
非限定性收入``. beancount wants ASCII-led components under its five roots, so accounts are
``Assets:1002``, ``Income:4201:420101`` with the Chinese name as ``name:`` metadata on ``open``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.balances import base_year, opening_balances
from secretariat_app.core.ledger.models import Line, Voucher
from secretariat_app.core.money import fen_str

HLEDGER_ROOTS = {"asset": "资产", "liability": "负债", "net_assets": "净资产", "income": "收入", "expense": "费用"}
HLEDGER_TYPES = {"asset": "A", "liability": "L", "net_assets": "E", "income": "R", "expense": "X"}
BEAN_ROOTS = {"asset": "Assets", "liability": "Liabilities", "net_assets": "Equity", "income": "Income",
              "expense": "Expenses"}
STATE_MARK = {"posted": "*", "reviewed": "!", "prepared": "!"}


def _hledger_name(chart, code: str) -> str:
    a = chart.by_code[code]
    parts = [HLEDGER_ROOTS[a.category]]
    for n in range(4, len(code) + 1, 2):
        c = code[:n]
        parts.append(f"{c} {chart.by_code[c].name}")
    return ":".join(parts)


def _bean_name(chart, code: str) -> str:
    a = chart.by_code[code]
    return ":".join([BEAN_ROOTS[a.category]] + [code[:n] for n in range(4, len(code) + 1, 2)])


def _amount(fen: int) -> str:
    return f"{fen_str(fen)} CNY"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _entries(session: Session, year: int | None):
    """(opening date, {account id: fen}, iterator of (voucher row, [line rows]))."""
    first = base_year(session, year if year is not None else 9999)
    start_year = year if year is not None else first
    opening: dict[int, int] = {}
    if start_year is not None:
        opening = {k: v for k, v in opening_balances(session, start_year).items() if v}
    q = (select(Voucher.id, Voucher.date, Voucher.year, Voucher.month, Voucher.number, Voucher.summary, Voucher.state,
                Line.account_id, Line.summary, Line.debit, Line.credit)
         .join(Line, Line.voucher_id == Voucher.id)
         .order_by(Voucher.date, Voucher.year, Voucher.month, Voucher.number, Line.seq))
    if year is not None:
        q = q.where(Voucher.year == year)
    elif first is not None:
        q = q.where(Voucher.year >= first)

    def vouchers():
        current, lines = None, []
        for row in session.execute(q.execution_options(yield_per=20000)):
            if current is not None and row[0] != current[0]:
                yield current, lines
                lines = []
            current = row[:7]
            lines.append(row[7:])
        if current is not None:
            yield current, lines

    day = date(start_year, 1, 1) if start_year is not None else None
    return day, opening, vouchers()


def _first_date(session: Session, year: int | None, day: date | None) -> date:
    if day is not None:
        return day
    q = select(Voucher.date).order_by(Voucher.date).limit(1)
    if year is not None:
        q = q.where(Voucher.year == year)
    return session.scalar(q) or date(year or date.today().year, 1, 1)


def export_hledger(session: Session, path: str | Path, *, year: int | None = None) -> int:
    """Write an hledger journal; returns the number of postings written."""
    chart = load_chart(session)
    day, opening, vouchers = _entries(session, year)
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("; Secretariat — 记账凭证 (hledger journal)\n")
        for cat, root in HLEDGER_ROOTS.items():
            fh.write(f"account {root}  ; type: {HLEDGER_TYPES[cat]}\n")
        fh.write("commodity 1,000.00 CNY\n\n")
        if opening:
            fh.write(f"{_first_date(session, year, day).isoformat()} * 期初余额\n")
            for acc_id in sorted(opening, key=lambda i: chart.by_id[i].code):
                fh.write(f"    {_hledger_name(chart, chart.by_id[acc_id].code)}  {_amount(opening[acc_id])}\n")
                n += 1
            fh.write("\n")
        for (vid, vday, y, m, num, summary, state), lines in vouchers:
            fh.write(f"{vday.isoformat()} {STATE_MARK.get(state, '!')} ({y}-{m:02d} 记-{num}) {summary}"
                     f"  ; state: {state}\n")
            for acc_id, lsum, deb, cre in lines:
                comment = f"  ; {lsum}" if lsum and lsum != summary else ""
                fh.write(f"    {_hledger_name(chart, chart.by_id[acc_id].code)}  {_amount(deb - cre)}{comment}\n")
                n += 1
            fh.write("\n")
    return n


def export_beancount(session: Session, path: str | Path, *, year: int | None = None) -> int:
    """Write a beancount file; returns the number of postings written."""
    chart = load_chart(session)
    day, opening, vouchers = _entries(session, year)
    first = _first_date(session, year, day)
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('; Secretariat — 记账凭证 (beancount)\noption "operating_currency" "CNY"\n\n')
        for code in chart.sorted_codes():
            a = chart.by_code[code]
            if a.is_leaf:
                fh.write(f"{first.isoformat()} open {_bean_name(chart, code)} CNY\n  name: {_quote(chart.full_name(code))}\n")
        fh.write("\n")
        if opening:
            fh.write(f'{first.isoformat()} * "期初余额"\n')
            for acc_id in sorted(opening, key=lambda i: chart.by_id[i].code):
                fh.write(f"  {_bean_name(chart, chart.by_id[acc_id].code)}  {_amount(opening[acc_id])}\n")
                n += 1
            fh.write("\n")
        for (vid, vday, y, m, num, summary, state), lines in vouchers:
            fh.write(f"{vday.isoformat()} {STATE_MARK.get(state, '!')} {_quote(f'{y}-{m:02d} 记-{num}')} {_quote(summary)}\n")
            fh.write(f"  state: {_quote(state)}\n")
            for acc_id, lsum, deb, cre in lines:
                fh.write(f"  {_bean_name(chart, chart.by_id[acc_id].code)}  {_amount(deb - cre)}\n")
                if lsum and lsum != summary:
                    fh.write(f"    summary: {_quote(lsum)}\n")
                n += 1
            fh.write("\n")
    return n
