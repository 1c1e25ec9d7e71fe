"""Meetings: the body at a date, attendance, quorum and majorities, and the refusals (DOMAIN.md §4)."""

from __future__ import annotations

import os
import random
import shutil
from datetime import date

import pytest

from secretariat_app.core.meetings import attendance, queries, rules, service, votes
from secretariat_app.core.meetings.body import figures
from secretariat_app.core.meetings.models import ABSENT, LEAVE, PRESENT, PROXY, Resolution
from secretariat_app.core.members import service as members
from secretariat_app.core.members import synth
from secretariat_app.errors import DomainError

D = date(2025, 3, 1)


def make_members(session, n: int, joined: date = date(2020, 1, 1)) -> list[int]:
    rng = random.Random(n)
    return [members.admit_member(session, kind="individual", name=f"会员{i:03d}", level="会员", joined=joined,
                                 id_number=synth.id_number(rng, serial=i)).id for i in range(n)]


def make_council(session, ids: list[int], start: date = date(2021, 1, 1)) -> None:
    members.assign_post(session, ids[0], "会长", "presidents", start)
    for i in ids[1:]:
        members.assign_post(session, i, "理事", "council", start)


def attend(session, meeting_id: int, ids: list[int], present: int, proxies: int = 0) -> None:
    """The first ``present`` members in person, the next ``proxies`` by proxy to the first, the rest absent."""
    attendance.mark_all_present(session, meeting_id)
    entries = [dict(member_id=i, status=PROXY, proxy_to=ids[0]) for i in ids[present:present + proxies]]
    entries += [dict(member_id=i, status=ABSENT) for i in ids[present + proxies:]]
    if entries:
        attendance.set_attendance_many(session, meeting_id, entries)


def _build_roll(url: str) -> list[int]:
    from secretariat_app.core.book_settings import update_settings
    from secretariat_app.db.book import create_book

    b = create_book(url)
    with b.session() as s:
        update_settings(s, name="测试行业协会")
        ids = make_members(s, 12)
        make_council(s, ids[:9])  # a council of nine (会长 + eight 理事)
        s.commit()
    b.close()
    return ids


@pytest.fixture(scope="session")
def _roll_template(tmp_path_factory):
    """The roll is built once per run on SQLite and copied for each test (fast)."""
    if os.environ.get("SECRETARIAT_TEST_PG"):
        return None
    path = tmp_path_factory.mktemp("meetings") / "roll.sqlite"
    return path, _build_roll(str(path))


@pytest.fixture
def mbook(tmp_path, book_url, _roll_template):
    """A book holding twelve members, nine of them on the council (posts from 2021-01-01)."""
    from secretariat_app.db.book import open_book

    if _roll_template is None:
        ids = _build_roll(book_url)
        b = open_book(book_url)
    else:
        path, ids = _roll_template
        target = tmp_path / "roll.sqlite"
        shutil.copyfile(path, target)
        b = open_book(str(target))
    b.roll_ids = ids
    yield b
    b.close()


@pytest.fixture
def session(mbook):
    with mbook.session() as s:
        yield s


@pytest.fixture
def roll(mbook):
    return list(mbook.roll_ids)


def test_body_at_the_meeting_date(session, roll):
    late = make_members(session, 1, joined=date(2025, 6, 1))[0]
    ga = service.create_meeting(session, kind="general_assembly", title="大会", date=D)
    council = service.create_meeting(session, kind="council", title="理事会", date=D)
    pres = service.create_meeting(session, kind="presidents", title="会长办公会", date=D)
    rows = {r["id"]: r for r in queries.list_meetings(session)}
    assert rows[ga.id]["expected"] == 12  # the member admitted later is not in the body
    assert rows[council.id]["expected"] == 9  # 会长 sits in the council too
    assert rows[pres.id]["expected"] == 1
    assert late not in [x["id"] for x in queries.body_lines(session, ga)]


@pytest.mark.parametrize("present,proxies,met", [(6, 0, True), (5, 0, False), (4, 2, True), (4, 1, False)])
def test_quorum_two_thirds_counting_proxies(session, roll, present, proxies, met):
    m = service.create_meeting(session, kind="council", title="理事会", date=D)
    attend(session, m.id, roll[:9], present, proxies)
    fig = figures(session, m)
    assert (fig.expected, fig.counted, fig.proxies) == (9, present + proxies, proxies)
    assert fig.quorum_met is met
    assert queries.list_meetings(session)[0]["quorum_met"] is met


