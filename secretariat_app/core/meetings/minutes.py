"""Minutes (会议纪要): edited in sections, approved, locked, corrected as new versions (DOMAIN.md §4).

A version's ``content`` is JSON: ``{"opening": text, "items": {"<agenda item id>": discussion},
"other": text, "closing": text, "snapshot": record | null}``. The header, agenda, resolutions
and vote counts come from the meeting's record; approving a version freezes that record into its
``snapshot`` and locks the version (and the meeting's record) for good. A later correction is a
new version — a copy of the approved text with a reason — and the approved one stays as it was.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.common import get_meeting, latest_minutes
from secretariat_app.core.meetings.models import Minutes
from secretariat_app.core.meetings.queries import meeting_record
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

SECTIONS = ("opening", "other", "closing")
MAX_TEXT = 200_000


def empty_content() -> dict:
    return {"opening": "", "items": {}, "other": "", "closing": "", "snapshot": None}


def content_of(m: Minutes | None) -> dict:
    if m is None:
        return empty_content()
    try:
        data = json.loads(m.content or "{}")
    except ValueError:
        data = {}
    out = empty_content()
    out.update({k: v for k, v in data.items() if k in out})
    out["items"] = {str(k): v for k, v in (out["items"] or {}).items()}
    return out


def versions(session: Session, meeting_id: int) -> list[Minutes]:
    """Every version of the meeting's minutes, oldest first."""
    return list(session.scalars(select(Minutes).where(Minutes.meeting_id == meeting_id).order_by(Minutes.version)))


def get_version(session: Session, meeting_id: int, version: int | None = None) -> Minutes | None:
    if version is None:
        return latest_minutes(session, meeting_id)
    return session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id, Minutes.version == version))


@action
def save_minutes(session: Session, meeting_id: int, *, opening: str | None = None, items: dict | None = None,
                 other: str | None = None, closing: str | None = None) -> Minutes:
    """Edit the draft minutes (version 1 is started on the first save). Only the sections given
    change; ``items`` maps agenda item ids to the discussion of that item. Approved minutes are
    locked: a change needs ``start_correction`` first."""
    m = get_meeting(session, meeting_id)
    current = latest_minutes(session, m.id)
    if current is not None and current.locked:
        raise DomainError(_("version {version} of these minutes is approved and locked; start a correction "
                            "to change them").format(version=current.version))
    agenda_ids = {str(a.id) for a in m.agenda}
    content = content_of(current)
    for key, value in (("opening", opening), ("other", other), ("closing", closing)):
        if value is not None:
            content[key] = _text(value)
    for key, value in (items or {}).items():
        if str(key) not in agenda_ids:
            raise DomainError(_("the agenda item is not on this meeting's agenda"), field=_("Agenda item"))
        content["items"][str(key)] = _text(value)
    with transaction(session):
        now = datetime.now()
        if current is None:
            current = Minutes(meeting_id=m.id, version=1, reason="", created_at=now, locked=False)
            session.add(current)
        current.content = json.dumps(content, ensure_ascii=False)
        current.updated_at = now
        session.flush()
    return current


def _text(value) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_TEXT:
        raise DomainError(_("the text is too long (at most {n} characters)").format(n=MAX_TEXT))
    return text


@action
def approve_minutes(session: Session, meeting_id: int, *, approved_by: str, today: date | None = None,
                    approved_at: datetime | None = None) -> Minutes:
    """Approve the latest version: the meeting's record is frozen into it and it is locked.

    ``approved_at`` (default: now) records an approval given earlier, on paper."""
    m = get_meeting(session, meeting_id)
    today = today or date.today()
    when = approved_at or datetime.now()
    if when.date() < m.date or when > datetime.now():
        raise DomainError(_("the approval date must lie between the meeting and today"), field=_("Approved on"))
    who = (approved_by or "").strip()
    if not who or len(who) > 100:
        raise DomainError(_("name who approves the minutes"), field=_("Approved by"))
    if m.date > today:
        raise DomainError(_("the meeting has not taken place yet ({date})").format(date=m.date.isoformat()))
    current = latest_minutes(session, m.id)
    if current is None:
        raise DomainError(_("there are no minutes to approve yet"))
    if current.locked:
        raise DomainError(_("version {version} is already approved").format(version=current.version))
    content = content_of(current)
    content["snapshot"] = meeting_record(session, m.id)
    with transaction(session):
        current.content = json.dumps(content, ensure_ascii=False)
        current.locked = True
        current.approved_at = when
        current.approved_by = who
        current.updated_at = current.approved_at
    return current


@action
def start_correction(session: Session, meeting_id: int, *, reason: str) -> Minutes:
    """Start a correction of approved minutes: a new draft version (the approved one is kept)."""
    m = get_meeting(session, meeting_id)
    current = latest_minutes(session, m.id)
    reason = (reason or "").strip()
    if current is None or not current.locked:
        raise DomainError(_("only approved minutes need a correction; edit the draft instead"))
    if not reason or len(reason) > 500:
        raise DomainError(_("say why the minutes are corrected"), field=_("Reason"))
    content = content_of(current)
    content["snapshot"] = None
    with transaction(session):
        now = datetime.now()
        new = Minutes(meeting_id=m.id, version=current.version + 1, content=json.dumps(content, ensure_ascii=False),
                      reason=reason, created_at=now, updated_at=now, locked=False)
        session.add(new)
        session.flush()
    return new


def minutes_data(session: Session, meeting_id: int, version: int | None = None, *,
                 record: dict | None = None) -> dict:
    """What the minutes document shows: the record (frozen for an approved version, live for a
    draft or when there are no minutes yet — ``record`` when the caller has it), the sections,
    and the version's state."""
    get_meeting(session, meeting_id)
    mins = get_version(session, meeting_id, version)
    if version is not None and mins is None:
        raise DomainError(_("no version {version} of these minutes").format(version=version))
    content = content_of(mins)
    record = content["snapshot"] if (mins is not None and mins.locked and content["snapshot"]) \
        else (record if record is not None else meeting_record(session, meeting_id))
    return dict(record=record, opening=content["opening"], items=content["items"], other=content["other"],
                closing=content["closing"], version=mins.version if mins else 0,
                locked=bool(mins and mins.locked), reason=mins.reason if mins else "",
                approved_at=mins.approved_at.isoformat(timespec="minutes") if mins and mins.approved_at else None,
                approved_by=mins.approved_by if mins else None)


def default_minutes_text(record: dict) -> dict:
    """A first draft of the sections from the meeting's record (the page offers it)."""
    from secretariat_app.core.meetings.queries import kind_label
    from secretariat_app.i18n import format_date

    a = record["attendance"]
    opening = _("{title} was held on {date} at {place}, convened by {convener} and chaired by {chair}. "
                "{expected} were expected and {present} attended (including {proxies} by proxy).").format(
        title=record["title"], date=format_date(date.fromisoformat(record["date"])), place=record["place"] or "—",
        convener=record["convener"] or "—", chair=record["chair"] or "—", expected=a["expected"],
        present=a["present"], proxies=a["proxies"])
    items = {str(item["id"]): item["description"] or "" for item in record["agenda"]}
    closing = _("The {kind} ended after all items of the agenda had been dealt with.").format(
        kind=kind_label(record["kind"], record["representatives"]))
    return dict(opening=opening, items=items, other="", closing=closing)
