"""Meetings (会议): assemblies and councils, attendance, quorum, votes, elections, minutes, notices.

Rules: DOMAIN.md §4 (and §2 for the dues schedule); issue 6. Decisions on quorum and majorities
are written down in ``rules``.

API for other capabilities (all functions take a SQLAlchemy ``Session``; every writer is one
action in one transaction (``db.session.action``: begun before its first read, so it commits on a
fresh session, and joins the caller's transaction when one is open); refusals are ``DomainError``
raised before anything is written):

Models (``core.meetings.models``)
---------------------------------
``Meeting`` (``meetings``): id, kind (``general_assembly`` | ``council`` | ``standing_council`` |
    ``supervisors`` | ``presidents`` | ``other``), representatives (bool: 会员代表大会), title, date,
    start_time, end_time, place, convener, chair, recorder, note; ``agenda``, ``guests``,
    ``resolutions`` relationships.
``AgendaItem``, ``Guest``, ``Attendance`` (member_id, status present|proxy|leave|absent|None,
    proxy_to_id, person, note), ``Resolution`` (agenda_item_id, title, text, subject
    ``ordinary|charter|dissolution|dues_schedule|admit_member|election|other``, ballot
    ``open|secret``, majority ``half|two_thirds``, voters, votes_for/against/abstain, adopted,
    target_type + target_id), ``Election`` / ``Candidate``, ``Minutes`` (version, content JSON,
    approved_at, approved_by, locked), ``Notice``.

Reading (``core.meetings.queries``)
-----------------------------------
``list_meetings(session, year=None) -> list[dict]`` rows: id, kind, representatives, title,
    date (``date``), place, expected (应到), present (实到 incl. proxies), proxies, quorum_met,
    resolutions, adopted, minutes (``none|draft|approved``), minutes_version.
``held_meetings(session, year, today=None)`` the same rows for meetings held in ``year`` up to
    today — **reports: meetings held in a year with attendance figures**.
``held_by_kind(session, year, today=None) -> {kind: n}`` every kind, zeros included.
``adopted_resolutions(session, year, subject=None) -> list[dict]`` (id, meeting_id, meeting_title,
    meeting_kind, date, title, text, subject, votes_for/against/abstain, voters, ballot,
    target_type, target_id); ``charter_changes(session, year)`` = those with subject ``charter``.
``next_meeting(session, today=None) -> row | None``; ``kind_label(kind, representatives)``.
``meeting_record(session, meeting_id) -> dict`` the whole record as JSON-ready data (header,
    ``attendance`` figures, ``exceptions``, agenda, guests, resolutions, elections).
``body.figures(session, meeting) -> AttendanceFigures`` (expected, in_person, proxies, leave,
    absent, unrecorded, counted, quorum_met); ``body.body_member_ids(session, meeting)``;
    ``queries.body_lines(session, meeting)`` the body with posts, levels and attendance.
``rules``: ``quorum_met``, ``minimum_majority``, ``votes_needed``, ``outcome`` (pure functions).

Writing
-------
``service``: ``create_meeting(session, *, kind, title, date, agenda=[...], guests=[...],
    representatives=False, start_time, end_time, place, convener, chair, recorder, note)``,
    ``update_meeting``, ``add_agenda_item`` / ``update_agenda_item`` / ``move_agenda_item`` /
    ``remove_agenda_item``, ``add_guest`` / ``remove_guest``, ``is_locked(session, id)``.
``attendance``: ``list_members`` (the body of a representatives'
    assembly or "other" meeting), ``mark_all_present(session, id)`` (quick entry),
    ``set_attendance(session, id, member_id, status, proxy_to=None)``, ``set_attendance_many``.
``votes``: ``add_resolution(session, meeting_id, *, title, subject, agenda_item_id=None, ballot=None,
    majority=None)``, ``record_vote(session, resolution_id, *, votes_for, votes_against,
    votes_abstain, voters=None, adopted=None)`` (refuses ``adopted`` the numbers do not carry),
    ``outcome_of`` (live outcome), ``link_resolution(session, resolution_id, target_type,
    target_id)`` — allowed after the minutes are approved; **dues**: link the fee schedule with
    ``link_resolution(s, rid, "fee_schedule", schedule_id)`` and check the resolution with
    ``require_adopted(s, rid, "dues_schedule")``.
``elections``: ``add_election(session, meeting_id, *, office, body=None, seats=1)``,
    ``add_candidate``, ``record_election_votes(session, election_id, {candidate_id: votes})``,
    ``apply_election(session, election_id, start_on=None, end_previous=True)`` → officer posts
    via ``core.members.service.assign_post`` / ``end_post`` (``source_meeting_id`` = the meeting).
``minutes``: ``save_minutes(session, meeting_id, opening=, items={agenda_item_id: text}, other=,
    closing=)``, ``approve_minutes(session, meeting_id, approved_by=)`` (freezes the record, locks),
    ``start_correction(session, meeting_id, reason=)`` (new version, the old kept), ``versions``,
    ``minutes_data(session, meeting_id, version=None)``.
``notices``: ``save_notice``, ``notice_data``.

Documents: the core gives the plain data (``queries.meeting_record`` with ``body_lines`` for the
sign-in sheet, ``minutes.minutes_data``, ``notices.notice_data``); ``pdf.meetings`` lays it out and
the meetings actions (``actions/meetings_minutes.py``) write the files. The core knows no document.

Dashboard (``core.meetings.dashboard.meetings_dashboard(session, today)``): next meeting, held
this year by kind. Demo (``core.meetings.demo.build``) puts ``ctx["meetings"]`` (ids) and
``ctx["dues_resolution"] = {id, meeting_id, date, for, against, abstain}`` (the general
assembly's adopted, secret-ballot dues schedule resolution).
"""
