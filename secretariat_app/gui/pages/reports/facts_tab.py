"""Yearly facts for the reports: staff, member satisfaction survey, activities, standards and
information disclosed (``core/reports/facts.py``). Every save is an action in a worker; the core
validates and a refusal shows beside its fields (a record's dialog stays open then)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import reports
from secretariat_app.core.reports import facts
from secretariat_app.core.reports.models import (
    ACTIVITY_KINDS,
    PARTY_ORGS,
    STANDARD_LEVELS,
    STANDARD_ROLES,
    STANDARD_STATUSES,
)
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _


def _spin(maximum: int = 100000) -> QSpinBox:
    s = QSpinBox()
    s.setRange(0, maximum)
    return s


def _combo(choices: dict) -> QComboBox:
    c = QComboBox()
    for key, text in choices.items():
        c.addItem(_(text), key)
    return c


def _date_edit(year: int) -> QDateEdit:
    d = QDateEdit()
    d.setCalendarPopup(True)
    d.setDisplayFormat("yyyy-MM-dd")
    today = date.today()
    d.setDate(QDate(year, today.month, today.day) if year == today.year else QDate(year, 1, 1))
    return d


class RecordDialog(QDialog):
    """A small form for one record; ``save(values)`` gives the action and its arguments, run in a
    worker: the dialog closes when it is done, and stays open with the refusal beside the fields."""

    def __init__(self, parent, ctx, title: str, build, save, values: dict | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.form = FormRows()
        build(self.form)
        if values:
            self.form.set_values(values)
        self.ctx, self.save_fn = ctx, save
        lay = QVBoxLayout(self)
        lay.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def try_save(self) -> None:
        fn, *args = self.save_fn(self.form.values())
        self.form.clear_errors()
        self.ctx.run_action(fn, *args, title=_("Saving…"), on_done=lambda _o: self.accept(),
                            on_error=self.form.show_error)


class RecordTable(QGroupBox):
    """A titled table of the year's records with Add / Edit / Delete."""

    def __init__(self, title: str, headers: list[str], *, add, edit, delete) -> None:
        super().__init__(title)
        self.rows: list = []
        self.add, self.edit, self.delete = add, edit, delete
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(160)
        self.table.doubleClicked.connect(lambda _i: self.edit() if self.edit_button.isVisible() else None)
        lay.addWidget(self.table)
        bar = QHBoxLayout()
        self.add_button, self.edit_button, self.delete_button = (QPushButton(_("Add…")), QPushButton(_("Edit…")),
                                                                 QPushButton(_("Delete")))
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit())
        self.delete_button.clicked.connect(lambda: self.delete())
        for b in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)

    def fill(self, rows: list, cells) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(cells(row)):
                self.table.setItem(r, c, QTableWidgetItem(str(text)))
        self.table.resizeColumnsToContents()

    def selected(self):
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None


