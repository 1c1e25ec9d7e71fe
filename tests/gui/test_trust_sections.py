"""GUI of issue 8: login dialog, users, backups and audit sections (offscreen, real book)."""

import pytest

from secretariat_app.core import auth
from secretariat_app.core.trust import users


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


@pytest.fixture
def ctx(book, qtbot):
    from secretariat_app.gui.context import AppContext

    c = AppContext(book, None, screenshot_mode=True)
    return c


def test_login_dialog(ctx, book, qtbot):
    from secretariat_app.gui.dialogs.login import LoginDialog, needs_login

    assert not needs_login(book)
    with book.session() as s:
        users.add_user(s, "alice", "secret123")
    users.logout()
    assert needs_login(book)
    dlg = LoginDialog(book)
    qtbot.addWidget(dlg)
    dlg.user_edit.setText("alice")
    dlg.password_edit.setText("wrong-password")
    assert not dlg.try_login() and dlg.error_label.text()
    dlg.password_edit.setText("secret123")
    assert dlg.try_login() and dlg.principal.name == "alice"
    assert auth.current_user().name == "alice"


def test_users_section_first_user(ctx, qtbot):
    from secretariat_app.gui.settings_sections.users import section

    w = section(ctx)
    qtbot.addWidget(w)
    assert w.table.rowCount() == 0 and w.add_btn.isEnabled()
    with ctx.book.session() as s:
        users.add_user(s, "alice", "secret123")
        users.add_user(s, "vic", "secret123", "viewer")
    w.reload()
    assert w.table.rowCount() == 2
    w.table.selectRow(1)
    assert w.selected_name() == "vic"
    w.toggle()
    assert "vic" in [u[0] for u in w.users if not u[3]]


def test_audit_section_lists_and_filters(ctx, qtbot):
    from secretariat_app.core.book_settings import set_value
    from secretariat_app.gui.settings_sections.audit import section

    with ctx.book.session() as s:
        set_value(s, "members.number_prefix", "M")
        s.commit()
    w = section(ctx)
    qtbot.addWidget(w)
    assert w.model.rowCount() >= 2
    w.record.setText("members.number_prefix")
    w.apply()
    assert w.model.rowCount() == 1
    w.since.setText("not a date")
    w.apply()
    assert w.message.text()


def test_backup_section_backs_up_in_a_worker(ctx, qtbot, tmp_path):
    from secretariat_app.gui.operations import wait_for_ops
    from secretariat_app.gui.settings_sections.backup import section

    w = section(ctx)
    qtbot.addWidget(w)
    w.run_backup(str(tmp_path / "now.sqlite"))
    assert wait_for_ops(20000)
    assert (tmp_path / "now.sqlite").exists() and "now.sqlite" in w.status.text()
