"""The member roll's user actions and queries (DOMAIN.md §1): the table, one member, admit, edit,
change level, leave, contacts, the roll's settings. Files (import, export, the printed roll) are
in ``members_files.py``.

Personal data (ID numbers, mobile and phone numbers, individuals' addresses) leaves these queries
masked unless the user holds the ``personal_data`` right; for such a user a search word with a
digit matches only member numbers, names and credit codes — never an ID or phone number, so a
guessed number cannot be confirmed (a full ID or phone number simply finds nobody).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.paging import Page, PageRequest
from secretariat_app.actions.privacy import mask_record, mask_text, mask_value
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

#: the table's row tuple (``core.members.search.ROW_FIELDS``): positions of what a viewer sees masked
_KIND, _MOBILE, _IDENT, _ID_NUMBER = 2, 5, 6, 13
#: columns a user without the personal-data right may not sort by (the order would tell the numbers)
_PRIVATE_SORT = {"mobile", "identifier"}
_DETAIL_FIELDS = ("id", "no", "kind", "name", "credit_code", "id_number", "status", "joined", "left_on", "left_reason",
                  "left_note", "industry", "address", "phone", "contact_name", "mobile", "legal_representative",
                  "size", "gender", "employer", "title", "email", "note", "level_id", "row_version")


@dataclass(frozen=True)
class Saved:
    """A member as saved: what the screens and the CLI say about it."""

    member_id: int
    no: str
    name: str
    level: str
    status: str
    left_on: date | None = None


@dataclass(frozen=True)
class ContactSaved:
    member_id: int
    contact_id: int


def _saved(uow: Uow, m) -> Saved:
    uow.changes.record("members", m.id)
    return Saved(m.id, m.no, m.name, m.level.name, m.status, m.left_on)


def _member_id(uow: Uow, member: int | str) -> int:
    """A member by id or by number (``M0052``); refuses an unknown one."""
    from secretariat_app.core.members.queries import member_by_no

    if isinstance(member, int):
        return member
    m = member_by_no(uow.session, member)
    if m is None:
        raise DomainError(_("There is no member {no}.").format(no=member))
    return m.id


# ---- the table ---------------------------------------------------------------------------

def _member_query(uow: Uow, request: PageRequest):
    from secretariat_app.core.members.search import COLUMN_KEYS, MemberQuery

    f = request.filters
    sc = request.sort_column
    sort = COLUMN_KEYS[sc] if sc is not None and 0 <= sc < len(COLUMN_KEYS) else "no"
    if sort in _PRIVATE_SORT and not uow.sees_personal_data:
        sort = "no"
    return MemberQuery(text=request.search or "", status=f.get("status"), kind=f.get("kind"),
                       level_id=f.get("level_id"), industry=f.get("industry"), joined_year=f.get("joined_year"),
                       sort=sort, descending=request.descending, personal=uow.sees_personal_data)


def _mask_row(row: tuple) -> tuple:
    r = list(row)
    r[_MOBILE] = mask_value("mobile", r[_MOBILE])
    if r[_KIND] != "corporate":  # the identifier column: a credit code is not personal data, an ID number is
        r[_IDENT] = mask_value("id_number", r[_IDENT])
    r[_ID_NUMBER] = mask_value("id_number", r[_ID_NUMBER])
    return tuple(r)


@query()
def roll_page(uow: Uow, request: PageRequest) -> Page:
    """One page of the member table (``core.members.search.ROW_FIELDS`` tuples).

    Filters by name: ``status``, ``kind``, ``level_id``, ``industry``, ``joined_year``. With
    ``request.count`` the total comes along when it is cheap; ``Page.total`` None then means that
    very many members match and ``roll_count`` (in a worker) counts them."""
    from secretariat_app.core.members import search

    q = _member_query(uow, request)
    p = search.plan(uow.session, q, exact=False)
    rows = search.fetch_page(uow.session, q, request.offset, request.limit, p) if p.total != 0 else []
    if not uow.sees_personal_data:
        rows = [_mask_row(r) for r in rows]
    total = p.total
    if total is None and len(rows) < request.limit:
        total = request.offset + len(rows)
    return Page(rows, total if request.count else None)


@query()
def roll_count(uow: Uow, request: PageRequest) -> int:
    """How many members match (the full count ``roll_page`` left out)."""
    from secretariat_app.core.members import search

    q = _member_query(uow, request)
    return search.count_plan(uow.session, search.plan(uow.session, q, exact=True))


@query()
def filter_choices(uow: Uow) -> dict[str, list]:
    """The filter boxes: ``levels`` (id, kind, name), ``industries``, ``years`` (latest first)."""
    from secretariat_app.core.members.search import industries, joined_years

    return {"levels": _levels(uow), "industries": industries(uow.session), "years": joined_years(uow.session)}


def _levels(uow: Uow, kind: str | None = None) -> list[tuple[int, str, str]]:
    from secretariat_app.core.members.levels import levels

    return [(lv.id, lv.kind, lv.name) for lv in levels(uow.session, kind)]


@query()
def level_choices(uow: Uow, kind: str | None = None) -> list[tuple[int, str, str]]:
    """(id, kind, name) of the levels offered for new members, in order."""
    return _levels(uow, kind)


@query()
def list_roll(uow: Uow, status: str | None = "all", search: str = "") -> list[dict]:
    """``members list --json`` (CLI.md shape), in number order; ID numbers masked for a viewer."""
    from secretariat_app.core.members.search import list_members

    sees = uow.sees_personal_data
    rows = list_members(uow.session, status=status, search=search, personal=sees)
    if not sees:
        for r in rows:
            r["id_number"] = mask_value("id_number", r["id_number"])
    return rows


# ---- one member --------------------------------------------------------------------------

def _private(uow: Uow, record: dict, individual: bool) -> dict:
    return record if uow.sees_personal_data else mask_record(record, individual=individual)


@query()
def details(uow: Uow, member_id: int) -> dict | None:
    """Everything the detail panel and the edit form show, as plain data (masked for a viewer)."""
    from secretariat_app.core.members import service
    from secretariat_app.core.members.models import LEFT_REASONS, Member
    from secretariat_app.core.members.queries import describe_event

    m = uow.session.get(Member, member_id)
    if m is None:
        return None
    individual = m.kind != "corporate"
    d: dict[str, Any] = _private(uow, {k: getattr(m, k) for k in _DETAIL_FIELDS}, individual)
    d["level"] = m.level.name
    d["left_reason_label"] = LEFT_REASONS.get(m.left_reason or "", "")
    events = [(e.on_date, *describe_event(e)) for e in reversed(service.history(uow.session, m.id))]
    d["history"] = events if uow.sees_personal_data else [(on, kind, mask_text(text)) for on, kind, text in events]
    d["posts"] = [(p.post, p.body, p.person, p.start_on, p.end_on) for p in service.member_posts(uow.session, m.id)]
    d["contacts"] = [_private(uow, {"id": c.id, "contact_name": c.name, "position": c.position, "mobile": c.mobile,
                                    "phone": c.phone, "email": c.email, "primary": c.is_primary, "active": c.active},
                              True)
                     for c in service.contacts(uow.session, m.id)]
    return d


@query()
def show(uow: Uow, member: str | int) -> dict:
    """``members show NO [--json]``: the member with posts and history (masked for a viewer)."""
    from secretariat_app.core.members import service
    from secretariat_app.core.members.models import Member
    from secretariat_app.core.members.queries import describe_event

    m = uow.session.get(Member, _member_id(uow, member))
    assert m is not None
    doc: dict[str, Any] = {"no": m.no, "kind": m.kind, "name": m.name, "credit_code": m.credit_code or "",
                           "id_number": m.id_number or "", "level": m.level.name, "joined": m.joined.isoformat(),
                           "status": m.status, "left_on": m.left_on.isoformat() if m.left_on else None,
                           "left_reason": m.left_reason, "contact": m.contact_name, "mobile": m.mobile,
                           "phone": m.phone, "address": m.address, "industry": m.industry}
    doc = _private(uow, doc, m.kind != "corporate")
    doc["posts"] = [{"post": p.post, "body": p.body, "person": p.person, "start": p.start_on.isoformat(),
                     "end": p.end_on.isoformat() if p.end_on else None} for p in service.member_posts(uow.session, m.id)]
    history = [(e.on_date.isoformat(), *describe_event(e)) for e in service.history(uow.session, m.id)]
    doc["history"] = [{"date": on, "event": kind, "detail": text if uow.sees_personal_data else mask_text(text)}
                      for on, kind, text in history]
    return doc


@query()
def dashboard(uow: Uow) -> dict:
    """The dashboard cards' figures: members in the roll, by kind and level, the year's joins and exits."""
    from secretariat_app.core.members.dashboard import totals

    return totals(uow.session)


# ---- changing the roll -------------------------------------------------------------------

@action("members.write")
def admit(uow: Uow, values: dict) -> Saved:
    """Admit a member (kind, name, level, joined, identifiers, contact …; DOMAIN.md §1)."""
    from secretariat_app.core.members.service import admit_member

    return _saved(uow, admit_member(uow.session, **values))


@action("members.write")
def edit(uow: Uow, member_id: int, values: dict, expected_version: int | None = None) -> Saved:
    """Edit a member's details; ``expected_version`` is the version the form read (issue 8)."""
    from secretariat_app.core.members.service import update_member

    return _saved(uow, update_member(uow.session, member_id, expected_version=expected_version, **values))


