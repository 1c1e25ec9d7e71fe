"""Exporting the roll to .xlsx / .csv in the import's layout (issue 3).

The file re-imports into an empty book with the same result (numbers, levels, statuses, leaving
dates). The records come in already masked where they must be (the export action decides: a
viewer, or a copy meant for others, gets ID and phone numbers masked — DOMAIN.md §1,
个人信息保护法); a masked copy cannot be re-imported, by design. CSV is written as UTF-8 with a BOM so
that Excel on Chinese Windows opens it correctly.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

from secretariat_app.errors import DomainError
from secretariat_app.i18n import _
from secretariat_app.io.members_layout import COLUMNS, KIND_TEXT, REASON_HEADER, REASON_TEXT, STATUS_TEXT
from secretariat_app.io.members_read import cell_text

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
WIDTHS = {"name": 36, "credit_code": 22, "id_number": 22, "address": 36, "industry": 24, "level": 14,
          "joined": 12, "mobile": 14, "phone": 15, "left_on": 12, "note": 30, "employer": 24}


def layout_row(record: dict) -> dict:
    """A roll record (field -> value, as ``core.members.roll.export_records`` gives it, already
    masked where it must be) in the layout's words: 单位/个人, 在册/已离会, 退会/除名/注销."""
    row = dict(record)
    row["kind"] = KIND_TEXT.get(record.get("kind") or "", record.get("kind"))
    row["status"] = STATUS_TEXT.get(record.get("status") or "", record.get("status"))
    row["left_reason"] = REASON_TEXT.get(record.get("left_reason") or "", "") if record.get("left_on") else ""
    return row


def export_members(path: str | Path, records: Iterable[dict], progress: Callable[..., None] | None = None) -> int:
    """Write roll records to ``path`` (.xlsx or .csv by extension); returns the number written."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise DomainError(_("{name}: the export is written as .xlsx or .csv.").format(name=path.name))
    headers = [c.zh for c in COLUMNS]
    keys = [c.key for c in COLUMNS]
    return _write(path, headers, keys, (layout_row(r) for r in records), progress)


def _write(path: Path, headers: list[str], keys: list, rows, progress=None) -> int:
    """Write atomically: a temporary file beside the target, then renamed over it."""
    if path.parent and not path.parent.exists():
        raise DomainError(_("The folder {path} does not exist.").format(path=path.parent))
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=path.suffix, dir=path.parent or ".")
    os.close(fd)
    try:
        n = (_write_xlsx if path.suffix.lower() == ".xlsx" else _write_csv)(Path(tmp), headers, keys, rows, progress)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _write_csv(path: Path, headers, keys, rows, progress) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        for row in rows:
            w.writerow([cell_text(row.get(k)) for k in keys])
            n += 1
            if progress and n % 2000 == 0:
                progress(n, 0, _("Exporting members"))
    return n


def _write_xlsx(path: Path, headers, keys, rows, progress) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Members"))
    for i, k in enumerate(keys, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS.get(k, 12)
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    head = []
    for h in headers:
        c = WriteOnlyCell(ws, value=h)
        c.font, c.fill = bold, fill
        head.append(c)
    ws.append(head)
    n = 0
    for row in rows:
        cells = []
        for k in keys:
            v = row.get(k)
            c = WriteOnlyCell(ws, value=v if v not in (None, "") else None)
            if k in ("joined", "left_on") and v:
                c.number_format = DATE_FORMAT
            elif isinstance(v, str):
                c.number_format = TEXT_FORMAT  # codes and phones stay text: no lost digits
            cells.append(c)
        ws.append(cells)
        n += 1
        if progress and n % 2000 == 0:
            progress(n, 0, _("Exporting members"))
    wb.save(path)
    return n


def write_rejects(path: str | Path, headers: list[str], rows: list[tuple[int, list, str]]) -> Path:
    """The bad rows of an import, as the file had them, plus a reason column (for correcting):
    ``rows`` are (row number, cells, reason)."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise DomainError(_("{name}: the rejects file is written as .xlsx or .csv.").format(name=path.name))
    out = []
    for rownum, cells, reason in rows:
        cells = list(cells) + [None] * (len(headers) - len(cells))
        out.append({i: v for i, v in enumerate(cells[:len(headers)] + [_("row {row}").format(row=rownum) + " " + reason])})
    _write(path, list(headers) + [REASON_HEADER], list(range(len(headers) + 1)), out)
    return path
