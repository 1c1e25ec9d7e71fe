"""Attendance of a meeting from a CSV file (``meetings attend --file``), parsed to plain entries.

UTF-8 (a BOM is accepted) or GB18030, comma- or tab-separated, a header row::

    member,status,proxy_to,person,note
    M0001,present,,张三,
    M0002,proxy,M0001,,
    M0003,leave,,,出差

``member`` is the member number; ``status`` one of present / proxy / leave / absent (or 出席 /
委托 / 请假 / 缺席); ``proxy_to`` the number of the member holding a proxy. Headers may also be
会员编号, 出席情况, 委托人, 出席人, 备注. The book is written by the meetings action, all or nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _
from secretariat_app.io.members_read import decode_csv

HEADERS = {
    "member": "member", "member_no": "member", "no": "member", "会员编号": "member", "编号": "member",
    "status": "status", "attendance": "status", "出席情况": "status", "状态": "status",
    "proxy_to": "proxy_to", "proxy": "proxy_to", "委托人": "proxy_to", "受托人": "proxy_to",
    "person": "person", "出席人": "person",
    "note": "note", "备注": "note",
}
STATUS_WORDS = {"present": "present", "proxy": "proxy", "leave": "leave", "absent": "absent",
                "出席": "present", "委托": "proxy", "请假": "leave", "缺席": "absent", "": None}


@dataclass(frozen=True)
class AttendanceLine:
    row: int            # the file's row (the header is row 1)
    member_no: str
    status: str | None
    proxy_to_no: str
    person: str
    note: str


def read_attendance(path: str | Path) -> list[AttendanceLine]:
    """The file's lines; DomainError naming every bad row (nothing is recorded then)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(_("Cannot read {name}: {reason}").format(name=str(path), reason=exc.strerror or exc)) from exc
    text = decode_csv(data, path.name)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise DomainError(_("{name} is not a valid CSV file: {reason}").format(name=path.name, reason=exc)) from None
    if not rows:
        raise DomainError(_("{name} is empty.").format(name=path.name))
    columns = {HEADERS[h.strip().lower()]: i for i, h in enumerate(rows[0]) if h.strip().lower() in HEADERS}
    if "member" not in columns or "status" not in columns:
        raise DomainError(_("{name} needs the columns member and status.").format(name=path.name))

    def cell(row: list[str], key: str) -> str:
        i = columns.get(key)
        return row[i].strip() if i is not None and i < len(row) else ""

    out, problems = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        status = cell(row, "status").lower()
        if status not in STATUS_WORDS:
            problems.append(Problem(_("unknown attendance {status}").format(status=status), row=n))
            continue
        if not cell(row, "member"):
            problems.append(Problem(_("required"), row=n, field="member"))
            continue
        out.append(AttendanceLine(n, cell(row, "member"), STATUS_WORDS[status], cell(row, "proxy_to"),
                                  cell(row, "person"), cell(row, "note")))
    if problems:
        raise DomainError(_("{name} has errors:").format(name=path.name), problems=problems)
    return out
