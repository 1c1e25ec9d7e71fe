"""The member roll's actions: each works, refuses a role without its right (changing nothing), and
hands personal data to a viewer masked only (issue 12)."""

from __future__ import annotations

import csv
import random
from datetime import date

import pytest
from sqlalchemy import func, select

from secretariat_app.actions import Actor, members, members_files
from secretariat_app.actions.paging import PageRequest
from secretariat_app.core.members import synth
from secretariat_app.core.members.models import Contact, Member, MemberEvent
from secretariat_app.core.trust import users as trust_users
from secretariat_app.errors import DomainError, PermissionDenied

RNG = random.Random(12)
ID = "11010519491231002X"
MOBILE = "13912345678"
HEADER = ["类型", "名称", "统一社会信用代码", "身份证号", "会员等级", "入会日期", "联系人", "手机", "地址", "行业"]


@pytest.fixture(autouse=True)
def _logged_out():
    trust_users.logout()
    yield
    trust_users.logout()


@pytest.fixture
def roll(book):
    """A book with users: admin, secretary, treasurer, viewer; one corporate and one individual member."""
    single = Actor(book)
    corp = members.admit(single, dict(kind="corporate", name="西咸新区秦川精密机械有限公司", level="理事单位",
                                      joined="2020-03-01", credit_code=synth.credit_code(RNG), contact_name="张伟",
                                      mobile="13800001111", industry="通用设备制造业")).value
    person = members.admit(single, dict(kind="individual", name="赵敏", level="会员", joined="2022-01-10",
                                        id_number=ID, mobile=MOBILE, address="陕西省西安市雁塔区科技路1号")).value
    with book.session() as s:
        users = {role: trust_users.add_user(s, name, "secret-pass-1", role)
                 for name, role in (("admin", "admin"), ("zhang", "secretary"), ("li", "treasurer"),
                                    ("wang", "viewer"))}
    trust_users.logout()
    actors = {role: Actor(book, u) for role, u in users.items()}
    return actors, corp, person


def counts(book) -> tuple:
    with book.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (Member, MemberEvent, Contact))


def members_csv(path, n=2):
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(n):
            w.writerow(["单位", f"西咸新区导入{i}有限公司", synth.credit_code(RNG), "", "会员单位", "2024-03-01", "赵六",
                        synth.mobile(RNG), "", "专用设备制造业"])
    return str(path)


# ---- writes: work for the secretary, refused (nothing written) for the others -------------

def _writes(roll, tmp_path):
    _actors, corp, person = roll
    return [
        ("admit", lambda a: members.admit(a, dict(kind="individual", name="钱伟", level="理事", joined="2023-07-07",
                                                    id_number=synth.id_number(RNG)))),
        ("edit", lambda a: members.edit(a, corp.member_id, {"address": "陕西省西咸新区沣泾大道9号"})),
        ("change_level", lambda a: members.change_level(a, corp.no, "常务理事单位", "2024-01-01")),
        ("leave", lambda a: members.leave(a, person.member_id, "2024-05-01", "resigned")),
        ("add_contact", lambda a: members.add_contact(a, corp.member_id, {"contact_name": "赵六",
                                                                         "mobile": "13987654321"})),
        ("import_roll", lambda a: members_files.import_roll(a, members_csv(tmp_path / "in.csv"))),
        ("save_roll_settings", lambda a: members.save_roll_settings(a, "XH", {})),
    ]


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_writes_refuse_roles_without_the_right_and_change_nothing(roll, book, tmp_path, role):
    actors = roll[0]
    before = counts(book)
    for name, fn in _writes(roll, tmp_path):
        with pytest.raises(PermissionDenied):
            fn(actors[role])
        assert counts(book) == before, name
    assert members.roll_settings(actors["admin"])["prefix"] == "M"


def test_writes_work_for_the_secretary_and_name_what_changed(roll, book, tmp_path):
    actors = roll[0]
    corp = roll[1]
    for name, fn in _writes(roll, tmp_path):
        out = fn(actors["secretary"])
        assert out.changes.touches("members") or out.changes.touches("settings"), name
        if name in ("edit", "change_level", "add_contact"):
            assert corp.member_id in out.changes.members, name
    assert members.roll_settings(actors["admin"])["prefix"] == "XH"
    doc = members.show(actors["admin"], corp.no)
    assert doc["level"] == "常务理事单位" and doc["address"] == "陕西省西咸新区沣泾大道9号"
    assert members.show(actors["admin"], "M0002")["status"] == "left"