class FactsTab(QScrollArea):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx
        self.setWidgetResizable(True)
        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.setSpacing(14)
        top = QHBoxLayout()
        top.addWidget(self._staff_box(), 3)
        top.addWidget(self._survey_box(), 2)
        lay.addLayout(top)
        self.activities = RecordTable(
            _("Activities"), [_("Date"), _("Kind"), _("Activity"), _("Participants"), _("Note")],
            add=lambda: self._activity_dialog(None),
            edit=lambda: self._activity_dialog(self.activities.selected()),
            delete=lambda: self._delete(reports.delete_activity, self.activities.selected()))
        self.standards = RecordTable(
            _("Standards"), [_("Standard"), _("Number"), _("Level"), _("Role"), _("Status")],
            add=lambda: self._standard_dialog(None),
            edit=lambda: self._standard_dialog(self.standards.selected()),
            delete=lambda: self._delete(reports.delete_standard, self.standards.selected()))
        self.disclosures = RecordTable(
            _("Information disclosed"), [_("Date"), _("Title"), _("Channel")],
            add=self._disclosure_dialog, edit=self._disclosure_dialog,
            delete=lambda: self._delete(reports.delete_disclosure, self.disclosures.selected()))
        self.disclosures.edit_button.hide()  # a disclosure is deleted and entered again
        lay.addWidget(self.activities)
        lay.addWidget(self.standards)
        lay.addWidget(self.disclosures)
        lay.addStretch(1)
        self.setWidget(inner)

    # ---- staff and survey -------------------------------------------------------------------

    def _staff_box(self) -> QGroupBox:
        box = QGroupBox(_("Staff of the secretariat"))
        lay = QVBoxLayout(box)
        f = self.staff_form = FormRows(columns=2)
        for key in facts.STAFF_FIELDS:
            f.add_row(key, facts.staff_label(key), _spin())
        f.add_row("party_org", facts.staff_label("party_org"), _combo(PARTY_ORGS), span=2)
        f.add_row("note", facts.staff_label("note"), QLineEdit(), span=2)
        lay.addWidget(f)
        save = QPushButton(_("Save staff"))
        save.clicked.connect(self.save_staff)
        lay.addWidget(save)
        return box

    def _survey_box(self) -> QGroupBox:
        box = QGroupBox(_("Member satisfaction survey"))
        lay = QVBoxLayout(box)
        f = self.survey_form = FormRows()
        f.add_row("respondents", _("Respondents"), _spin())
        f.add_row("satisfied", _("Satisfied"), _spin())
        f.add_row("note", _("Note"), QLineEdit())
        lay.addWidget(f)
        save = QPushButton(_("Save survey"))
        save.clicked.connect(self.save_survey)
        lay.addWidget(save)
        return box

    def save_staff(self) -> None:
        self._save_form(self.staff_form, reports.set_staff)

    def save_survey(self) -> None:
        self._save_form(self.survey_form, reports.set_survey)

    def _save_form(self, form: FormRows, fn) -> None:
        def done(_outcome) -> None:
            form.clear_errors()
            form.banner.show_message(_("Saved."), "info")

        form.clear_errors()
        self.ctx.run_action(fn, self.page.year, form.values(), title=_("Saving…"), on_done=done,
                            on_error=form.show_error)

    # ---- lists --------------------------------------------------------------------------------

    def load(self) -> None:
        f = self.ctx.call(reports.year_facts, self.page.year)
        staff, survey, acts, stds, discs = f.staff, f.survey, f.activities, f.standards, f.disclosures
        self.staff_form.clear_errors()
        self.staff_form.set_values({k: getattr(staff, k) for k in (*facts.STAFF_FIELDS, "party_org", "note")})
        self.survey_form.clear_errors()
        self.survey_form.set_values(survey)
        self.activities.fill(acts, lambda a: (a[1].isoformat(), _(ACTIVITY_KINDS.get(a[2], a[2])), a[3], a[4], a[5]))
        self.standards.fill(stds, lambda s: (s[1], s[2], _(STANDARD_LEVELS.get(s[3], s[3])),
                                             _(STANDARD_ROLES.get(s[4], s[4])), _(STANDARD_STATUSES.get(s[5], s[5]))))
        self.disclosures.fill(discs, lambda d: (d[1].isoformat(), d[2], d[3]))

    def _delete(self, fn, row) -> None:
        if row is None:
            return
        self.ctx.run_action(fn, row[0], title=_("Saving…"), on_done=lambda _o: self.load())

    def _activity_dialog(self, row) -> None:
        year = self.page.year

        def build(f: FormRows) -> None:
            f.add_row("on_date", _("Date"), _date_edit(year), required=True)
            f.add_row("title", _("Title"), QLineEdit(), required=True)
            f.add_row("kind", _("Kind"), _combo(ACTIVITY_KINDS))
            f.add_row("participants", _("Participants"), _spin())
            f.add_row("note", _("Note"), QLineEdit())

        def save(values: dict) -> tuple:
            return (reports.add_activity, year, values) if row is None else (reports.update_activity, row[0], values)

        values = None if row is None else dict(on_date=row[1], kind=row[2], title=row[3], participants=row[4],
                                               note=row[5])
        if self._run(RecordDialog(self, self.ctx, _("Activity"), build, save, values)):
            self.load()

    def _standard_dialog(self, row) -> None:
        year = self.page.year

        def build(f: FormRows) -> None:
            f.add_row("title", _("Title"), QLineEdit(), required=True)
            f.add_row("code", _("Standard number"), QLineEdit())
            f.add_row("level", _("Level"), _combo(STANDARD_LEVELS))
            f.add_row("role", _("Role"), _combo(STANDARD_ROLES))
            f.add_row("status", _("Status"), _combo(STANDARD_STATUSES))
            f.add_row("note", _("Note"), QLineEdit())

        def save(values: dict) -> tuple:
            return (reports.add_standard, year, values) if row is None else (reports.update_standard, row[0], values)

        values = None if row is None else dict(title=row[1], code=row[2], level=row[3], role=row[4], status=row[5],
                                               note=row[6])
        if self._run(RecordDialog(self, self.ctx, _("Standard"), build, save, values)):
            self.load()

    def _disclosure_dialog(self) -> None:
        year = self.page.year

        def build(f: FormRows) -> None:
            f.add_row("on_date", _("Date"), _date_edit(year), required=True)
            f.add_row("title", _("Title"), QLineEdit(), required=True)
            f.add_row("channel", _("Channel"), QLineEdit())

        if self._run(RecordDialog(self, self.ctx, _("Information disclosed"), build,
                                  lambda v: (reports.add_disclosure, year, v))):
            self.load()

    def _run(self, dialog: QDialog) -> bool:
        self.page.last_dialog = dialog
        return dialog.exec() == QDialog.DialogCode.Accepted
