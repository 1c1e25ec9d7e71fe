"""New book (新建账套): the association's name, where the book goes, optionally the demo data.

The book is created in a worker (``actions.book.create``: validates first, removes a half-made file
on any refusal); bad input is shown beside its field. On success ``dialog.book`` holds the open book.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import book as book_actions
from secretariat_app.core.book_settings import label, validate_settings
from secretariat_app.errors import BookError, DomainError, Problem
from secretariat_app.gui import operations
from secretariat_app.gui.dialogs import book_file_filter, ok_cancel
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _


def suggested_path(name: str) -> str:
    stem = re.sub(r'[\\/:*?"<>|\s]+', "", name).strip(".") or _("new book")
    folder = book_actions.books_folder()
    path = folder / f"{stem}.sqlite"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}.sqlite"
        n += 1
    return str(path)


class NewBookDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, demo: bool = False, name: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.book = None
        self.op = None
        self._path_edited = False
        self.setWindowTitle(_("New book"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 18, 20, 16)
        lay.setSpacing(12)
        intro = QLabel(_("A book holds one association's members, dues, accounts and meetings. "
                         "Each association you keep gets a book of its own."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        lay.addWidget(intro)
        self.form = FormRows(columns=1, label_width=110)
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText(_("e.g. {example}").format(example="西咸新区智能制造行业协会"))
        self.form.add_row("name", label("name"), self.name_edit, required=True)
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(18)
        self.code_edit.setPlaceholderText(_("18 characters; may be filled in later"))
        self.form.add_row("credit_code", label("credit_code"), self.code_edit)
        self.path_edit = QLineEdit(suggested_path(name) if name else "")
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        row = QWidget()
        rl = QHBoxLayout(row)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.setSpacing(6)
        rl.addWidget(self.path_edit, 1)
        rl.addWidget(browse)
        self.form.add_row("path", _("Book file"), row, required=True,
                          hint=_("A .sqlite file, or a PostgreSQL database URL."))
        self.demo_check = QCheckBox(_("Fill the book with a demo association (to try the program)"))
        self.demo_check.setChecked(demo)
        self.form.add_row("demo", "", self.demo_check)
        lay.addWidget(self.form)
        self.buttons = ok_cancel(self, _("Create"))
        self.buttons.accepted.disconnect()
        self.buttons.accepted.connect(self._create)
        lay.addWidget(self.buttons)
        self.name_edit.textEdited.connect(self._name_changed)
        self.path_edit.textEdited.connect(lambda _t: setattr(self, "_path_edited", True))

    def _name_changed(self, text: str) -> None:
        if not self._path_edited:
            self.path_edit.setText(suggested_path(text.strip()) if text.strip() else "")

    def _browse(self) -> None:
        start = self.path_edit.text().strip() or suggested_path(self.name_edit.text().strip())
        path, _f = QFileDialog.getSaveFileName(self, _("New book"), start, book_file_filter())
        if path:
            if not Path(path).suffix:
                path += ".sqlite"
            self.path_edit.setText(path)
            self._path_edited = True

    def values(self) -> dict:
        return {"name": self.name_edit.text().strip(), "credit_code": self.code_edit.text().strip(),
                "path": self.path_edit.text().strip(), "demo": self.demo_check.isChecked()}

    def _create(self) -> None:
        v = self.values()
        self.form.clear_errors()
        problems: list[Problem] = []
        try:  # every bad field at once; create checks again before it creates anything
            validate_settings({"name": v["name"], "credit_code": v["credit_code"]})
        except DomainError as exc:
            problems += exc.problems or [Problem(exc.message, field=exc.field)]
        if not v["path"]:
            problems.append(Problem(_("choose where the book goes"), field="path"))
        if problems:
            self.form.show_error(DomainError(_("Please correct the marked fields."), problems=problems))
            return
        self.buttons.setEnabled(False)
        title = _("Building the demo book…") if v["demo"] else _("Creating the book…")
        self.op = operations.run_op(book_actions.create, v["path"], v["name"], credit_code=v["credit_code"] or None,
                                    demo=v["demo"], parent=self, title=title, cancellable=False,
                                    on_done=self._created, on_error=self._refused,
                                    on_finally=lambda: self.buttons.setEnabled(True),
                                    show_error=self.ctx.show_error)

    def reject(self) -> None:
        if self.op is not None and self.op.running:  # the book is being made: wait for it
            return
        super().reject()

    def _created(self, actor) -> None:
        self.book = actor.book
        self.accept()

    def _refused(self, exc: DomainError) -> None:
        if isinstance(exc, BookError) and not exc.problems and not exc.field:
            self.form.clear_errors()
            self.form.set_error("path", exc.message)
            self.form.banner.show_message(_("Please correct the marked fields."))
            return
        self.form.show_error(exc)
