"""The shell: main window, navigation, book switching, menus, dialogs, start-up and screenshots."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from secretariat_app.core.book_settings import get_value, update_settings
from secretariat_app.core.changes import Changes
from secretariat_app.gui import recent

# Two books in one test: on PostgreSQL the fixtures share the test's one database.
two_books = pytest.mark.skipif(bool(os.environ.get("SECRETARIAT_TEST_PG")),
                               reason="two books need two databases; the PostgreSQL fixture gives one")

NAV_ZH = {"dashboard": "工作台", "members": "会员", "dues": "会费", "books": "账务", "meetings": "会议",
          "reports": "报告", "settings": "设置"}


def nav_labels(window):
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_navigation_follows_pages_in_chinese(main_window):
    keys = main_window.page_keys()
    assert "dashboard" in keys and "settings" in keys
    assert nav_labels(main_window) == [NAV_ZH[k] for k in keys]
    assert main_window.current_key() == "dashboard"
    main_window.show_page("settings")
    assert main_window.stack.currentWidget() is main_window.pages["settings"]


def test_missing_page_is_skipped_and_broken_page_contained(demo_book, qtbot, monkeypatch):
    from secretariat_app.gui import main_window as mw
    from secretariat_app.gui.context import AppContext

    pages = [("dashboard", "secretariat_app.gui.pages.dashboard", "DashboardPage"),
             ("nothing", "secretariat_app.gui.pages.no_such_page", "NoPage"),
             ("broken", "secretariat_app.gui.style", "NoSuchPageClass")]
    monkeypatch.setattr(mw, "PAGES", pages)
    window = mw.MainWindow(AppContext(demo_book, screenshot_mode=True), remember=False)
    qtbot.addWidget(window)
    assert window.page_keys() == ["dashboard", "broken"]
    window.show_page("broken")
    assert isinstance(window.pages["broken"], mw.BrokenPage)


def test_page_shortcuts_and_refresh(main_window, monkeypatch):
    from PySide6.QtGui import QKeySequence

    shortcuts = {a.shortcut().toString(): a for a in main_window.actions()}
    shortcuts["Ctrl+2"].trigger()
    assert main_window.current_key() == main_window.page_keys()[1]
    calls = []
    page = main_window.pages[main_window.current_key()]
    monkeypatch.setattr(page, "refresh", lambda changes=None: calls.append(changes))
    shortcuts[QKeySequence(QKeySequence.StandardKey.Refresh).toString()].trigger()
    assert calls == [None]


def test_status_bar_and_title_show_the_book(main_window, demo_book):
    text = main_window.book_label.text()
    assert "西咸新区智能制造行业协会" in text and demo_book.display_name in text
    assert main_window.windowTitle().startswith("西咸新区智能制造行业协会")


def test_settings_change_updates_the_status_bar(main_window, demo_book):
    with demo_book.session() as s:
        changes = update_settings(s, name="新名称协会")
    main_window.ctx.notify_changed(changes)
    assert "新名称协会" in main_window.book_label.text()


def test_changes_reach_the_current_page_now_and_others_when_shown(main_window, monkeypatch):
    main_window.show_page("settings")
    main_window.show_page("dashboard")
    calls = []
    for key in ("dashboard", "settings"):
        page = main_window.pages[key]
        monkeypatch.setattr(page, "refresh", lambda changes=None, k=key: calls.append((k, changes)))
    main_window.ctx.notify_changed(Changes({"members"}))
    main_window.ctx.notify_changed(Changes({"settings"}))
    assert [c[0] for c in calls] == ["dashboard", "dashboard"]
    main_window.show_page("settings")
    assert calls[-1][0] == "settings" and calls[-1][1].areas == {"members", "settings"}


def test_geometry_and_last_page_are_remembered(demo_book, qtbot):
    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.main_window import MainWindow

    w1 = MainWindow(AppContext(demo_book, screenshot_mode=True))
    qtbot.addWidget(w1)
    w1.resize(1111, 777)
    w1.show()
    w1.show_page("settings")
    w1.save_state()
    w2 = MainWindow(AppContext(demo_book, screenshot_mode=True))
    qtbot.addWidget(w2)
    assert w2.current_key() == "settings"
    saved = recent.settings().value("window/geometry")
    assert saved is not None and not saved.isEmpty()  # (the offscreen screen is too small to compare sizes)


@two_books
def test_opening_another_book_refreshes_every_page(main_window, book, qtbot):
    main_window.show_page("settings")
    assert main_window.adopt_book(book)
    assert main_window.ctx.book is book
    assert "测试行业协会" in main_window.book_label.text()
    settings_page = main_window.pages["settings"]
    assert settings_page.association.form.values()["name"] == "测试行业协会"
    main_window.show_page("dashboard")
    assert main_window.pages["dashboard"].name_label.text() == "测试行业协会"
    assert recent.recent_books()[0]["name"] == "测试行业协会"


@two_books
def test_open_book_by_reference_in_a_worker(main_window, book, wait_ops):
    book.close()  # a book still open elsewhere in this process has its header in the WAL
    main_window.open_book_ref(recent.book_ref(book))
    wait_ops()
    assert recent._same(recent.book_ref(main_window.ctx.book), recent.book_ref(book))


def test_bad_book_from_the_menu_is_a_message(main_window, tmp_path, wait_ops):
    bad = tmp_path / "letter.docx"
    bad.write_bytes(b"PK\x03\x04" + bytes(500))
    before = main_window.ctx.book
    main_window.open_book_ref(str(bad))
    wait_ops()
    assert main_window.ctx.book is before
    assert main_window.ctx.messages[-1][0] == "error" and "letter.docx" in main_window.ctx.messages[-1][1]


@two_books
def test_recent_menu_lists_books(main_window, book):
    main_window.adopt_book(book)
    main_window._fill_recent_menu()
    texts = [a.text() for a in main_window.recent_menu.actions()]
    assert any("测试行业协会" in t for t in texts) and any("西咸新区" in t for t in texts)


def test_backup_and_restore_from_the_menu(main_window, tmp_path, monkeypatch, wait_ops):
    pytest.importorskip("secretariat_app.db.backup")
    if main_window.ctx.book.path is None:
        pytest.skip("restore of a PostgreSQL book needs pg tools")
    target = tmp_path / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    main_window.act_backup.trigger()
    wait_ops()
    assert target.exists(), main_window.ctx.messages
    assert main_window.ctx.messages[-1][0] == "info"
    with main_window.ctx.book.session() as s:
        update_settings(s, phone="13800000000")
    monkeypatch.setattr(main_window.ctx, "confirm", lambda *a, **k: True)
    main_window.act_restore.trigger()
    wait_ops()
    assert main_window.ctx.messages[-1][0] == "info", main_window.ctx.messages
    assert _setting(main_window.ctx, "phone") == "029-33681234"


def test_new_book_dialog_creates_and_refuses(app_ctx, tmp_path, qtbot, wait_ops):
    from secretariat_app.gui.dialogs.new_book import NewBookDialog

    dlg = NewBookDialog(app_ctx)
    qtbot.addWidget(dlg)
    dlg.path_edit.setText(str(tmp_path / "a.sqlite"))
    dlg.code_edit.setText("123")
    dlg._create()
    wait_ops()
    rows = dlg.form.rows
    assert not rows["name"].error.isHidden() and rows["name"].error.text()
    assert not rows["credit_code"].error.isHidden()
    assert not (tmp_path / "a.sqlite").exists()
    dlg.name_edit.setText("新协会")
    dlg.code_edit.setText("")
    dlg._create()
    wait_ops()
    assert dlg.book is not None and dlg.result() == dlg.DialogCode.Accepted
    with dlg.book.session() as s:
        assert get_value(s, "name") == "新协会"
    dlg.book.close()
    again = NewBookDialog(app_ctx)
    qtbot.addWidget(again)
    again.name_edit.setText("另一个协会")
    again.path_edit.setText(str(tmp_path / "a.sqlite"))
    again._create()
    wait_ops()
    assert again.book is None and again.form.rows["path"].error.text()


@two_books
def test_book_switcher_shows_recent_books_and_summaries(app_ctx, demo_book, book, qtbot, monkeypatch, wait_ops):
    from secretariat_app.gui.dialogs import book_switcher

    book.close()
    demo_book.close()
    recent.add_recent(recent.book_ref(book), "测试行业协会")
    recent.add_recent(recent.book_ref(demo_book), "西咸新区智能制造行业协会")
    from secretariat_app.actions import book as book_actions

    monkeypatch.setattr(book_actions, "summary",
                        lambda actor: {"name": "x", "unposted_vouchers": 3, "bank_balance": 123456789})
    dlg = book_switcher.BookSwitcher(app_ctx)
    qtbot.addWidget(dlg)
    wait_ops()
    assert dlg.table.rowCount() == 2
    assert dlg.table.item(0, 0).text() == "西咸新区智能制造行业协会"
    headers = [dlg.table.horizontalHeaderItem(c).text() for c in range(dlg.table.columnCount())]
    assert "备注" not in headers  # every book could be read
    assert "未记账凭证" in headers and dlg.table.item(1, headers.index("未记账凭证")).text() == "3"
    assert dlg.table.item(1, headers.index("银行存款余额")).text() == "1,234,567.89"  # fen shown as yuan
    dlg.table.selectRow(1)
    dlg._open_selected()
    assert dlg.selected == recent.book_ref(book)


def test_welcome_dialog_opens_a_book(app_ctx, book, qtbot, wait_ops):
    from secretariat_app.gui.dialogs.welcome import WelcomeDialog

    dlg = WelcomeDialog(app_ctx, None, "原因")
    qtbot.addWidget(dlg)
    assert dlg.banner.label.text() == "原因"
    book.close()
    dlg._open(recent.book_ref(book))
    wait_ops()
    assert dlg.book is not None
    dlg.book.close()


def test_start_with_a_file_that_is_not_a_book(tmp_path, monkeypatch, qapp):
    from secretariat_app.gui import app as gui_app
    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.dialogs import welcome

    bad = tmp_path / "random.sqlite"
    bad.write_bytes(bytes(range(256)) * 8)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: shown.append(self.banner.label.text()) or 0)
    args = gui_app.parse_args(["--book", str(bad)])
    assert gui_app.choose_start_book(args, AppContext(), qapp) is None
    assert len(shown) == 2 and "random.sqlite" in shown[0] and shown[0] == shown[1]


def test_start_without_book_opens_the_last_one(book, monkeypatch, qapp):
    from secretariat_app.gui import app as gui_app
    from secretariat_app.gui.context import AppContext

    book.close()
    recent.add_recent(recent.book_ref(book), "测试行业协会")
    opened = gui_app.choose_start_book(gui_app.parse_args([]), AppContext(), qapp)
    assert opened is not None and opened.url == book.url
    opened.close()


def test_login_hook_lets_a_book_without_users_in(book):
    from secretariat_app.gui.app import _login_if_needed
    from secretariat_app.gui.context import AppContext

    assert _login_if_needed(AppContext(book, screenshot_mode=True)) is True


def test_excepthook_shows_and_logs(app_ctx, monkeypatch, caplog):
    from secretariat_app.errors import DomainError
    from secretariat_app.gui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    install_excepthook(lambda: app_ctx)
    try:
        raise KeyError("kaputt")
    except KeyError:
        sys.excepthook(*sys.exc_info())
    assert shown and "kaputt" in shown[0]
    assert any("KeyError" in r.getMessage() for r in caplog.records)
    sys.excepthook(DomainError, DomainError("不行"), None)
    assert app_ctx.messages[-1] == ("error", "不行")


def test_qt_translations_make_buttons_chinese(qapp):
    from PySide6.QtWidgets import QDialogButtonBox

    from secretariat_app.gui.app import apply_language

    apply_language(qapp, "zh_CN")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    apply_language(qapp, "en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    apply_language(qapp, "zh_CN")


def test_screenshots_mode_saves_every_screen(demo_book, tmp_path):
    if demo_book.path is None:
        pytest.skip("the screenshots subprocess takes a file path")
    out = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    run = subprocess.run([sys.executable, "-m", "secretariat_app.gui.app", "--book", str(demo_book.path),
                          "--screenshots", str(out)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    names = {p.stem for p in out.glob("*.png")}
    assert {"dashboard", "settings", "dialog-about", "dialog-new-book", "dialog-welcome"} <= names
    assert all(p.stat().st_size > 2000 for p in out.glob("*.png"))


def _setting(ctx, key, default=None):
    from secretariat_app.core.book_settings import get_value

    with ctx.book.session() as s:
        return get_value(s, key, default)


def _all_settings(ctx):
    from secretariat_app.core.book_settings import get_settings

    with ctx.book.session() as s:
        return get_settings(s)
