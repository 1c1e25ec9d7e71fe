"""Read-only questions about meetings: lists, figures per year, a meeting's whole record as plain
data (pages, CLI, PDFs, the minutes' snapshot) and what the reports need (DOMAIN.md §4, §5)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.body import attendance_map, body_member_ids, figures
from secretariat_app.core.meetings.common import get_meeting, latest_minutes
from secretariat_app.core.meetings.models import (
    CHARTER,
    KIND_LABELS,
    KINDS,
    PROXY,
    REPRESENTATIVES_LABEL,
    Meeting,
    Minutes,
    Resolution,
)
from secretariat_app.core.meetings.rules import votes_needed
from secretariat_app.i18n import _


def kind_label(kind: str, representatives: bool = False) -> str:
    if representatives:
        return _(REPRESENTATIVES_LABEL)
    return _(KIND_LABELS.get(kind, kind))


def minutes_state(m: Minutes | None) -> str:
    """``none`` | ``draft`` | ``approved`` (of the latest version)."""
    if m is None:
        return "none"
    return "approved" if m.locked else "draft"


def meeting_row(session: Session, m: Meeting) -> dict:
    """One line of the meetings list (CLI ``meetings list`` plus what the page shows)."""
    fig = figures(session, m)
    res = list(session.scalars(select(Resolution).where(Resolution.meeting_id == m.id)))
    mins = latest_minutes(session, m.id)
    return dict(id=m.id, kind=m.kind, representatives=m.representatives, title=m.title, date=m.date,
                place=m.place, expected=fig.expected, present=fig.counted, proxies=fig.proxies,
                quorum_met=fig.quorum_met, resolutions=len(res), adopted=sum(1 for r in res if r.adopted),
                minutes=minutes_state(mins), minutes_version=mins.version if mins else 0)


def list_meetings(session: Session, year: int | None = None) -> list[dict]:
    """Every meeting (of ``year``), by date."""
    q = select(Meeting).order_by(Meeting.date, Meeting.id)
    if year is not None:
        q = q.where(Meeting.date >= date(year, 1, 1), Meeting.date <= date(year, 12, 31))
    return [meeting_row(session, m) for m in session.scalars(q)]


def held_meetings(session: Session, year: int, today: date | None = None) -> list[dict]:
    """Meetings held in ``year`` (up to ``today``) with their attendance figures — the reports'
    "meetings held this year" (DOMAIN.md §5)."""
    today = today or date.today()
    return [r for r in list_meetings(session, year) if r["date"] <= today]


def held_by_kind(session: Session, year: int, today: date | None = None) -> dict[str, int]:
    """{kind: number of meetings held in ``year``}, every kind present (zeros included)."""
    out = {k: 0 for k in KINDS}
    for r in held_meetings(session, year, today):
        out[r["kind"]] += 1
    return out


def adopted_resolutions(session: Session, year: int, subject: str | None = None) -> list[dict]:
    """Resolutions adopted at meetings of ``year`` (optionally on one ``subject``), by date."""
    q = (select(Resolution, Meeting).join(Meeting, Meeting.id == Resolution.meeting_id)
         .where(Resolution.adopted.is_(True), Meeting.date >= date(year, 1, 1), Meeting.date <= date(year, 12, 31))
         .order_by(Meeting.date, Meeting.id, Resolution.position))
    if subject is not None:
        q = q.where(Resolution.subject == subject)
    return [dict(id=r.id, meeting_id=m.id, meeting_title=m.title, meeting_kind=m.kind, date=m.date, title=r.title,
                 text=r.text, subject=r.subject, votes_for=r.votes_for, votes_against=r.votes_against,
                 votes_abstain=r.votes_abstain, voters=r.voters, ballot=r.ballot,
                 target_type=r.target_type, target_id=r.target_id)
            for r, m in session.execute(q)]


def charter_changes(session: Session, year: int) -> list[dict]:
    """Charter amendments adopted in ``year`` (annual work report: governance)."""
    return adopted_resolutions(session, year, CHARTER)


def next_meeting(session: Session, today: date | None = None) -> dict | None:
    """The first meeting on or after ``today``, or None."""
    today = today or date.today()
    m = session.scalar(select(Meeting).where(Meeting.date >= today).order_by(Meeting.date, Meeting.id).limit(1))
    return meeting_row(session, m) if m else None


# ---- a meeting's whole record ---------------------------------------------------------------

def body_lines(session: Session, meeting: Meeting) -> list[dict]:
    """The body at the meeting's date with each member's attendance, post (officer bodies) and level."""
    from secretariat_app.core.members.models import Level, Member
    from secretariat_app.core.members.service import posts_on

    ids = body_member_ids(session, meeting)
    att = attendance_map(session, meeting.id)
    posts: dict[int, tuple[str, str]] = {}
    if meeting.kind != "general_assembly":
        for p in posts_on(session, meeting.date):
            posts.setdefault(p.member_id, (p.post, p.person))
    cols = (Member.id, Member.no, Member.name, Member.kind, Level.name, Member.contact_name,
            Member.legal_representative)
    rows = {}
    for chunk in range(0, len(ids), 500):  # plain columns, not ORM objects: a big assembly stays quick
        part = ids[chunk:chunk + 500]
        q = select(*cols).join(Level, Level.id == Member.level_id).where(Member.id.in_(part))
        rows.update({r[0]: r for r in session.execute(q)})
    lines = []
    for i in ids:
        if i not in rows:
            continue
        mid, no, name, kind, level, contact, legal = rows[i]
        a = att.get(i)
        post, post_person = posts.get(i, ("", ""))
        lines.append(dict(id=mid, no=no, name=name, kind=kind, level=level or "", post=post, post_person=post_person,
                          contact=contact or legal or "", status=a.status if a else None,
                          proxy_to=a.proxy_to_id if a else None, person=a.person if a else "",
                          note=a.note if a else ""))
    names = {line["id"]: line["name"] for line in lines}
    for line in lines:
        line["proxy_to_name"] = names.get(line["proxy_to"], "") if line["status"] == PROXY else ""
    return lines


def meeting_record(session: Session, meeting_id: int, lines: list[dict] | None = None) -> dict:
    """Everything about a meeting as plain, JSON-ready data (ISO dates, codes not labels);
    ``lines`` (``body_lines``) when the caller has them already."""
    from secretariat_app.core.book_settings import get_value
    from secretariat_app.core.meetings.elections import election_summary, meeting_elections

    m = get_meeting(session, meeting_id)
    lines = body_lines(session, m) if lines is None else lines
    fig = figures(session, m, [line["id"] for line in lines])
    exceptions = [dict(no=x["no"], name=x["name"], status=x["status"] or "unrecorded",
                       proxy_to_name=x["proxy_to_name"]) for x in lines if x["status"] != "present"]
    return dict(
        id=m.id, kind=m.kind, representatives=m.representatives, title=m.title, date=m.date.isoformat(),
        start_time=m.start_time, end_time=m.end_time, place=m.place, convener=m.convener, chair=m.chair,
        recorder=m.recorder, note=m.note, association=get_value(session, "name", "") or "",
        attendance=fig.as_dict(), exceptions=exceptions,
        agenda=[dict(id=a.id, position=a.position, title=a.title, presenter=a.presenter, description=a.description)
                for a in m.agenda],
        guests=[dict(id=g.id, name=g.name, organization=g.organization, title=g.title) for g in m.guests],
        resolutions=[dict(id=r.id, position=r.position, agenda_item_id=r.agenda_item_id, title=r.title, text=r.text,
                          subject=r.subject, ballot=r.ballot, majority=r.majority, voters=r.voters,
                          votes_for=r.votes_for, votes_against=r.votes_against, votes_abstain=r.votes_abstain,
                          adopted=r.adopted, needed=votes_needed(r.majority, r.voters) if r.voters else None,
                          target_type=r.target_type, target_id=r.target_id)
                     for r in m.resolutions],
        elections=[election_summary(session, e) for e in meeting_elections(session, m.id)],
    )


def json_row(row: dict) -> dict:
    """A list row in the CLI.md ``meetings list`` shape."""
    return dict(id=row["id"], kind=row["kind"], title=row["title"], date=row["date"].isoformat(),
                expected=row["expected"], present=row["present"], quorum_met=row["quorum_met"])
