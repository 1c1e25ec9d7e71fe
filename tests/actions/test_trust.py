"""actions/trust.py: users, passwords, the audit log (masked for viewers), backups and restores."""

from __future__ import annotations

import os

import pytest

from secretariat_app.actions import Actor, trust
from secretariat_app.actions.paging import PageRequest
from secretariat_app.core.book_settings import set_value
from secretariat_app.core.trust import users as trust_users
from secretariat_app.errors import DomainError, PermissionDenied

PG = bool(os.environ.get("SECRETARIAT_TEST_PG"))
sqlite_only = pytest.mark.skipif(PG, reason="file paths")
PHONE, ID = "13912345678", "610102199001011234"


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    from secretariat_app.core.trust import users

    monkeypatch.setattr(users, "HASH_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture(autouse=True)
def _logged_out():
    trust_users.logout()
    yield
    trust_users.logout()


@pytest.fixture
def staff(book):
    with book.session() as s:
        set_value(s, "note", f"联系人 {PHONE} 身份证 {ID}")
        s.commit()
        admin = trust_users.add_user(s, "admin", "secret-pass-1", "admin")
        sec = trust_users.add_user(s, "sec", "secret-pass-2", "secretary")
        viewer = trust_users.add_user(s, "vic", "secret-pass-3", "viewer")
    trust_users.logout()
    return {"admin": Actor(book, admin), "secretary": Actor(book, sec), "viewer": Actor(book, viewer)}


def _roles(actor) -> dict[str, str]:
    return {u.name: u.role for u in trust.users(actor)}


def test_first_user_is_the_administrator(book):
    out = trust.add_user(Actor(book), "alice", "secret-pass-1", "viewer", "爱丽丝")
    assert out.value.role == "admin" and out.changes.touches("users") and out.changes.users
    alice = Actor(book, out.value)
    assert _roles(alice) == {"alice": "admin"}
    with pytest.raises(PermissionDenied):
        trust.users(Actor(book))  # login is on from now


def test_admin_manages_users(book, staff):
    admin = staff["admin"]
    assert trust.add_user(admin, "li", "secret-pass-4", "treasurer").value.role == "treasurer"
    assert trust.change_role(admin, "li", "secretary").changes.touches("users")
    trust.set_active(admin, "li", False)
    assert not {u.name: u.active for u in trust.users(admin)}["li"]
    trust.set_password(admin, "vic", "new-pass-123")
    with book.session() as s:
        assert trust_users.login(s, "vic", "new-pass-123").name == "vic"
    with pytest.raises(DomainError):  # the last administrator stays
        trust.change_role(admin, "admin", "viewer")


@pytest.mark.parametrize("call", [
    lambda a: trust.add_user(a, "eve", "secret-pass-9", "admin"),
    lambda a: trust.change_role(a, "vic", "admin"),
    lambda a: trust.set_active(a, "admin", False),
    lambda a: trust.set_password(a, "admin", "taken-over-1"),
])
def test_user_management_is_refused_to_others_and_changes_nothing(book, staff, call):
    before = [(u.name, u.role, u.active) for u in trust.users(staff["admin"])]
    for role in ("secretary", "viewer"):
        with pytest.raises(PermissionDenied):
            call(staff[role])
    assert [(u.name, u.role, u.active) for u in trust.users(staff["admin"])] == before
    with book.session() as s:
        assert trust_users.login(s, "admin", "secret-pass-1").name == "admin"


def test_own_password(book, staff):
    vic = staff["viewer"]
    with pytest.raises(DomainError):
        trust.change_own_password(vic, "new-pass-123", "wrong-old-pass")
    trust.change_own_password(vic, "new-pass-123", "secret-pass-3")
    with book.session() as s:
        assert trust_users.login(s, "vic", "new-pass-123").name == "vic"
    with pytest.raises(PermissionDenied):
        trust.change_own_password(Actor(book), "new-pass-123", None)  # nobody logged in


def test_my_rights(book, staff):
    assert "users.manage" in trust.my_rights(staff["admin"])
    held = trust.my_rights(staff["viewer"])
    assert "audit.read" in held and "personal_data" not in held and "backup.make" not in held


def test_audit_masked_for_a_viewer(book, staff):
    def values(actor):
        return str([e["after"] for e in trust.audit_entries(actor, table="settings", record="note")])

    assert PHONE in values(staff["secretary"]) and ID in values(staff["secretary"])
    seen = values(staff["viewer"])
    assert PHONE not in seen and ID not in seen and "139****5678" in seen
    page = trust.audit_page(staff["viewer"], PageRequest(filters={"record": "note"}))
    assert page.total == 1 and PHONE not in page.rows[0][6] and "139****5678" in page.rows[0][6]
    page = trust.audit_page(staff["admin"], PageRequest(filters={"record": "note"}))
    assert PHONE in page.rows[0][6]
    assert "admin" in trust.audit_users(staff["viewer"])
    assert trust.verify_audit(staff["viewer"])[0]


def test_audit_refused_to_nobody(book, staff):
    with pytest.raises(PermissionDenied):
        trust.audit_entries(Actor(book))


def test_audit_page_filters_and_pages(book):
    actor = Actor(book)
    for i in range(5):
        with book.session() as s:
            set_value(s, f"k{i}", str(i))
            s.commit()
    page = trust.audit_page(actor, PageRequest(limit=2))
    assert page.total >= 6 and len(page.rows) == 2 and page.rows[0][0] > page.rows[1][0]
    assert trust.audit_page(actor, PageRequest(filters={"table": "nope"})).total == 0
    assert trust.audit_page(actor, PageRequest(filters={"until": "2000-01-01"})).total == 0


@sqlite_only
def test_backup_and_restore(book, staff, tmp_path):
    target = tmp_path / "copy.sqlite"
    with pytest.raises(PermissionDenied):
        trust.backup(staff["viewer"], str(target))  # a backup holds personal data unmasked
    assert not target.exists()
    assert trust.backup(staff["secretary"], str(target)) == str(target)
    info = trust.backup_info(staff["viewer"])
    assert info.keep == 10 and info.folder.endswith("backups")
    with pytest.raises(PermissionDenied):
        trust.save_backup_settings(staff["secretary"], str(tmp_path / "elsewhere"), 3)
    trust.save_backup_settings(staff["admin"], str(tmp_path / "elsewhere"), 3)
    assert trust.backup_info(staff["admin"]).keep == 3
    trust.set_active(staff["admin"], "sec", False)
    with pytest.raises(PermissionDenied):
        trust.restore(staff["viewer"], str(target))
    assert not {u.name: u.active for u in trust.users(staff["admin"])}["sec"]  # not restored
    assert trust.restore(staff["admin"], str(target)) == str(book.path)
    assert {u.name: u.active for u in trust.users(staff["admin"])}["sec"]  # the backup's users
    assert list((tmp_path / "elsewhere").glob("book-*-before-restore.sqlite"))


@sqlite_only
def test_restore_unopenable_only_for_a_book_that_does_not_open(book, tmp_path):
    saved = trust.backup(Actor(book), str(tmp_path / "saved.sqlite"))
    with pytest.raises(PermissionDenied):
        trust.restore_unopenable(str(book.path), saved)
    book.close()
    book.path.write_bytes(b"")  # cut off to nothing
    assert trust.restore_unopenable(str(book.path), saved) == str(book.path)
