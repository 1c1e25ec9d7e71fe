"""The agenda and resolutions tab: agenda items, the resolutions put to the meeting and their votes.

The outcome is shown live while the counts are typed (``core.meetings.rules.outcome``, the same
function the service uses); recording a resolution as adopted when the numbers or the meeting do
not carry it is refused by the service and its reason shown here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import meetings
from secretariat_app.core.meetings.models import (
    BALLOT_LABELS,
    BALLOTS,
    MAJORITIES,
    MAJORITY_LABELS,
    SUBJECT_LABELS,
    SUBJECTS,
)
from secretariat_app.core.meetings.rules import minimum_majority, outcome
from secretariat_app.gui.pages.meetings.dialogs import TextPrompt, compact_combo
from secretariat_app.gui.widgets.cards import Panel
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _


def _combo(items: dict, keys) -> QComboBox:
    c = compact_combo()
    for k in keys:
        c.addItem(_(items[k]), k)
    return c


class AgendaTab(QWidget):
    def __init__(self, editor) -> None:
        super().__init__()
        self.editor = editor
        self.state: dict | None = None
        self.current: dict | None = None  # the resolution being edited
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 8, 4, 4)
        split = QSplitter(Qt.Orientation.Horizontal)
        lay.addWidget(split, 1)
        split.addWidget(self._agenda_panel())
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self._resolutions_panel(), 2)
        rl.addWidget(self._editor_panel(), 3)
        split.addWidget(right)
        split.setSizes([230, 770])

    # ---- building --------------------------------------------------------------------------

    def _agenda_panel(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.agenda = QListWidget()
        self.agenda.setWordWrap(True)
        lay.addWidget(self.agenda, 1)
        self.item_title = QLineEdit()
        self.item_title.setPlaceholderText(_("New agenda item"))
        self.item_title.returnPressed.connect(self.add_item)
        lay.addWidget(self.item_title)
        self.agenda_buttons = []
        for group in (((_("Add"), self.add_item), (_("Edit…"), self.edit_item)),
                      ((_("Up"), lambda: self.move(-1)), (_("Down"), lambda: self.move(1)),
                       (_("Remove"), self.remove_item))):
            row = QHBoxLayout()
            for text, slot in group:
                b = QPushButton(text)
                b.clicked.connect(slot)
                row.addWidget(b)
                self.agenda_buttons.append(b)
            lay.addLayout(row)
        return Panel(_("Agenda"), box)

    def _resolutions_panel(self) -> QWidget:
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([_("Resolution"), _("Subject"), _("For"), _("Against"), _("Abstain"),
                                              _("Result")])
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(hh.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(0, hh.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._select_resolution)
        new = QPushButton(_("New resolution"))
        new.clicked.connect(self.new_resolution)
        self.new_button = new
        return Panel(_("Resolutions"), self.table, actions=[new])

    def _editor_panel(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        f = self.form = FormRows(columns=2)
        self.title = f.add_row("title", _("Resolution title"), QLineEdit(), required=True, span=2)
        self.item_combo = f.add_row("agenda_item_id", _("Agenda item"), compact_combo())
        self.subject = f.add_row("subject", _("Subject"), _combo(SUBJECT_LABELS, SUBJECTS))
        self.ballot = f.add_row("ballot", _("Ballot"), _combo(BALLOT_LABELS, BALLOTS))
        self.majority = f.add_row("majority", _("Majority"), _combo(MAJORITY_LABELS, MAJORITIES))
        self.text = QPlainTextEdit()
        self.text.setMaximumHeight(70)
        f.add_row("text", _("Text"), self.text, span=2)
        f.add_section(_("Vote"))
        self.voters = f.add_row("voters", _("Voters"), QSpinBox())
        self.votes_for = f.add_row("votes_for", _("For"), QSpinBox())
        self.votes_against = f.add_row("votes_against", _("Against"), QSpinBox())
        self.votes_abstain = f.add_row("votes_abstain", _("Abstain"), QSpinBox())
        self.result = f.add_row("adopted", _("Result"), compact_combo())
        self.result.addItem(_("As the numbers say"), None)
        self.result.addItem(_("Adopted"), True)
        self.result.addItem(_("Not adopted"), False)
        for s in (self.voters, self.votes_for, self.votes_against, self.votes_abstain):
            s.setRange(0, 1_000_000)
            s.valueChanged.connect(self.update_outcome)
        for c in (self.subject, self.ballot, self.majority):
            c.currentIndexChanged.connect(self.update_outcome)
        self.subject.currentIndexChanged.connect(self._subject_changed)
        lay.addWidget(f)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(box)
        outer = QWidget()
        lay = QVBoxLayout(outer)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll, 1)
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        lay.addWidget(self.outcome_label)
        row = QHBoxLayout()
        self.save_button = QPushButton(_("Save resolution"))
        self.save_button.clicked.connect(self.save_resolution)
        self.vote_button = QPushButton(_("Record vote"))
        self.vote_button.setProperty("primary", True)
        self.vote_button.clicked.connect(self.record_vote)
        self.remove_button = QPushButton(_("Remove resolution"))
        self.remove_button.clicked.connect(self.remove_resolution)
        row.addStretch(1)
        for b in (self.remove_button, self.save_button, self.vote_button):
            row.addWidget(b)
        lay.addLayout(row)
        return Panel(_("Resolution"), outer)

    # ---- state -----------------------------------------------------------------------------

    def load(self, state: dict) -> None:
        keep = self.current["id"] if self.current else None
        self.state = state
        rec = state["record"]
        self.agenda.clear()
        for a in rec["agenda"]:
            it = QListWidgetItem(f"{a['position']}. {a['title']}")
            it.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.agenda.addItem(it)
        self.item_combo.clear()
        self.item_combo.addItem("—", None)
        for a in rec["agenda"]:
            self.item_combo.addItem(f"{a['position']}. {a['title']}", a["id"])
        self.table.blockSignals(True)
        self.table.setRowCount(len(rec["resolutions"]))
        for r, res in enumerate(rec["resolutions"]):
            result = "" if res["adopted"] is None else (_("Adopted") if res["adopted"] else _("Not adopted"))
            subject = SUBJECT_LABELS.get(res["subject"], res["subject"])
            cells = [f"{res['position']}. {res['title']}", _(subject),
                     *("" if v is None else str(v) for v in (res["votes_for"], res["votes_against"], res["votes_abstain"])),
                     result]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)
        locked = state["locked"]
        for w in self.agenda_buttons + [self.new_button, self.save_button, self.vote_button, self.remove_button,
                                        self.item_title, self.form]:
            w.setEnabled(not locked)
        ids = [res["id"] for res in rec["resolutions"]]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
            self._select_resolution()
        elif ids:
            self.table.selectRow(0)
            self._select_resolution()
        else:
            self.new_resolution()

    def _select_resolution(self) -> None:
        row = self.table.currentRow()
        if self.state is None or row < 0 or row >= len(self.state["record"]["resolutions"]):
            return
        res = self.current = self.state["record"]["resolutions"][row]
        self.form.clear_errors()
        self.title.setText(res["title"])
        self.text.setPlainText(res["text"])
        for combo, value in ((self.item_combo, res["agenda_item_id"]), (self.subject, res["subject"]),
                             (self.ballot, res["ballot"]), (self.majority, res["majority"])):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            combo.blockSignals(False)
        present = self.state["figures"]["present"]
        self.voters.setValue(res["voters"] if res["voters"] is not None else present)
        self.votes_for.setValue(res["votes_for"] or 0)
        self.votes_against.setValue(res["votes_against"] or 0)
        self.votes_abstain.setValue(res["votes_abstain"] or 0)
        self.result.setCurrentIndex(0)
        self.remove_button.setEnabled(not self.state["locked"])
        self.vote_button.setEnabled(not self.state["locked"])
        self.update_outcome()

    def new_resolution(self) -> None:
        self.current = None
        self.table.clearSelection()
        self.form.clear_errors()
        self.title.clear()
        self.text.clear()
        item = self.agenda.currentItem()
        self.item_combo.setCurrentIndex(max(self.item_combo.findData(item.data(Qt.ItemDataRole.UserRole)), 0)
                                        if item else 0)
        self.subject.setCurrentIndex(0)
        self._subject_changed()
        if self.state is not None:
            self.voters.setValue(self.state["figures"]["present"])
        for s in (self.votes_for, self.votes_against, self.votes_abstain):
            s.setValue(0)
        self.vote_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        self.update_outcome()

    def _subject_changed(self) -> None:
        """Ballot and majority follow the subject (the rules' minimum; a secret ballot for dues)."""
        if self.state is None:
            return
        subject = self.subject.currentData()
        self.ballot.setCurrentIndex(self.ballot.findData("secret" if subject in ("dues_schedule", "election")
                                                         else "open"))
        self.majority.setCurrentIndex(self.majority.findData(minimum_majority(self.state["record"]["kind"], subject)))

    def update_outcome(self) -> None:
        if self.state is None:
            return
        fig = self.state["figures"]
        res = outcome(meeting_kind=self.state["record"]["kind"], subject=self.subject.currentData(),
                      ballot=self.ballot.currentData(), majority=self.majority.currentData(),
                      expected=fig["expected"], present=fig["present"], voters=self.voters.value(),
                      votes_for=self.votes_for.value())
        total = self.votes_for.value() + self.votes_against.value() + self.votes_abstain.value()
        problems = list(res.problems)
        if total > self.voters.value():
            problems.insert(0, _("{total} votes counted but only {voters} present at the vote").format(
                total=total, voters=self.voters.value()))
        if res.adoptable and not problems:
            text, color = _("Carried: {votes} in favour, {needed} needed.").format(
                votes=self.votes_for.value(), needed=res.needed), "#19a58a"
        else:
            text, color = _("Not carried: {reasons}").format(reasons="; ".join(problems)), "#d0393e"
        self.outcome_label.setText(text)
        self.outcome_label.setStyleSheet(f"color: {color};")

    # ---- actions ---------------------------------------------------------------------------

    def _resolution_values(self) -> dict:
        return dict(title=self.title.text(), text=self.text.toPlainText(), subject=self.subject.currentData(),
                    ballot=self.ballot.currentData(), majority=self.majority.currentData(),
                    agenda_item_id=self.item_combo.currentData())

    def save_resolution(self) -> None:
        if self.state is None:
            return
        if self.current is None:
            self.editor.run(meetings.add_resolution, self.state["id"], self._resolution_values(), form=self.form)
        else:
            self.editor.run(meetings.update_resolution, self.current["id"], self._resolution_values(), form=self.form)

    def record_vote(self) -> None:
        if self.state is None or self.current is None:
            return
        counts = dict(votes_for=self.votes_for.value(), votes_against=self.votes_against.value(),
                      votes_abstain=self.votes_abstain.value(), voters=self.voters.value(),
                      adopted=self.result.currentData())
        self.editor.run(meetings.record_vote, self.current["id"], counts, form=self.form)

    def remove_resolution(self) -> None:
        if self.current is not None:
            self.editor.run(meetings.remove_resolution, self.current["id"])
            self.current = None

    def _item_id(self) -> int | None:
        item = self.agenda.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_item(self) -> None:
        if self.state is None or not self.item_title.text().strip():
            return
        self.editor.run(meetings.add_agenda_item, self.state["id"], dict(title=self.item_title.text()),
                        after=self.item_title.clear)

    def edit_item(self) -> None:
        item_id = self._item_id()
        if item_id is None:
            return
        a = next(x for x in self.state["record"]["agenda"] if x["id"] == item_id)
        dlg = TextPrompt(_("Agenda item"), _("Agenda item"), text=a["title"], parent=self)
        if dlg.exec():
            self.editor.run(meetings.update_agenda_item, item_id, dict(title=dlg.value))

    def move(self, offset: int) -> None:
        item_id = self._item_id()
        if item_id is not None:
            self.editor.run(meetings.move_agenda_item, item_id, offset)

    def remove_item(self) -> None:
        item_id = self._item_id()
        if item_id is not None:
            self.editor.run(meetings.remove_agenda_item, item_id)
