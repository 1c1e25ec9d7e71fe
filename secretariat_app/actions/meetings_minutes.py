"""Minutes (会议纪要), notices (会议通知) and the meeting documents as PDF (DOMAIN.md §4).

Approved minutes are locked: a correction starts a new version and keeps the approved one. The
PDFs are made from the record's plain data (``core.meetings``) by ``pdf.meetings`` and written
whole or not at all (``files.write_atomic``): an unknown meeting or version writes no file.
"""

from __future__ import annotations

import os

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.files import write_atomic
from secretariat_app.core.meetings import minutes, notices

WRITE = "meetings.write"


@query()
def minutes_version(uow: Uow, meeting_id: int, version: int | None = None) -> dict:
    """What one version of the minutes shows (``core.meetings.minutes.minutes_data``)."""
    return minutes.minutes_data(uow.session, meeting_id, version)


@action(WRITE)
def save_minutes(uow: Uow, meeting_id: int, sections: dict) -> int:
    """Save the draft's sections (``opening``, ``items`` {agenda item id: text}, ``other``,
    ``closing``); the version saved."""
    m = minutes.save_minutes(uow.session, meeting_id, **sections)
    uow.changes.record("meetings", meeting_id)
    return m.version


@action(WRITE)
def approve_minutes(uow: Uow, meeting_id: int, approved_by: str, sections: dict | None = None) -> int:
    """Save the sections as typed (when given) and approve the latest version, which freezes the
    meeting's record and locks it; the version approved."""
    if sections is not None:
        minutes.save_minutes(uow.session, meeting_id, **sections)
    m = minutes.approve_minutes(uow.session, meeting_id, approved_by=approved_by)
    uow.changes.record("meetings", meeting_id)
    return m.version


@action(WRITE)
def start_correction(uow: Uow, meeting_id: int, reason: str) -> int:
    """A new draft version after approved minutes (the approved one is kept); its number."""
    m = minutes.start_correction(uow.session, meeting_id, reason=reason)
    uow.changes.record("meetings", meeting_id)
    return m.version


@action(WRITE)
def save_notice(uow: Uow, meeting_id: int, values: dict) -> None:
    notices.save_notice(uow.session, meeting_id, **values)
    uow.changes.record("meetings", meeting_id)


# ---- documents ------------------------------------------------------------------------------

@query()
def minutes_pdf(uow: Uow, meeting_id: int, path: str | os.PathLike, version: int | None = None) -> str:
    """Write the minutes (the latest version unless ``version``) to ``path``; the path."""
    from secretariat_app.pdf import meetings as pdf

    return str(write_atomic(path, pdf.minutes_pdf(minutes.minutes_data(uow.session, meeting_id, version))))


@query()
def signin_pdf(uow: Uow, meeting_id: int, path: str | os.PathLike) -> str:
    """Write the sign-in sheet (the body at the meeting's date, guests) to ``path``; the path."""
    from secretariat_app.core.meetings.queries import body_lines, meeting_record
    from secretariat_app.core.meetings.service import get_meeting
    from secretariat_app.pdf import meetings as pdf

    meeting = get_meeting(uow.session, meeting_id)
    lines = body_lines(uow.session, meeting)
    rec = meeting_record(uow.session, meeting_id, lines)
    rec["members"] = lines
    return str(write_atomic(path, pdf.signin_pdf(rec)))


@query()
def notice_pdf(uow: Uow, meeting_id: int, path: str | os.PathLike) -> str:
    """Write the notice (the saved one, or the proposal from the meeting) to ``path``; the path."""
    from secretariat_app.pdf import meetings as pdf

    return str(write_atomic(path, pdf.notice_pdf(notices.notice_data(uow.session, meeting_id))))