@action("members.write")
def change_level(uow: Uow, member: int | str, level: int | str, on_date: date | str, note: str = "") -> Saved:
    """Move a member (id or number) to another level (id, code or name) from ``on_date``."""
    from secretariat_app.core.members import service

    return _saved(uow, service.change_level(uow.session, _member_id(uow, member), level, on_date, note=note))


@action("members.write")
def leave(uow: Uow, member: int | str, on_date: date | str, reason: str, note: str = "") -> Saved:
    """Record that a member (id or number) left: resigned, removed or dissolved; kept in the roll."""
    from secretariat_app.core.members.service import record_leaving

    return _saved(uow, record_leaving(uow.session, _member_id(uow, member), on_date, reason, note))


def _contact_values(values: dict) -> dict:
    return {"name": values.get("contact_name", ""), "position": values.get("position", ""),
            "mobile": values.get("mobile", ""), "phone": values.get("phone", ""), "email": values.get("email", "")}


def _contact_saved(uow: Uow, c) -> ContactSaved:
    uow.changes.record("members", c.member_id)
    return ContactSaved(c.member_id, c.id)


@action("members.write")
def add_contact(uow: Uow, member_id: int, values: dict) -> ContactSaved:
    """Add a contact to a corporate member (``contact_name``, ``position``, ``mobile``, ``phone``, ``email``)."""
    from secretariat_app.core.members.service import add_contact as add

    return _contact_saved(uow, add(uow.session, member_id, **_contact_values(values)))


