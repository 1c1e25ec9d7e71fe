"""Users, roles and login (issue 8)."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from secretariat_app.core import auth
from secretariat_app.core.audit import AuditEntry
from secretariat_app.core.book_settings import set_value, update_settings
from secretariat_app.core.trust import users
from secretariat_app.errors import DomainError, PermissionDenied


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """argon2 with small parameters: the tests check the logic, not the cost of an attack."""
    from secretariat_app.core.trust import users

    monkeypatch.setattr(users, "HASH_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture(autouse=True)
def _logged_out():
    users.logout()
    yield
    users.logout()


def test_single_user_mode_allows_everything(book, session):
    assert not auth.book_has_users(session)
    update_settings(session, name="新名字")
    assert auth.can_manage_users()


def test_first_user_is_admin_and_logged_in(book, session):
    p = users.add_user(session, "alice", "secret123", "viewer", "爱丽丝")
    assert p.role == "admin" and auth.current_user() == p
    u = users.get_user(session, "alice")
    assert u.password_hash.startswith("$argon2") and "secret123" not in u.password_hash


def test_login_required_once_users_exist(book, session):
    users.add_user(session, "alice", "secret123")
    users.logout()
    with pytest.raises(PermissionDenied):
        update_settings(session, name="x")
    users.login(session, "alice", "secret123")
    update_settings(session, name="新名字")


def test_roles_are_enforced_in_the_core(book, session):
    users.add_user(session, "admin", "secret123")
    users.add_user(session, "vic", "secret123", "viewer")
    users.add_user(session, "tom", "secret123", "treasurer")
    users.add_user(session, "sue", "secret123", "secretary")
    users.login(session, "vic", "secret123")
    with pytest.raises(PermissionDenied) as e:
        update_settings(session, name="x")
    assert "vic" in str(e.value) and "查看" in str(e.value) or "viewer" in str(e.value)
    assert not auth.can_manage_users()
    users.login(session, "tom", "secret123")
    set_value(session, "dues.pro_rata", "month")
    session.commit()
    with pytest.raises(PermissionDenied):
        set_value(session, "members.number_prefix", "M")
        session.commit()
    session.rollback()
    with pytest.raises(PermissionDenied):
        users.add_user(session, "eve", "secret123", "admin")
    users.login(session, "sue", "secret123")
    update_settings(session, name="新名字")
    set_value(session, "members.number_prefix", "M")
    session.commit()
    entries = list(session.scalars(select(AuditEntry).where(AuditEntry.record_id == "members.number_prefix")))
    assert entries[-1].user_name == "sue"


def test_table_areas():
    assert auth.area_of_table("members") == "members"
    assert auth.area_of_table("member_levels") == "members"
    assert auth.area_of_table("voucher_lines") == "ledger"
    assert auth.area_of_table("bills") == "dues"
    assert auth.area_of_table("attendance") == "meetings"
    assert auth.area_of_table("report_texts") == "reports"
    assert auth.area_of_table("audit_log") == "audit"
    assert auth.area_of_setting("name") == "settings" and auth.area_of_setting("dues.pro_rata") == "dues"
    assert auth.role_allows("treasurer", "ledger") and not auth.role_allows("secretary", "ledger")
    assert not auth.role_allows("viewer", "members") and auth.role_allows("viewer", "audit")


def test_lockout_after_five_wrong_passwords(book, session):
    users.add_user(session, "alice", "secret123")
    users.logout()
    for _ in range(4):
        with pytest.raises(DomainError):
            users.login(session, "alice", "wrong-one")
    with pytest.raises(DomainError) as e:
        users.login(session, "alice", "wrong-one")
    assert "15" in str(e.value)
    with pytest.raises(DomainError) as e:  # even the right password is refused while locked
        users.login(session, "alice", "secret123")
    assert "15" in str(e.value)
    u = users.get_user(session, "alice")
    u.locked_until = auth.utcnow() - timedelta(seconds=1)  # 15 minutes later
    with auth.system_action():
        session.commit()
    assert users.login(session, "alice", "secret123").name == "alice"


def test_unknown_user_and_disabled_user(book, session):
    users.add_user(session, "alice", "secret123")
    users.add_user(session, "bob", "secret123", "viewer")
    with pytest.raises(DomainError):
        users.set_active(session, "alice", False)  # last admin
    users.set_active(session, "bob", False)
    users.logout()
    for name in ("bob", "nobody"):
        with pytest.raises(DomainError) as e:
            users.login(session, name, "secret123")
        assert "secret123" not in str(e.value)


def test_password_rules_and_change(book, session):
    with pytest.raises(DomainError):
        users.add_user(session, "alice", "short")
    with pytest.raises(DomainError):
        users.add_user(session, "a b", "secret123")
    users.add_user(session, "alice", "secret123")
    users.add_user(session, "bob", "secret123", "viewer")
    with pytest.raises(DomainError):
        users.add_user(session, "BOB", "secret123", "viewer")
    users.login(session, "bob", "secret123")
    with pytest.raises(DomainError):
        users.change_password(session, "bob", "newsecret1", old_password="wrong-old")
    users.change_password(session, "bob", "newsecret1", old_password="secret123")
    with pytest.raises(PermissionDenied):
        users.change_password(session, "alice", "newsecret1")
    users.login(session, "bob", "newsecret1")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "users",
                                                     AuditEntry.action == "update")).all()
    assert all("newsecret1" not in (e.after or "") for e in entry)


def test_login_is_per_book(book, session, tmp_path):
    from secretariat_app.db.book import create_book

    users.add_user(session, "alice", "secret123")
    other = create_book(tmp_path / "other.sqlite")
    with other.session() as s2:
        users.add_user(s2, "zed", "secret123")  # first user of the other book: logged into it
        users.login(session, "alice", "secret123")
        with pytest.raises(PermissionDenied):
            set_value(s2, "x.y", "1")
            s2.commit()
    other.close()


def test_cli_login(book, session, monkeypatch):
    users.add_user(session, "alice", "secret123")
    users.logout()
    from secretariat_app.actions.book import open_for_use

    with pytest.raises(PermissionDenied):
        open_for_use(book.url)
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret123")
    actor = open_for_use(book.url, user="alice")
    assert actor.user.name == "alice"
    actor.book.close()
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "nope-nope")
    with pytest.raises(DomainError):
        open_for_use(book.url, user="alice")


def test_every_table_belongs_to_an_area():
    """A new table must be mapped to its area (``auth.TABLE_AREAS``), else roles would not guard it."""
    import importlib

    from secretariat_app.db.base import Base

    for area in ("members", "ledger", "dues", "meetings", "reports"):
        try:
            importlib.import_module(f"secretariat_app.core.{area}.models")
        except ModuleNotFoundError:
            pass
    unmapped = [t for t in Base.metadata.tables if auth.area_of_table(t) == "other"]
    assert not unmapped


def test_a_login_is_per_book_also_for_a_session_bound_to_a_connection(book, session):
    from sqlalchemy.orm import Session

    users.add_user(session, "alice", "secret123")  # logged in, in this book
    with book.engine.connect() as conn, Session(bind=conn) as s:
        assert auth.acting_user(s) == auth.current_user()  # was an AttributeError: Connection has no url
