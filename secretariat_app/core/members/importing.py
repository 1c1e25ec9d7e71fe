"""Admitting a whole file of members (issue 3, DOMAIN.md §1): the rules and the writing.

``io.members_import`` reads a file into plain rows (``values`` by field, and the problems of the
file itself, such as an ID number Excel stored as a number); ``check_rows`` checks each row
against the admission rules and the roll (levels, identifiers never twice, numbers, leaving
dates) without writing; ``write_plan`` writes the good rows. All or nothing: the action refuses
a plan with bad rows unless the user chose to leave them out.

New members are written in bulk (one transaction), so a file of tens of thousands of rows
imports in seconds; the action records the bulk write in the audit trail.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Protocol, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from secretariat_app.core.members import service
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import (
    ACTIVE,
    CORPORATE,
    LEFT,
    Contact,
    Member,
    MemberEvent,
    MemberSearch,
    level_rank,
)
from secretariat_app.core.members.validation import clean_fields, label, name_key, search_text
from secretariat_app.db.session import action
from secretariat_app.errors import Problem
from secretariat_app.i18n import _

CHUNK = 500
#: the fields a file may fill that an ``update`` copies onto a member already in the roll
TEXT_KEYS = ("name", "contact_name", "mobile", "phone", "address", "industry", "legal_representative", "size",
             "gender", "employer", "title", "email", "note")
Progress = Callable[..., None] | None


class FileRow(Protocol):
    """One data row as the file gave it (``io.members_import.ImportRow``)."""

    row: int
    values: dict[str, Any]
    problems: list[tuple[str, str]]


@dataclass
class RowCheck:
    """One data row checked: the clean values, the level, every problem, the member it updates."""

    row: int
    given: frozenset[str]
    clean: dict = field(default_factory=dict)
    level: tuple[int, str, int] | None = None  # (id, name, rank)
    problems: list[tuple[str, str]] = field(default_factory=list)
    existing_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPlan:
    """A file checked against the roll, as plain data: what an import would do, row by row."""

    source: str                      # the file's name
    headers: list[str]               # the header row as the file has it
    columns: dict[str, int]          # field -> column index
    unknown_headers: list[str]
    rows: list[RowCheck]
    raw: list[tuple[int, list]]      # (row number, cells) as the file has them

    @property
    def good(self) -> list[RowCheck]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[RowCheck]:
        return [r for r in self.rows if not r.ok]

    def header_of(self, key: str) -> str:
        i = self.columns.get(key)
        return self.headers[i] if i is not None and i < len(self.headers) else label(key)

    def problems(self) -> list[Problem]:
        return [Problem(msg, row=r.row, field=self.header_of(key)) for r in self.bad for key, msg in r.problems]


# ---- checking ------------------------------------------------------------------------------

def check_rows(session: Session, rows: Sequence[FileRow], *, update: bool = False, numbers_given: bool = False,
               progress: Progress = None) -> list[RowCheck]:
    """Check every row against the admission rules, the file itself and the roll; writes nothing."""
    every = levels(session, include_inactive=True)
    by_name = {(lv.kind, lv.name): lv for lv in every}
    by_code = {(lv.kind, lv.code): lv for lv in every}
    names = {k: "、".join(lv.name for lv in levels(session, k)) for k in ("corporate", "individual")}
    existing: dict[str, tuple[int, str, str]] = {}
    for row in session.execute(select(Member.id, Member.no, Member.name, Member.credit_code, Member.id_number)):
        for code in (row.credit_code, row.id_number):
            if code:
                existing[code] = (row.id, row.no, row.name)
    taken_nos = set(session.scalars(select(Member.no))) if numbers_given else set()
    seen_ident: dict[str, int] = {}
    seen_no: dict[str, int] = {}
    checks = []
    total = len(rows)
    for k, fr in enumerate(rows):
        if progress and k % 500 == 0:
            progress(k, total, _("Checking row {row}").format(row=fr.row))
        rc = _check_row(fr, by_name, by_code, names)
        ident = rc.clean.get("credit_code") or rc.clean.get("id_number")
        ident_key = "credit_code" if rc.clean.get("kind") == CORPORATE else "id_number"
        if ident:
            if ident in seen_ident:
                rc.problems.append((ident_key, _("duplicate of row {row} in this file").format(row=seen_ident[ident])))
            else:
                seen_ident[ident] = fr.row
                if ident in existing:
                    mid, their_no, name = existing[ident]
                    if update:
                        rc.existing_id = mid
                    else:
                        rc.problems.append((ident_key, _("already in the roll as {no} {name}").format(
                            no=their_no, name=name)))
        no = rc.clean.get("no")
        if no:
            if no in seen_no:
                rc.problems.append(("no", _("duplicate of row {row} in this file").format(row=seen_no[no])))
            else:
                seen_no[no] = fr.row
                owner = existing.get(ident, (None,))[0] if ident else None
                if no in taken_nos and not (rc.existing_id and owner == rc.existing_id):
                    rc.problems.append(("no", _("the member number {no} is already taken").format(no=no)))
        checks.append(rc)
    return checks


def _check_row(fr: FileRow, by_name: dict, by_code: dict, names: dict) -> RowCheck:
    values = dict(fr.values)
    rc = RowCheck(fr.row, frozenset(values), problems=list(fr.problems))
    flagged = {k for k, _m in rc.problems}  # a cell the file already spoiled is not judged twice
    joined_missing = values.get("joined") in (None, "")
    clean, problems = clean_fields({k: v for k, v in values.items() if k not in ("level", "no", "status", "left_on",
                                                                                  "left_reason")})
    if joined_missing:
        problems = [(k, m) for k, m in problems if k != "joined"] + [("joined", _("a joining date is required"))]
    rc.problems += [(k, m) for k, m in problems if k not in flagged]
    rc.clean = clean
    kind = clean.get("kind")
    level_text = str(values.get("level") or "")
    if kind:
        lv = by_name.get((kind, level_text)) or by_code.get((kind, level_text))
        if lv is None:
            rc.problems.append(("level", _("unknown level {level} (levels: {names})").format(
                level=level_text or "''", names=names[kind])))
        else:
            rc.level = (lv.id, lv.name, level_rank(lv))
    _check_leaving(rc, values, flagged)
    no = str(values.get("no") or "").strip().upper()
    if no:
        if service.parse_no(no) is None or len(no) > 32:
            rc.problems.append(("no", _("a member number ends with digits, e.g. M0001")))
        clean["no"] = no
    return rc


def _check_leaving(rc: RowCheck, values: dict, flagged: set[str]) -> None:
    status = values.get("status", ACTIVE)
    if status is None:  # the file's word was not understood (already a problem)
        return
    clean = rc.clean
    clean["status"] = status
    if status != LEFT:
        return
    left_on = values.get("left_on")
    if isinstance(left_on, date):
        if clean.get("joined") and left_on < clean["joined"]:
            rc.problems.append(("left_on", _("the member left before joining")))
        elif left_on > date.today():
            rc.problems.append(("left_on", _("the leaving date {date} is in the future").format(date=left_on.isoformat())))
        clean["left_on"] = left_on
    clean["left_reason"] = values.get("left_reason")


# ---- writing -------------------------------------------------------------------------------

@dataclass
class Written:
    created: int = 0
    updated: int = 0
    member_ids: list[int] = field(default_factory=list)
    first_no: str = ""
    last_no: str = ""


@action
def write_plan(session: Session, checks: list[RowCheck], progress: Progress = None) -> Written:
    """Write the given (good) rows: new members in bulk, members already in the roll updated."""
    new = [r for r in checks if r.existing_id is None]
    old = [r for r in checks if r.existing_id is not None]
    out = Written()
    if new:
        ids, numbers = _insert_new(session, new, progress)
        out.created, out.member_ids = len(ids), list(ids)
        out.first_no, out.last_no = numbers[0][0], numbers[-1][0]
    for k, rc in enumerate(old):
        if progress and k % 50 == 0:
            progress(len(new) + k, len(checks), _("Updating members"))
        _update_one(session, rc)
        out.updated += 1
        out.member_ids.append(rc.existing_id)  # type: ignore[arg-type]
    return out


def _numbers(session: Session, rows: list[RowCheck]) -> list[tuple[str, int]]:
    prefix = service.number_prefix(session)
    given = [service.parse_no(r.clean["no"]) or 0 for r in rows if r.clean.get("no")]
    seq = max([service.next_seq(session) - 1] + given) + 1
    out = []
    for r in rows:
        if r.clean.get("no"):
            out.append((r.clean["no"], service.parse_no(r.clean["no"]) or 0))
        else:
            out.append((service.format_no(prefix, seq), seq))
            seq += 1
    return out


_FIELDS = ("kind", "name", "credit_code", "id_number", "joined", "industry", "address", "phone", "contact_name",
           "mobile", "legal_representative", "size", "gender", "employer", "title", "email", "note")


def _insert_new(session: Session, rows: list[RowCheck], progress: Progress) -> tuple[list[int], list[tuple[str, int]]]:
    numbers = _numbers(session, rows)
    now = datetime.now()
    all_ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        if progress:
            progress(start, len(rows), _("Importing members"))
        chunk = rows[start:start + CHUNK]
        params: list[dict[str, Any]] = []
        for rc, (no, seq) in zip(chunk, numbers[start:start + CHUNK]):
            c = rc.clean
            assert rc.level is not None  # a good row has its level
            d: dict[str, Any] = {f: c.get(f) if f in ("credit_code", "id_number", "joined") else (c.get(f) or "") for f in _FIELDS}
            d.update(no=no, seq=seq, level_id=rc.level[0], level_rank=rc.level[2],
                     status=c.get("status", ACTIVE), left_on=c.get("left_on"), left_reason=c.get("left_reason"),
                     left_note="", name_key=name_key(c["name"]), created_at=now, updated_at=now)
            params.append(d)
        ids = list(session.scalars(insert(Member).returning(Member.id, sort_by_parameter_order=True), params))
        search, contacts, events = [], [], []
        for mid, d, rc in zip(ids, params, chunk):
            search.append({"member_id": mid, "text": search_text(
                no=d["no"], name=d["name"], credit_code=d["credit_code"], id_number=d["id_number"],
                contact_name=d["contact_name"], mobile=d["mobile"], phone=d["phone"])})
            if d["kind"] == CORPORATE and d["contact_name"]:
                contacts.append({"member_id": mid, "name": d["contact_name"], "mobile": d["mobile"], "phone": "",
                                 "position": "", "email": "", "is_primary": True, "active": True, "created_at": now})
            events.append({"member_id": mid, "kind": "admitted", "on_date": d["joined"], "level_id": d["level_id"],
                           "meeting_id": None, "recorded_at": now,
                           "detail": json.dumps({"level": rc.level[1], "note": _("imported")},  # type: ignore[index]
                                                ensure_ascii=False)})
            if d["status"] == LEFT:
                events.append({"member_id": mid, "kind": "left", "on_date": d["left_on"], "level_id": None,
                               "meeting_id": None, "recorded_at": now,
                               "detail": json.dumps({"reason": d["left_reason"]}, ensure_ascii=False)})
        session.execute(insert(MemberSearch), search)
        if contacts:
            session.execute(insert(Contact), contacts)
        session.execute(insert(MemberEvent), events)
        all_ids += ids
    if progress:
        progress(len(rows), len(rows), _("Importing members"))
    return all_ids, numbers


def _update_one(session: Session, rc: RowCheck) -> None:
    """An update: the file's details, level and leaving replace the roll's (history kept)."""
    m = session.get(Member, rc.existing_id)
    assert m is not None
    c = rc.clean
    edits = {k: c[k] for k in TEXT_KEYS if k in rc.given and c.get(k)}
    if edits:
        service.update_member(session, m.id, **edits)
    if rc.level is not None and rc.level[0] != m.level_id and m.status != LEFT:
        service.change_level(session, m.id, rc.level[0], date.today(), note=_("imported"))
    if c.get("status") == LEFT and m.status != LEFT:
        service.record_leaving(session, m.id, c["left_on"], c.get("left_reason") or "resigned")
