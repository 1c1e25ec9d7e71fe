"""The application context ``ctx`` every page and dialog is built with (contract in ``pages/base.py``).

``AppContext`` holds the open book, the main window (parent of message boxes and progress dialogs),
the signed-in user (set by the login dialog when the book has users) and the ``changed`` signal that
carries ``Changes`` to the pages. Message boxes from ``show_error``/``show_info`` are window-modal but
do not block the caller; ``messages`` keeps what was shown (tests read it).
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from secretariat_app.core.changes import Changes
from secretariat_app.gui import operations
from secretariat_app.i18n import _

log = logging.getLogger("secretariat.gui")


class AppContext(QObject):
    changed = Signal(object)        # Changes: a service changed these areas
    book_changed = Signal(object)   # the new Book, after "open book" replaced ctx.book

    def __init__(self, book=None, window: QWidget | None = None, *, screenshot_mode: bool = False) -> None:
        super().__init__()
        self.book = book
        self.window = window
        self.user = None  # set by gui/dialogs/login.py when the book has users
        self.screenshot_mode = screenshot_mode
        self.messages: list[tuple[str, str]] = []  # (kind, text) of every message shown
        self._boxes: list[QMessageBox] = []

    # ---- work ------------------------------------------------------------------------------

    @property
    def actor(self):
        """Who acts: the open book and the signed-in user (None in a book without users)."""
        from secretariat_app.actions import Actor

        return Actor(self.book, self.user)

    def run_action(self, fn: Callable, *args, title: str | None = None, on_done: Callable | None = None,
                   on_error: Callable | None = None, cancellable: bool = True,
                   **options) -> operations.Operation:
        """Run the action or query ``fn(actor, *args, progress=...)`` in a worker (``gui/operations.py``).

        The one way a screen reaches the book: ``fn`` must be an action of ``secretariat_app.actions``.
        Options as for ``run_op``; any other keyword is passed on to ``fn``.
        """
        from secretariat_app.actions import is_action

        if not is_action(fn):
            raise TypeError(f"{getattr(fn, '__qualname__', fn)} is not an action")
        return operations.run_op(fn, self.actor, *args, parent=self.window, title=title,
                                 on_done=on_done, on_error=on_error, cancellable=cancellable,
                                 on_changes=self.notify_changed, show_error=self.show_error,
                                 show_status=self.show_status, **options)

    def call(self, fn: Callable, *args, **kwargs) -> Any:
        """A short query on the GUI thread (a few milliseconds: a picker's choices, one record).

        Only for queries of ``secretariat_app.actions``; anything that writes or may take longer runs
        in a worker through ``run_action``."""
        from secretariat_app.actions import is_action

        if getattr(fn, "__action__", None) != "query" or not is_action(fn):
            raise TypeError(f"{getattr(fn, '__qualname__', fn)} is not a query of the actions layer")
        return fn(self.actor, *args, **kwargs)

    def notify_changed(self, changes: Changes | None) -> None:
        if changes is not None and changes.areas:
            self.changed.emit(changes)

    def set_book(self, book, user=None) -> None:
        """Replace the open book (the old one is closed) and tell the window and the pages."""
        old, self.book = self.book, book
        self.user = user
        if old is not None and old is not book:
            try:
                old.close()
            except Exception:  # noqa: BLE001 — closing a dead engine must not stop the switch
                log.exception("closing the previous book")
        self.book_changed.emit(book)

    def navigate(self, page_key: str) -> None:
        """Show another page of the main window (a dashboard card opening its page, say)."""
        show = getattr(self.window, "show_page", None)
        if callable(show):
            show(page_key)

    # ---- messages --------------------------------------------------------------------------

    def _box(self, kind: str, icon: QMessageBox.Icon, title: str, message: str, details: str | None) -> None:
        self.messages.append((kind, message))
        if self.screenshot_mode:
            log.warning("%s: %s", kind, message)
            return
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self.window)
        if details:
            box.setDetailedText(details)
        self._boxes.append(box)
        box.finished.connect(lambda _r, b=box: self._boxes.remove(b) if b in self._boxes else None)
        box.open()

    def show_error(self, message: str, title: str | None = None, details: str | None = None) -> None:
        self._box("error", QMessageBox.Icon.Warning, title or _("Secretariat"), message, details)

    def show_info(self, message: str, title: str | None = None) -> None:
        self._box("info", QMessageBox.Icon.Information, title or _("Secretariat"), message, None)

    def show_status(self, message: str, ms: int = 5000) -> None:
        """A passing message in the main window's status bar."""
        self.messages.append(("status", message))
        bar = getattr(self.window, "statusBar", None)
        if callable(bar):
            bar().showMessage(message, ms)

    def confirm(self, question: str, title: str | None = None, *, default_yes: bool = False) -> bool:
        """Ask a yes/no question (blocking); ``True`` for yes."""
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        default = QMessageBox.StandardButton.Yes if default_yes else QMessageBox.StandardButton.No
        answer = QMessageBox.question(self.window, title or _("Secretariat"), question, buttons, default)
        return answer == QMessageBox.StandardButton.Yes