def test_contacts_actions(roll):
    actors, corp, _person = roll
    sec = actors["secretary"]
    c = members.add_contact(sec, corp.member_id, {"contact_name": "赵六", "mobile": "13987654321"}).value
    members.edit_contact(sec, c.contact_id, {"contact_name": "赵六", "mobile": "13987654321", "phone": "029-33681234"})
    members.make_primary(sec, c.contact_id)
    assert members.details(sec, corp.member_id)["contact_name"] == "赵六"
    members.retire_contact(sec, c.contact_id)
    rows = members.details(sec, corp.member_id)["contacts"]
    assert [r["active"] for r in rows if r["id"] == c.contact_id] == [False]
    for fn, args in ((members.make_primary, (c.contact_id,)), (members.retire_contact, (c.contact_id,)),
                     (members.edit_contact, (c.contact_id, {"contact_name": "x"}))):
        with pytest.raises(PermissionDenied):
            fn(actors["viewer"], *args)


def test_refusals_are_domain_errors_and_write_nothing(roll, book):
    actors = roll[0]
    before = counts(book)
    with pytest.raises(DomainError) as e:
        members.leave(actors["secretary"], "M9999", "2024-05-01", "resigned")
    assert "M9999" in str(e.value)
    with pytest.raises(DomainError):
        members.admit(actors["secretary"], dict(kind="individual", name="李四", level="会员", joined="2024-01-01",
                                                id_number="610402198001011234"))
    assert counts(book) == before


# ---- queries: everyone reads; a viewer gets personal data masked ----------------------------

def test_queries_mask_personal_data_for_a_viewer(roll):
    actors, corp, person = roll
    viewer, admin = actors["viewer"], actors["admin"]
    page = members.roll_page(viewer, PageRequest())
    assert page.total == 2
    flat = [str(v) for r in page.rows for v in r]
    assert ID not in flat and MOBILE not in flat and "13800001111" not in flat
    assert any(r[6] and r[6].startswith("91") for r in page.rows)  # the credit code is not personal data
    assert ID in [v for r in members.roll_page(admin, PageRequest()).rows for v in r]
    assert members.roll_count(viewer, PageRequest()) == 2
    d = members.details(viewer, person.member_id)
    assert d["id_number"] == "110105********002X" and d["mobile"] == "139****5678"
    assert "科技路" not in d["address"]
    c = members.details(viewer, corp.member_id)
    assert c["contacts"][0]["mobile"] == "138****1111"
    assert members.details(admin, person.member_id)["id_number"] == ID
    shown = members.show(viewer, person.no)
    assert shown["id_number"] != ID and shown["mobile"] != MOBILE
    assert [r["id_number"] for r in members.list_roll(viewer) if r["kind"] == "individual"] == ["110105********002X"]
    assert members.filter_choices(viewer)["levels"] and members.level_choices(viewer, "corporate")
    assert members.dashboard(viewer)["active"] == 2
    assert members.roll_settings(viewer)["levels"]["corporate"]


def test_viewer_may_not_sort_by_numbers(roll):
    actors = roll[0]
    # sorted by mobile or identifier, a viewer gets number order (the order would tell the numbers)
    members.edit(actors["secretary"], roll[1].member_id, {"mobile": "13999999999"})  # above the person's
    request = PageRequest(sort_column=5)
    assert [r[0] for r in members.roll_page(actors["admin"], request).rows] == ["M0002", "M0001"]
    assert [r[0] for r in members.roll_page(actors["viewer"], request).rows] == ["M0001", "M0002"]
    for descending in (False, True):
        by_no = members.roll_page(actors["viewer"], PageRequest(sort_column=0, descending=descending)).rows
        assert members.roll_page(actors["viewer"], PageRequest(sort_column=6, descending=descending)).rows == by_no


def test_file_actions(roll, tmp_path):
    actors, _corp, _person = roll
    viewer, sec = actors["viewer"], actors["secretary"]
    path = members_csv(tmp_path / "in.csv", 3)
    with pytest.raises(PermissionDenied):
        members_files.read_import(viewer, path)
    with pytest.raises(PermissionDenied):
        members_files.check_import(viewer, path)
    f = members_files.read_import(sec, path)
    check = members_files.check_import(sec, f)
    assert (check.good, check.bad) == (3, 0)
    result = members_files.import_roll(sec, f)
    assert result.created == 3 and result.changes.touches("members") and len(result.changes.members) == 3
    members_files.export_roll(viewer, str(tmp_path / "v.csv"))
    text = (tmp_path / "v.csv").read_text(encoding="utf-8-sig")
    assert ID not in text and "110105********002X" in text and MOBILE not in text
    members_files.export_roll(sec, str(tmp_path / "s.csv"))
    assert ID in (tmp_path / "s.csv").read_text(encoding="utf-8-sig")
    assert members_files.print_roll(viewer, str(tmp_path / "r.pdf"), masked=False, on_date=date.today()) == 5


def test_the_import_is_audited_as_one_bulk_entry(roll, book, tmp_path):
    from secretariat_app.core.audit import AuditEntry

    actors = roll[0]
    members_files.import_roll(actors["secretary"], members_csv(tmp_path / "in.csv", 2))
    with book.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "members",
                                                     AuditEntry.action == "bulk_insert")).all()
    assert len(entries) == 1 and '"count":2' in entries[0].content
