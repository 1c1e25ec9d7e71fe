"""Reading a roll file (.xlsx / .csv) for the import (issue 3, DOMAIN.md §1): plain rows only.

``read_roll_file`` finds the columns by their headers (Chinese, English or an alias, see
``members_layout``) and turns every data row into the values of the roll's fields: the layout's
words (在册 / 已离会, 退会 / 除名 / 注销) become the roll's keys, dates stay dates. What is wrong
with the file itself — an ID number Excel stored as a number and so cut short, an unknown status
word, an unreadable leaving date — is noted on the row (``problems``), by field.

Nothing here looks at the book: the admission rules and the writing are ``core.members.importing``,
run by the import action (one transaction, all or nothing, audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from secretariat_app.core.members.models import ACTIVE, LEFT
from secretariat_app.core.validate import parse_date
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _
from secretariat_app.io.members_layout import BY_KEY, REASON_WORDS, REQUIRED, STATUS_WORDS, match_headers
from secretariat_app.io.members_read import cell_text, read_sheet

TEXT_KEYS = ("name", "contact_name", "mobile", "phone", "address", "industry", "legal_representative", "size",
             "gender", "employer", "title", "email", "note")


@dataclass
class ImportRow:
    """One data row: its spreadsheet row number (header = row 1), the fields' values as read,
    and the problems of the file itself as ``(field, translated message)``."""

    row: int
    values: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RollFile:
    """A roll file read: its header row, the columns understood, and every data row."""

    name: str
    headers: list[str]
    columns: dict[str, int]          # field -> column index
    unknown_headers: list[str]
    rows: list[ImportRow]
    raw: list[tuple[int, list]]      # (row number, cells) as the file has them: preview, rejects

    def header_of(self, key: str) -> str:
        i = self.columns.get(key)
        return self.headers[i] if i is not None else BY_KEY[key].zh if key in BY_KEY else key


def read_roll_file(path: str | Path, progress: Callable[..., None] | None = None) -> RollFile:
    """Read ``path`` (refusing a file that is not a roll, naming what is missing)."""
    sheet = read_sheet(path)
    columns, unknown = match_headers(sheet.headers)
    missing = [c.zh for c in REQUIRED if c.key not in columns]
    if missing:
        raise DomainError(_("{name}: the header row lacks the columns {columns} (row 1 must name the columns: {all})")
                          .format(name=sheet.path.name, columns="、".join(missing),
                                  all=",".join(c.zh for c in REQUIRED)))
    rows = []
    total = len(sheet.rows)
    for k, (rownum, cells) in enumerate(sheet.rows):
        if progress and k % 2000 == 0:
            progress(k, total, _("Reading row {row}").format(row=rownum))
        raw = {key: (cells[i] if i < len(cells) else None) for key, i in columns.items()}
        rows.append(_parse_row(rownum, raw))
    return RollFile(sheet.path.name, sheet.headers, columns, unknown, rows, sheet.rows)


def _parse_row(rownum: int, raw: dict) -> ImportRow:
    r = ImportRow(rownum, {"kind": cell_text(raw.get("kind"))})
    values = r.values
    for key in TEXT_KEYS:
        if key in raw:
            values[key] = cell_text(raw.get(key))
    for key in ("credit_code", "id_number"):
        v = raw.get(key)
        if isinstance(v, float) and abs(v) >= 1e15:
            r.problems.append((key, _("stored as a number, so Excel lost its last digits; format the column as text "
                                      "and type it again")))
            values[key] = ""
        else:
            values[key] = cell_text(v)
    joined = raw.get("joined")
    values["joined"] = (joined if isinstance(joined, (date, datetime)) else cell_text(joined)) or None
    values["level"] = cell_text(raw.get("level"))
    values["no"] = cell_text(raw.get("no")).upper()
    _parse_leaving(r, raw)
    return r


def _parse_leaving(r: ImportRow, raw: dict) -> None:
    status_text = cell_text(raw.get("status")).lower()
    status = STATUS_WORDS.get(status_text)
    if status is None:
        r.problems.append(("status", _("the status is 在册 or 已离会, not {value}").format(value=status_text)))
        r.values["status"] = None
        return
    left_text = raw.get("left_on")
    reason_text = cell_text(raw.get("left_reason"))
    if status == ACTIVE and not (left_text or reason_text):
        r.values["status"] = ACTIVE
        return
    r.values["status"] = LEFT
    try:
        r.values["left_on"] = parse_date(left_text if isinstance(left_text, (date, datetime)) else cell_text(left_text))
    except DomainError as exc:
        r.problems.append(("left_on", exc.message))
    reason = REASON_WORDS.get(reason_text.lower(), "resigned" if not reason_text else None)
    if reason is None:
        r.problems.append(("left_reason", _("the reason is 退会, 除名 or 注销, not {value}").format(value=reason_text)))
    r.values["left_reason"] = reason
