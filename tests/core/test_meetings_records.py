"""Meetings: elections updating the officer posts, minutes approval, locking and versions, notices,
checks and the demo book (DOMAIN.md §4)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from test_meetings import D, _roll_template, attend, mbook, roll, session  # noqa: F401 — fixtures

from secretariat_app.core.meetings import attendance, elections, minutes, notices, queries, service, votes
from secretariat_app.core.meetings.body import figures
from secretariat_app.core.meetings.models import ABSENT
from secretariat_app.core.members import service as members
from secretariat_app.errors import DomainError


def _holders(session, on: date, post: str) -> list[int]:
    return [p.member_id for p in members.posts_on(session, on) if p.post == post]


def test_election_updates_officer_posts(session, roll):
    m = service.create_meeting(session, kind="council", title="换届", date=D)
    attend(session, m.id, roll[:9], 9)
    e = elections.add_election(session, m.id, office="会长")
    assert (e.body, e.ballot, e.seats) == ("presidents", "secret", 1)
    a = elections.add_candidate(session, e.id, roll[3])
    b = elections.add_candidate(session, e.id, roll[4])
    with pytest.raises(DomainError):
        elections.add_candidate(session, e.id, roll[3])
    with pytest.raises(DomainError):
        elections.apply_election(session, e.id)  # no votes yet
    assert elections.record_election_votes(session, e.id, {a.id: 6, b.id: 3}) == []
    assert (a.elected, b.elected) == (True, False)
    assert _holders(session, D, "会长") == [roll[0]]
    ids = elections.apply_election(session, e.id)
    assert len(ids) == 1
    assert _holders(session, date(2025, 2, 28), "会长") == [roll[0]]  # the old term up to the day before
    assert _holders(session, D, "会长") == [roll[3]]
    new = [p for p in members.posts_on(session, D) if p.post == "会长"][0]
    assert new.start_on == D and new.source_meeting_id == m.id
    with pytest.raises(DomainError):
        elections.apply_election(session, e.id)


def test_by_election_keeps_current_holders_and_ties_elect_nobody(session, roll):
    m = service.create_meeting(session, kind="general_assembly", title="大会", date=D)
    attend(session, m.id, roll, 10)
    tie = elections.add_election(session, m.id, office="监事", seats=2)
    x, y, z = (elections.add_candidate(session, tie.id, i) for i in roll[9:12])
    notes = elections.record_election_votes(session, tie.id, {x.id: 7, y.id: 6, z.id: 6})
    assert notes and (x.elected, y.elected, z.elected) == (True, False, False)
    e = elections.add_election(session, m.id, office="理事", seats=1)
    a = elections.add_candidate(session, e.id, roll[10])
    b = elections.add_candidate(session, e.id, roll[11])
    elections.record_election_votes(session, e.id, {a.id: 5, b.id: 3})
    assert not a.elected  # 5 of 10 is not more than half
    with pytest.raises(DomainError):
        elections.apply_election(session, e.id)  # nobody elected
    with pytest.raises(DomainError):
        elections.record_election_votes(session, e.id, {a.id: 7, b.id: 6})  # 13 votes, 10 ballots
    elections.record_election_votes(session, e.id, {a.id: 7, b.id: 3})
    elections.apply_election(session, e.id, end_previous=False)
    assert len(_holders(session, D, "理事")) == 9  # eight directors kept, one added


def test_election_without_quorum_elects_nobody(session, roll):
    m = service.create_meeting(session, kind="council", title="理事会", date=D)
    attend(session, m.id, roll[:9], 5)
    e = elections.add_election(session, m.id, office="副会长")
    c = elections.add_candidate(session, e.id, roll[2])
    notes = elections.record_election_votes(session, e.id, {c.id: 5})
    assert notes and not c.elected


def test_minutes_are_locked_when_approved_and_corrected_as_a_new_version(session, roll):
    m = service.create_meeting(session, kind="council", title="理事会", date=D, agenda=["工作报告"],
                               chair="王会长", recorder="张婷")
    attend(session, m.id, roll[:9], 8)
    item = m.agenda[0].id
    r = votes.add_resolution(session, m.id, title="通过工作报告", agenda_item_id=item)
    votes.record_vote(session, r.id, votes_for=8)
    with pytest.raises(DomainError):
        minutes.approve_minutes(session, m.id, approved_by="王会长")  # nothing written yet
    minutes.save_minutes(session, m.id, opening="开会", items={item: "讨论了工作报告"})
    minutes.save_minutes(session, m.id, closing="散会")
    with pytest.raises(DomainError):
        minutes.save_minutes(session, m.id, items={9999: "x"})
    v1 = minutes.approve_minutes(session, m.id, approved_by="王会长")
    assert v1.locked and v1.version == 1
    for action in (lambda: minutes.save_minutes(session, m.id, opening="改"),
                   lambda: minutes.approve_minutes(session, m.id, approved_by="x"),
                   lambda: attendance.set_attendance(session, m.id, roll[8], ABSENT),
                   lambda: service.update_meeting(session, m.id, place="别处"),
                   lambda: votes.record_vote(session, r.id, votes_for=7)):
        with pytest.raises(DomainError):
            action()
    with pytest.raises(DomainError):
        minutes.start_correction(session, m.id, reason="")
    v2 = minutes.start_correction(session, m.id, reason="漏记一名缺席理事")
    assert (v2.version, v2.locked) == (2, False)
    attendance.set_attendance(session, m.id, roll[7], ABSENT)
    minutes.save_minutes(session, m.id, opening="开会（更正）")
    old = minutes.minutes_data(session, m.id, 1)
    new = minutes.minutes_data(session, m.id)
    assert old["locked"] and old["opening"] == "开会" and old["record"]["attendance"]["present"] == 8
    assert not new["locked"] and new["opening"] == "开会（更正）" and new["record"]["attendance"]["present"] == 7
    assert new["items"][str(item)] == "讨论了工作报告" and new["closing"] == "散会"
    minutes.approve_minutes(session, m.id, approved_by="王会长")
    assert [(v.version, v.locked) for v in minutes.versions(session, m.id)] == [(1, True), (2, True)]
    assert queries.list_meetings(session)[0]["minutes"] == "approved"


def test_minutes_of_a_future_meeting_cannot_be_approved(session, roll):
    m = service.create_meeting(session, kind="council", title="将来", date=date(2099, 1, 1))
    minutes.save_minutes(session, m.id, opening="x")
    with pytest.raises(DomainError):
        minutes.approve_minutes(session, m.id, approved_by="王会长")
    with pytest.raises(DomainError):
        minutes.approve_minutes(session, service.create_meeting(session, kind="council", title="y", date=D).id,
                                approved_by="王会长", approved_at=datetime(2020, 1, 1))


def test_notice_defaults_and_saving(session, roll):
    m = service.create_meeting(session, kind="council", title="第一届理事会第三次会议", date=D, place="会议室",
                               agenda=["审议预算"])
    n = notices.notice_data(session, m.id)
    assert not n["saved"] and "第一届理事会第三次会议" in n["body"] and n["agenda"][0]["title"] == "审议预算"
    with pytest.raises(DomainError):
        notices.save_notice(session, m.id, issued_on=date(2025, 3, 5))  # after the meeting
    notices.save_notice(session, m.id, issued_on=date(2025, 2, 15), number="协〔2025〕1号", reply_by="2025-02-25")
    n = notices.notice_data(session, m.id)
    assert n["saved"] and n["number"] == "协〔2025〕1号" and n["reply_by"] == "2025-02-25"


def test_checks_pass_on_consistent_data(mbook, session, roll):
    from secretariat_app.core.checks import run_checks

    m = service.create_meeting(session, kind="council", title="理事会", date=D)
    attend(session, m.id, roll[:9], 7, proxies=1)
    r = votes.add_resolution(session, m.id, title="决议")
    votes.record_vote(session, r.id, votes_for=8)
    session.commit()
    results = {res.title: res.problems for res in run_checks(mbook)}
    meeting_checks = {t: p for t, p in results.items() if "会议" in t or "Meetings" in t}
    assert meeting_checks and all(not p for p in meeting_checks.values())


def test_demo_book_meetings(demo_book):
    today = date.today()
    with demo_book.session() as s:
        held = queries.held_meetings(s, today.year, today)
        kinds = {r["kind"] for r in held}
        assert len(held) >= 3 and "general_assembly" in kinds and "council" in kinds
        assert all(r["minutes"] == "approved" and r["quorum_met"] and r["adopted"] for r in held)
        ga = next(r for r in held if r["kind"] == "general_assembly")
        assert ga["expected"] >= 100 and ga["proxies"] > 0
        dues = queries.adopted_resolutions(s, today.year, "dues_schedule")
        assert len(dues) == 1 and dues[0]["ballot"] == "secret" and dues[0]["meeting_id"] == ga["id"]
        assert figures(s, service.get_meeting(s, ga["id"])).quorum_met
