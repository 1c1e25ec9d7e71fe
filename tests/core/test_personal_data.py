"""PIPL (DOMAIN.md §1, issue 8): a viewer never gets ID or phone numbers unmasked — in exports,
printed rolls, ``show``, lists and the table — whatever he asks for (the actions decide)."""

import csv
from datetime import date

import pytest

from secretariat_app.actions import Actor, members, members_files
from secretariat_app.actions.paging import PageRequest
from secretariat_app.core.trust import users as trust_users

ID = "11010519491231002X"
MOBILE = "13912345678"
ADDRESS = "陕西省西安市雁塔区科技路1号"


@pytest.fixture(autouse=True)
def _logged_out():
    trust_users.logout()
    yield
    trust_users.logout()


@pytest.fixture
def people(book):
    members.admit(Actor(book), dict(kind="individual", name="张三", level="member", joined=date(2024, 1, 2),
                                    id_number=ID, mobile=MOBILE, address=ADDRESS))
    with book.session() as s:
        admin = trust_users.add_user(s, "admin", "secret123", "admin")
        viewer = trust_users.add_user(s, "vic", "secret123", "viewer")
    trust_users.logout()
    return Actor(book, admin), Actor(book, viewer)


def _export(actor, path, **options):
    members_files.export_roll(actor, str(path), **options)
    with path.open(encoding="utf-8-sig") as fh:
        return next(r for r in csv.DictReader(fh))


def test_viewer_gets_masked_exports_and_rolls(people, tmp_path):
    from pypdf import PdfReader

    admin, viewer = people
    row = _export(admin, tmp_path / "full.csv", masked=False)
    assert row["身份证号"] == ID and row["手机"] == MOBILE and row["地址"] == ADDRESS  # the admin chose unmasked
    row = _export(viewer, tmp_path / "viewer.csv", masked=False)
    assert row["身份证号"] != ID and row["身份证号"].startswith("110105")
    assert row["手机"] == "139****5678" and "科技路" not in row["地址"]
    out = tmp_path / "roll.pdf"
    members_files.print_roll(viewer, str(out), masked=False)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "张三" in text and ID not in text and MOBILE not in text
    members_files.print_roll(admin, str(out), masked=False)
    assert ID in "".join(p.extract_text() for p in PdfReader(out).pages)


def test_viewer_sees_masked_show_list_details_and_table(people):
    admin, viewer = people
    doc = members.show(viewer, "M0001")
    assert doc["id_number"] == "110105********002X" and doc["mobile"] == "139****5678"
    assert "科技路" not in doc["address"]
    assert members.show(admin, "M0001")["id_number"] == ID
    assert members.list_roll(viewer)[0]["id_number"] != ID
    d = members.details(viewer, 1)
    assert (d["id_number"], d["mobile"]) == ("110105********002X", "139****5678")
    row = members.roll_page(viewer, PageRequest()).rows[0]
    assert ID not in row and MOBILE not in row and "139****5678" in row
    assert ID in members.roll_page(admin, PageRequest()).rows[0]


def test_viewer_cannot_confirm_a_guessed_number(people):
    admin, viewer = people
    for guess in (ID, MOBILE, "3912345678", "1231002", "19491231"):
        assert members.list_roll(viewer, search=guess) == [], guess
        assert members.roll_page(viewer, PageRequest(search=guess)).total == 0, guess
    assert [r["no"] for r in members.list_roll(admin, search=MOBILE)] == ["M0001"]
    assert [r["no"] for r in members.list_roll(viewer, search="M0001")] == ["M0001"]  # numbers still match
    assert [r["no"] for r in members.list_roll(viewer, search="张三")] == ["M0001"]
