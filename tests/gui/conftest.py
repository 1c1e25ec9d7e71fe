"""GUI test fixtures: isolated QSettings and user folders, an ``app_ctx`` and a ``main_window``.

Every GUI test gets its own QSettings file and per-user data/log folders under ``tmp_path`` (so the
recent books list, window geometry and a demo book never touch the real user's). ``app_ctx`` is an
``AppContext`` on the empty ``book`` whose message boxes are recorded in ``ctx.messages`` instead of
shown; ``main_window`` is the real main window on the demo book.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_state(tmp_path, monkeypatch, qapp):
    from PySide6.QtCore import QCoreApplication, QSettings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    QCoreApplication.setOrganizationName("SecretariatTest")
    QCoreApplication.setApplicationName("SecretariatTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    yield
    from secretariat_app.gui import operations

    operations.cancel_all()
    operations.wait_for_ops(10000)


@pytest.fixture
def app_ctx(book, qtbot):
    from PySide6.QtWidgets import QWidget

    from secretariat_app.gui.context import AppContext

    parent = QWidget()
    qtbot.addWidget(parent)
    return AppContext(book, parent, screenshot_mode=True)


@pytest.fixture
def main_window(demo_book, qtbot):
    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.main_window import MainWindow

    ctx = AppContext(demo_book, screenshot_mode=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def wait_ops(qtbot):
    """``wait_ops()``: wait until every operation started with run_op has ended (results delivered)."""
    from secretariat_app.gui import operations

    def wait(timeout: int = 20000) -> None:
        qtbot.waitUntil(lambda: not operations.running_ops(), timeout=timeout)

    return wait
