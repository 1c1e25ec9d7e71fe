"""``secretariat backup | restore | users | audit`` and the --user login (CLI.md, issue 8)."""

import json
import os

import pytest

from secretariat_app.cli import main
from secretariat_app.core.trust import users as trust_users

PG = bool(os.environ.get("SECRETARIAT_TEST_PG"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """argon2 with small parameters: the tests check the logic, not the cost of an attack."""
    from secretariat_app.core.trust import users

    monkeypatch.setattr(users, "HASH_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture(autouse=True)
def _logged_out(monkeypatch):
    trust_users.logout()
    monkeypatch.delenv("SECRETARIAT_PASSWORD", raising=False)
    yield
    trust_users.logout()


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(book):
    book.close()  # the commands open the book themselves
    return book.url


def test_users_login_and_roles(url, capsys, monkeypatch):
    monkeypatch.setenv("SECRETARIAT_NEW_PASSWORD", "secret123")
    assert _run(capsys, "users", "add", "alice", "--book", url)[0] == 0  # first user: administrator
    code, out, err = _run(capsys, "users", "list", "--book", url, "--json")
    assert code == 1 and "--user" in err  # login required from now on
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret123")
    assert _run(capsys, "users", "add", "vic", "--role", "viewer", "--book", url, "--user", "alice")[0] == 0
    code, out, _err = _run(capsys, "users", "list", "--book", url, "--user", "alice", "--json")
    users = {u["name"]: u for u in json.loads(out)["users"]}
    assert users["alice"]["role"] == "admin" and users["vic"]["role"] == "viewer"
    code, _out, err = _run(capsys, "users", "add", "eve", "--book", url, "--user", "vic")
    assert code == 1 and "vic" in err and "Traceback" not in err
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "wrong-password")
    code, _out, err = _run(capsys, "audit", "--book", url, "--user", "alice")
    assert code == 1 and "密码" in err
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret123")
    assert _run(capsys, "users", "disable", "vic", "--book", url, "--user", "alice")[0] == 0
    code, _out, err = _run(capsys, "audit", "--book", url, "--user", "vic")
    assert code == 1


def test_audit_json_filters(url, capsys):
    code, out, _ = _run(capsys, "audit", "--book", url, "--json", "--table", "settings", "--since", "2000-01-01")
    entries = json.loads(out)["entries"]
    assert code == 0 and entries and all(e["table"] == "settings" for e in entries)
    assert entries[0]["after"] == {"key": "name", "value": "测试行业协会"} and entries[0]["user"] == "system"
    code, out, _ = _run(capsys, "audit", "--book", url, "--json", "--until", "2000-01-01")
    assert json.loads(out)["entries"] == []
    code, _out, err = _run(capsys, "audit", "--book", url, "--since", "yesterday")
    assert code == 1 and "--since" in err


@pytest.mark.skipif(PG, reason="file paths")
def test_backup_and_restore(url, capsys, tmp_path):
    out_file = tmp_path / "copy.sqlite"
    assert _run(capsys, "backup", "--book", url, str(out_file))[0] == 0
    code, out, err = _run(capsys, "restore", "--book", url, str(out_file))
    assert code == 0 and "copy.sqlite" in out
    assert list((tmp_path / "backups").glob("book-*-before-restore.sqlite"))
    code, _out, err = _run(capsys, "restore", "--book", url, str(tmp_path / "missing.sqlite"))
    assert code == 1 and "Traceback" not in err
    assert _run(capsys, "check", "--book", url)[0] == 0


@pytest.mark.skipif(PG, reason="file paths")
def test_every_book_and_trust_command_goes_through_actions(tmp_path, capsys, monkeypatch, actions_only):
    """init, check, users …, audit, backup, restore: no book session outside an action (issue 12)."""
    path = str(tmp_path / "b.sqlite")
    assert _run(capsys, "init", "--book", path, "--name", "测试行业协会")[0] == 0
    assert _run(capsys, "check", "--book", path)[0] == 0
    monkeypatch.setenv("SECRETARIAT_NEW_PASSWORD", "secret123")
    assert _run(capsys, "users", "add", "alice", "--book", path)[0] == 0
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret123")
    me = ["--book", path, "--user", "alice"]
    assert _run(capsys, "users", "add", "vic", "--role", "viewer", *me)[0] == 0
    assert _run(capsys, "users", "role", "vic", "secretary", *me)[0] == 0
    assert _run(capsys, "users", "disable", "vic", *me)[0] == 0
    assert _run(capsys, "users", "enable", "vic", *me)[0] == 0
    monkeypatch.setenv("SECRETARIAT_NEW_PASSWORD", "secret456")
    assert _run(capsys, "users", "passwd", "vic", *me)[0] == 0
    code, out, _err = _run(capsys, "users", "list", "--json", *me)
    assert code == 0 and {u["name"]: u["role"] for u in json.loads(out)["users"]}["vic"] == "secretary"
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret456")
    assert _run(capsys, "users", "passwd", "vic", "--book", path, "--user", "vic")[0] == 0  # own, old = login's
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret123")
    code, out, _err = _run(capsys, "audit", *me)
    assert code == 0 and "users:" in out
    copy = str(tmp_path / "copy.sqlite")
    assert _run(capsys, "backup", copy, *me)[0] == 0
    code, out, err = _run(capsys, "restore", copy, *me)
    assert code == 0, err
    code, _out, err = _run(capsys, "init", "--book", path, "--name", "新协会", "--force")
    assert code == 1 and "--user" in err  # the book has users: its administrator must replace it
    assert _run(capsys, "init", "--book", path, "--name", "新协会", "--force", "--user", "alice")[0] == 0


def test_audit_json_is_masked_for_a_viewer(url, capsys, monkeypatch):
    from secretariat_app.core.book_settings import set_value
    from secretariat_app.db.book import open_book

    b = open_book(url)
    with b.session() as s:
        set_value(s, "note", "联系人 13912345678")
        s.commit()
        trust_users.add_user(s, "alice", "secret123")
        trust_users.add_user(s, "vic", "secret123", "viewer")
    b.close()
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret123")
    code, out, _err = _run(capsys, "audit", "--json", "--record", "note", "--book", url, "--user", "vic")
    assert code == 0 and "13912345678" not in out and "139****5678" in out
    code, out, _err = _run(capsys, "audit", "--record", "note", "--book", url, "--user", "vic")
    assert code == 0 and "13912345678" not in out
    code, out, _err = _run(capsys, "audit", "--json", "--record", "note", "--book", url, "--user", "alice")
    assert "13912345678" in out
