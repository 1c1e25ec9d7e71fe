"""actions/book.py: opening, creating (init, --demo, --force), checks, settings and summaries."""

from __future__ import annotations

import os

import pytest

from secretariat_app.actions import Actor
from secretariat_app.actions import book as book_actions
from secretariat_app.core.trust import users as trust_users
from secretariat_app.errors import BookError, DomainError, PermissionDenied

PG = bool(os.environ.get("SECRETARIAT_TEST_PG"))
sqlite_only = pytest.mark.skipif(PG, reason="file paths")


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
    """admin, secretary, viewer on ``book``: their Actors."""
    with book.session() as s:
        admin = trust_users.add_user(s, "admin", "secret-pass-1", "admin")
        sec = trust_users.add_user(s, "sec", "secret-pass-2", "secretary")
        viewer = trust_users.add_user(s, "vic", "secret-pass-3", "viewer")
    trust_users.logout()
    return {"admin": Actor(book, admin), "secretary": Actor(book, sec), "viewer": Actor(book, viewer)}


@sqlite_only
def test_create_fills_the_book_and_refuses_before_making_anything(tmp_path, actions_only):
    path = tmp_path / "new.sqlite"
    with pytest.raises(DomainError):
        book_actions.create(str(path), "", credit_code="123")
    assert not path.exists()
    actor = book_actions.create(str(path), "新协会", lang="en")
    try:
        assert actor.user is None
        s = book_actions.settings(actor)
        assert s.name == "新协会" and s.language == "en"
    finally:
        actor.book.close()
    with pytest.raises(BookError):  # a file is there: only --force replaces it
        book_actions.create(str(path), "另一个协会")


@sqlite_only
def test_force_on_a_book_with_users_needs_its_administrator_and_backs_it_up(tmp_path, monkeypatch):
    path = tmp_path / "b.sqlite"
    actor = book_actions.create(str(path), "老协会")
    with actor.book.session() as s:
        trust_users.add_user(s, "admin", "secret-pass-1", "admin")
        trust_users.add_user(s, "vic", "secret-pass-3", "viewer")
    actor.book.close()
    trust_users.logout()
    monkeypatch.delenv("SECRETARIAT_PASSWORD", raising=False)
    with pytest.raises(PermissionDenied):  # nobody logged in
        book_actions.create(str(path), "新协会", force=True)
    with pytest.raises(PermissionDenied):  # a viewer may not replace it
        book_actions.create(str(path), "新协会", force=True, user="vic", password="secret-pass-3")
    old = book_actions.open_for_use(str(path), user="admin", password="secret-pass-1")
    assert book_actions.association_name(old) == "老协会"  # nothing was changed
    old.book.close()
    new = book_actions.create(str(path), "新协会", force=True, user="admin", password="secret-pass-1")
    assert book_actions.association_name(new) == "新协会"
    new.book.close()
    assert list((tmp_path / "backups").glob("b-*-before-init.sqlite"))


def test_open_for_use_logs_in(book, staff, monkeypatch):
    monkeypatch.delenv("SECRETARIAT_PASSWORD", raising=False)
    book.close()
    with pytest.raises(PermissionDenied):
        book_actions.open_for_use(book.url)
    with pytest.raises(DomainError):
        book_actions.open_for_use(book.url, user="vic", password="wrong-password")
    actor = book_actions.open_for_use(book.url, user="vic", password="secret-pass-3")
    assert actor.name == "vic" and actor.role == "viewer"
    info = book_actions.before_login(actor.book)
    assert info.has_users and info.name == "测试行业协会" and info.language == "zh_CN"
    actor.book.close()


def test_settings_read_and_update(book, staff):
    assert book_actions.settings(staff["viewer"]).name == "测试行业协会"
    out = book_actions.update_settings(staff["secretary"], {"phone": "029-33681234"})
    assert "phone" in out.changes.settings and out.changes.touches("settings")
    assert book_actions.settings(staff["admin"]).phone == "029-33681234"


def test_settings_update_refused_for_a_viewer_changes_nothing(book, staff):
    with pytest.raises(PermissionDenied):
        book_actions.update_settings(staff["viewer"], {"phone": "029-88886666"})
    assert book_actions.settings(staff["admin"]).phone == ""


def test_bad_settings_write_nothing(book):
    actor = Actor(book)
    with pytest.raises(DomainError) as exc:
        book_actions.update_settings(actor, {"secretary_general": "李四", "phone": "12345"})
    assert exc.value.problems
    assert book_actions.settings(actor).secretary_general == ""


def test_check_dashboard_and_summary(demo_book):
    actor = Actor(demo_book)
    rows = book_actions.check(actor)
    assert rows and all(r.ok for r in rows), [r for r in rows if not r.ok]
    d = book_actions.dashboard(actor)
    assert d.settings.name == "西咸新区智能制造行业协会"
    assert dict(d.counts)["Members"] >= 120
    s = book_actions.summary(actor)
    assert s["name"] == "西咸新区智能制造行业协会" and isinstance(s["bank_balance"], int)


def test_queries_refused_to_nobody_in_a_book_with_users(book, staff):
    for query in (book_actions.check, book_actions.dashboard, book_actions.summary, book_actions.settings):
        with pytest.raises(PermissionDenied):
            query(Actor(book, None))


@sqlite_only
def test_recent_summaries_hide_a_book_with_users(book, staff, tmp_path):
    other = book_actions.create(str(tmp_path / "other.sqlite"), "另一个协会")
    other.book.close()
    book.close()
    out = book_actions.recent_summaries([book.url, str(tmp_path / "other.sqlite"), str(tmp_path / "gone.sqlite")])
    assert "__error__" in out[0] and "bank_balance" not in out[0]
    assert out[1]["name"] == "另一个协会"
    assert "__error__" in out[2]
