"""Integrity checks of meetings (``secretariat check``; DOMAIN.md §4)."""

from __future__ import annotations

from sqlalchemy import select

from secretariat_app.core.checks import register_check
from secretariat_app.i18n import N_, _


@register_check(N_("Meetings: resolutions against their votes"))
def check_resolutions(book) -> list[str]:
    """Every resolution recorded as adopted must be carried by its counts and its meeting."""
    from secretariat_app.core.meetings.models import Meeting, Resolution
    from secretariat_app.core.meetings.votes import outcome_of

    problems = []
    with book.session() as s:
        rows = s.execute(select(Resolution, Meeting).join(Meeting, Meeting.id == Resolution.meeting_id)
                         .where(Resolution.adopted.is_(True))).all()
        for r, m in rows:
            total = (r.votes_for or 0) + (r.votes_against or 0) + (r.votes_abstain or 0)
            if r.voters is None or total > r.voters:
                problems.append(_("meeting {id} ({date}): resolution {title}: the counts do not add up").format(
                    id=m.id, date=m.date.isoformat(), title=r.title))
                continue
            res = outcome_of(s, r)
            if not res.adoptable:
                problems.append(_("meeting {id} ({date}): resolution {title} is recorded as adopted but {reason}").format(
                    id=m.id, date=m.date.isoformat(), title=r.title, reason=res.problems[0]))
    return problems[:50]


@register_check(N_("Meetings: proxies and minutes"))
def check_attendance_and_minutes(book) -> list[str]:
    """Proxies name a member present in person; approved minutes carry their frozen record."""
    from secretariat_app.core.meetings.minutes import content_of
    from secretariat_app.core.meetings.models import PRESENT, PROXY, Attendance, Minutes

    problems = []
    with book.session() as s:
        status = {(a.meeting_id, a.member_id): a.status for a in s.scalars(select(Attendance))}
        for a in s.scalars(select(Attendance).where(Attendance.status == PROXY)):
            if a.proxy_to_id is None or status.get((a.meeting_id, a.proxy_to_id)) != PRESENT:
                problems.append(_("meeting {id}: a proxy is held by a member who is not present").format(id=a.meeting_id))
        for mins in s.scalars(select(Minutes).where(Minutes.locked.is_(True))):
            if not content_of(mins).get("snapshot") or mins.approved_at is None:
                problems.append(_("meeting {id}: approved minutes version {version} lack their record").format(
                    id=mins.meeting_id, version=mins.version))
    return problems[:50]
