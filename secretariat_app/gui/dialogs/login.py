"""The login dialog (issue 8): shown when a book with users is opened (``login(ctx)``).

Single-user books (no users) need no login: ``login`` returns True at once. The password is
checked in a worker (``actions.book.log_in``: argon2 takes a moment, and the login writes its
bookkeeping). A refused login (wrong password, locked user) shows the core's message in the
dialog; five wrong passwords lock the user for 15 minutes (``core/auth.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from secretariat_app.actions import book as book_actions
from secretariat_app.errors import DomainError
from secretariat_app.gui import operations
from secretariat_app.i18n import _


class LoginDialog(QDialog):
    def __init__(self, book, parent: QWidget | None = None, *, title_name: str = "") -> None:
        super().__init__(parent)
        self.book = book
        self.principal = None  # core.auth.Principal once logged in
        self.op: operations.Operation | None = None
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
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)

    def try_login(self) -> operations.Operation:
        """Check the password in a worker; the dialog closes on success, else shows why."""
        self.error_label.setText("")
        self.buttons.setEnabled(False)
        self.op = operations.run_op(book_actions.log_in, self.book, self.user_edit.text(), self.password_edit.text(), parent=self, title=_("Logging in…"), cancellable=False,
                                    on_done=self._logged_in, on_error=self._refused,
                                    on_finally=lambda: self.buttons.setEnabled(True))
        return self.op

    def _logged_in(self, principal) -> None:
        self.principal = principal
        self.accept()

    def _refused(self, exc: DomainError) -> None:
        self.error_label.setText(str(exc))
        self.password_edit.clear()
        self.password_edit.setFocus()

    def reject(self) -> None:
        if self.op is not None and self.op.running:
            return
        super().reject()


def needs_login(book) -> bool:
    return book_actions.before_login(book).has_users


def login(ctx, book=None) -> bool:
    """Ask for a login when ``book`` (default ``ctx.book``) has users; sets ``ctx.user``.

    Returns False when the user cancelled (the caller then closes the book)."""
    book = book or ctx.book
    info = book_actions.before_login(book) if book is not None else None
    if info is None or not info.has_users:
        ctx.user = None
        return True
    dlg = LoginDialog(book, ctx.window, title_name=info.name)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.principal is None:
        return False
    ctx.user = dlg.principal
    return True
