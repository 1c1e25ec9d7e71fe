"""The shell's dialogs: new book, book switcher (open book), welcome, login, about — and the shared
step they use to open a book in a worker (an older book is upgraded on open, which may take a while).

Opening, creating and logging in come before anyone acts on the book, so they are not actions
(``actions/book.py``: ``open_book``, ``create``, ``log_in``); the dialogs run them in a worker with
``operations.run_op(...)``. Everything after the login goes through
``ctx.run_action`` / ``ctx.call``.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QWidget

from secretariat_app.i18n import _

DEMO_NAME = "西咸新区智能制造行业协会"  # the demo association (data, not interface text)


def book_file_filter() -> str:
    return _("Secretariat books (*.sqlite *.db);;All files (*)")


def choose_book_file(parent: QWidget | None, start: str = "") -> str:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Open a book"), start, book_file_filter())
    return path


def open_book_op(ctx, ref: str, *, parent: QWidget | None = None, on_done: Callable, on_error: Callable | None = None,
                 on_finally: Callable | None = None):
    """Open the book ``ref`` in a worker; ``on_done(book)`` on the GUI thread, BookError to ``on_error``."""
    from secretariat_app.actions.book import open_book
    from secretariat_app.gui import operations

    return operations.run_op(open_book, ref, parent=parent or ctx.window,
                             title=_("Opening the book…"), cancellable=False, on_done=on_done, on_error=on_error,
                             on_finally=on_finally, show_error=ctx.show_error)


def ok_cancel(dialog, ok_text: str | None = None) -> QDialogButtonBox:
    """OK/Cancel buttons wired to accept/reject, OK marked as the primary action."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setProperty("primary", True)
    if ok_text:
        ok.setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
