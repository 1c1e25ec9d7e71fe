"""The main window: navigation on the left, the pages, the menu bar and the status bar.

Pages come from ``pages.PAGES`` (a module that does not exist yet is skipped). A page is built the
first time it is shown and loads its data in its own ``__init__``; afterwards ``ctx.changed`` reaches
it through ``refresh(changes)`` — at once when it is the current page, otherwise merged and delivered
when it is next shown. Opening another book replaces ``ctx.book`` and every page gets
``refresh(None)`` (the current one at once, the others when next shown). Navigation labels and icons
come from ``NAV`` by page key; Ctrl+1… jump to a page, F5 reloads the page shown.
Window geometry and the last page are kept in QSettings.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from secretariat_app import __version__
from secretariat_app.core.changes import Changes
from secretariat_app.errors import DomainError
from secretariat_app.gui import operations, recent
from secretariat_app.gui.pages import PAGES
from secretariat_app.gui.style import NAV_TEXT
from secretariat_app.gui.widgets import app_icon, icon
from secretariat_app.gui.widgets.common import EmptyState, page_layout
from secretariat_app.i18n import N_, _

log = logging.getLogger("secretariat.gui")

# Navigation labels (工作台, 会员, 会费, 账务, 会议, 报告, 设置) and icons, by page key.
NAV = {
    "dashboard": (N_("Dashboard"), "dashboard"),
    "members": (N_("Member roll"), "members"),
    "dues": (N_("Membership dues"), "dues"),
    "books": (N_("Accounting"), "books"),
    "meetings": (N_("Meeting records"), "meetings"),
    "reports": (N_("Report centre"), "reports"),
    "settings": (N_("Settings"), "settings"),
}
_ALL = object()  # pending refresh of everything (a new book)


def available_pages() -> list[tuple[str, str, str]]:
    """The entries of PAGES whose module exists (found without importing it)."""
    out = []
    for key, module, cls in PAGES:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            out.append((key, module, cls))
    return out


class BrokenPage(QWidget):
    """Stands in for a page whose module failed to load, so the rest of the program still works."""

    def __init__(self, key: str, error: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        lay = page_layout(self)
        lay.addWidget(EmptyState(_("This page could not be opened.") + "\n" + error))

    def refresh(self, changes=None) -> None:
        pass

    def screenshot_states(self) -> list:
        return []


class MainWindow(QMainWindow):
    def __init__(self, ctx, *, remember: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.remember = remember  # False in --screenshots mode: leave the user's settings alone
        self.specs = available_pages()
        self.pages: dict[str, QWidget] = {}
        self.pending: dict[str, object] = {}
        self.setWindowIcon(app_icon())
        self.setMinimumSize(1024, 660)
        self._build_body()
        self._build_menus()
        self._build_status()
        ctx.changed.connect(self._on_changed)
        ctx.book_changed.connect(self._on_book_changed)
        self._update_book_info()
        if ctx.book is not None and remember:
            recent.add_recent(recent.book_ref(ctx.book), self.association_name())
        self._restore()

    # ---- layout ----------------------------------------------------------------------------

    def _build_body(self) -> None:
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        nav = QFrame()
        nav.setObjectName("navBar")
        nav.setFixedWidth(168)
        nl = QVBoxLayout(nav)
        nl.setContentsMargins(0, 14, 0, 10)
        nl.setSpacing(10)
        brand = QLabel(_("Secretariat"))
        brand.setObjectName("navBrand")
        brand.setContentsMargins(18, 0, 8, 6)
        nl.addWidget(brand)
        self.nav = QListWidget()
        self.nav.setObjectName("navList")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pageStack")
        for key, _module, _cls in self.specs:
            label, icon_name = NAV.get(key, (key, key))
            item = QListWidgetItem(icon(icon_name, NAV_TEXT, "#ffffff"), _(label))
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(160, 42))
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until the page is first shown
        self.nav.currentRowChanged.connect(self._nav_row_changed)
        nl.addWidget(self.nav, 1)
        footer = QLabel(_("Version {version}").format(version=__version__))
        footer.setObjectName("navFooter")
        footer.setContentsMargins(18, 0, 0, 0)
        nl.addWidget(footer)
        lay.addWidget(nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        self.act_new = self._action(file_menu, _("&New book…"), self.new_book, QKeySequence.StandardKey.New, "new-book")
        self.act_open = self._action(file_menu, _("&Open book…"), self.open_book_dialog, QKeySequence.StandardKey.Open,
                                     "open-book")
        self.recent_menu = file_menu.addMenu(_("&Recent books"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self.act_backup = self._action(file_menu, _("&Back up…"), self.backup, None, "backup")
        self.act_restore = self._action(file_menu, _("Re&store…"), self.restore, None, "restore")
        file_menu.addSeparator()
        self.act_quit = self._action(file_menu, _("E&xit"), self.close, QKeySequence.StandardKey.Quit)
        help_menu = bar.addMenu(_("&Help"))
        self.act_about = self._action(help_menu, _("&About Secretariat"), self.about)
        for i, key in enumerate(self.page_keys()[:9], start=1):  # Ctrl+1… jumps to a page
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Ctrl+{i}"))
            act.triggered.connect(lambda _c=False, k=key: self.show_page(k))
            self.addAction(act)
        refresh = QAction(self)
        refresh.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))  # F5: reload the page shown
        refresh.triggered.connect(self.reload_current_page)
        self.addAction(refresh)

    def _action(self, menu, text, slot, shortcut=None, icon_name: str | None = None) -> QAction:
        act = QAction(text, self)
        if icon_name:
            act.setIcon(icon(icon_name))
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)
        return act

    def _build_status(self) -> None:
        self.book_label = QLabel()
        self.book_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_label = QLabel()
        self.statusBar().addWidget(self.book_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

    # ---- pages -----------------------------------------------------------------------------

    def page_keys(self) -> list[str]:
        return [key for key, _m, _c in self.specs]

    def current_key(self) -> str | None:
        row = self.nav.currentRow()
        return self.specs[row][0] if 0 <= row < len(self.specs) else None

    def page(self, key: str) -> QWidget | None:
        """The page ``key``, built now if it was not yet shown."""
        if key in self.pages:
            return self.pages[key]
        idx = self.page_keys().index(key) if key in self.page_keys() else -1
        if idx < 0:
            return None
        _key, module_name, cls_name = self.specs[idx]
        try:
            cls = getattr(importlib.import_module(module_name), cls_name)
            page = cls(self.ctx)
        except Exception as exc:  # noqa: BLE001 — one broken page must not take the window down
            log.exception("page %s could not be built", key)
            page = BrokenPage(key, str(exc))
        placeholder = self.stack.widget(idx)
        self.stack.insertWidget(idx, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        self.pages[key] = page
        return page

    def reload_current_page(self) -> None:
        key = self.current_key()
        if key in self.pages:
            self._refresh_page(self.pages[key], None)

    def show_page(self, key: str) -> None:
        if key in self.page_keys():
            self.nav.setCurrentRow(self.page_keys().index(key))

    def _nav_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.specs):
            return
        key = self.specs[row][0]
        built = key in self.pages
        page = self.page(key)
        if built and key in self.pending:
            pending = self.pending.pop(key)
            self._refresh_page(page, None if pending is _ALL else pending)
        self.pending.pop(key, None)
        self.stack.setCurrentIndex(row)

    def _refresh_page(self, page: QWidget, changes: Changes | None) -> None:
        try:
            page.refresh(changes)
        except Exception:  # noqa: BLE001 — reported, and the other pages still refresh
            sys.excepthook(*sys.exc_info())

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("settings", "users"):
            self._update_book_info()
        current = self.current_key()
        for key, page in self.pages.items():
            if key == current:
                self._refresh_page(page, changes)
                continue
            prev = self.pending.get(key)
            if prev is _ALL:
                continue
            merged = Changes(set(changes.areas) | (prev.areas if isinstance(prev, Changes) else set()))
            self.pending[key] = merged

    def _on_book_changed(self, book) -> None:
        self._update_book_info()
        if book is not None and self.remember:
            recent.add_recent(recent.book_ref(book), self.association_name())
        current = self.current_key()
        for key, page in self.pages.items():
            if key == current:
                self._refresh_page(page, None)
            else:
                self.pending[key] = _ALL

    def association_name(self) -> str:
        """The open book's association name ("" when it cannot be read, e.g. nobody logged in)."""
        if self.ctx.book is None:
            return ""
        from secretariat_app.actions import book as book_actions

        try:
            return self.ctx.call(book_actions.association_name)
        except DomainError:  # nobody logged in (yet)
            return ""
        except Exception:  # noqa: BLE001 — the status bar must never break the window
            log.exception("reading the association name")
            return ""

    def _update_book_info(self) -> None:
        book = self.ctx.book
        name = self.association_name()
        if book is None:
            self.book_label.setText(_("No book is open."))
            self.setWindowTitle(_("Secretariat"))
        else:
            self.book_label.setText(_("Book: {name}    {path}").format(name=name or "—", path=book.display_name))
            self.setWindowTitle(f"{name} - {_('Secretariat')}" if name else _("Secretariat"))
        user = self.ctx.user
        self.user_label.setText(_("User: {name}").format(name=getattr(user, "name", user)) if user else "")
        self.user_label.setVisible(bool(user))

    # ---- books -----------------------------------------------------------------------------

    def adopt_book(self, book, *, keep_on_refusal: bool = False) -> bool:
        """Make ``book`` the open book, after the login when it has users; ``False`` if refused.

        A refused login closes ``book`` and keeps the previous one — unless ``keep_on_refusal``
        (after a restore, when the previous book is gone): then ``book`` is open without a user."""
        from secretariat_app.gui.app import _login_if_needed

        previous, previous_user = self.ctx.book, self.ctx.user
        self.ctx.book, self.ctx.user = book, None
        try:
            ok = _login_if_needed(self.ctx)
        finally:
            user = self.ctx.user
            self.ctx.book, self.ctx.user = previous, previous_user
        if not ok:
            if keep_on_refusal:
                self.ctx.set_book(book, None)
                self.ctx.show_error(_("You are not logged in: open the book again to log in."))
            else:
                book.close()
            return False
        self.ctx.set_book(book, user)
        return True

    def new_book(self) -> None:
        from secretariat_app.gui.dialogs.new_book import NewBookDialog

        dlg = NewBookDialog(self.ctx, self)
        if dlg.exec() and dlg.book is not None:
            self.adopt_book(dlg.book)

    def open_book_dialog(self) -> None:
        from secretariat_app.gui.dialogs.book_switcher import BookSwitcher

        dlg = BookSwitcher(self.ctx, self)
        if dlg.exec() and dlg.selected:
            self.open_book_ref(dlg.selected)

    def open_book_ref(self, ref: str) -> None:
        from secretariat_app.gui.dialogs import open_book_op

        if self.ctx.book is not None and recent._same(recent.book_ref(self.ctx.book), ref):
            return
        open_book_op(self.ctx, ref, parent=self, on_done=self.adopt_book,
                     on_error=lambda exc: self.ctx.show_error(exc.message))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        items = recent.recent_books()
        for item in items:
            text = f"{item.get('name') or '—'}  ({item['book']})"
            act = self.recent_menu.addAction(text)
            act.setEnabled(recent.book_exists(item["book"]))
            act.triggered.connect(lambda _c=False, ref=item["book"]: self.open_book_ref(ref))
        if not items:
            act = self.recent_menu.addAction(_("(none)"))
            act.setEnabled(False)
        self.recent_menu.addSeparator()
        clear = self.recent_menu.addAction(_("Clear the list"))
        clear.setEnabled(bool(items))
        clear.triggered.connect(recent.clear_recent)

    # ---- backup / restore (gui/backup_actions.py) -----------------------------------------

    def backup(self) -> None:
        from secretariat_app.gui.backup_actions import backup

        backup(self)

    def restore(self) -> None:
        from secretariat_app.gui.backup_actions import restore

        restore(self)

    def about(self) -> None:
        from secretariat_app.gui.dialogs.about import AboutDialog

        AboutDialog(self.ctx, self).exec()

    # ---- geometry --------------------------------------------------------------------------

    def _restore(self) -> None:
        s = recent.settings()
        geometry = s.value("window/geometry") if self.remember else None
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        last = s.value("window/page", "dashboard") if self.remember else "dashboard"
        keys = self.page_keys()
        if keys:
            self.show_page(last if last in keys else keys[0])

    def save_state(self) -> None:
        if not self.remember:
            return
        s = recent.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/page", self.current_key() or "dashboard")
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        operations.cancel_all()
        operations.wait_for_ops(10000)
        if self.ctx.book is not None:
            # Automatic backup on close (issue 8): skipped when nothing changed, never raises.
            from secretariat_app.actions.trust import backup_on_close

            backup_on_close(self.ctx.actor)
        super().closeEvent(event)
