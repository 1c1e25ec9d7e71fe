"""Member roll rules (DOMAIN.md §1): validation, duplicates, numbers, history, never delete."""

from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select

from secretariat_app.core.members import service, synth
from secretariat_app.core.members.levels import add_level, levels, move_level, rename_level, save_levels
from secretariat_app.core.members.models import Member, MemberEvent
from secretariat_app.core.members.queries import describe_event
from secretariat_app.errors import DomainError

RNG = random.Random(5)
CC = synth.credit_code(RNG)
ID = synth.id_number(RNG, born=date(1970, 3, 8))


def corp(session, **kw):
    values = dict(kind="corporate", name="西咸新区秦川精密机械有限公司", level="理事单位", joined="2023/2/14",
                  credit_code=synth.credit_code(RNG), contact_name="张伟", mobile="13912345678")
    values.update(kw)
    return service.admit_member(session, **values)


def person(session, **kw):
    values = dict(kind="个人", name="李晓梅", level="会员", joined=date(2022, 5, 1), id_number=synth.id_number(RNG))
    values.update(kw)
    return service.admit_member(session, **values)


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Member))


def test_admit_numbers_and_history(session):
    a = corp(session, credit_code=CC)
    b = person(session, id_number=ID)
    assert (a.no, b.no) == ("M0001", "M0002")
    assert a.joined == date(2023, 2, 14) and a.level.name == "理事单位" and b.level.name == "会员"
    assert a.status == "active" and a.contact_name == "张伟"
    assert [e.kind for e in service.history(session, a.id)] == ["admitted"]
    assert service.member_by_no(session, "m0001").id == a.id
    assert service.member_by_identifier(session, CC.lower()).id == a.id
    service.set_number_prefix(session, "xh-")
    assert corp(session).no == "XH-0003"


@pytest.mark.parametrize("field, bad, words", [
    ("credit_code", CC[:-1] + ("0" if CC[-1] != "0" else "1"), "校验"),
    ("credit_code", CC[:10], "18"),
    ("mobile", "1391234", "手机"),
    ("joined", "2023-02-30", "存在"),
    ("joined", "2999-01-01", "晚于今天"),
])
def test_bad_corporate_input_is_refused_and_nothing_written(session, field, bad, words):
    with pytest.raises(DomainError) as e:
        corp(session, **{field: bad})
    assert words in str(e.value)
    assert count(session) == 0


def test_bad_id_numbers(session):
    good = synth.id_number(RNG, born=date(1960, 1, 1))
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(DomainError, match="校验"):
        person(session, id_number=bad_check)
    impossible = good[:6] + "19600231" + good[14:17]
    from stdnum.cn import ric
    impossible += ric.calc_check_digit(impossible + "0")
    with pytest.raises(DomainError, match="出生日期"):
        person(session, id_number=impossible)
    # An area code that did not exist in the birth year is accepted (python-stdnum #442).
    old = "110000" + "19400101" + "123"
    old += ric.calc_check_digit(old + "0")
    assert person(session, id_number=old).id_number == old


def test_kind_rules(session):
    with pytest.raises(DomainError):
        person(session, credit_code=CC)
    with pytest.raises(DomainError):
        corp(session, credit_code="")
    with pytest.raises(DomainError, match="等级"):
        person(session, level="理事单位")  # a corporate level for an individual
    assert count(session) == 0


def test_duplicates_refused(session):
    corp(session, credit_code=CC)
    person(session, id_number=ID)
    with pytest.raises(DomainError, match="M0001"):
        corp(session, credit_code=CC, name="另一家公司")
    with pytest.raises(DomainError, match="M0002"):
        person(session, id_number=ID, name="王五")
    assert count(session) == 2


