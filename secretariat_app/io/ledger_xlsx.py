"""Trial balance, general ledger, detail ledger and the three statements to xlsx (openpyxl).

Amounts are written as numbers in yuan with the ``#,##0.00`` format (exact: fen / 100 as a
Decimal). The detail ledger streams (write-only workbook), so a year of a big book fits in memory.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.balances import balances_at_month_start
from secretariat_app.core.ledger.models import Line, Voucher
from secretariat_app.core.ledger.reports import general_ledger, rollup, trial_balance
from secretariat_app.core.ledger.statements import Statements, statements
from secretariat_app.i18n import _

MONEY = "#,##0.00"


def _y(fen: int) -> Decimal:
    return Decimal(int(fen)) / 100


def _cell(ws, value, money: bool = False, bold: bool = False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    c = WriteOnlyCell(ws, value=_y(value) if money and value is not None else value)
    if money:
        c.number_format = MONEY
    if bold:
        c.font = Font(bold=True)
    return c


def _header(ws, titles: list[str]) -> None:
    ws.append([_cell(ws, t, bold=True) for t in titles])


def _trial_balance_sheet(wb, session: Session, year: int) -> None:
    ws = wb.create_sheet(_("Trial balance"))
    _header(ws, [_("Code"), _("Account"), _("Opening balance"), _("Debit"), _("Credit"), _("Closing balance")])
    tb = trial_balance(session, year)
    for r in rollup(tb):
        ws.append([r.code, r.name, _cell(ws, r.opening, True), _cell(ws, r.debit, True), _cell(ws, r.credit, True),
                   _cell(ws, r.closing, True)])
    t = tb.totals
    ws.append([_cell(ws, _("Total"), bold=True), "", _cell(ws, t.opening, True, True), _cell(ws, t.debit, True, True),
               _cell(ws, t.credit, True, True), _cell(ws, t.closing, True, True)])


def _general_ledger_sheet(wb, session: Session, year: int) -> None:
    ws = wb.create_sheet(_("General ledger"))
    _header(ws, [_("Code"), _("Account"), _("Month"), _("Debit"), _("Credit"), _("Balance"),
                 _("Debit year to date"), _("Credit year to date")])
    chart = load_chart(session)
    for code in chart.sorted_codes():
        if len(code) != 4:
            continue
        rows = general_ledger(session, code, year)
        if not any(r.balance or r.debit or r.credit for r in rows):
            continue
        for r in rows:
            ws.append([code, chart.full_name(code), _("Opening") if r.month is None else f"{year}-{r.month:02d}",
                       _cell(ws, r.debit, True), _cell(ws, r.credit, True), _cell(ws, r.balance, True),
                       _cell(ws, r.ytd_debit, True), _cell(ws, r.ytd_credit, True)])


def _detail_ledger_sheet(wb, session: Session, year: int) -> None:
    """Every line of the year by account and date, with the running balance per account."""
    from datetime import date

    ws = wb.create_sheet(_("Detail ledger"))
    _header(ws, [_("Code"), _("Account"), _("Date"), _("Voucher"), _("Summary"), _("Debit"), _("Credit"), _("Balance")])
    chart = load_chart(session)
    opening = balances_at_month_start(session, year, 1)
    q = (select(Line.account_id, Line.date, Voucher.month, Voucher.number, Line.summary, Line.debit, Line.credit)
         .join(Voucher, Voucher.id == Line.voucher_id)
         .where(Line.date >= date(year, 1, 1), Line.date < date(year + 1, 1, 1))
         .order_by(Line.account_id, Line.date, Voucher.number, Line.seq))
    current, bal = None, 0
    for acc, d, m, num, summ, deb, cre in session.execute(q.execution_options(yield_per=20000)):
        if acc != current:
            current, bal = acc, opening.get(acc, 0)
            code = chart.by_id[acc].code
            ws.append([code, chart.full_name(code), "", "", _("Opening balance"), "", "", _cell(ws, bal, True)])
        bal += deb - cre
        code = chart.by_id[acc].code
        ws.append([code, chart.full_name(code), d.isoformat(), f"{m:02d}-记-{num}", summ, _cell(ws, deb, True),
                   _cell(ws, cre, True), _cell(ws, bal, True)])


def _statement_sheets(wb, st: Statements) -> None:
    ws = wb.create_sheet(st.forms["balance_sheet"]["title"])
    _header(ws, [_("Item"), _("Row no."), _("Start of year"), _("End of period")])
    for ln in st.balance_sheet:
        if ln.heading:
            ws.append([ln.item])
        else:
            ws.append([_cell(ws, ln.item, bold=ln.total), ln.row, _cell(ws, ln.values["opening"], True, ln.total),
                       _cell(ws, ln.values["closing"], True, ln.total)])
    ws = wb.create_sheet(st.forms["activities"]["title"])
    _header(ws, [_("Item"), _("Row no."), _("This month: unrestricted"), _("This month: restricted"),
                 _("This month: total"), _("Year to date: unrestricted"), _("Year to date: restricted"),
                 _("Year to date: total")])
    for ln in st.activities:
        if ln.heading:
            ws.append([ln.item])
            continue
        v = ln.values
        ws.append([_cell(ws, ln.item, bold=ln.total), ln.row] +
                  [_cell(ws, v[k], True, ln.total) for k in ("month_U", "month_R", "month_T", "ytd_U", "ytd_R", "ytd_T")])
    ws = wb.create_sheet(st.forms["cash_flow"]["title"])
    _header(ws, [_("Item"), _("Row no."), _("Amount")])
    for ln in st.cash_flow:
        if ln.heading:
            ws.append([ln.item])
        else:
            ws.append([_cell(ws, ln.item, bold=ln.total), ln.row, _cell(ws, ln.values["amount"], True, ln.total)])
    ws = wb.create_sheet(_("Notes"))
    ws.append([_("Edition: {edition}").format(edition=st.edition_title)])
    for n in st.footnotes:
        ws.append([n])


def export_ledger_xlsx(session: Session, path: str | Path, year: int) -> None:
    """Trial balance, general ledger, detail ledger and the statements of ``year``."""
    from openpyxl import Workbook

    st = statements(session, year)  # refuses first when an identity is broken
    wb = Workbook(write_only=True)
    _trial_balance_sheet(wb, session, year)
    _general_ledger_sheet(wb, session, year)
    _detail_ledger_sheet(wb, session, year)
    _statement_sheets(wb, st)
    wb.save(str(path))


def export_statements_xlsx(session: Session, path: str | Path, st: Statements) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _statement_sheets(wb, st)
    wb.save(str(path))
