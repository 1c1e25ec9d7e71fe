"""The login dialog (issue 8): shown when a book with users is opened (``login(ctx)``).

Single-user books (no users) need no login: ``login`` returns True at once. A refused login (wrong
password, locked user) shows the core's message in the dialog; five wrong passwords lock the user
for 15 minutes (``core/auth.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget)

from secretariat_app.core import auth
from secretariat_app.core.trust import users as trust_users
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


class LoginDialog(QDialog):
    def __init__(self, book, parent: QWidget | None = None, *, title_name: str = "") -> None:
        super().__init__(parent)
        self.book = book
        self.principal: auth.Principal | None = None
        self.setWindowTitle(_("Log in"))
        self.setMinimumWidth(360)
        lay = QVBoxLayout(self)
        head = QLabel(_("This book has users. Log in to {name}.").format(name=title_name or book.display_name))
        head.setWordWrap(True)
        lay.addWidget(head)
        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("login_user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("login_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("User name"), self.user_edit)
        form.addRow(_("Password"), self.password_edit)
        lay.addLayout(form)
        self.error_label = QLabel("")
        self.error_label.setObjectName("login_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        lay.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def try_login(self) -> bool:
        """Check the password with the core; close on success, else show why."""
        try:
            with self.book.session() as s:
                self.principal = trust_users.login(s, self.user_edit.text(), self.password_edit.text())
        except DomainError as exc:
            self.error_label.setText(str(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return False
        self.accept()
        return True


def needs_login(book) -> bool:
    with book.session() as s:
        return auth.book_has_users(s)


def login(ctx, book=None) -> bool:
    """Ask for a login when ``book`` (default ``ctx.book``) has users; sets ``ctx.user``.

    Returns False when the user cancelled (the caller then closes the book)."""
    book = book or ctx.book
    if book is None or not needs_login(book):
        ctx.user = None
        return True
    dlg = LoginDialog(book, ctx.window, title_name=ctx.association_name() if ctx.book is book else "")
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.principal is None:
        return False
    ctx.user = dlg.principal
    return True