@action("members.write")
def edit_contact(uow: Uow, contact_id: int, values: dict) -> ContactSaved:
    from secretariat_app.core.members.service import update_contact

    return _contact_saved(uow, update_contact(uow.session, contact_id, **_contact_values(values)))


@action("members.write")
def make_primary(uow: Uow, contact_id: int) -> ContactSaved:
    """Make a contact the primary one (the member row's contact and mobile follow it)."""
    from secretariat_app.core.members.service import set_primary_contact

    return _contact_saved(uow, set_primary_contact(uow.session, contact_id))


@action("members.write")
def retire_contact(uow: Uow, contact_id: int) -> ContactSaved:
    """A contact who no longer serves: kept, inactive."""
    from secretariat_app.core.members.service import retire_contact as retire

    return _contact_saved(uow, retire(uow.session, contact_id))


# ---- the roll's settings -----------------------------------------------------------------

@query()
def roll_settings(uow: Uow) -> dict:
    """Settings › Members: the number prefix and each kind's levels (id, name, offered, members)."""
    from secretariat_app.core.members import service
    from secretariat_app.core.members.levels import levels, members_at_level

    s = uow.session
    return {"prefix": service.number_prefix(s),
            "levels": {k: [(lv.id, lv.name, lv.active, members_at_level(s, lv.id))
                           for lv in levels(s, k, include_inactive=True)] for k in ("corporate", "individual")}}


@action("settings.write")
def save_roll_settings(uow: Uow, prefix: str, rows: dict[str, list[tuple[int | None, str, bool]]]) -> None:
    """Save the number prefix and the ordered levels of each kind (never deleted; see ``save_levels``)."""
    from secretariat_app.core.members import service
    from secretariat_app.core.members.levels import levels, save_levels

    service.set_number_prefix(uow.session, prefix)
    for kind, kind_rows in rows.items():
        save_levels(uow.session, kind, kind_rows)
    uow.changes.record("settings", service.PREFIX_KEY)
    uow.changes.record("levels", *[lv.id for lv in levels(uow.session, include_inactive=True)])
    uow.changes.add("members", "dues")  # members show their level; fee schedules follow the levels
