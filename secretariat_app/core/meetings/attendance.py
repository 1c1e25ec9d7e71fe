"""Attendance of a meeting: the members listed on a representatives' assembly, quick entry
("all present", then the exceptions) and proxies (DOMAIN.md §4).

Statuses: present, by proxy (to a member of the body present in person), absent with leave,
absent; ``None`` = not recorded. Members outside the body at the meeting's date are refused.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.body import body_member_ids
from secretariat_app.core.meetings.common import ensure_editable, get_meeting
from secretariat_app.core.meetings.models import PRESENT, PROXY, STATUSES, Attendance
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _


@action
def list_members(session: Session, meeting_id: int, member_ids: list[int]) -> int:
    """Set the members listed on a representatives' assembly / "other" meeting (its body).

    Members newly listed start unrecorded; members no longer listed are removed with their
    attendance. Returns the number listed."""
    from secretariat_app.core.members.models import Member

    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    if not m.listed_body:
        raise DomainError(_("the members of this meeting come from the roll and the officer posts"))
    wanted = list(dict.fromkeys(int(i) for i in member_ids))
    known = set(session.scalars(select(Member.id).where(Member.id.in_(wanted)))) if wanted else set()
    missing = [i for i in wanted if i not in known]
    if missing:
        raise DomainError(_("no such member: {ids}").format(ids=", ".join(map(str, missing[:5]))))
    with transaction(session):
        rows = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == m.id))}
        keep = set(wanted)
        for member_id, row in rows.items():
            if member_id not in keep:
                session.delete(row)
        for member_id in wanted:
            if member_id not in rows:
                session.add(Attendance(meeting_id=m.id, member_id=member_id, status=None, person="", note=""))
        session.flush()
        for row in session.scalars(select(Attendance).where(Attendance.meeting_id == m.id,
                                                            Attendance.proxy_to_id.is_not(None))):
            if row.proxy_to_id not in keep:
                row.status, row.proxy_to_id = None, None
    return len(wanted)


@action
def mark_all_present(session: Session, meeting_id: int, *, reset: bool = False) -> int:
    """Quick entry: every member of the body whose attendance is not recorded is present
    (``reset``: every member, exceptions cleared). Returns how many rows changed."""
    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    ids = body_member_ids(session, m)
    changed = 0
    with transaction(session):
        rows = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == m.id))}
        for member_id in ids:
            row = rows.get(member_id)
            if row is None:
                session.add(Attendance(meeting_id=m.id, member_id=member_id, status=PRESENT, person="", note=""))
                changed += 1
            elif row.status is None or (reset and (row.status != PRESENT or row.proxy_to_id)):
                row.status, row.proxy_to_id = PRESENT, None
                changed += 1
        session.flush()
    return changed


def set_attendance(session: Session, meeting_id: int, member_id: int, status: str | None, *,
                   proxy_to: int | None = None, person: str | None = None, note: str | None = None) -> Attendance:
    """Record one member's attendance (an exception after ``mark_all_present``)."""
    return set_attendance_many(session, meeting_id, [dict(member_id=member_id, status=status, proxy_to=proxy_to,
                                                          person=person, note=note)])[0]


@action
def set_attendance_many(session: Session, meeting_id: int, entries: list[dict]) -> list[Attendance]:
    """Record several members' attendance at once: ``{member_id, status, proxy_to, person, note}``.

    ``status`` is present / proxy / leave / absent (None: not recorded). A member by proxy names
    ``proxy_to``, another member of the body present in person. All or nothing."""
    from secretariat_app.core.members.models import Member

    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    body = set(body_member_ids(session, m))
    rows = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == m.id))}
    state = {mid: (a.status, a.proxy_to_id) for mid, a in rows.items() if mid in body}
    problems: list[Problem] = []
    for i, e in enumerate(entries, start=1):
        mid, status = e.get("member_id"), e.get("status")
        proxy_to = e.get("proxy_to") if status == PROXY else None
        if mid not in body:
            problems.append(Problem(_("not a member of this meeting's body"), row=i))
            continue
        if status is not None and status not in STATUSES:
            problems.append(Problem(_("unknown attendance {status}").format(status=status), row=i))
            continue
        if status == PROXY:
            if proxy_to is None:
                problems.append(Problem(_("by proxy: name the member who holds the proxy"), row=i))
                continue
            if proxy_to == mid:
                problems.append(Problem(_("a member cannot hold its own proxy"), row=i))
                continue
            if proxy_to not in body:
                problems.append(Problem(_("the proxy holder is not a member of this meeting's body"), row=i))
                continue
        state[mid] = (status, proxy_to)
    for mid, (status, proxy_to) in state.items():
        if status == PROXY and (proxy_to is None or state.get(proxy_to, (None, None))[0] != PRESENT):
            member = session.get(Member, proxy_to) if proxy_to is not None else None
            problems.append(Problem(_("the proxy holder {name} must be present in person").format(
                name=member.name if member else proxy_to)))
    if problems:
        raise DomainError(problems[0].__str__() if len(problems) == 1 else _("the attendance has errors"),
                          problems=problems if len(problems) > 1 else None)
    out = []
    with transaction(session):
        for e in entries:
            mid = e["member_id"]
            row = rows.get(mid)
            if row is None:
                row = Attendance(meeting_id=m.id, member_id=mid, person="", note="")
                session.add(row)
                rows[mid] = row
            row.status = e.get("status")
            row.proxy_to_id = e.get("proxy_to") if row.status == PROXY else None
            if e.get("person") is not None:
                row.person = (e.get("person") or "").strip()[:64]
            if e.get("note") is not None:
                row.note = (e.get("note") or "").strip()[:300]
            out.append(row)
        session.flush()
    return out
