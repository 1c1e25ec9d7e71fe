"""The body a meeting's attendance is counted against (应到) and its attendance figures (DOMAIN.md §4).

The body at the meeting's date comes from the member roll (``core.members``):

- general assembly: every member active on that date;
- council: members holding a post of the council, the standing council or the presidents' office
  (会长, 副会长, 常务理事, 理事 …; a higher body sits inside the lower ones) on that date;
- standing council: the standing-council and presidents' posts; supervisors: 监事长 / 监事;
- presidents' office: 会长, 副会长 (and 秘书长 where recorded);
- representatives' assembly and "other" meetings: the members listed on the meeting (the
  designated representatives / the invitees).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.models import (
    ABSENT,
    COUNCIL,
    GENERAL_ASSEMBLY,
    LEAVE,
    PRESENT,
    PRESIDENTS,
    PROXY,
    STANDING_COUNCIL,
    SUPERVISORS,
    Attendance,
    Meeting,
)
from secretariat_app.core.meetings.rules import quorum_met, quorum_needed, quorum_required

ROLL_BODY = {COUNCIL: "council", STANDING_COUNCIL: "standing_council", SUPERVISORS: "supervisors",
             PRESIDENTS: "presidents"}


def body_member_ids(session: Session, meeting: Meeting) -> list[int]:
    """Member ids of the meeting's body at its date, in roll order (posts first for officer bodies)."""
    from secretariat_app.core.members.models import Member

    if meeting.listed_body:
        rows = session.execute(select(Attendance.member_id).join(Member, Member.id == Attendance.member_id)
                               .where(Attendance.meeting_id == meeting.id).order_by(Member.seq, Member.id))
        return [r[0] for r in rows]
    return roll_body_ids(session, meeting.kind, meeting.date)


def roll_body_ids(session: Session, kind: str, on_date: date) -> list[int]:
    """The body of a meeting of ``kind`` on ``on_date`` according to the roll and the officer posts."""
    from secretariat_app.core.members.models import Member
    from secretariat_app.core.members.queries import active_filter
    from secretariat_app.core.members.service import body_members

    if kind == GENERAL_ASSEMBLY:
        return list(session.scalars(select(Member.id).where(active_filter(on_date)).order_by(Member.seq, Member.id)))
    body = ROLL_BODY.get(kind)
    return list(body_members(session, on_date, body)) if body else []


@dataclass
class AttendanceFigures:
    """应到 / 实到 figures of one meeting. ``counted`` (实到) = in person + by proxy."""

    expected: int
    in_person: int
    proxies: int
    leave: int
    absent: int
    unrecorded: int
    quorum_applies: bool

    @property
    def counted(self) -> int:
        return self.in_person + self.proxies

    @property
    def quorum_met(self) -> bool:
        return quorum_met(self.counted, self.expected)

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(self.expected)

    def as_dict(self) -> dict:
        return dict(expected=self.expected, present=self.counted, in_person=self.in_person, proxies=self.proxies,
                    leave=self.leave, absent=self.absent, unrecorded=self.unrecorded, quorum_met=self.quorum_met,
                    quorum_applies=self.quorum_applies, quorum_needed=self.quorum_needed)


def attendance_map(session: Session, meeting_id: int) -> dict[int, Attendance]:
    return {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting_id))}


def figures(session: Session, meeting: Meeting, body: list[int] | None = None) -> AttendanceFigures:
    """Attendance figures of ``meeting``; members outside the body are not counted."""
    ids = body if body is not None else body_member_ids(session, meeting)
    members = set(ids)
    counts = {PRESENT: 0, PROXY: 0, LEAVE: 0, ABSENT: 0}
    rows = session.execute(select(Attendance.member_id, Attendance.status).where(Attendance.meeting_id == meeting.id))
    for member_id, status in rows:
        if member_id in members and status in counts:
            counts[status] += 1
    recorded = sum(counts.values())
    return AttendanceFigures(expected=len(ids), in_person=counts[PRESENT], proxies=counts[PROXY],
                             leave=counts[LEAVE], absent=counts[ABSENT], unrecorded=len(ids) - recorded,
                             quorum_applies=quorum_required(meeting.kind))
