"""The meetings actions (issue 12): each works for the secretariat, refuses a viewer (and the
treasurer, who keeps the books, not the meetings) and then changes nothing; the member picker does
not confirm a guessed ID or phone number to a viewer."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pypdf
import pytest

from secretariat_app.actions import Actor, meetings, meetings_minutes
from secretariat_app.core.auth import set_current_user
from secretariat_app.core.trust.users import add_user
from secretariat_app.errors import DomainError, PermissionDenied


@pytest.fixture
def roles(demo_book):
    set_current_user(None)
    with demo_book.session() as s:
        admin = add_user(s, "admin", "secret-pass-1", "admin")
        secretary = add_user(s, "li", "secret-pass-2", "secretary")
        treasurer = add_user(s, "zhao", "secret-pass-3", "treasurer")
        viewer = add_user(s, "wang", "secret-pass-4", "viewer")
    set_current_user(None)
    yield {name: Actor(demo_book, user) for name, user in
           (("admin", admin), ("secretary", secretary), ("treasurer", treasurer), ("viewer", viewer))}
    set_current_user(None)


def snapshot(actor: Actor) -> str:
    """Everything the meetings hold, as one text (to see that a refusal changed nothing)."""
    out = []
    for row in meetings.list_meetings(actor):
        state = meetings.editor_state(actor, row["id"])
        out.append(json.dumps([state["record"], state["versions"], state["notice"], state["minutes"]],
                              default=str, ensure_ascii=False, sort_keys=True))
    return "\n".join(out)


def test_a_meeting_recorded_step_by_step(roles, tmp_path):
    sec = roles["secretary"]
    out = meetings.create_meeting(sec, dict(kind="council", title="临时理事会", date=date.today(),
                                            agenda=["审议预算"]))
    mid = out.value
    assert mid in out.changes.meetings and out.changes.touches("meetings")
    assert meetings.update_meeting(sec, mid, dict(place="秘书处会议室")).changes.meetings == {mid}
    guest = meetings.add_guest(sec, mid, dict(name="陈主任", organization="民政局")).value
    item = meetings.add_agenda_item(sec, mid, dict(title="审议工作报告")).value
    meetings.update_agenda_item(sec, item, dict(title="审议年度工作报告"))
    meetings.move_agenda_item(sec, item, -1)
    state = meetings.editor_state(sec, mid)
    assert [a["title"] for a in state["record"]["agenda"]] == ["审议年度工作报告", "审议预算"]
    assert state["record"]["place"] == "秘书处会议室" and state["record"]["guests"][0]["name"] == "陈主任"
    meetings.remove_guest(sec, guest)
    meetings.remove_agenda_item(sec, item)

    assert meetings.mark_all_present(sec, mid).value == state["figures"]["expected"]
    lines = meetings.editor_state(sec, mid)["lines"]
    meetings.set_attendance(sec, mid, [dict(member_id=lines[1]["id"], status="proxy", proxy_to=lines[0]["id"])])
    assert meetings.editor_state(sec, mid)["figures"]["proxies"] == 1

    rid = meetings.add_resolution(sec, mid, dict(title="关于年度预算的决议")).value
    meetings.update_resolution(sec, rid, dict(text="同意预算"))
    present = meetings.meeting_row(sec, mid)["present"]
    assert meetings.record_vote(sec, rid, dict(votes_for=present)).value is True
    res = meetings.resolve(sec, mid, "关于换届的决议", votes_for=present, votes_against=0, votes_abstain=0).value
    assert res["adopted"] is True
    meetings.remove_resolution(sec, res["id"])

    eid = meetings.add_election(sec, mid, dict(office="监事", seats=1)).value
    cid = meetings.add_candidate(sec, eid, lines[5]["id"]).value
    extra = meetings.add_candidate(sec, eid, lines[6]["id"]).value
    meetings.remove_candidate(sec, extra)
    assert meetings.record_election_votes(sec, eid, {cid: present}).value == []
    applied = meetings.apply_election(sec, eid, False)
    assert applied.value and applied.changes.touches("members", "meetings")
    assert cid

    sections = dict(opening="会议开始", items={}, other="", closing="散会")
    assert meetings_minutes.save_minutes(sec, mid, sections).value == 1
    meetings_minutes.save_notice(sec, mid, dict(number="协〔2026〕20号"))
    assert meetings_minutes.approve_minutes(sec, mid, "王会长", sections).value == 1
    assert meetings.editor_state(sec, mid)["locked"]
    with pytest.raises(DomainError):
        meetings.update_meeting(sec, mid, dict(place="别处"))  # the approved record is locked
    assert meetings_minutes.start_correction(sec, mid, "更正列席人员").value == 2
    assert meetings_minutes.minutes_version(sec, mid, 1)["locked"]

    for query, extra_args in ((meetings_minutes.minutes_pdf, (1,)), (meetings_minutes.signin_pdf, ()),
                              (meetings_minutes.notice_pdf, ())):
        target = tmp_path / f"{query.__name__}.pdf"
        assert query(roles["viewer"], mid, target, *extra_args) == str(target)  # reading is for everyone
        assert "临时理事会" in "".join(p.extract_text() for p in pypdf.PdfReader(str(target)).pages).replace("\n", "")


def test_refusals_write_nothing_and_no_file(roles, tmp_path):
    sec = roles["secretary"]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(DomainError):
        meetings_minutes.minutes_pdf(sec, 9999, out / "x.pdf")
    assert list(out.iterdir()) == []
    before = snapshot(sec)
    with pytest.raises(DomainError):
        meetings.create_meeting(sec, dict(kind="council", title="", date=date.today()))
    with pytest.raises(DomainError):
        meetings.remove_guest(sec, 9999)
    assert snapshot(sec) == before


def _write_calls(mid: int, lines: list[dict], state: dict):
    rec = state["record"]
    item = rec["agenda"][0]["id"] if rec["agenda"] else 1
    res = rec["resolutions"][0]["id"] if rec["resolutions"] else 1
    return [
        (meetings.create_meeting, (dict(kind="council", title="X", date=date.today()),)),
        (meetings.update_meeting, (mid, dict(place="X"))),
        (meetings.add_guest, (mid, dict(name="X"))),
        (meetings.remove_guest, (1,)),
        (meetings.add_agenda_item, (mid, dict(title="X"))),
        (meetings.update_agenda_item, (item, dict(title="X"))),
        (meetings.remove_agenda_item, (item,)),
        (meetings.move_agenda_item, (item, 1)),
        (meetings.mark_all_present, (mid,)),
        (meetings.set_attendance, (mid, [dict(member_id=lines[0]["id"], status="absent")])),
        (meetings.attend_from_file, (mid, "nothing.csv")),
        (meetings.list_members, (mid, [lines[0]["id"]])),
        (meetings.add_resolution, (mid, dict(title="X"))),
        (meetings.update_resolution, (res, dict(title="X"))),
        (meetings.remove_resolution, (res,)),
        (meetings.record_vote, (res, dict(votes_for=1))),
        (meetings.resolve, (mid, "X"), dict(votes_for=1, votes_against=0, votes_abstain=0)),
        (meetings.add_election, (mid, dict(office="监事"))),
        (meetings.add_candidate, (1, lines[0]["id"])),
        (meetings.remove_candidate, (1,)),
        (meetings.record_election_votes, (1, {1: 1})),
        (meetings.apply_election, (1,)),
        (meetings.record_election, (mid, "监事", [(lines[0]["no"], 1)])),
        (meetings_minutes.save_minutes, (mid, dict(opening="X"))),
        (meetings_minutes.approve_minutes, (mid, "X")),
        (meetings_minutes.start_correction, (mid, "X")),
        (meetings_minutes.save_notice, (mid, dict(number="X"))),
    ]


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_every_write_refuses_a_role_without_the_right(roles, role):
    sec = roles["secretary"]
    mid = meetings.list_meetings(sec)[0]["id"]
    state = meetings.editor_state(sec, mid)
    before = snapshot(sec)
    calls = _write_calls(mid, state["lines"], state)
    for call in calls:
        fn, args = call[0], call[1]
        kwargs = call[2] if len(call) > 2 else {}
        with pytest.raises(PermissionDenied):
            fn(roles[role], *args, **kwargs)
    assert snapshot(sec) == before
    # every write action of the module is in the list above
    from secretariat_app.actions.base import REGISTRY

    writes = {k for k, f in REGISTRY.items() if k.split(".")[0] in ("meetings", "meetings_minutes")
              and f.__action__ == "action"}
    assert writes == {f"{c[0].__module__.rsplit('.', 1)[-1]}.{c[0].__name__}" for c in calls}


def test_queries_are_open_to_a_viewer(roles):
    viewer = roles["viewer"]
    rows = meetings.list_meetings(viewer)
    assert rows and meetings.years(viewer)[0] >= rows[-1]["date"].year
    mid = rows[0]["id"]
    assert meetings.meeting_record(viewer, mid)["id"] == mid
    assert meetings.meeting_row(viewer, mid)["id"] == mid
    assert meetings.dashboard(viewer)["held"] >= 1
    state = meetings.editor_state(viewer, mid)
    assert state["lines"] and "mobile" not in state["lines"][0] and "id_number" not in state["lines"][0]


def test_member_picker_does_not_confirm_a_guessed_number(roles):
    from secretariat_app.core.members.models import Member

    sec, viewer = roles["secretary"], roles["viewer"]
    with sec.book.session() as s:
        m = s.query(Member).filter(Member.mobile.is_not(None), Member.mobile != "", Member.left_on.is_(None)).first()
        mobile, no, joined = m.mobile, m.no, m.joined
    on = max(joined, date.today() - timedelta(days=1))
    assert [r[1] for r in meetings.member_choices(sec, on, mobile)] == [no]
    assert meetings.member_choices(viewer, on, mobile) == []  # a whole phone number: no match for a viewer
    assert no in [r[1] for r in meetings.member_choices(viewer, on, no)]


def test_attendance_from_a_csv_file(roles, tmp_path):
    sec = roles["secretary"]
    mid = meetings.create_meeting(sec, dict(kind="council", title="理事会", date=date.today())).value
    lines = meetings.editor_state(sec, mid)["lines"]
    f = tmp_path / "att.csv"
    f.write_text("member,status,proxy_to\n" + f"{lines[0]['no']},present,\n{lines[1]['no']},委托,{lines[0]['no']}\n"
                 + f"{lines[2]['no']},leave,\n", encoding="utf-8-sig")
    assert meetings.attend_from_file(sec, mid, str(f)).value == 3
    fig = meetings.editor_state(sec, mid)["figures"]
    assert (fig["in_person"], fig["proxies"], fig["leave"]) == (1, 1, 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("member,status\nNOPE,present\n", encoding="utf-8")
    with pytest.raises(DomainError):
        meetings.attend_from_file(sec, mid, str(bad))
    assert meetings.editor_state(sec, mid)["figures"]["in_person"] == 1
