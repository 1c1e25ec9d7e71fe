"""Settings › Users (issue 8): users and roles, through ``actions/trust.py``. Only administrators
change them ("users.manage"); everyone logged in may change their own password ("password.own").
In single-user mode the first user added becomes the administrator and login is on from then."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import trust
from secretariat_app.core.auth import ROLE_LABELS, ROLES
from secretariat_app.errors import DomainError
from secretariat_app.i18n import N_, _, format_datetime

TITLE = N_("Users")


class UserDialog(QDialog):
    """Add a user, or set a password (``name`` given; ``own``: one's own, with the old password)."""

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None, first: bool = False,
                 own: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change my password") if own else _("Set password") if name else _("Add user"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(name or "")
        self.name.setReadOnly(bool(name))
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(_(ROLE_LABELS[role]), role)
        self.old_password = QLineEdit()
        self.old_password.setEchoMode(QLineEdit.EchoMode.Password)
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
        if own:
            form.addRow(_("Old password"), self.old_password)
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
        for role in ROLES:
            self.role_box.addItem(_(ROLE_LABELS[role]), role)
        self.role_btn = QPushButton(_("Change role"))
        self.pw_btn = QPushButton(_("Set password…"))
        self.toggle_btn = QPushButton(_("Disable / enable"))
        self.own_btn = QPushButton(_("Change my password…"))
        for w in (self.add_btn, self.role_box, self.role_btn, self.pw_btn, self.toggle_btn, self.own_btn):
            row.addWidget(w)
        row.addStretch(1)
        lay.addLayout(row)
        self.add_btn.clicked.connect(self.add_user)
        self.role_btn.clicked.connect(self.change_role)
        self.pw_btn.clicked.connect(self.set_password)
        self.toggle_btn.clicked.connect(self.toggle)
        self.own_btn.clicked.connect(self.change_own_password)
        self.users: list = []
        self.reload()

    def reload(self) -> None:
        try:
            users = self.ctx.call(trust.users)
            held = self.ctx.call(trust.my_rights)
        except DomainError as exc:  # a section must open even when the book refuses
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
        for r, u in enumerate(users):
            state = _("locked") if u.locked else _("active") if u.active else _("disabled")
            for c, text in enumerate((u.name, u.full_name, _(ROLE_LABELS.get(u.role, u.role)), state,
                                      format_datetime(u.last_login) if u.last_login else "")):
                self.table.setItem(r, c, QTableWidgetItem(text))
        admin = "users.manage" in held
        for w in (self.role_box, self.role_btn, self.pw_btn, self.toggle_btn):
            w.setEnabled(admin and bool(users))
        self.add_btn.setEnabled(admin)
        self.own_btn.setEnabled("password.own" in held and self.ctx.user is not None)

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.users[rows[0].row()].name if rows else None

    def _run(self, fn, *args, on_done=None):
        """Run the action ``fn`` in a worker; reload when done (the refusal is shown)."""
        def done(outcome) -> None:
            if on_done is not None:
                on_done(outcome)
            self.reload()

        return self.ctx.run_action(fn, *args, title=_("Saving"), show_progress=False, on_done=done)

    def add_user(self) -> None:
        first = not self.users
        dlg = UserDialog(self, first=first)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        name = dlg.name.text()

        def added(outcome) -> None:
            if first:  # login is on now: the first user is signed in
                self.ctx.user = outcome.value
                self.ctx.show_info(_("Login is on: {name} is the administrator.").format(name=name))

        self._run(trust.add_user, name, dlg.password.text(), dlg.role.currentData(), dlg.full_name.text(),
                  on_done=added)

    def change_role(self) -> None:
        name = self.selected_name()
        if name:
            self._run(trust.change_role, name, self.role_box.currentData())

    def set_password(self) -> None:
        name = self.selected_name()
        if not name:
            return
        dlg = UserDialog(self, name=name)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._run(trust.set_password, name, dlg.password.text())

    def change_own_password(self) -> None:
        if self.ctx.user is None:
            return
        dlg = UserDialog(self, name=self.ctx.user.name, own=True)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self._run(trust.change_own_password, dlg.password.text(), dlg.old_password.text(),
                      on_done=lambda _o: self.ctx.show_info(_("Your password was changed.")))

    def toggle(self) -> None:
        name = self.selected_name()
        if name:
            active = {u.name: u.active for u in self.users}[name]
            self._run(trust.set_active, name, not active)


def section(ctx) -> QWidget:
    return UsersSection(ctx)
