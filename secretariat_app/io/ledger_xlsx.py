"""Trial balance, general ledger, detail ledger and the three statements to xlsx (openpyxl).

Amounts are written as numbers in yuan with the ``#,##0.00`` format (exact: fen / 100 as a
Decimal). The detail ledger streams (write-only workbook), so a year of a big book fits in memory.
The figures come as plain data (``core.ledger.exports.LedgerWorkbook``, ``Statements``).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from secretariat_app.core.ledger.exports import LedgerWorkbook
from secretariat_app.core.ledger.statements import Statements
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


def _trial_balance_sheet(wb, book: LedgerWorkbook) -> None:
    ws = wb.create_sheet(_("Trial balance"))
    _header(ws, [_("Code"), _("Account"), _("Opening balance"), _("Debit"), _("Credit"), _("Closing balance")])
    for r in book.trial_balance:
        ws.append([r.code, r.name, _cell(ws, r.opening, True), _cell(ws, r.debit, True), _cell(ws, r.credit, True),
                   _cell(ws, r.closing, True)])
    t = book.totals
    ws.append([_cell(ws, _("Total"), bold=True), "", _cell(ws, t.opening, True, True), _cell(ws, t.debit, True, True),
               _cell(ws, t.credit, True, True), _cell(ws, t.closing, True, True)])


def _general_ledger_sheet(wb, book: LedgerWorkbook) -> None:
    ws = wb.create_sheet(_("General ledger"))
    _header(ws, [_("Code"), _("Account"), _("Month"), _("Debit"), _("Credit"), _("Balance"),
                 _("Debit year to date"), _("Credit year to date")])
    year = book.year
    for code, name, rows in book.general_ledger:
        for r in rows:
            ws.append([code, name, _("Opening") if r.month is None else f"{year}-{r.month:02d}",
                       _cell(ws, r.debit, True), _cell(ws, r.credit, True), _cell(ws, r.balance, True),
                       _cell(ws, r.ytd_debit, True), _cell(ws, r.ytd_credit, True)])


def _detail_ledger_sheet(wb, book: LedgerWorkbook) -> None:
    """Every line of the year by account and date, with the running balance per account."""
    ws = wb.create_sheet(_("Detail ledger"))
    _header(ws, [_("Code"), _("Account"), _("Date"), _("Voucher"), _("Summary"), _("Debit"), _("Credit"), _("Balance")])
    opening = _("Opening balance")
    for code, name, d, voucher, summ, deb, cre, bal in book.detail:
        if d is None:
            ws.append([code, name, "", "", opening, "", "", _cell(ws, bal, True)])
        else:
            ws.append([code, name, d.isoformat(), voucher, summ, _cell(ws, deb, True), _cell(ws, cre, True),
                       _cell(ws, bal, True)])


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


def write_ledger_xlsx(path: str | Path, book: LedgerWorkbook) -> None:
    """Trial balance, general ledger, detail ledger and the statements of a year."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _trial_balance_sheet(wb, book)
    _general_ledger_sheet(wb, book)
    _detail_ledger_sheet(wb, book)
    _statement_sheets(wb, book.statements)
    wb.save(str(path))


def write_statements_xlsx(path: str | Path, st: Statements) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    _statement_sheets(wb, st)
    wb.save(str(path))
