"""Settings › Backups (issue 8): the backups folder, how many automatic backups to keep, back up
now, restore. Everything goes through ``actions/trust.py``: backups run in a worker
(``ctx.run_action``); a restore lets go of the book, replaces it (the replaced book is backed up
first), then opens it again with a new login (``gui/backup_actions.run_restore``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import trust
from secretariat_app.errors import DomainError
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
        if self.ctx.book is None:
            return
        try:
            info = self.ctx.call(trust.backup_info)
            held = self.ctx.call(trust.my_rights)
        except DomainError as exc:
            self.status.setText(str(exc))
            return
        self.folder.setText(info.folder)
        self.keep.setValue(info.keep)
        self.list.clear()
        for name, mtime in info.files:
            self.list.addItem(f"{datetime.fromtimestamp(mtime):%Y-%m-%d %H:%M}   {name}")
        self.save_btn.setEnabled("backup.settings" in held)
        self.restore_btn.setEnabled("backup.restore" in held)
        self.now_btn.setEnabled("backup.make" in held)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Backups folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        self.ctx.run_action(trust.save_backup_settings, self.folder.text().strip(), self.keep.value(),
                            title=_("Saving"), on_done=lambda _r: self.reload(), show_progress=False)

    def backup_now(self) -> None:
        default = str(Path(self.folder.text() or ".") / f"{datetime.now():%Y%m%d-%H%M}.sqlite")
        target, _filter = QFileDialog.getSaveFileName(self, _("Back up to"), default)
        if target:
            self.run_backup(target)

    def run_backup(self, target: str):
        def done(path):
            self.status.setText(_("Backup written: {path}").format(path=path))
            self.reload()

        return self.ctx.run_action(trust.backup, target, title=_("Backing up the book"), on_done=done)

    def restore(self) -> None:
        source, _filter = QFileDialog.getOpenFileName(self, _("Restore from"), self.folder.text())
        if not source:
            return
        if not self.ctx.confirm(_("Replace the open book by {source}? The book is backed up first.").format(source=source)):
            return
        self.run_restore(source)

    def run_restore(self, source: str):
        """Let go of the book, restore, open it again (and log in again: the users may differ)."""
        from secretariat_app.gui.backup_actions import run_restore

        def done() -> None:
            self.status.setText(_("The book was restored from {source}.").format(source=source))

        return run_restore(self.ctx, source, on_done=done)


def section(ctx) -> QWidget:
    return BackupSection(ctx)
