"""Settings › Backups (issue 8): the backups folder, how many automatic backups to keep, back up
now, restore. Backups run in a worker (``ctx.run_op``); a restore closes the book first, replaces
it (``db/backup.restore_book`` backs up the replaced book), then opens it again with a new login."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from secretariat_app.core.book_settings import set_value
from secretariat_app.core.changes import Changes
from secretariat_app.db import backup
from secretariat_app.i18n import N_, _

TITLE = N_("Backups")


class BackupSection(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.folder = QLineEdit()
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_folder)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form.addRow(_("Backups folder"), row)
        self.keep = QSpinBox()
        self.keep.setRange(1, 1000)
        form.addRow(_("Automatic backups kept"), self.keep)
        lay.addLayout(form)
        note = QLabel(_("Secretariat backs the book up automatically when it closes and before each upgrade, "
                        "keeping the newest ones."))
        note.setWordWrap(True)
        lay.addWidget(note)
        buttons = QHBoxLayout()
        self.save_btn = QPushButton(_("Save"))
        self.now_btn = QPushButton(_("Back up now…"))
        self.restore_btn = QPushButton(_("Restore…"))
        for b in (self.save_btn, self.now_btn, self.restore_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(QLabel(_("Recent automatic backups")))
        self.list = QListWidget()
        lay.addWidget(self.list, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.save_btn.clicked.connect(self.save)
        self.now_btn.clicked.connect(self.backup_now)
        self.restore_btn.clicked.connect(self.restore)
        self.reload()

    def reload(self) -> None:
        book = self.ctx.book
        if book is None:
            return
        try:
            self.folder.setText(str(backup.backups_folder(book)))
            self.keep.setValue(backup.backups_kept(book))
            files = backup.list_backups(book)
        except Exception as exc:  # noqa: BLE001
            self.status.setText(str(exc))
            return
        self.list.clear()
        for p in files[:50]:
            self.list.addItem(f"{datetime.fromtimestamp(p.stat().st_mtime):%Y-%m-%d %H:%M}   {p.name}")
        from secretariat_app.core import auth

        admin = auth.can_manage_users(self.ctx.user or auth.current_user())
        self.save_btn.setEnabled(admin)
        self.restore_btn.setEnabled(admin)
        self.now_btn.setEnabled(auth.can_backup(self.ctx.user or auth.current_user()))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Backups folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        folder, keep = self.folder.text().strip(), self.keep.value()

        def write(session):
            set_value(session, "backup.folder", folder)
            set_value(session, "backup.keep", str(keep))
            return Changes({"settings"})

        self.ctx.run_op(write, title=_("Saving"), on_done=lambda _r: self.reload(), show_progress=False)

    def backup_now(self) -> None:
        default = str(Path(self.folder.text() or ".") / f"{datetime.now():%Y%m%d-%H%M}.sqlite")
        target, _filter = QFileDialog.getSaveFileName(self, _("Back up to"), default)
        if target:
            self.run_backup(target)

    def run_backup(self, target: str):
        def done(path):
            self.status.setText(_("Backup written: {path}").format(path=path))
            self.reload()

        return self.ctx.run_op(backup.backup_book, self.ctx.book, target, title=_("Backing up the book"),
                               with_session=False, on_done=done)

    def restore(self) -> None:
        source, _filter = QFileDialog.getOpenFileName(self, _("Restore from"), self.folder.text())
        if not source:
            return
        if not self.ctx.confirm(_("Replace the open book by {source}? The book is backed up first.").format(source=source)):
            return
        self.run_restore(source)

    def run_restore(self, source: str):
        """Close the book, restore, reopen it (and log in again: the users may differ)."""
        from secretariat_app.db.book import open_book

        url = self.ctx.book.url
        self.ctx.book.close()

        def reopen(_result=None, failed: Exception | None = None):
            try:
                book = open_book(url)
            except Exception as exc:  # noqa: BLE001
                self.ctx.show_error(str(exc))
                return
            adopt = getattr(self.ctx.window, "adopt_book", None)
            if callable(adopt):  # the shell: login when the restored book has users
                adopt(book, keep_on_refusal=True)
            else:
                from secretariat_app.gui.dialogs.login import login

                self.ctx.set_book(book)
                if not login(self.ctx, book):
                    self.ctx.show_error(_("You are not logged in: the book can be read but not changed."))
            if failed is not None:
                self.ctx.show_error(str(failed))
            else:
                self.status.setText(_("The book was restored from {source}.").format(source=source))
            self.ctx.notify_changed(Changes({"settings", "members", "ledger", "dues", "meetings", "reports", "users"}))
            self.reload()

        return self.ctx.run_op(backup.restore_book, url, source, title=_("Restoring the book"), with_session=False,
                               on_done=reopen, on_error=lambda exc: reopen(failed=exc), cancellable=False)


def section(ctx) -> QWidget:
    return BackupSection(ctx)
