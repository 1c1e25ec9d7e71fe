"""Meetings (DOMAIN.md §4): the meetings of a year, one meeting's record, and every change to it.

Queries return plain data (rows and dicts of ``core.meetings.queries``); each write is one user
action in one transaction, needs ``meetings.write`` and names the meeting it changed in
``uow.changes.meetings``. The rules (quorum, majorities, the lock of approved minutes) are the
core's: a refusal is a ``DomainError`` raised before anything is written. Minutes, notices and
the PDFs are in ``meetings_minutes``.

The records hold no personal data (names of members and their representatives only); the member
picker's search looks in ID and phone numbers too, so a search by a whole one needs the
personal-data right — without it such a search finds nothing.
"""

from __future__ import annotations

from datetime import date

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.privacy import is_full_identifier
from secretariat_app.core.meetings import attendance, elections, service, votes
from secretariat_app.core.meetings.models import AgendaItem, Candidate, Election, Guest, Resolution
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

WRITE = "meetings.write"


def _meeting_of(uow: Uow, model, row_id: int) -> int:
    """The meeting a row (agenda item, guest, resolution, election, candidate) belongs to; refuses
    an unknown row with the core's own message."""
    row = uow.session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DomainError(_MISSING[model]().format(id=row_id))
    if model is Candidate:
        return _meeting_of(uow, Election, row.election_id)
    return row.meeting_id


_MISSING = {AgendaItem: lambda: _("no such agenda item"), Guest: lambda: _("no such guest"),
            Resolution: lambda: _("no resolution with id {id}"), Election: lambda: _("no election with id {id}"),
            Candidate: lambda: _("no such candidate")}


def _changed(uow: Uow, meeting_id: int) -> None:
    uow.changes.record("meetings", meeting_id)


# ---- reading -------------------------------------------------------------------------------

@query()
def years(uow: Uow) -> list[int]:
    """Years that have meetings, newest first."""
    return service.meeting_years(uow.session)


@query()
def list_meetings(uow: Uow, year: int | None = None) -> list[dict]:
    """The rows of ``core.meetings.queries.list_meetings`` (every meeting, or those of ``year``)."""
    from secretariat_app.core.meetings.queries import list_meetings as rows

    return rows(uow.session, year)


@query()
def meeting_row(uow: Uow, meeting_id: int) -> dict:
    """One meeting's row of the list (figures of attendance and quorum)."""
    from secretariat_app.core.meetings.queries import meeting_row as row

    return row(uow.session, service.get_meeting(uow.session, meeting_id))


@query()
def meeting_record(uow: Uow, meeting_id: int) -> dict:
    """A meeting's whole record as JSON-ready data (``meetings show``)."""
    from secretariat_app.core.meetings.queries import meeting_record as record

    return record(uow.session, meeting_id)


@query()
def editor_state(uow: Uow, meeting_id: int) -> dict:
    """Everything the meeting editor's tabs show about one meeting (plain dicts and lists)."""
    from secretariat_app.core.meetings import minutes, notices
    from secretariat_app.core.meetings.queries import body_lines
    from secretariat_app.core.meetings.queries import meeting_record as record_of

    s = uow.session
    m = service.get_meeting(s, meeting_id)
    lines = body_lines(s, m)
    record = record_of(s, meeting_id, lines)
    versions = [dict(version=v.version, locked=v.locked, approved_by=v.approved_by,
                     approved_at=v.approved_at.isoformat(timespec="minutes") if v.approved_at else None,
                     reason=v.reason) for v in minutes.versions(s, meeting_id)]
    return dict(id=m.id, record=record, lines=lines, figures=record["attendance"],
                locked=service.is_locked(s, meeting_id), listed=m.listed_body,
                minutes=minutes.minutes_data(s, meeting_id, record=record), versions=versions,
                notice=notices.notice_data(s, meeting_id))


@query()
def member_choices(uow: Uow, on_date: date, text: str = "", limit: int = 200) -> list[tuple[int, str, str]]:
    """(id, no, name) of members active on ``on_date`` matching ``text`` (number, name, pinyin
    initials…). A whole ID or phone number finds nothing without the personal-data right."""
    from sqlalchemy import and_, select

    from secretariat_app.core.members.models import Member, MemberSearch
    from secretariat_app.core.members.queries import active_filter
    from secretariat_app.core.members.search import words

    if text and is_full_identifier(text) and not uow.sees_personal_data:
        return []
    q = select(Member.id, Member.no, Member.name).where(active_filter(on_date))
    ws = words(text)
    if ws:  # the roll's own search text (number, name, pinyin initials, contact …), every word
        esc = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in ws]
        q = q.join(MemberSearch, MemberSearch.member_id == Member.id).where(
            and_(*[MemberSearch.text.like(f"%{w}%", escape="\\") for w in esc]))
    return [(r[0], r[1], r[2]) for r in uow.session.execute(q.order_by(Member.seq).limit(max(1, min(limit, 2000))))]


