"""The detail panel beside the member table: the member's data, actions, history, posts, contacts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.core.members.models import BODY_LABELS, KIND_LABELS, LEFT, STATUS_LABELS
from secretariat_app.gui.members.contacts import ContactsPanel
from secretariat_app.gui.widgets.common import EmptyState
from secretariat_app.i18n import _


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(table: QTableWidget, rows: list[list]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))


class MemberDetail(QWidget):
    """Shows ``actions.members.details`` of one member (masked there for a viewer); emits the action
    asked for."""

    edit_requested = Signal()
    level_requested = Signal()
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member: dict | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.empty = EmptyState(_("Select a member to see the details, or press Insert to add one."))
        lay.addWidget(self.empty)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.addWidget(self.title)
        self.fields = QFormLayout()
        self.fields.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        body.addLayout(self.fields)
        buttons = QHBoxLayout()
        self.edit_btn = QPushButton(_("Edit…"))
        self.edit_btn.setToolTip(_("Edit the member's details (F2)"))
        self.level_btn = QPushButton(_("Change level…"))
        self.leave_btn = QPushButton(_("Record leaving…"))
        self.edit_btn.clicked.connect(self.edit_requested)
        self.level_btn.clicked.connect(self.level_requested)
        self.leave_btn.clicked.connect(self.leave_requested)
        for b in (self.edit_btn, self.level_btn, self.leave_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        body.addLayout(buttons)
        self.tabs = QTabWidget()
        self.history = _table([_("Date"), _("Event"), _("Detail")])
        self.posts = _table([_("Post"), _("Body"), _("Person"), _("From"), _("Until")])
        self.contacts = ContactsPanel()  # contacts.py: list + Add / Edit / Make primary / Deactivate
        self.tabs.addTab(self.history, _("History"))
        self.tabs.addTab(self.posts, _("Posts"))
        self.tabs.addTab(self.contacts, _("Contacts"))
        body.addWidget(self.tabs, 1)
        lay.addWidget(self.body, 1)
        self.show_member(None)

    def show_member(self, d: dict | None) -> None:
        self.member = d
        self.empty.setVisible(d is None)
        self.body.setVisible(d is not None)
        if d is None:
            return
        self.title.setText(f"{d['no']}  {d['name']}")
        while self.fields.rowCount():
            self.fields.removeRow(0)
        status = _(STATUS_LABELS.get(d["status"], d["status"]))
        if d["status"] == LEFT and d["left_on"]:
            reason = d["left_reason_label"]
            status = _("{status} on {date} ({reason})").format(status=status, date=d["left_on"].isoformat(),
                                                               reason=_(reason))
        corporate = d["kind"] == "corporate"
        rows = [(_("Kind"), _(KIND_LABELS.get(d["kind"], d["kind"]))), (_("Member level"), d["level"]),
                (_("Status"), status), (_("Date joined"), d["joined"].isoformat()),
                (_("Unified social credit code") if corporate else _("ID number"),
                 d["credit_code"] if corporate else d["id_number"]),
                (_("Contact"), d["contact_name"]) if corporate else (_("Employer"), d["employer"]),
                (_("Mobile"), d["mobile"]), (_("Phone"), d["phone"]), (_("Industry"), d["industry"]),
                (_("Address"), d["address"])]
        for name, value in rows:
            if value:
                v = QLabel(str(value))
                v.setWordWrap(True)
                v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.fields.addRow(name + "：", v)
        active = d["status"] != LEFT
        self.level_btn.setEnabled(active)
        self.leave_btn.setEnabled(active)
        _fill(self.history, [[on.isoformat(), kind, text] for on, kind, text in d["history"]])
        _fill(self.posts, [[post, _(BODY_LABELS.get(body, body)), person, start.isoformat(),
                            end.isoformat() if end else ""] for post, body, person, start, end in d["posts"]])
        self.contacts.show_member(d)
