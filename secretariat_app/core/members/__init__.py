"""Member roll (会员名册): corporate and individual members, levels, history, officer posts.

Rules: DOMAIN.md §1 (kinds, levels, life cycle, identifiers, personal data); issue 3.

API for other capabilities (import from the submodules named; all functions take a SQLAlchemy
``Session``; writers join the caller's transaction via ``db.session.transaction``):

Models (``core.members.models``)
--------------------------------
``Member`` (table ``members``)
    id, no (``"M0001"``; unique; prefix from setting ``members.number_prefix``), seq (int, the
    numeric part, for sorting), kind (``"corporate"`` | ``"individual"``), name, credit_code
    (corporate, unique, or None), id_number (individual, unique, or None), level_id → ``Level``
    (``member.level``), status (``"active"`` | ``"left"``; ``"applied"`` reserved), joined (date
    admitted), admitted_meeting_id (int or None, no FK), left_on (date or None), left_reason
    (``"resigned"`` 退会 | ``"removed"`` 除名 | ``"dissolved"`` 注销 or None), left_note,
    industry, address, phone (landline / own phone), contact_name and mobile (primary contact,
    denormalized from ``contacts``; for an individual: their own mobile), legal_representative,
    size (corporate), gender, employer, title (individual), email, note.
    Helpers: ``member.is_corporate``, ``member.active_on(d)``.
``Level`` (table ``member_levels``)
    id, kind, code (unique within kind: ``president``, ``vice_president``, ``standing_director``,
    ``director``, ``member`` seeded; added levels get ``custom_N``), name (会长单位 … / 会长 …),
    position (1 = highest), active. Dues follow the level: a fee schedule row refers to
    ``Level.id``. Corporate and individual levels are separate rows (10 seeded).
``Contact`` (table ``member_contacts``): member_id, name, mobile, phone, position, email,
    is_primary, active.
``MemberEvent`` (table ``member_events``): the history — member_id, kind (``admitted``,
    ``level_changed``, ``post_assigned``, ``post_ended``, ``contact_changed``, ``edited``,
    ``left``), on_date, level_id (for admitted/level_changed: the new level), meeting_id,
    detail (text), recorded_at.
``OfficerPost`` (table ``officer_posts``): member_id, post (会长, 副会长, 秘书长, 常务理事, 理事,
    监事长, 监事 …), body (``"presidents"`` | ``"standing_council"`` | ``"council"`` |
    ``"supervisors"``), person (who holds it for a corporate member), start_on, end_on (the date
    the post ended: *not* held on or after it; None = current), source_meeting_id (int or None).

Levels (``core.members.levels``)
--------------------------------
``levels(session, kind=None, include_inactive=False) -> list[Level]`` ordered by kind, position.
``level_by_code(session, kind, code)``, ``level_by_name(session, name, kind=None)``,
``add_level(session, kind, name, position=None)``, ``rename_level(session, level_id, name)``,
``move_level(session, level_id, position)``.

Queries (``core.members.service``)
-----------------------------------
``active_members(session, on_date) -> list[Member]`` members admitted on/before ``on_date``
    and not left by then (left_on > on_date or None), ordered by number — the general assembly
    and the dues billing run use this.
``member_by_no(session, no) -> Member | None``; ``member_by_identifier(session, code)``
    (credit code or ID number).
``level_on(session, member_id, on_date) -> Level | None`` — the level held on a date (history).
``posts_on(session, on_date, body=None) -> list[OfficerPost]`` posts held on the date
    (start_on <= d and (end_on is None or end_on > d)), with exactly that ``body``.
``body_members(session, on_date, body) -> list[int]`` member ids of a body on a date, where
    higher bodies sit in lower ones: presidents ⊂ standing_council ⊂ council; supervisors apart.
    ``"general_assembly"`` → every active member. Meetings use this for 应到.

Services (``core.members.service``), each one action in one transaction, DomainError on refusal
--------------------------------------------------------------------------------------------------
``admit_member(session, *, kind, name, level, joined, credit_code=None, id_number=None,
    contact_name="", mobile="", phone="", address="", industry="", no=None, meeting_id=None,
    **more) -> Member``  (``level`` = Level, id, code or name)
``update_member(session, member_id, **fields) -> Member``
``change_level(session, member_id, level, on_date, *, meeting_id=None, note="") -> Member``
``record_leaving(session, member_id, on_date, reason, note="") -> Member``
    (reason ``resigned``|``removed``|``dissolved``; also ends the member's current posts)
``assign_post(session, member_id, post, body, start_on, *, person="", meeting_id=None)
    -> OfficerPost``; ``end_post(session, post_id, end_on) -> OfficerPost``;
``end_body_posts(session, body, end_on) -> int`` (an election ends a whole body's posts).
``add_contact`` / ``update_contact`` / ``history(session, member_id)``.

Numbers: ``next_member_no(session)``, ``set_number_prefix(session, prefix)`` (setting
``members.number_prefix``, default ``M``; numbers M0001… in admission order, ``Member.seq``).

Search and the lazy table (``core.members.search``): ``MemberQuery`` (text, status, kind,
level_id, industry, joined_year, sort, descending), ``plan``/``fetch_page``/``count_plan``,
``list_members(session, status=, search=, personal=)`` (the ``members list --json`` rows);
``MemberQuery.personal`` False: a search word with a digit matches no ID or phone number.

Documents (``core.members.roll``): ``member_roll(session, status=, on_date=) -> Roll`` (plain,
grouped by level; ``masked_roll(roll)`` hides ID and mobile numbers) for ``pdf.roll.build_story(roll)``
/ ``write_roll(path, roll)``; ``export_records(session, status=)`` (full values) for
``io.members_export.export_members(path, records)``.
Import (``core.members.importing``): ``check_rows(session, rows, update=)`` → ``RowCheck`` per row
(``ImportPlan`` bundles them with the file's header), ``write_plan(session, good_checks)``; the rows
come from ``io.members_import.read_roll_file(path)``.
The user actions over all this (rights, masking, the unit of work, audit) are
``actions.members`` and ``actions.members_files``.
Test data: ``core.members.synth`` (valid credit codes, ID numbers, company and person names).

Demo (``core.members.demo.build``) puts ``ctx["members"]`` = list of created member ids (number
order), ``ctx["council"]`` = council member ids, ``ctx["members_by_no"]`` = {no: id}.

Dashboard figures (``core.members.dashboard``): ``by_level``, ``by_kind``, ``joins_exits(year)``.
"""