@query()
def dashboard(uow: Uow) -> dict:
    """The dashboard's figures: the next meeting, the meetings held this year by kind."""
    from secretariat_app.core.meetings.dashboard import meetings_dashboard

    return meetings_dashboard(uow.session)


# ---- the meeting, its guests and agenda ------------------------------------------------------

@action(WRITE)
def create_meeting(uow: Uow, values: dict) -> int:
    """Plan or record a meeting (``kind``, ``title``, ``date`` and the other details); its id."""
    m = service.create_meeting(uow.session, **values)
    _changed(uow, m.id)
    return m.id


@action(WRITE)
def update_meeting(uow: Uow, meeting_id: int, values: dict) -> None:
    service.update_meeting(uow.session, meeting_id, **values)
    _changed(uow, meeting_id)


@action(WRITE)
def add_guest(uow: Uow, meeting_id: int, values: dict) -> int:
    g = service.add_guest(uow.session, meeting_id, **values)
    _changed(uow, meeting_id)
    return g.id


@action(WRITE)
def remove_guest(uow: Uow, guest_id: int) -> None:
    meeting_id = _meeting_of(uow, Guest, guest_id)
    service.remove_guest(uow.session, guest_id)
    _changed(uow, meeting_id)


@action(WRITE)
def add_agenda_item(uow: Uow, meeting_id: int, values: dict) -> int:
    item = service.add_agenda_item(uow.session, meeting_id, **values)
    _changed(uow, meeting_id)
    return item.id


@action(WRITE)
def update_agenda_item(uow: Uow, item_id: int, values: dict) -> None:
    meeting_id = _meeting_of(uow, AgendaItem, item_id)
    service.update_agenda_item(uow.session, item_id, **values)
    _changed(uow, meeting_id)


@action(WRITE)
def remove_agenda_item(uow: Uow, item_id: int) -> None:
    meeting_id = _meeting_of(uow, AgendaItem, item_id)
    service.remove_agenda_item(uow.session, item_id)
    _changed(uow, meeting_id)


@action(WRITE)
def move_agenda_item(uow: Uow, item_id: int, offset: int) -> None:
    """Move an item up (``-1``) or down (``+1``) the agenda."""
    meeting_id = _meeting_of(uow, AgendaItem, item_id)
    service.move_agenda_item(uow.session, item_id, offset)
    _changed(uow, meeting_id)


# ---- attendance ----------------------------------------------------------------------------

@action(WRITE)
def mark_all_present(uow: Uow, meeting_id: int, reset: bool = False) -> int:
    """Everyone not yet recorded is present (``reset``: everyone, exceptions cleared); rows changed."""
    n = attendance.mark_all_present(uow.session, meeting_id, reset=reset)
    _changed(uow, meeting_id)
    return n


@action(WRITE)
def set_attendance(uow: Uow, meeting_id: int, entries: list[dict]) -> None:
    """Record attendance: ``entries`` of ``member_id`` (or ``member_no``), ``status``
    (present|proxy|leave|absent|None) and, for a proxy, ``proxy_to`` (id or ``proxy_to_no``)."""
    attendance.set_attendance_many(uow.session, meeting_id, [_by_id(uow, e) for e in entries])
    _changed(uow, meeting_id)


def _by_id(uow: Uow, entry: dict) -> dict:
    """An attendance entry with member numbers turned into ids (the CLI gives numbers)."""
    out = dict(entry)
    for no_key, id_key in (("member_no", "member_id"), ("proxy_to_no", "proxy_to")):
        if no_key in out:
            no = out.pop(no_key)
            if no:
                out[id_key] = _member_id(uow, no)
    return out


def _member_id(uow: Uow, member_no: str) -> int:
    from sqlalchemy import select

    from secretariat_app.core.members.models import Member

    mid = uow.session.scalar(select(Member.id).where(Member.no == str(member_no).strip()))
    if mid is None:
        raise DomainError(_("no member with number {no}").format(no=member_no))
    return mid


@action(WRITE)
def attend_from_file(uow: Uow, meeting_id: int, path: str) -> int:
    """Record the attendance listed in a CSV file (``io.attendance_csv``), all or nothing; how many."""
    from secretariat_app.io.attendance_csv import read_attendance

    entries = [dict(member_no=x.member_no, status=x.status, proxy_to_no=x.proxy_to_no or None,
                    person=x.person or None, note=x.note or None) for x in read_attendance(path)]
    attendance.set_attendance_many(uow.session, meeting_id, [_by_id(uow, e) for e in entries])
    _changed(uow, meeting_id)
    return len(entries)


@action(WRITE)
def list_members(uow: Uow, meeting_id: int, member_ids: list[int]) -> int:
    """The members of a representatives' assembly or "other" meeting; how many are listed."""
    n = attendance.list_members(uow.session, meeting_id, member_ids)
    _changed(uow, meeting_id)
    return n