def test_change_level_keeps_history(session):
    m = corp(session, joined="2020-01-01")
    service.change_level(session, m.id, "副会长单位", "2024-03-01", note="换届")
    assert m.level.name == "副会长单位"
    assert service.level_on(session, m.id, date(2023, 12, 31)).name == "理事单位"
    assert service.level_on(session, m.id, date(2024, 3, 1)).name == "副会长单位"
    with pytest.raises(DomainError):
        service.change_level(session, m.id, "理事单位", "2019-01-01")
    with pytest.raises(DomainError):
        service.change_level(session, m.id, "副会长单位", "2025-01-01")  # already there
    kinds = [describe_event(e)[0] for e in service.history(session, m.id)]
    assert kinds == ["入会", "等级变更"]


def test_leaving_keeps_the_member_and_ends_posts(session):
    m = corp(session, joined="2020-01-01")
    post = service.assign_post(session, m.id, "理事", "council", "2021-01-01")
    service.record_leaving(session, m.id, "2024-06-30", "resigned", "企业搬迁")
    session.refresh(post)
    assert m.status == "left" and m.left_on == date(2024, 6, 30) and post.end_on == date(2024, 6, 30)
    assert service.member_by_no(session, m.no) is not None  # nothing is deleted
    assert [x.id for x in service.active_members(session, date(2024, 6, 29))] == [m.id]
    assert service.active_members(session, date(2024, 6, 30)) == []
    with pytest.raises(DomainError):
        service.record_leaving(session, m.id, "2024-07-01", "resigned")
    with pytest.raises(DomainError):
        service.change_level(session, m.id, "会员单位", "2024-07-01")
    with pytest.raises(DomainError):
        service.record_leaving(session, corp(session).id, "2024-01-01", "fired")
    assert session.scalar(select(func.count()).select_from(MemberEvent).where(MemberEvent.kind == "left")) == 1


def test_posts_and_bodies(session):
    a, b, c, d = (corp(session, joined="2019-01-01") for _ in range(4))
    service.assign_post(session, a.id, "会长", "presidents", "2021-05-18")
    service.assign_post(session, b.id, "常务理事", "standing_council", "2021-05-18")
    service.assign_post(session, c.id, "理事", "council", "2021-05-18")
    service.assign_post(session, d.id, "监事", "supervisors", "2021-05-18")
    with pytest.raises(DomainError, match="会长"):
        service.assign_post(session, b.id, "会长", "presidents", "2022-01-01")
    on = date(2022, 1, 1)
    assert service.body_members(session, on, "council") == [a.id, b.id, c.id]
    assert service.body_members(session, on, "standing_council") == [a.id, b.id]
    assert service.body_members(session, on, "supervisors") == [d.id]
    assert len(service.body_members(session, on, "general_assembly")) == 4
    assert service.posts_on(session, date(2021, 5, 17)) == []
    assert service.end_body_posts(session, "council", "2026-05-18") == 1
    assert service.posts_on(session, date(2026, 5, 18), "council") == []
    assert [p.member_id for p in service.posts_on(session, date(2026, 5, 17), "council")] == [c.id]
    service.assign_post(session, a.id, "理事", "council", "2026-05-18")  # the new term
    assert [p.member_id for p in service.posts_on(session, date(2026, 5, 18), "council")] == [a.id]


def test_edit_and_contacts(session):
    m = corp(session)
    service.update_member(session, m.id, address="陕西省西咸新区沣泾大道1号", mobile="029-33681234")
    assert m.mobile == "029-33681234"
    with pytest.raises(DomainError):
        service.update_member(session, m.id, mobile="12")
    with pytest.raises(DomainError):
        service.update_member(session, m.id, kind="individual")
    c = service.add_contact(session, m.id, "王芳", mobile="13800000000", primary=True)
    assert m.contact_name == "王芳" and m.mobile == "13800000000"
    service.retire_contact(session, c.id)
    names = [(x.name, x.is_primary, x.active) for x in service.contacts(session, m.id)]
    assert ("王芳", False, False) in names and ("张伟", True, True) in names
    kinds = {e.kind for e in service.history(session, m.id)}
    assert {"edited", "contact_changed"} <= kinds


