"""Arrears (欠缴会费) to xlsx (openpyxl): one row per member owing dues for a year and before.

Columns: member number, name, level, billed, paid, due, years overdue, oldest year, contact,
mobile, address. Amounts are numbers in yuan (exact: fen / 100 as a ``Decimal``) formatted
``#,##0.00``; a total row closes the sheet. The rows come from ``actions.dues_arrears``, which
has already masked the mobile numbers and addresses for a role that may not see them (PIPL).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from secretariat_app.core.dues.arrears import ArrearsRow
from secretariat_app.i18n import _

MONEY = "#,##0.00"


def _y(fen: int) -> Decimal:
    return Decimal(int(fen)) / 100


def write_arrears_xlsx(rows: list[ArrearsRow], path: str | Path, year: int) -> int:
    """Write ``rows`` to ``path``; returns the number of members written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Arrears {year}").format(year=year)[:31]
    head = [_("Member number"), _("Member name"), _("Member level"), _("Billed"), _("Paid"), _("Due"),
            _("Years overdue"), _("Oldest year"), _("Contact"), _("Mobile"), _("Address")]
    ws.append(head)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append([r.no, r.name, r.level, _y(r.billed), _y(r.paid), _y(r.due), r.years_overdue, r.oldest_year,
                   r.contact, r.mobile, r.address])
    ws.append([_("Total"), "", "", _y(sum(r.billed for r in rows)), _y(sum(r.paid for r in rows)),
               _y(sum(r.due for r in rows))])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in row:
            cell.number_format = MONEY
    for col, width in zip("ABCDEFGHIJK", (10, 36, 14, 14, 14, 14, 10, 10, 12, 14, 40)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    wb.save(str(path))
    return len(rows)

