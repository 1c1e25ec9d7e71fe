"""The File menu's Back up… and Restore…: ``db/backup.py`` run through ``ctx.run_op``.

A restore closes the open book first (the file is replaced under it), then opens it again and asks
for a login when the restored book has users. The signed-in user's role is checked through
``core.auth`` (``can_backup`` / ``can_restore``) when that module exists.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from secretariat_app.gui import recent
from secretariat_app.i18n import _


def backup_module(ctx):
    """``secretariat_app.db.backup``, or ``None`` (with a message) when it is not there."""
    try:
        return importlib.import_module("secretariat_app.db.backup")
    except ModuleNotFoundError as exc:
        if exc.name == "secretariat_app.db.backup":
            ctx.show_info(_("Backup and restore are not available in this version yet."))
            return None
        raise


def allowed(ctx, check_name: str) -> bool:
    try:
        from secretariat_app.core import auth
    except ImportError:
        return True
    check = getattr(auth, check_name, None)
    if check is None or check(ctx.user or auth.current_user()):
        return True
    ctx.show_error(_("Your role does not allow this."))
    return False


def backup(window) -> None:
    ctx = window.ctx
    module = backup_module(ctx)
    if module is None or ctx.book is None or not allowed(ctx, "can_backup"):
        return
    name = ctx.association_name() or _("book")
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    start = str(Path.home() / f"{name}-{_('backup')}-{stamp}.sqlite")
    path, _f = QFileDialog.getSaveFileName(window, _("Back up the book"), start,
                                           _("Secretariat backups (*.sqlite);;All files (*)"))
    if not path:
        return
    ctx.run_op(module.backup_book, ctx.book, path, with_session=False, title=_("Backing up the book…"),
               on_done=lambda _r: ctx.show_info(_("The book was backed up to {path}.").format(path=path)))


def restore(window) -> None:
    ctx = window.ctx
    module = backup_module(ctx)
    if module is None or ctx.book is None or not allowed(ctx, "can_restore"):
        return
    path, _f = QFileDialog.getOpenFileName(window, _("Restore the book from a backup"), str(Path.home()),
                                           _("Secretariat backups (*.sqlite);;All files (*)"))
    if not path:
        return
    name = ctx.association_name()
    if not ctx.confirm(_("Restoring replaces everything in the open book “{name}” with the backup "
                         "{path}. Continue?").format(name=name, path=path), _("Restore")):
        return
    ref = recent.book_ref(ctx.book)
    ctx.book.close()  # let go of the file while it is replaced

    def reopen(_result=None, failed: bool = False) -> None:
        from secretariat_app.db.book import open_book

        try:
            book = open_book(ref)
        except Exception as exc:  # noqa: BLE001
            ctx.show_error(_("The book could not be opened again: {reason}").format(reason=exc))
            return
        window.adopt_book(book, keep_on_refusal=True)
        if not failed:
            ctx.show_info(_("The book was restored from {path}.").format(path=path))

    def refused(exc) -> None:
        ctx.show_error(exc.message)
        reopen(failed=True)

    ctx.run_op(module.restore_book, ref, path, with_session=False, title=_("Restoring the book…"),
               cancellable=False, on_done=reopen, on_error=refused)
