"""Settings › Users (issue 8): users and roles. Only administrators change them; in single-user
mode the first user added becomes the administrator and login is on from then."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from secretariat_app.core import auth
from secretariat_app.core.trust import users as trust_users
from secretariat_app.errors import DomainError
from secretariat_app.core.changes import Changes
from secretariat_app.i18n import N_, _, format_datetime

TITLE = N_("Users")


class UserDialog(QDialog):
    """Add a user, or set a password (``name`` given)."""

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None, first: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Set password") if name else _("Add user"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(name or "")
        self.name.setReadOnly(bool(name))
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in auth.ROLES:
            self.role.addItem(_(auth.ROLE_LABELS[role]), role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.name)
        if not name:
            form.addRow(_("Full name"), self.full_name)
            form.addRow(_("Role"), self.role)
            if first:
                self.role.setCurrentIndex(0)
                self.role.setEnabled(False)
                note = QLabel(_("The first user is the administrator; from now on everyone logs in."))
                note.setWordWrap(True)
                form.addRow(note)
        form.addRow(_("Password"), self.password)
        form.addRow(_("Password again"), self.password2)
        lay.addLayout(form)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _ok(self) -> None:
        if self.password.text() != self.password2.text():
            self.error.setText(_("The two passwords differ."))
            return
        self.accept()


class UsersSection(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        self.info = QLabel("")
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("User name"), _("Full name"), _("Role"), _("State"), _("Last login")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table)
        row = QHBoxLayout()
        self.add_btn = QPushButton(_("Add user…"))
        self.role_box = QComboBox()
        for role in auth.ROLES:
            self.role_box.addItem(_(auth.ROLE_LABELS[role]), role)
        self.role_btn = QPushButton(_("Change role"))
        self.pw_btn = QPushButton(_("Set password…"))
        self.toggle_btn = QPushButton(_("Disable / enable"))
        for w in (self.add_btn, self.role_box, self.role_btn, self.pw_btn, self.toggle_btn):
            row.addWidget(w)
        row.addStretch(1)
        lay.addLayout(row)
        self.add_btn.clicked.connect(self.add_user)
        self.role_btn.clicked.connect(self.change_role)
        self.pw_btn.clicked.connect(self.set_password)
        self.toggle_btn.clicked.connect(self.toggle)
        self.reload()

    def reload(self) -> None:
        try:
            users = self.ctx.read(lambda s: [(u.name, u.full_name or "", u.role, bool(u.active), u.locked_until,
                                              u.last_login) for u in trust_users.list_users(s)])
        except Exception as exc:  # noqa: BLE001 — a section must open even on a damaged book
            self.info.setText(str(exc))
            return
        self.users = users
        if not users:
            self.info.setText(_("Single-user mode: nobody logs in. Add the first user (the administrator) to turn "
                                "login and roles on."))
        else:
            self.info.setText(_("Administrators manage users and backups; secretaries members, meetings and "
                                "reports; treasurers the books and dues; viewers only read (ID and phone numbers "
                                "masked)."))
        self.table.setRowCount(len(users))
        now = auth.utcnow()
        for r, (name, full, role, active, locked, last) in enumerate(users):
            state = _("active") if active else _("disabled")
            if active and locked and locked > now:
                state = _("locked")
            for c, text in enumerate((name, full, _(auth.ROLE_LABELS.get(role, role)), state,
                                      format_datetime(last) if last else "")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        admin = auth.can_manage_users(self.ctx.user or auth.current_user())
        for w in (self.role_box, self.role_btn, self.toggle_btn):
            w.setEnabled(admin and bool(users))
        self.add_btn.setEnabled(admin)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()][0] if rows else None

    def _run(self, fn, *args) -> bool:
        try:
            with self.ctx.book.session() as s:
                fn(s, *args)
        except DomainError as exc:
            self.ctx.show_error(str(exc))
            return False
        self.ctx.notify_changed(Changes({"users"}))
        self.reload()
        return True

    def add_user(self) -> None:
        dlg = UserDialog(self, first=not self.users)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        first = not self.users
        if self._run(trust_users.add_user, dlg.name.text(), dlg.password.text(), dlg.role.currentData(),
                     dlg.full_name.text()) and first:
            self.ctx.user = auth.current_user()
            self.ctx.show_info(_("Login is on: {name} is the administrator.").format(name=dlg.name.text()))

    def change_role(self) -> None:
        name = self.selected_name()
        if name:
            self._run(trust_users.change_role, name, self.role_box.currentData())

    def set_password(self) -> None:
        name = self.selected_name()
        if not name:
            return
        dlg = UserDialog(self, name=name)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._run(trust_users.change_password, name, dlg.password.text())

    def toggle(self) -> None:
        name = self.selected_name()
        if name:
            active = dict((u[0], u[3]) for u in self.users)[name]
            self._run(trust_users.set_active, name, not active)


def section(ctx) -> QWidget:
    return UsersSection(ctx)
