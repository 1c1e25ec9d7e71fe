"""The member roll's files: import (check, then all or nothing), export, the printed roll (名册).

``io.members_import`` reads a file into plain rows, ``core.members.importing`` checks them against
the roll and writes the good ones; the import action holds the unit of work and the audit entry.
The export and the printed roll get records already masked here: a user without the
``personal_data`` right always gets ID and phone numbers (and individuals' addresses) masked,
whatever he asked for; anyone may ask for a masked copy (for others).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.privacy import mask_record
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _

Progress = Callable[..., None] | None
#: above this many, an import's Changes names the area only, not every member
_NAMED_CHANGES = 2000


@dataclass
class ImportCheck:
    """A file checked against the roll, for the CLI's --dry-run and the wizard's preview."""

    name: str
    headers: list[str]
    good: int
    bad: int
    unknown_headers: list[str]
    problems: list[Problem]
    # (row number, the file's cells as text, {column index: problem}) — the wizard marks the cells
    rows: list[tuple[int, list[str], dict[int, str]]] = field(default_factory=list)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rejected: int = 0
    rejects_path: str | None = None
    unknown_headers: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # of the rows left out


def _read(source, progress: Progress):
    from secretariat_app.io.members_import import RollFile, read_roll_file

    return source if isinstance(source, RollFile) else read_roll_file(source, progress)


def _plan(uow: Uow, file, update: bool, progress: Progress):
    from secretariat_app.core.members.importing import ImportPlan, check_rows

    checks = check_rows(uow.session, file.rows, update=update, numbers_given="no" in file.columns, progress=progress)
    return ImportPlan(file.name, file.headers, file.columns, file.unknown_headers, checks, file.raw)


@query("members.write")
def read_import(uow: Uow, path: str, progress: Progress = None):
    """Read a roll file (``io.members_import.RollFile``, plain data) without checking it against the roll."""
    return _read(path, progress)


@query("members.write")
def check_import(uow: Uow, source, update: bool = False, cells: bool = False, progress: Progress = None) -> ImportCheck:
    """What importing ``source`` (a path or a read ``RollFile``) would do; writes nothing.

    ``cells``: also the file's rows with each bad cell's problem (the wizard's preview)."""
    from secretariat_app.io.members_read import cell_text

    file = _read(source, progress)
    plan = _plan(uow, file, update, progress)
    out = ImportCheck(file.name, file.headers, len(plan.good), len(plan.bad), file.unknown_headers, plan.problems())
    if cells:
        width = len(file.headers)
        for rc, (num, row) in zip(plan.rows, file.raw):
            texts = [cell_text(c) for c in row[:width]] + [""] * (width - len(row))
            marks: dict[int, str] = {}
            for key, msg in rc.problems:
                col = plan.columns.get(key, width)
                marks[col] = f"{marks[col]}；{msg}" if col in marks else msg
            out.rows.append((num, texts, marks))
    return out


@action("members.write")
def import_roll(uow: Uow, source, skip_invalid: bool = False, update: bool = False, rejects: str | None = None,
                progress: Progress = None) -> ImportResult:
    """Import a roll file (path or read ``RollFile``) in one transaction, or refuse writing nothing.

    Every row is checked first; a file with bad rows is refused whole, naming each bad cell, unless
    ``skip_invalid`` — then the good rows are imported and the bad ones can go to ``rejects``
    (.xlsx/.csv, with a reason column). A member already in the roll (same credit code or ID
    number) is refused, unless ``update``: then it is updated from the file."""
    from secretariat_app.core.audit import record_bulk
    from secretariat_app.core.members.importing import write_plan
    from secretariat_app.io.members_export import write_rejects

    file = _read(source, progress)
    plan = _plan(uow, file, update, progress)
    bad = plan.bad
    if bad and not skip_invalid:
        raise DomainError(_("Nothing was imported: rows with problems: {n} of {total}.")
                          .format(n=len(bad), total=len(plan.rows)), problems=plan.problems())
    if not plan.rows:
        raise DomainError(_("{name} has a header row but no members.").format(name=file.name))
    result = ImportResult(rejected=len(bad), unknown_headers=list(file.unknown_headers), problems=plan.problems())
    if bad and rejects:
        raw = dict(file.raw)
        reasons = [(rc.row, raw.get(rc.row, []), "；".join(f"{plan.header_of(k)}：{m}" for k, m in rc.problems))
                   for rc in bad]
        result.rejects_path = str(write_rejects(Path(rejects), file.headers, reasons))
    written = write_plan(uow.session, plan.good, progress)
    result.created, result.updated = written.created, written.updated
    if written.created:
        summary = {"count": written.created, "source": file.name, "first": written.first_no, "last": written.last_no}
        for table in ("members", "member_search", "member_contacts", "member_events"):
            record_bulk(uow.session, table, "insert", summary)
    if len(written.member_ids) <= _NAMED_CHANGES:
        uow.changes.record("members", *written.member_ids)
    uow.changes.add("members")
    return result


@query()
def export_roll(uow: Uow, path: str, masked: bool = False, status: str = "all", progress: Progress = None) -> int:
    """Write the roll to ``path`` (.xlsx or .csv, the import's layout); returns how many members.

    Masked for a user without the personal-data right, and for anyone asking for a copy for others."""
    from secretariat_app.core.members.roll import export_records
    from secretariat_app.io.members_export import export_members

    hide = masked or not uow.sees_personal_data
    records = export_records(uow.session, status=status)
    if hide:
        records = (mask_record(r) for r in records)
    return export_members(path, records, progress)


@query()
def print_roll(uow: Uow, path: str, masked: bool = True, status: str = "active", on_date: date | None = None) -> int:
    """Write the printed roll (PDF) as on ``on_date``; returns how many members it lists.

    Masked by default; full numbers only for a user with the personal-data right who asks."""
    from secretariat_app.core.members.roll import masked_roll, member_roll
    from secretariat_app.pdf.roll import write_roll

    roll = member_roll(uow.session, status=status, on_date=on_date)
    if masked or not uow.sees_personal_data:
        roll = masked_roll(roll)
    return write_roll(path, roll)
