"""The File menu's Back up… and Restore… (and Settings › Backups): ``actions.trust.backup`` and
``actions.trust.restore`` run through ``ctx.run_action``; the action's right decides who may.

A restore lets go of the open book (the file is replaced under it), then the book is opened again
in a worker and, when the restored book has users, the login is asked again (``adopt_book``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog

from secretariat_app.actions import trust
from secretariat_app.errors import DomainError, PermissionDenied
from secretariat_app.gui import recent
from secretariat_app.i18n import _


def holds(ctx, right: str) -> bool:
    """Whether the signed-in user holds ``right`` (to ask for a file only when the action may run;
    the action checks again). A refusal is shown."""
    try:
        ok = right in ctx.call(trust.my_rights)
    except DomainError as exc:
        ctx.show_error(str(exc))
        return False
    if not ok:
        ctx.show_error(_("Your role does not allow this."))
    return ok


def backup(window) -> None:
    ctx = window.ctx
    if ctx.book is None or not holds(ctx, "backup.make"):
        return
    start = str(Path.home() / trust.backup_file_name(window.association_name(), datetime.now()))
    path, _f = QFileDialog.getSaveFileName(window, _("Back up the book"), start,
                                           _("Secretariat backups (*.sqlite);;All files (*)"))
    if not path:
        return
    ctx.run_action(trust.backup, path, title=_("Backing up the book…"),
                   on_done=lambda _r: ctx.show_info(_("The book was backed up to {path}.").format(path=path)))


def restore(window) -> None:
    ctx = window.ctx
    if ctx.book is None or not holds(ctx, "backup.restore"):
        return
    path, _f = QFileDialog.getOpenFileName(window, _("Restore the book from a backup"), str(Path.home()),
                                           _("Secretariat backups (*.sqlite);;All files (*)"))
    if not path:
        return
    name = window.association_name()
    if not ctx.confirm(_("Restoring replaces everything in the open book “{name}” with the backup "
                         "{path}. Continue?").format(name=name, path=path), _("Restore")):
        return
    run_restore(ctx, path, on_done=lambda: ctx.show_info(_("The book was restored from {path}.").format(path=path)))


def run_restore(ctx, source: str, *, on_done: Callable[[], None] | None = None,
                on_failed: Callable[[DomainError], None] | None = None):
    """Restore the open book from ``source`` in a worker, then open it again (and log in again)."""
    from secretariat_app.gui.dialogs import open_book_op

    ref = recent.book_ref(ctx.book)

    def reopen(after: Callable[[], None] | None) -> None:
        def adopt(book) -> None:
            adopt_book = getattr(ctx.window, "adopt_book", None)
            if callable(adopt_book):  # the shell: login when the restored book has users
                adopt_book(book, keep_on_refusal=True)
            else:
                from secretariat_app.gui.dialogs.login import login

                ctx.set_book(book)
                if not login(ctx, book):
                    ctx.show_error(_("You are not logged in: open the book again to log in."))
            if after is not None:
                after()

        open_book_op(ctx, ref, on_done=adopt, on_error=lambda exc: ctx.show_error(
            _("The book could not be opened again: {reason}").format(reason=exc.message)))

    def refused(exc: DomainError) -> None:
        ctx.show_error(exc.message)
        if on_failed is not None:
            on_failed(exc)
        if not isinstance(exc, PermissionDenied):  # the book was let go before the backup was refused
            reopen(None)

    return ctx.run_action(trust.restore, source, title=_("Restoring the book…"), cancellable=False,
                          on_done=lambda _where: reopen(on_done), on_error=refused)
