"""What every meetings service shares: finding a meeting, and the lock that approved minutes put on
a meeting's record (DOMAIN.md §4)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.models import Meeting, Minutes
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

# ---- lookups -------------------------------------------------------------------------------

def get_meeting(session: Session, meeting_id: int) -> Meeting:
    m = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if m is None:
        raise DomainError(_("no meeting with id {id}").format(id=meeting_id))
    return m


def latest_minutes(session: Session, meeting_id: int) -> Minutes | None:
    return session.scalar(select(Minutes).where(Minutes.meeting_id == meeting_id)
                          .order_by(Minutes.version.desc()).limit(1))


def is_locked(session: Session, meeting_id: int) -> bool:
    """The meeting's latest minutes are approved: its record is locked until a correction starts."""
    m = latest_minutes(session, meeting_id)
    return m is not None and m.locked


def ensure_editable(session: Session, meeting: Meeting) -> None:
    if is_locked(session, meeting.id):
        raise DomainError(_("the minutes of this meeting are approved and locked; start a correction of the "
                            "minutes to change the meeting's record"))
