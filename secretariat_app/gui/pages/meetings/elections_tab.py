"""The elections tab (换届, by-elections): offices, candidates and their votes; applying the result
updates the officer posts from the meeting's date (through the member roll's services)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import meetings
from secretariat_app.core.members.models import BODIES, BODY_LABELS, POSTS
from secretariat_app.gui.pages.meetings.dialogs import MemberPicker, compact_combo
from secretariat_app.gui.widgets.cards import Panel
from secretariat_app.i18n import _


class ElectionsTab(QWidget):
    def __init__(self, editor) -> None:
        super().__init__()
        self.editor = editor
        self.state: dict | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 8, 4, 4)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_election)
        ll.addWidget(self.list, 1)
        form = QHBoxLayout()
        self.office = compact_combo(6)
        self.office.setEditable(True)
        self.office.addItems(list(POSTS))
        self.office.currentTextChanged.connect(self._office_changed)
        self.body = compact_combo(6)
        for b in BODIES:
            self.body.addItem(_(BODY_LABELS[b]), b)
        self.seats = QSpinBox()
        self.seats.setRange(1, 999)
        self.seats.setPrefix(_("Seats: "))
        self.add_button = QPushButton(_("New election"))
        self.add_button.clicked.connect(self.add_election)
        form.addWidget(self.office)
        form.addWidget(self.body)
        ll.addLayout(form)
        form = QHBoxLayout()
        form.addWidget(self.seats)
        form.addWidget(self.add_button)
        ll.addLayout(form)
        lay.addWidget(Panel(_("Elections"), left), 1)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.info = QLabel()
        self.info.setWordWrap(True)
        rl.addWidget(self.info)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Candidate"), _("Representative"), _("Votes"), _("Result")])
        self.table.verticalHeader().setVisible(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(hh.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(0, hh.ResizeMode.Stretch)
        rl.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.cand_button = QPushButton(_("Add candidate…"))
        self.cand_button.clicked.connect(self.add_candidate)
        self.remove_button = QPushButton(_("Remove candidate"))
        self.remove_button.clicked.connect(self.remove_candidate)
        self.votes_button = QPushButton(_("Record votes"))
        self.votes_button.clicked.connect(self.record_votes)
        self.by_election = QCheckBox(_("By-election: the current holders stay"))
        self.apply_button = QPushButton(_("Update officer posts"))
        self.apply_button.setProperty("primary", True)
        self.apply_button.clicked.connect(self.apply)
        for w in (self.cand_button, self.remove_button, self.votes_button):
            row.addWidget(w)
        row.addStretch(1)
        rl.addLayout(row)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.by_election)
        row.addWidget(self.apply_button)
        rl.addLayout(row)
        lay.addWidget(Panel(_("Candidates and votes"), right), 2)
        self._office_changed(self.office.currentText())

    def _office_changed(self, text: str) -> None:
        body = POSTS.get(text.strip())
        if body:
            self.body.setCurrentIndex(self.body.findData(body))

    def load(self, state: dict) -> None:
        self.state = state
        keep = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for e in state["record"]["elections"]:
            text = f"{e['office']}（{_(BODY_LABELS.get(e['body'], e['body']))}）" + \
                _(" — {seats} seats").format(seats=e["seats"])
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, e["id"])
            self.list.addItem(item)
        self.list.blockSignals(False)
        locked = state["locked"]
        self.add_button.setEnabled(not locked)
        if self.list.count():
            self.list.setCurrentRow(min(max(keep, 0), self.list.count() - 1))
        self._show_election(self.list.currentRow())

    def current(self) -> dict | None:
        row = self.list.currentRow()
        if self.state is None or row < 0 or row >= len(self.state["record"]["elections"]):
            return None
        return self.state["record"]["elections"][row]

    def _show_election(self, _row: int = -1) -> None:
        e = self.current()
        self.table.setRowCount(0)
        editable = bool(e) and not e["applied"] and not (self.state or {}).get("locked")
        for w in (self.cand_button, self.remove_button, self.votes_button, self.apply_button, self.by_election):
            w.setEnabled(editable)
        if e is None:
            self.info.setText(_("No election at this meeting.") if self.state else "")
            return
        status = _("The result is in the officer posts (from {date}).").format(date=e["term_start"]) if e["applied"] \
            else _("{voters} voters").format(voters=e["voters"]) if e["voters"] is not None else _("Votes not recorded yet.")
        self.info.setText(f"{e['office']} · {status}")
        self.table.setRowCount(len(e["candidates"]))
        for r, c in enumerate(e["candidates"]):
            self.table.setItem(r, 0, QTableWidgetItem(f"{c['no']} {c['name']}"))
            self.table.setItem(r, 1, QTableWidgetItem(c["person"]))
            spin = QSpinBox()
            spin.setRange(0, 1_000_000)
            spin.setValue(c["votes"] or 0)
            spin.setEnabled(editable)
            self.table.setCellWidget(r, 2, spin)
            self.table.setItem(r, 3, QTableWidgetItem(_("Elected") if c["elected"] else ""))

    def add_election(self) -> None:
        if self.state is None:
            return
        values = dict(office=self.office.currentText(), body=self.body.currentData(), seats=self.seats.value())
        self.editor.run(meetings.add_election, self.state["id"], values)

    def add_candidate(self) -> None:
        e = self.current()
        if e is None:
            return
        dlg = MemberPicker(self.editor.ctx, date.fromisoformat(self.state["record"]["date"]), title=_("Candidate"),
                           parent=self)
        if dlg.exec() and dlg.selected_id() is not None:
            self.editor.run(meetings.add_candidate, e["id"], dlg.selected_id())

    def remove_candidate(self) -> None:
        e = self.current()
        row = self.table.currentRow()
        if e is not None and 0 <= row < len(e["candidates"]):
            self.editor.run(meetings.remove_candidate, e["candidates"][row]["id"])

    def record_votes(self) -> None:
        e = self.current()
        if e is None:
            return
        counts = {c["id"]: self.table.cellWidget(r, 2).value() for r, c in enumerate(e["candidates"])}
        self.editor.run(meetings.record_election_votes, e["id"], counts, after=None, notes=True)

    def apply(self) -> None:
        e = self.current()
        if e is not None:
            self.editor.run(meetings.apply_election, e["id"], not self.by_election.isChecked())