def test_quorum_rule_functions():
    assert rules.quorum_met(80, 120) and not rules.quorum_met(79, 120)
    assert rules.quorum_needed(120) == 80 and rules.quorum_needed(10) == 7
    assert rules.votes_needed("half", 10) == 6 and rules.votes_needed("two_thirds", 9) == 6
    assert rules.carries("two_thirds", 6, 9) and not rules.carries("two_thirds", 5, 9)
    assert not rules.carries("half", 5, 10) and rules.carries("half", 6, 10)


def test_council_needs_two_thirds_of_those_present(session, roll):
    m = service.create_meeting(session, kind="council", title="理事会", date=D, agenda=["议题"])
    attend(session, m.id, roll[:9], 9)
    r = votes.add_resolution(session, m.id, title="决议", agenda_item_id=m.agenda[0].id)
    assert r.majority == "two_thirds" and r.ballot == "open"
    votes.record_vote(session, r.id, votes_for=6, votes_against=3)  # exactly 2/3
    assert r.adopted is True
    with pytest.raises(DomainError) as e:
        votes.record_vote(session, r.id, votes_for=5, votes_against=4, adopted=True)  # one short
    assert "6" in e.value.message
    session.refresh(r)
    assert (r.votes_for, r.adopted) == (6, True)  # nothing written
    votes.record_vote(session, r.id, votes_for=5, votes_against=4)  # recorded as not adopted
    assert r.adopted is False


def test_general_assembly_needs_more_than_half(session, roll):
    m = service.create_meeting(session, kind="general_assembly", title="大会", date=D)
    attend(session, m.id, roll, 10)
    r = votes.add_resolution(session, m.id, title="工作报告")
    with pytest.raises(DomainError):
        votes.record_vote(session, r.id, votes_for=5, votes_against=5, adopted=True)  # exactly half: no
    votes.record_vote(session, r.id, votes_for=6, votes_against=4, adopted=True)
    assert r.adopted and r.voters == 10


def test_no_quorum_refuses_adoption(session, roll):
    m = service.create_meeting(session, kind="council", title="理事会", date=D)
    attend(session, m.id, roll[:9], 5)
    r = votes.add_resolution(session, m.id, title="决议")
    with pytest.raises(DomainError) as e:
        votes.record_vote(session, r.id, votes_for=5, adopted=True)
    assert "6" in str(e.value)  # at least 6 of 9 needed
    assert session.get(Resolution, r.id).votes_for is None


def test_assembly_subjects_and_secret_ballot(session, roll):
    council = service.create_meeting(session, kind="council", title="理事会", date=D)
    ga = service.create_meeting(session, kind="general_assembly", title="大会", date=D)
    for subject in ("charter", "dissolution", "dues_schedule"):
        with pytest.raises(DomainError):
            votes.add_resolution(session, council.id, title="x", subject=subject)
    with pytest.raises(DomainError):
        votes.add_resolution(session, ga.id, title="会费", subject="dues_schedule", ballot="open")
    with pytest.raises(DomainError):
        votes.add_resolution(session, ga.id, title="章程", subject="charter", majority="half")
    dues = votes.add_resolution(session, ga.id, title="会费", subject="dues_schedule")
    with pytest.raises(DomainError):
        service.update_meeting(session, ga.id, kind="council")  # the dues schedule needs the assembly
    charter = votes.add_resolution(session, ga.id, title="章程", subject="charter")
    assert (dues.ballot, dues.majority) == ("secret", "half")
    assert charter.majority == "two_thirds"
    attend(session, ga.id, roll, 9)
    votes.record_vote(session, dues.id, votes_for=5, votes_against=4)
    assert dues.adopted
    with pytest.raises(DomainError):
        votes.record_vote(session, charter.id, votes_for=5, votes_against=4, adopted=True)
    votes.record_vote(session, charter.id, votes_for=6, votes_against=3)
    assert charter.adopted
    assert [c["id"] for c in queries.charter_changes(session, 2025)] == [charter.id]
    votes.link_resolution(session, dues.id, "fee_schedule", 7)
    assert votes.require_adopted(session, dues.id, "dues_schedule").target_id == 7
    with pytest.raises(DomainError):
        votes.require_adopted(session, charter.id, "dues_schedule")