def test_levels_are_ordered_renameable_addable(session):
    corp_levels = [lv.name for lv in levels(session, "corporate")]
    assert corp_levels == ["会长单位", "副会长单位", "常务理事单位", "理事单位", "会员单位"]
    new = add_level(session, "corporate", "监事单位", position=4)
    assert [lv.name for lv in levels(session, "corporate")][3] == "监事单位"
    rename_level(session, new.id, "监事长单位")
    with pytest.raises(DomainError):
        rename_level(session, new.id, "会长单位")
    m = corp(session, level="监事长单位")
    move_level(session, new.id, 1)
    session.refresh(m)
    ranks = {lv.name: lv.position for lv in levels(session, "corporate")}
    assert ranks["监事长单位"] == 1 and ranks["会长单位"] == 2
    assert m.level_rank == 1  # corporate levels first, then by position
    rows = [(lv.id, lv.name, True) for lv in levels(session, "individual")]
    rows[0], rows[1] = (rows[0][0], rows[1][1], True), (rows[1][0], rows[0][1], True)  # swap two names
    save_levels(session, "individual", rows)
    assert [lv.name for lv in levels(session, "individual")][:2] == ["副会长", "会长"]
    with pytest.raises(DomainError):
        save_levels(session, "corporate", [(lv.id, lv.name, True) for lv in levels(session, "corporate")
                                           if lv.name != "监事长单位"])  # held by a member


def test_core_imports_without_qt():
    import subprocess
    import sys

    code = ("import sys; sys.modules['PySide6'] = None\n"
            "import secretariat_app.core.members.service, secretariat_app.core.members.search\n"
            "import secretariat_app.core.members.demo, secretariat_app.core.members.dashboard\n"
            "import secretariat_app.io.members_import, secretariat_app.io.members_export, secretariat_app.pdf.roll\n"
            "import secretariat_app.core.members.importing, secretariat_app.core.members.roll\n"
            "import secretariat_app.actions.members, secretariat_app.actions.members_files\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_stale_expected_version_is_refused_and_nothing_written(session):
    """Issue 8: a form that read version 1 may not save over a change made since (GUI workers save in a
    fresh session, so the version travels with the form)."""
    m = corp(session)
    session.commit()
    read = m.row_version
    service.update_member(session, m.id, address="陕西省西安市雁塔区科技路1号")  # another user, first
    session.commit()
    events = session.scalar(select(func.count()).select_from(MemberEvent).where(MemberEvent.member_id == m.id))
    with pytest.raises(DomainError):
        service.update_member(session, m.id, expected_version=read, address="陕西省咸阳市秦都区")
    session.rollback()
    m = session.get(Member, m.id)
    assert m.address == "陕西省西安市雁塔区科技路1号" and m.row_version == read + 1
    assert session.scalar(select(func.count()).select_from(MemberEvent).where(MemberEvent.member_id == m.id)) == events
    service.update_member(session, m.id, expected_version=m.row_version, address="陕西省咸阳市秦都区")
    assert session.get(Member, m.id).address == "陕西省咸阳市秦都区"


def test_update_contact_and_make_primary(session):
    m = corp(session)
    first = next(c for c in service.contacts(session, m.id) if c.is_primary)
    c = service.add_contact(session, m.id, "赵六", mobile="13987654321", position="办公室主任")
    assert not c.is_primary and m.contact_name == first.name
    with pytest.raises(DomainError) as e:
        service.update_contact(session, c.id, name="", mobile="139", email="x@")
    assert len(e.value.problems) == 3  # name, mobile and e-mail reported together; nothing written
    assert c.name == "赵六"
    service.update_contact(session, c.id, name="赵六", mobile="13987654321", phone="029-33681234")
    assert c.phone == "029-33681234"
    service.set_primary_contact(session, c.id)
    assert [x.name for x in service.contacts(session, m.id) if x.is_primary] == ["赵六"]
    assert m.contact_name == "赵六" and m.mobile == "13987654321"
    service.update_contact(session, c.id, name="赵六", mobile="13900000000")
    assert m.mobile == "13900000000"  # the member row follows its primary contact
    notes = [e.detail for e in service.history(session, m.id) if e.kind == "contact_changed"]
    assert len(notes) >= 4
