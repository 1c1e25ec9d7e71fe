"""Importing the roll from .xlsx / .csv (issue 3, DOMAIN.md §1).

All or nothing: every row is validated first; when any row is bad nothing is written and every
bad row is reported with its spreadsheet row number (header = row 1), its column (as the file
names it) and the reason. ``skip_invalid`` imports the good rows and can write the bad ones to
a rejects file with a reason column. A member already in the roll (same credit code / ID
number) is refused, unless ``update`` — then it is updated from the file.

New members are written in bulk (one transaction, audited with ``record_bulk``), so a file of
tens of thousands of rows imports in seconds with progress.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Callable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from secretariat_app.errors import DomainError, Problem

from secretariat_app.core.changes import Changes
from secretariat_app.core.members import service
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import (
    ACTIVE, CORPORATE, LEFT, Contact, Level, Member, MemberEvent, MemberSearch, level_rank,
)
from secretariat_app.core.members.validation import clean_fields, name_key, search_text
from secretariat_app.core.validate import parse_date
from secretariat_app.db.session import action, transaction
from secretariat_app.i18n import _
from secretariat_app.io.members_layout import (
    BY_KEY, REASON_WORDS, REQUIRED, STATUS_WORDS, match_headers,
)
from secretariat_app.io.members_read import Sheet, cell_text, read_sheet

CHUNK = 500
TEXT_KEYS = ("name", "contact_name", "mobile", "phone", "address", "industry", "legal_representative", "size",
             "gender", "employer", "title", "email", "note")


@dataclass
class RowCheck:
    """One data row: its cells by column key, the clean values and every problem found."""

    row: int
    cells: dict
    clean: dict = field(default_factory=dict)
    level: Level | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    existing_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class ImportPlan:
    sheet: Sheet
    columns: dict[str, int]
    rows: list[RowCheck]
    unknown_headers: list[str]

    @property
    def good(self) -> list[RowCheck]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[RowCheck]:
        return [r for r in self.rows if not r.ok]

    def header_of(self, key: str) -> str:
        i = self.columns.get(key)
        return self.sheet.headers[i] if i is not None else BY_KEY[key].zh if key in BY_KEY else key

    def problems(self) -> list[Problem]:
        return [Problem(msg, row=r.row, field=self.header_of(key)) for r in self.bad for key, msg in r.problems]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rejected: int = 0
    rejects_path: Path | None = None
    changes: Changes = field(default_factory=lambda: Changes({"members"}))


Progress = Callable[..., None] | None


# ---- validation ----------------------------------------------------------------------------

def plan_import(session: Session, source: str | Path | Sheet, *, update: bool = False,
                progress: Progress = None) -> ImportPlan:
    """Read and check every row against the file itself and the roll; writes nothing."""
    sheet = source if isinstance(source, Sheet) else read_sheet(source)
    columns, unknown = match_headers(sheet.headers)
    missing = [c.zh for c in REQUIRED if c.key not in columns]
    if missing:
        raise DomainError(_("{name}: the header row lacks the columns {columns} (row 1 must name the columns: {all})")
                          .format(name=sheet.path.name, columns="、".join(missing),
                                  all=",".join(c.zh for c in REQUIRED)))
    by_name = {(lv.kind, lv.name): lv for lv in levels(session, include_inactive=True)}
    by_code = {(lv.kind, lv.code): lv for lv in levels(session, include_inactive=True)}
    names = {k: "、".join(lv.name for lv in levels(session, k)) for k in ("corporate", "individual")}
    existing = {}
    for mid, no, name, cc, idn in session.execute(select(Member.id, Member.no, Member.name, Member.credit_code,
                                                         Member.id_number)):
        for code in (cc, idn):
            if code:
                existing[code] = (mid, no, name)
    taken_nos = set(session.scalars(select(Member.no))) if "no" in columns else set()
    seen_ident: dict[str, int] = {}
    seen_no: dict[str, int] = {}
    checks = []
    total = len(sheet.rows)
    for k, (rownum, cells) in enumerate(sheet.rows):
        if progress and k % 500 == 0:
            progress(k, total, _("Checking row {row}").format(row=rownum))
        raw = {key: (cells[i] if i < len(cells) else None) for key, i in columns.items()}
        rc = RowCheck(rownum, raw)
        _check_row(rc, by_name, by_code, names)
        ident = rc.clean.get("credit_code") or rc.clean.get("id_number")
        ident_key = "credit_code" if rc.clean.get("kind") == CORPORATE else "id_number"
        if ident:
            if ident in seen_ident:
                rc.problems.append((ident_key, _("duplicate of row {row} in this file").format(row=seen_ident[ident])))
            else:
                seen_ident[ident] = rownum
                if ident in existing:
                    mid, no, name = existing[ident]
                    if update:
                        rc.existing_id = mid
                    else:
                        rc.problems.append((ident_key, _("already in the roll as {no} {name}").format(no=no, name=name)))
        no = rc.clean.get("no")
        if no:
            if no in seen_no:
                rc.problems.append(("no", _("duplicate of row {row} in this file").format(row=seen_no[no])))
            else:
                seen_no[no] = rownum
                owner = existing.get(ident, (None,))[0] if ident else None
                if no in taken_nos and not (rc.existing_id and owner == rc.existing_id):
                    rc.problems.append(("no", _("the member number {no} is already taken").format(no=no)))
        checks.append(rc)
    return ImportPlan(sheet, columns, checks, unknown)


def _check_row(rc: RowCheck, by_name: dict, by_code: dict, names: dict) -> None:
    raw = rc.cells
    values = {"kind": cell_text(raw.get("kind"))}
    for key in TEXT_KEYS:
        if key in raw:
            values[key] = cell_text(raw.get(key))
    for key in ("credit_code", "id_number"):
        v = raw.get(key)
        if isinstance(v, float) and abs(v) >= 1e15:
            rc.problems.append((key, _("stored as a number, so Excel lost its last digits; format the column as text "
                                       "and type it again")))
            values[key] = ""
        else:
            values[key] = cell_text(v)
    values["joined"] = raw.get("joined") if isinstance(raw.get("joined"), (date, datetime)) else cell_text(raw.get("joined"))
    if not values["joined"]:
        values["joined"] = None
    clean, problems = clean_fields(values)
    if any(k in ("credit_code", "id_number") for k, _m in rc.problems):
        problems = [(k, m) for k, m in problems if k not in ("credit_code", "id_number")]
    if values["joined"] is None:
        problems = [(k, m) for k, m in problems if k != "joined"] + [("joined", _("a joining date is required"))]
    rc.problems += problems
    rc.clean = clean
    kind = clean.get("kind")
    level_text = cell_text(raw.get("level"))
    if kind:
        lv = by_name.get((kind, level_text)) or by_code.get((kind, level_text))
        if lv is None:
            rc.problems.append(("level", _("unknown level {level} (levels: {names})").format(
                level=level_text or "''", names=names[kind])))
        rc.level = lv
    _check_status(rc, clean)
    no = cell_text(raw.get("no")).upper()
    if no:
        if service.parse_no(no) is None or len(no) > 32:
            rc.problems.append(("no", _("a member number ends with digits, e.g. M0001")))
        clean["no"] = no


def _check_status(rc: RowCheck, clean: dict) -> None:
    raw = rc.cells
    status_text = cell_text(raw.get("status")).lower()
    status = STATUS_WORDS.get(status_text)
    if status is None:
        rc.problems.append(("status", _("the status is 在册 or 已离会, not {value}").format(value=status_text)))
        return
    left_text = raw.get("left_on")
    reason_text = cell_text(raw.get("left_reason"))
    if status == ACTIVE and not (left_text or reason_text):
        clean["status"] = ACTIVE
        return
    clean["status"] = LEFT
    try:
        left_on = parse_date(left_text if isinstance(left_text, (date, datetime)) else cell_text(left_text))
        if clean.get("joined") and left_on < clean["joined"]:
            rc.problems.append(("left_on", _("the member left before joining")))
        elif left_on > date.today():
            rc.problems.append(("left_on", _("the leaving date {date} is in the future").format(date=left_on.isoformat())))
        clean["left_on"] = left_on
    except DomainError as exc:
        rc.problems.append(("left_on", exc.message))
    reason = REASON_WORDS.get(reason_text.lower(), "resigned" if not reason_text else None)
    if reason is None:
        rc.problems.append(("left_reason", _("the reason is 退会, 除名 or 注销, not {value}").format(value=reason_text)))
    clean["left_reason"] = reason


# ---- writing -------------------------------------------------------------------------------

@action
def import_members(session: Session, path: str | Path, *, skip_invalid: bool = False, update: bool = False,
                   rejects: str | Path | None = None, progress: Progress = None) -> ImportResult:
    """Check the whole file, then import it in one transaction (or refuse, writing nothing)."""
    plan = plan_import(session, path, update=update, progress=progress)
    return apply_plan(session, plan, skip_invalid=skip_invalid, rejects=rejects, progress=progress)


def apply_plan(session: Session, plan: ImportPlan, *, skip_invalid: bool = False,
               rejects: str | Path | None = None, progress: Progress = None) -> ImportResult:
    bad = plan.bad
    if bad and not skip_invalid:
        raise DomainError(_("Nothing was imported: rows with problems: {n} of {total}.")
                          .format(n=len(bad), total=len(plan.rows)), problems=plan.problems())
    if not plan.rows:
        raise DomainError(_("{name} has a header row but no members.").format(name=plan.sheet.path.name))
    result = ImportResult(rejected=len(bad))
    if bad and rejects:
        from secretariat_app.io.members_export import write_rejects

        result.rejects_path = write_rejects(plan, bad, Path(rejects))
    good = plan.good
    new = [r for r in good if r.existing_id is None]
    old = [r for r in good if r.existing_id is not None]
    with transaction(session):
        result.created = _insert_new(session, plan, new, progress)
        for k, rc in enumerate(old):
            if progress and k % 50 == 0:
                progress(len(new) + k, len(good), _("Updating members"))
            result.updated += _update_one(session, rc)
    return result


def _numbers(session: Session, rows: list[RowCheck]) -> list[tuple[str, int]]:
    prefix = service.number_prefix(session)
    given = [service.parse_no(r.clean["no"]) for r in rows if r.clean.get("no")]
    seq = max([service.next_seq(session) - 1] + given) + 1
    out = []
    for r in rows:
        if r.clean.get("no"):
            out.append((r.clean["no"], service.parse_no(r.clean["no"])))
        else:
            out.append((service.format_no(prefix, seq), seq))
            seq += 1
    return out


def _insert_new(session: Session, plan: ImportPlan, rows: list[RowCheck], progress: Progress) -> int:
    from secretariat_app.core.audit import record_bulk

    if not rows:
        return 0
    numbers = _numbers(session, rows)
    now = datetime.now()
    fields = ("kind", "name", "credit_code", "id_number", "joined", "industry", "address", "phone", "contact_name",
              "mobile", "legal_representative", "size", "gender", "employer", "title", "email", "note")
    for start in range(0, len(rows), CHUNK):
        if progress:
            progress(start, len(rows), _("Importing members"))
        chunk = rows[start:start + CHUNK]
        params = []
        for rc, (no, seq) in zip(chunk, numbers[start:start + CHUNK]):
            c = rc.clean
            d = {f: c.get(f) if f in ("credit_code", "id_number", "joined") else (c.get(f) or "") for f in fields}
            d.update(no=no, seq=seq, level_id=rc.level.id, level_rank=level_rank(rc.level),
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
                           "detail": json.dumps({"level": rc.level.name, "note": _("imported")}, ensure_ascii=False)})
            if d["status"] == LEFT:
                events.append({"member_id": mid, "kind": "left", "on_date": d["left_on"], "level_id": None,
                               "meeting_id": None, "recorded_at": now,
                               "detail": json.dumps({"reason": d["left_reason"]}, ensure_ascii=False)})
        session.execute(insert(MemberSearch), search)
        if contacts:
            session.execute(insert(Contact), contacts)
        session.execute(insert(MemberEvent), events)
    summary = {"count": len(rows), "source": plan.sheet.path.name, "first": numbers[0][0], "last": numbers[-1][0]}
    for table in ("members", "member_search", "member_contacts", "member_events"):
        record_bulk(session, table, "insert", summary)
    if progress:
        progress(len(rows), len(rows), _("Importing members"))
    return len(rows)


def _update_one(session: Session, rc: RowCheck) -> int:
    """``--update``: the file's details, level and leaving replace the roll's (history kept)."""
    m = session.get(Member, rc.existing_id)
    c = rc.clean
    edits = {k: c[k] for k in TEXT_KEYS if k in rc.cells and c.get(k)}
    if edits:
        service.update_member(session, m.id, **edits)
    if rc.level is not None and rc.level.id != m.level_id and m.status != LEFT:
        service.change_level(session, m.id, rc.level, date.today(), note=_("imported"))
    if c.get("status") == LEFT and m.status != LEFT:
        service.record_leaving(session, m.id, c["left_on"], c["left_reason"] or "resigned")
    return 1