# ---- resolutions and votes -----------------------------------------------------------------

@action(WRITE)
def add_resolution(uow: Uow, meeting_id: int, values: dict) -> int:
    r = votes.add_resolution(uow.session, meeting_id, **values)
    _changed(uow, meeting_id)
    return r.id


@action(WRITE)
def update_resolution(uow: Uow, resolution_id: int, values: dict) -> None:
    meeting_id = _meeting_of(uow, Resolution, resolution_id)
    votes.update_resolution(uow.session, resolution_id, **values)
    _changed(uow, meeting_id)


@action(WRITE)
def remove_resolution(uow: Uow, resolution_id: int) -> None:
    meeting_id = _meeting_of(uow, Resolution, resolution_id)
    votes.remove_resolution(uow.session, resolution_id)
    _changed(uow, meeting_id)


@action(WRITE)
def record_vote(uow: Uow, resolution_id: int, counts: dict) -> bool | None:
    """Record the counts (``votes_for``, ``votes_against``, ``votes_abstain``, ``voters``,
    ``adopted``); refused when ``adopted`` is more than the numbers carry. Whether it was adopted."""
    meeting_id = _meeting_of(uow, Resolution, resolution_id)
    r = votes.record_vote(uow.session, resolution_id, **counts)
    _changed(uow, meeting_id)
    return r.adopted


@action(WRITE)
def resolve(uow: Uow, meeting_id: int, title: str, *, subject: str = "ordinary", secret_ballot: bool = False,
            votes_for: int, votes_against: int, votes_abstain: int,
            present_not_voting: int | None = None) -> dict:
    """A resolution and its vote in one go (the CLI's ``meetings resolve``): ``voters`` are the
    votes cast plus those present who did not vote, else the meeting's 实到. Refused when the
    meeting cannot take it; ``{"id", "adopted"}``."""
    r = votes.add_resolution(uow.session, meeting_id, title=title, subject=subject,
                             ballot="secret" if secret_ballot else None)
    voters = None if present_not_voting is None else votes_for + votes_against + votes_abstain + present_not_voting
    r = votes.record_vote(uow.session, r.id, votes_for=votes_for, votes_against=votes_against,
                          votes_abstain=votes_abstain, voters=voters)
    _changed(uow, meeting_id)
    return dict(id=r.id, adopted=bool(r.adopted))


# ---- elections -----------------------------------------------------------------------------

@action(WRITE)
def add_election(uow: Uow, meeting_id: int, values: dict) -> int:
    e = elections.add_election(uow.session, meeting_id, **values)
    _changed(uow, meeting_id)
    return e.id


@action(WRITE)
def add_candidate(uow: Uow, election_id: int, member_id: int, person: str = "") -> int:
    meeting_id = _meeting_of(uow, Election, election_id)
    c = elections.add_candidate(uow.session, election_id, member_id, person=person)
    _changed(uow, meeting_id)
    return c.id


@action(WRITE)
def remove_candidate(uow: Uow, candidate_id: int) -> None:
    meeting_id = _meeting_of(uow, Candidate, candidate_id)
    elections.remove_candidate(uow.session, candidate_id)
    _changed(uow, meeting_id)


@action(WRITE)
def record_election_votes(uow: Uow, election_id: int, counts: dict[int, int]) -> list[str]:
    """Record each candidate's votes; returns the notes (a tie for the last seat …)."""
    meeting_id = _meeting_of(uow, Election, election_id)
    notes = elections.record_election_votes(uow.session, election_id, counts)
    _changed(uow, meeting_id)
    return list(notes)


@action(WRITE)
def apply_election(uow: Uow, election_id: int, end_previous: bool = True) -> list[int]:
    """The result into the officer posts from the meeting's date (a by-election keeps the current
    holders: ``end_previous=False``); returns the new posts' ids."""
    meeting_id = _meeting_of(uow, Election, election_id)
    posts = elections.apply_election(uow.session, election_id, end_previous=end_previous)
    _changed(uow, meeting_id)
    uow.changes.add("members")  # posts started and ended: the roll's officers
    return list(posts)


@action(WRITE)
def record_election(uow: Uow, meeting_id: int, office: str, results: list[tuple[str, int]]) -> dict:
    """One election in one go (the CLI's ``meetings elect``): the office, its candidates by member
    number and their votes. ``{"id", "notes"}`` (notes: a tie …); the result goes into the officer
    posts with ``apply_election``."""
    election_id = elections.add_election(uow.session, meeting_id, office=office).id
    counts = {elections.add_candidate(uow.session, election_id, _member_id(uow, no)).id: n for no, n in results}
    notes = elections.record_election_votes(uow.session, election_id, counts)
    _changed(uow, meeting_id)
    return dict(id=election_id, notes=list(notes))
