"""GUI of issue 8: login dialog, users, backups and audit sections (offscreen, real book)."""

import pytest

from secretariat_app.core import auth
from secretariat_app.core.trust import users as trust_users


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """argon2 with small parameters: the tests check the logic, not the cost of an attack."""
    from secretariat_app.core.trust import users

    monkeypatch.setattr(users, "HASH_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture(autouse=True)
def _logged_out():
    trust_users.logout()
    yield
    trust_users.logout()


@pytest.fixture
def ctx(book, qtbot):
    from secretariat_app.gui.context import AppContext

    c = AppContext(book, None, screenshot_mode=True)
    return c


def test_login_dialog(ctx, book, qtbot):
    from secretariat_app.gui.dialogs.login import LoginDialog, needs_login

    assert not needs_login(book)
    with book.session() as s:
        trust_users.add_user(s, "alice", "secret123")
    trust_users.logout()
    assert needs_login(book)
    dlg = LoginDialog(book)
    qtbot.addWidget(dlg)
    from secretariat_app.gui.operations import wait_for_ops

    dlg.user_edit.setText("alice")
    dlg.password_edit.setText("wrong-password")
    dlg.try_login()  # the password is checked in a worker
    assert wait_for_ops(20000)
    assert dlg.principal is None and dlg.error_label.text() and not dlg.password_edit.text()
    dlg.password_edit.setText("secret123")
    dlg.try_login()
    assert wait_for_ops(20000)
    assert dlg.principal.name == "alice" and dlg.result() == dlg.DialogCode.Accepted
    assert auth.current_user().name == "alice"


def test_users_section_first_user(ctx, qtbot):
    from secretariat_app.gui.operations import wait_for_ops
    from secretariat_app.gui.settings_sections.users import section

    w = section(ctx)
    qtbot.addWidget(w)
    assert w.table.rowCount() == 0 and w.add_btn.isEnabled() and not w.own_btn.isEnabled()
    with ctx.book.session() as s:
        ctx.user = trust_users.add_user(s, "alice", "secret123")
        trust_users.add_user(s, "vic", "secret123", "viewer")
    w.reload()
    assert w.table.rowCount() == 2 and w.own_btn.isEnabled()
    w.table.selectRow(1)
    assert w.selected_name() == "vic"
    w.toggle()  # in a worker, through actions.trust.set_active
    assert wait_for_ops(20000)
    assert "vic" in [u.name for u in w.users if not u.active]
    with ctx.book.session() as s:
        vic = trust_users.login(s, "alice", "secret123")  # (vic is disabled now: log alice in again)
    ctx.user = vic
    w.reload()
    assert w.add_btn.isEnabled()


def test_users_section_for_a_viewer(ctx, qtbot):
    from secretariat_app.gui.operations import wait_for_ops
    from secretariat_app.gui.settings_sections.users import section

    with ctx.book.session() as s:
        trust_users.add_user(s, "alice", "secret123")
        ctx.user = trust_users.add_user(s, "vic", "secret123", "viewer")
    w = section(ctx)
    qtbot.addWidget(w)
    assert w.table.rowCount() == 2
    assert not w.add_btn.isEnabled() and not w.toggle_btn.isEnabled() and w.own_btn.isEnabled()
    w.table.selectRow(0)
    w.toggle()  # the action refuses, whatever the buttons say
    assert wait_for_ops(20000)
    assert ctx.messages[-1][0] == "error" and "vic" in ctx.messages[-1][1]
    assert all(u.active for u in w.users)


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


def test_audit_section_masks_personal_data_for_a_viewer(ctx, qtbot):
    from secretariat_app.core.book_settings import set_value
    from secretariat_app.gui.settings_sections.audit import section

    with ctx.book.session() as s:
        set_value(s, "note", "王五 13912345678")
        s.commit()
        trust_users.add_user(s, "alice", "secret123")
        ctx.user = trust_users.add_user(s, "vic", "secret123", "viewer")
    w = section(ctx)
    qtbot.addWidget(w)
    texts = [w.model.data(w.model.index(r, 6)) for r in range(w.model.rowCount())]
    assert any("139****5678" in t for t in texts) and not any("13912345678" in t for t in texts)


def test_backup_section_backs_up_in_a_worker(ctx, qtbot, tmp_path):
    from secretariat_app.gui.operations import wait_for_ops
    from secretariat_app.gui.settings_sections.backup import section

    w = section(ctx)
    qtbot.addWidget(w)
    w.run_backup(str(tmp_path / "now.sqlite"))
    assert wait_for_ops(20000)
    assert (tmp_path / "now.sqlite").exists() and "now.sqlite" in w.status.text()
