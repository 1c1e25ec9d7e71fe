"""The meetings page's operations: plain functions ``fn(session, ...)`` that run in a worker
(``ctx.run_op``), call the core services and return ``Changes`` — never ORM objects (STYLE.md 3).
``editor_state`` reads everything the meeting editor shows, as plain data."""

from __future__ import annotations

from secretariat_app.core.changes import Changes
from secretariat_app.core.meetings import attendance, elections, minutes, notices, service, votes
from secretariat_app.core.meetings.queries import body_lines, meeting_record

MEETINGS = "meetings"


def changed(*extra: str) -> Changes:
    return Changes({MEETINGS, *extra})


def editor_state(session, meeting_id: int) -> dict:
    """Everything the editor's tabs show about one meeting (plain dicts and lists)."""
    m = service.get_meeting(session, meeting_id)
    lines = body_lines(session, m)
    record = meeting_record(session, meeting_id, lines)
    data = minutes.minutes_data(session, meeting_id, record=record)
    versions = [dict(version=v.version, locked=v.locked, approved_by=v.approved_by,
                     approved_at=v.approved_at.isoformat(timespec="minutes") if v.approved_at else None,
                     reason=v.reason) for v in minutes.versions(session, meeting_id)]
    return dict(id=m.id, record=record, lines=lines, figures=record["attendance"],
                locked=service.is_locked(session, meeting_id), listed=m.listed_body, minutes=data,
                versions=versions, notice=notices.notice_data(session, meeting_id))


def create(session, values: dict) -> int:
    return service.create_meeting(session, **values).id


def update(session, meeting_id: int, values: dict) -> Changes:
    service.update_meeting(session, meeting_id, **values)
    return changed()


def add_guest(session, meeting_id: int, values: dict) -> Changes:
    service.add_guest(session, meeting_id, **values)
    return changed()


def remove_guest(session, guest_id: int) -> Changes:
    service.remove_guest(session, guest_id)
    return changed()


def all_present(session, meeting_id: int, reset: bool = False) -> Changes:
    attendance.mark_all_present(session, meeting_id, reset=reset)
    return changed()


def set_attendance(session, meeting_id: int, entries: list[dict]) -> Changes:
    attendance.set_attendance_many(session, meeting_id, entries)
    return changed()


def list_members(session, meeting_id: int, member_ids: list[int]) -> Changes:
    attendance.list_members(session, meeting_id, member_ids)
    return changed()


def agenda_add(session, meeting_id: int, values: dict) -> Changes:
    service.add_agenda_item(session, meeting_id, **values)
    return changed()


def agenda_update(session, item_id: int, values: dict) -> Changes:
    service.update_agenda_item(session, item_id, **values)
    return changed()


def agenda_remove(session, item_id: int) -> Changes:
    service.remove_agenda_item(session, item_id)
    return changed()


def agenda_move(session, item_id: int, offset: int) -> Changes:
    service.move_agenda_item(session, item_id, offset)
    return changed()


def resolution_add(session, meeting_id: int, values: dict) -> Changes:
    votes.add_resolution(session, meeting_id, **values)
    return changed()


def resolution_update(session, resolution_id: int, values: dict) -> Changes:
    votes.update_resolution(session, resolution_id, **values)
    return changed()


def resolution_remove(session, resolution_id: int) -> Changes:
    votes.remove_resolution(session, resolution_id)
    return changed()


def vote(session, resolution_id: int, counts: dict) -> Changes:
    votes.record_vote(session, resolution_id, **counts)
    return changed()


def election_add(session, meeting_id: int, values: dict) -> Changes:
    elections.add_election(session, meeting_id, **values)
    return changed()


def candidate_add(session, election_id: int, member_id: int, person: str = "") -> Changes:
    elections.add_candidate(session, election_id, member_id, person=person)
    return changed()


def candidate_remove(session, candidate_id: int) -> Changes:
    elections.remove_candidate(session, candidate_id)
    return changed()


def election_votes(session, election_id: int, counts: dict) -> list[str]:
    """Returns the notes (a tie …); the page reloads itself."""
    return elections.record_election_votes(session, election_id, counts)


def election_apply(session, election_id: int, end_previous: bool) -> Changes:
    elections.apply_election(session, election_id, end_previous=end_previous)
    return changed("members")


def minutes_save(session, meeting_id: int, sections: dict) -> Changes:
    minutes.save_minutes(session, meeting_id, **sections)
    return changed()


def minutes_approve(session, meeting_id: int, approved_by: str, sections: dict | None = None) -> Changes:
    """Save the sections as typed (when given) and approve, in one transaction."""
    from secretariat_app.db.session import transaction

    with transaction(session):
        if sections is not None:
            minutes.save_minutes(session, meeting_id, **sections)
        minutes.approve_minutes(session, meeting_id, approved_by=approved_by)
    return changed()


def minutes_correct(session, meeting_id: int, reason: str) -> Changes:
    minutes.start_correction(session, meeting_id, reason=reason)
    return changed()


def notice_save(session, meeting_id: int, values: dict) -> Changes:
    notices.save_notice(session, meeting_id, **values)
    return changed()


def write_pdf(session, kind: str, meeting_id: int, path: str, version: int | None = None) -> str:
    from secretariat_app.pdf import meetings as pdf

    if kind == "minutes":
        return str(pdf.write_minutes_pdf(session, meeting_id, path, version))
    if kind == "signin":
        return str(pdf.write_signin_pdf(session, meeting_id, path))
    return str(pdf.write_notice_pdf(session, meeting_id, path))


def member_choices(session, on_date, text: str = "", limit: int = 200) -> list[tuple[int, str, str]]:
    """(id, no, name) of members active on ``on_date`` matching ``text`` (number, name, pinyin…)."""
    from sqlalchemy import select

    from secretariat_app.core.members.models import Member
    from secretariat_app.core.members.queries import active_filter

    q = select(Member.id, Member.no, Member.name).where(active_filter(on_date))
    if text:
        q = q.where(Member.search_text.like(f"%{text.lower()}%"))
    return [tuple(r) for r in session.execute(q.order_by(Member.seq).limit(limit))]
