"""Dialogs of the member page: add/edit a member, change the level, record leaving.

Each dialog runs one action of ``actions.members`` in a worker; the core validates; a refusal comes back as a ``DomainError`` whose problems the form shows
beside their fields (field names are the translated labels of ``core.members.validation``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import members
from secretariat_app.core.members.models import CORPORATE, INDIVIDUAL, KIND_LABELS, LEFT_REASONS
from secretariat_app.core.members.validation import label
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _

CORPORATE_ONLY = ("credit_code", "contact_name", "legal_representative", "size", "industry")
INDIVIDUAL_ONLY = ("id_number", "gender", "employer", "title")


def date_edit(value: date | None = None) -> QDateEdit:
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    d = value or date.today()
    w.setDate(QDate(d.year, d.month, d.day))
    return w


class _Dialog(QDialog):
    """A form and OK/Cancel; ``accept`` runs the action ``self.submit`` names through ctx.run_action."""

    def __init__(self, ctx, title: str, parent: QWidget | None = None, columns: int = 1) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = FormRows(columns=columns)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.form, 1)
        lay.addWidget(self.buttons)
        self.result_value = None

    def accept(self) -> None:  # noqa: D102 — runs the service, closes on success only
        self.form.clear_errors()
        self.buttons.setEnabled(False)
        fn, args = self.submit()
        self.ctx.run_action(fn, *args, title=self.windowTitle(), on_done=self._done, on_error=self.form.show_error,
                        on_finally=lambda: self.buttons.setEnabled(True), show_progress=False)

    def submit(self):
        raise NotImplementedError

    def _done(self, result) -> None:
        self.result_value = result
        super().accept()


class MemberDialog(_Dialog):
    """Add a member (``member`` None) or edit one (``member`` = the dict of ``actions.members.details``)."""

    def __init__(self, ctx, member: dict | None = None, parent: QWidget | None = None, kind: str = CORPORATE) -> None:
        super().__init__(ctx, _("Edit member {no}").format(no=member["no"]) if member else _("Add a member"),
                         parent, columns=2)
        self.member = member
        f = self.form
        self.kind = QComboBox()
        for k in (CORPORATE, INDIVIDUAL):
            self.kind.addItem(_(KIND_LABELS[k]), k)
        f.add_row("kind", label("kind"), self.kind, required=True)
        f.add_row("name", label("name"), QLineEdit(), required=True)
        f.add_row("credit_code", label("credit_code"), QLineEdit(), required=True)
        f.add_row("id_number", label("id_number"), QLineEdit(), required=True)
        if member is None:
            self.level = QComboBox()
            f.add_row("level", label("level"), self.level, required=True)
            f.add_row("joined", label("joined"), date_edit(), required=True)
        f.add_row("contact_name", label("contact_name"), QLineEdit())
        f.add_row("mobile", label("mobile"), QLineEdit())
        f.add_row("phone", label("phone"), QLineEdit())
        f.add_row("email", label("email"), QLineEdit())
        industry = QComboBox()
        industry.setEditable(True)
        choices = ctx.call(members.filter_choices)
        industry.addItems([""] + choices["industries"])
        f.add_row("industry", label("industry"), industry)
        f.add_row("legal_representative", label("legal_representative"), QLineEdit())
        size = QComboBox()
        size.setEditable(True)
        size.addItems(["", "大型", "中型", "小型", "微型"])
        f.add_row("size", label("size"), size)
        gender = QComboBox()
        gender.addItems(["", "男", "女"])
        f.add_row("gender", label("gender"), gender)
        f.add_row("employer", label("employer"), QLineEdit())
        f.add_row("title", label("title"), QLineEdit())
        f.add_row("address", label("address"), QLineEdit(), span=2)
        note = QPlainTextEdit()
        note.setFixedHeight(60)
        f.add_row("note", label("note"), note, span=2)
        self._levels = choices["levels"]
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if member:
            f.set_values({k: member.get(k) or "" for k in f.rows if k != "kind"})
            self.kind.setCurrentIndex(self.kind.findData(member["kind"]))
            self.kind.setEnabled(False)
        else:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        self._kind_changed()
        self.resize(760, 520)
        f.widget("name").setFocus()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        for key in CORPORATE_ONLY:
            self._show(key, kind == CORPORATE)
        for key in INDIVIDUAL_ONLY:
            self._show(key, kind == INDIVIDUAL)
        if self.member is None:
            current = self.level.currentText()
            self.level.clear()
            for level_id, lk, name in self._levels:
                if lk == kind:
                    self.level.addItem(name, level_id)
            i = self.level.findText(current)
            self.level.setCurrentIndex(i if i >= 0 else self.level.count() - 1)

    def _show(self, key: str, visible: bool) -> None:
        row = self.form.rows[key]
        for w in (row.label, row.widget):
            w.setVisible(visible)
        if not visible:
            row.error.setVisible(False)

    def values(self) -> dict:
        kind = self.kind.currentData()
        v = self.form.values()
        keep = [k for k in v if k != "kind" and not (k in CORPORATE_ONLY and kind != CORPORATE)
                and not (k in INDIVIDUAL_ONLY and kind != INDIVIDUAL)]
        out = {k: v[k] for k in keep}
        if self.member is None:
            out["kind"] = kind
        return out

    def submit(self):
        values = self.values()
        if self.member is None:
            return members.admit, (values,)
        return members.edit, (self.member["id"], values, self.member.get("row_version"))  # as read: issue 8


class LevelDialog(_Dialog):
    def __init__(self, ctx, member: dict, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Change the level of {no} {name}").format(no=member["no"], name=member["name"]), parent)
        self.member = member
        self.level = QComboBox()
        for level_id, kind, name in ctx.call(members.level_choices, member["kind"]):
            if level_id != member["level_id"]:
                self.level.addItem(name, level_id)
        self.form.add_row("level", label("level"), self.level, required=True,
                          hint=_("Now: {level}").format(level=member["level"]))
        self.form.add_row("date", _("Date"), date_edit(), required=True)
        self.form.add_row("note", _("Note"), QLineEdit(), hint=_("e.g. the meeting that decided it"))
        self.resize(440, 260)

    def submit(self):
        v = self.form.values()
        return members.change_level, (self.member["id"], v["level"], v["date"], v["note"])


class LeaveDialog(_Dialog):
    def __init__(self, ctx, member: dict, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Record that {no} {name} left").format(no=member["no"], name=member["name"]), parent)
        self.member = member
        self.form.add_row("date", _("Date"), date_edit(), required=True)
        reason = QComboBox()
        for key, text in LEFT_REASONS.items():
            reason.addItem(_(text), key)
        self.form.add_row("left_reason", label("left_reason"), reason, required=True)
        self.form.add_row("note", _("Note"), QLineEdit())
        hint = QPlainTextEdit(_("The member stays in the roll, marked as left; their posts end on this date."))
        hint.setReadOnly(True)
        hint.setFixedHeight(48)
        hint.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        hint.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.layout().insertWidget(1, hint)
        self.resize(440, 280)

    def submit(self):
        v = self.form.values()
        return members.leave, (self.member["id"], v["date"], v["left_reason"], v["note"])
