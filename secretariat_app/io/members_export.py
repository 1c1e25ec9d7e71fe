"""Exporting the roll to .xlsx / .csv in the import's layout (issue 3).

The file re-imports into an empty book with the same result (numbers, levels, statuses, leaving
dates). ``masked`` masks ID and phone numbers (DOMAIN.md §1, 个人信息保护法) for copies meant for
others; such a copy cannot be re-imported, by design. CSV is written as UTF-8 with a BOM so
that Excel on Chinese Windows opens it correctly.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.errors import DomainError
from secretariat_app.core.members.models import Level, Member
from secretariat_app.core.validate import mask_id, mask_phone
from secretariat_app.i18n import _
from secretariat_app.io.members_layout import COLUMNS, KIND_TEXT, REASON_HEADER, REASON_TEXT, STATUS_TEXT
from secretariat_app.io.members_read import cell_text

TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
WIDTHS = {"name": 36, "credit_code": 22, "id_number": 22, "address": 36, "industry": 24, "level": 14,
          "joined": 12, "mobile": 14, "phone": 15, "left_on": 12, "note": 30, "employer": 24}


def member_rows(session: Session, *, masked: bool = False, status: str | None = None):
    """Rows of the export (column keys of the layout → values), in number order."""
    from secretariat_app.core.auth import may_see_personal_data

    masked = masked or not may_see_personal_data()  # viewers never see them unmasked (PIPL)
    q = select(Member, Level.name).join(Level, Level.id == Member.level_id).order_by(Member.seq, Member.id)
    if status in ("active", "left"):
        q = q.where(Member.status == status)
    for m, level in session.execute(q).yield_per(2000):
        row = {
            "kind": KIND_TEXT.get(m.kind, m.kind), "name": m.name, "credit_code": m.credit_code or "",
            "id_number": (mask_id(m.id_number) if masked else m.id_number) or "", "level": level,
            "joined": m.joined, "contact_name": m.contact_name,
            "mobile": mask_phone(m.mobile) if masked else m.mobile, "address": m.address, "industry": m.industry,
            "no": m.no, "status": STATUS_TEXT.get(m.status, m.status), "left_on": m.left_on,
            "left_reason": REASON_TEXT.get(m.left_reason or "", "") if m.left_on else "",
            "phone": mask_phone(m.phone) if masked else m.phone, "legal_representative": m.legal_representative,
            "size": m.size, "gender": m.gender, "employer": m.employer, "title": m.title, "email": m.email,
            "note": m.note,
        }
        yield row


def export_members(session: Session, path: str | Path, *, masked: bool = False, status: str | None = None,
                   progress: Callable[..., None] | None = None) -> int:
    """Write the roll to ``path`` (.xlsx or .csv by extension); returns the number of members."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise DomainError(_("{name}: the export is written as .xlsx or .csv.").format(name=path.name))
    rows = member_rows(session, masked=masked, status=status)
    headers = [c.zh for c in COLUMNS]
    keys = [c.key for c in COLUMNS]
    return _write(path, headers, keys, rows, progress)


def _write(path: Path, headers: list[str], keys: list[str], rows, progress=None) -> int:
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


def write_rejects(plan, bad, path: Path) -> Path:
    """The bad rows of an import, as the file had them, plus a reason column (for correcting)."""
    headers = list(plan.sheet.headers) + [REASON_HEADER]
    rows_by_num = dict(plan.sheet.rows)
    out = []
    for rc in bad:
        cells = list(rows_by_num.get(rc.row, []))
        cells += [None] * (len(plan.sheet.headers) - len(cells))
        reason = "；".join(f"{plan.header_of(k)}：{m}" for k, m in rc.problems)
        out.append({i: v for i, v in enumerate(cells + [_("row {row}").format(row=rc.row) + " " + reason])})
    keys = list(range(len(headers)))
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise DomainError(_("{name}: the rejects file is written as .xlsx or .csv.").format(name=path.name))
    _write(path, headers, keys, out)
    return path