def test_counts_must_fit_those_present(session, roll):
    m = service.create_meeting(session, kind="general_assembly", title="大会", date=D)
    r = votes.add_resolution(session, m.id, title="决议")
    with pytest.raises(DomainError):
        votes.record_vote(session, r.id, votes_for=1)  # nobody recorded present
    attend(session, m.id, roll, 10)
    with pytest.raises(DomainError):
        votes.record_vote(session, r.id, votes_for=8, votes_against=3)  # 11 votes, 10 present
    with pytest.raises(DomainError):
        votes.record_vote(session, r.id, votes_for=8, voters=11)
    with pytest.raises(DomainError):
        votes.record_vote(session, r.id, votes_for=-1)


def test_quick_attendance_and_proxies(session, roll):
    m = service.create_meeting(session, kind="general_assembly", title="大会", date=D)
    assert attendance.mark_all_present(session, m.id) == 12
    a, b, c = roll[:3]
    with pytest.raises(DomainError):
        attendance.set_attendance(session, m.id, a, PROXY)  # no holder
    with pytest.raises(DomainError):
        attendance.set_attendance(session, m.id, a, PROXY, proxy_to=a)
    attendance.set_attendance(session, m.id, a, PROXY, proxy_to=b)
    with pytest.raises(DomainError):
        attendance.set_attendance(session, m.id, b, LEAVE)  # b holds a's proxy
    with pytest.raises(DomainError):
        attendance.set_attendance(session, m.id, c, PROXY, proxy_to=a)  # a is not present in person
    attendance.set_attendance_many(session, m.id, [dict(member_id=a, status=ABSENT), dict(member_id=b, status=LEAVE)])
    fig = figures(session, m)
    assert (fig.in_person, fig.leave, fig.absent, fig.unrecorded) == (10, 1, 1, 0)
    assert attendance.mark_all_present(session, m.id) == 0  # exceptions kept
    attendance.mark_all_present(session, m.id, reset=True)
    assert figures(session, m).in_person == 12
    outsider = make_members(session, 1, joined=date(2025, 6, 1))[0]
    with pytest.raises(DomainError):
        attendance.set_attendance(session, m.id, outsider, PRESENT)


def test_representatives_assembly_body_is_the_list(session, roll):
    m = service.create_meeting(session, kind="general_assembly", title="代表大会", date=D, representatives=True)
    assert figures(session, m).expected == 0
    attendance.list_members(session, m.id, roll[:6])
    attend(session, m.id, roll[:6], 4)
    fig = figures(session, m)
    assert (fig.expected, fig.counted, fig.quorum_met) == (6, 4, True)
    with pytest.raises(DomainError):
        attendance.list_members(session, service.create_meeting(session, kind="council", title="理事会", date=D).id,
                             roll[:3])
    with pytest.raises(DomainError):
        service.create_meeting(session, kind="council", title="x", date=D, representatives=True)


def test_bad_meeting_input_names_the_field(session):
    with pytest.raises(DomainError) as e:
        service.create_meeting(session, kind="council", title="", date=D)
    assert e.value.field
    with pytest.raises(DomainError):
        service.create_meeting(session, kind="party", title="x", date=D)
    with pytest.raises(DomainError):
        service.create_meeting(session, kind="council", title="x", date="2025-02-30")
    assert queries.list_meetings(session) == []
    with pytest.raises(DomainError):
        service.get_meeting(session, 999)


def test_year_figures_for_reports(session, roll):
    service.create_meeting(session, kind="general_assembly", title="大会", date=date(2025, 3, 1))
    service.create_meeting(session, kind="council", title="理事会", date=date(2025, 6, 1))
    service.create_meeting(session, kind="council", title="理事会", date=date(2025, 12, 1))
    service.create_meeting(session, kind="council", title="明年", date=date(2026, 1, 5))
    by_kind = queries.held_by_kind(session, 2025, today=date(2025, 7, 1))
    assert by_kind["general_assembly"] == 1 and by_kind["council"] == 1 and sum(by_kind.values()) == 2
    assert queries.next_meeting(session, date(2025, 7, 1))["date"] == date(2025, 12, 1)
    assert [r["title"] for r in queries.held_meetings(session, 2025, date(2025, 12, 31))] == ["大会", "理事会", "理事会"]
