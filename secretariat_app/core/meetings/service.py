"""Meetings: create and edit a meeting, its agenda, guests and attendance (DOMAIN.md §4).

Each function is one user action in one transaction; it validates first and raises a
``DomainError`` before writing. Once a meeting's latest minutes are approved, its record
(details, agenda, attendance, resolutions) is locked like the minutes: a correction starts with
a new minutes version (``minutes.start_correction``), which unlocks it again.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.common import (  # noqa: F401 — re-exported API
    ensure_editable,
    get_meeting,
    is_locked,
    latest_minutes,
)
from secretariat_app.core.meetings.models import KINDS, AgendaItem, Guest, Meeting, Resolution
from secretariat_app.core.validate import parse_date
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import N_, _

TEXT_FIELDS = {"title": 200, "start_time": 16, "end_time": 16, "place": 300, "convener": 100, "chair": 100,
               "recorder": 100, "note": 100_000}
FIELD_LABELS = {"kind": N_("Kind"), "title": N_("Meeting title"), "date": N_("Date"), "start_time": N_("Start"),
                "end_time": N_("End"), "place": N_("Place"), "convener": N_("Convener"), "chair": N_("Chair"),
                "recorder": N_("Recorder"), "note": N_("Note"), "representatives": N_("Representatives' assembly")}


def field_label(name: str) -> str:
    return _(FIELD_LABELS.get(name, name))


# ---- meeting details -----------------------------------------------------------------------

def _clean(values: dict, partial: bool) -> dict:
    problems: list[Problem] = []
    clean: dict = {}
    for key, value in values.items():
        if key == "kind":
            if value not in KINDS:
                problems.append(Problem(_("unknown kind of meeting {kind}").format(kind=value), field=field_label(key)))
            clean[key] = value
        elif key == "date":
            try:
                clean[key] = parse_date(value, field_label(key))
            except DomainError as exc:
                problems.append(Problem(exc.message, field=field_label(key)))
        elif key == "representatives":
            clean[key] = bool(value)
        elif key in TEXT_FIELDS:
            text = (value or "").strip()
            if len(text) > TEXT_FIELDS[key]:
                problems.append(Problem(_("at most {n} characters").format(n=TEXT_FIELDS[key]), field=field_label(key)))
            clean[key] = text
        else:
            problems.append(Problem(_("this field cannot be edited here"), field=key))
    if not partial:
        for req in ("kind", "title", "date"):
            if req not in values:
                problems.append(Problem(_("required"), field=field_label(req)))
    if "title" in clean and not clean["title"]:
        problems.append(Problem(_("a meeting needs a title"), field=field_label("title")))
    if problems:
        raise DomainError(problems[0].message if len(problems) == 1 else _("the meeting has errors"),
                          field=problems[0].field if len(problems) == 1 else None,
                          problems=problems if len(problems) > 1 else None)
    return clean


@action
def create_meeting(session: Session, *, kind: str, title: str, date, agenda: list | None = None,
                   guests: list | None = None, **fields) -> Meeting:
    """Plan or record a meeting; ``agenda`` is a list of titles (or dicts), ``guests`` of names (or dicts)."""
    clean = _clean(dict(kind=kind, title=title, date=date, **fields), partial=False)
    if clean.get("representatives") and clean["kind"] != "general_assembly":
        raise DomainError(_("only a general assembly can be a representatives' assembly"),
                          field=field_label("representatives"))
    items = [_agenda_values(a) for a in (agenda or [])]
    people = [_guest_values(g) for g in (guests or [])]
    with transaction(session):
        now = datetime.now()
        m = Meeting(created_at=now, updated_at=now, **clean)
        session.add(m)
        session.flush()
        for i, values in enumerate(items, start=1):
            session.add(AgendaItem(meeting_id=m.id, position=i, **values))
        for values in people:
            session.add(Guest(meeting_id=m.id, **values))
        session.flush()
    return m


@action
def update_meeting(session: Session, meeting_id: int, **fields) -> Meeting:
    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    clean = _clean(fields, partial=True)
    kind = clean.get("kind", m.kind)
    if clean.get("representatives", m.representatives) and kind != "general_assembly":
        raise DomainError(_("only a general assembly can be a representatives' assembly"),
                          field=field_label("representatives"))
    if kind != m.kind:
        from secretariat_app.core.meetings.rules import subject_problems

        for r in m.resolutions:
            problems = subject_problems(kind, r.subject, r.ballot, r.majority)
            if problems:
                raise DomainError(_("resolution {title}: {reason}").format(title=r.title, reason=problems[0]),
                                  field=field_label("kind"))
    with transaction(session):
        for k, v in clean.items():
            setattr(m, k, v)
        m.updated_at = datetime.now()
    return m


def meetings_in_year(session: Session, year: int) -> list[Meeting]:
    return list(session.scalars(select(Meeting).where(Meeting.date >= date(year, 1, 1), Meeting.date <= date(year, 12, 31))
                                .order_by(Meeting.date, Meeting.id)))


def meeting_years(session: Session) -> list[int]:
    """Years that have meetings, newest first."""
    return sorted({d.year for d in session.scalars(select(Meeting.date))}, reverse=True)


# ---- agenda and guests ---------------------------------------------------------------------

def _agenda_values(item) -> dict:
    if isinstance(item, str):
        item = {"title": item}
    title = (item.get("title") or "").strip()
    if not title or len(title) > 300:
        raise DomainError(_("an agenda item needs a title (at most 300 characters)"), field=_("Agenda"))
    return dict(title=title, presenter=(item.get("presenter") or "").strip()[:100],
                description=(item.get("description") or "").strip())


def _guest_values(g) -> dict:
    if isinstance(g, str):
        g = {"name": g}
    name = (g.get("name") or "").strip()
    if not name or len(name) > 100:
        raise DomainError(_("a guest needs a name"), field=_("Guests"))
    return dict(name=name, organization=(g.get("organization") or "").strip()[:200],
                title=(g.get("title") or "").strip()[:100])


@action
def add_agenda_item(session: Session, meeting_id: int, title: str, *, presenter: str = "",
                    description: str = "") -> AgendaItem:
    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    values = _agenda_values(dict(title=title, presenter=presenter, description=description))
    with transaction(session):
        pos = (session.scalar(select(func.max(AgendaItem.position)).where(AgendaItem.meeting_id == m.id)) or 0) + 1
        item = AgendaItem(meeting_id=m.id, position=pos, **values)
        session.add(item)
        session.flush()
    return item


def _agenda_item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise DomainError(_("no such agenda item"))
    ensure_editable(session, item.meeting)
    return item


@action
def update_agenda_item(session: Session, item_id: int, **fields) -> AgendaItem:
    item = _agenda_item(session, item_id)
    values = _agenda_values({**dict(title=item.title, presenter=item.presenter, description=item.description),
                             **fields})
    with transaction(session):
        for k, v in values.items():
            setattr(item, k, v)
    return item


@action
def remove_agenda_item(session: Session, item_id: int) -> None:
    """Remove an agenda item; refused while a resolution belongs to it."""
    item = _agenda_item(session, item_id)
    if session.scalar(select(func.count()).select_from(Resolution).where(Resolution.agenda_item_id == item.id)):
        raise DomainError(_("a resolution belongs to this agenda item; remove the resolution first"))
    with transaction(session):
        meeting_id = item.meeting_id
        session.delete(item)
        session.flush()
        _renumber(session, meeting_id)


@action
def move_agenda_item(session: Session, item_id: int, offset: int) -> AgendaItem:
    """Move an item up (``-1``) or down (``+1``) the agenda."""
    item = _agenda_item(session, item_id)
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == item.meeting_id)
                                 .order_by(AgendaItem.position, AgendaItem.id)))
    i = items.index(item)
    j = max(0, min(len(items) - 1, i + offset))
    with transaction(session):
        items.insert(j, items.pop(i))
        for pos, it in enumerate(items, start=1):
            it.position = pos
    return item


def _renumber(session: Session, meeting_id: int) -> None:
    items = session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                            .order_by(AgendaItem.position, AgendaItem.id))
    for pos, it in enumerate(items, start=1):
        it.position = pos


@action
def add_guest(session: Session, meeting_id: int, name: str, *, organization: str = "", title: str = "") -> Guest:
    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    values = _guest_values(dict(name=name, organization=organization, title=title))
    with transaction(session):
        g = Guest(meeting_id=m.id, **values)
        session.add(g)
        session.flush()
    return g


@action
def remove_guest(session: Session, guest_id: int) -> None:
    g = session.get(Guest, guest_id)
    if g is None:
        raise DomainError(_("no such guest"))
    ensure_editable(session, get_meeting(session, g.meeting_id))
    with transaction(session):
        session.delete(g)
