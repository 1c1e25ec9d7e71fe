"""The meeting editor's first tab: details (kind, date, place, convener, chair, recorder), invited
guests, and the notice (会议通知) with the sign-in sheet and notice PDFs."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import meetings, meetings_minutes
from secretariat_app.core.meetings.models import KIND_LABELS, KINDS
from secretariat_app.gui.pages.meetings.dialogs import qdate
from secretariat_app.gui.widgets.cards import Panel
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _

FIELDS = ("kind", "representatives", "title", "date", "start_time", "end_time", "place", "convener", "chair",
          "recorder", "note")


def _date_edit(optional: bool = False) -> QDateEdit:
    w = QDateEdit()
    w.setCalendarPopup(True)
    w.setDisplayFormat("yyyy-MM-dd")
    if optional:
        w.setSpecialValueText(" ")
    return w


class DetailsTab(QWidget):
    def __init__(self, editor) -> None:
        super().__init__()
        self.editor = editor
        self.state: dict | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 8, 4, 8)
        lay.setSpacing(12)
        lay.addWidget(self._details_panel())
        lay.addWidget(self._guests_panel())
        lay.addWidget(self._notice_panel())
        lay.addStretch(1)

    # ---- building --------------------------------------------------------------------------

    def _details_panel(self) -> QWidget:
        f = self.form = FormRows(columns=2)
        kind = QComboBox()
        for k in KINDS:
            kind.addItem(_(KIND_LABELS[k]), k)
        f.add_row("kind", _("Kind"), kind, required=True)
        f.add_row("representatives", "", QCheckBox(_("Representatives' assembly")))
        f.add_row("title", _("Meeting title"), QLineEdit(), required=True, span=2)
        f.add_row("date", _("Date"), _date_edit(), required=True)
        times = QWidget()
        tl = QHBoxLayout(times)
        tl.setContentsMargins(0, 0, 0, 0)
        self.start_time, self.end_time = QLineEdit(), QLineEdit()
        self.start_time.setPlaceholderText("09:00")
        self.end_time.setPlaceholderText("12:00")
        tl.addWidget(self.start_time)
        tl.addWidget(self.end_time)
        f.add_row("times", _("Start – end"), times)
        f.add_row("place", _("Place"), QLineEdit(), span=2)
        f.add_row("convener", _("Convener"), QLineEdit())
        f.add_row("chair", _("Chair"), QLineEdit())
        f.add_row("recorder", _("Recorder"), QLineEdit())
        f.add_row("note", _("Note"), QLineEdit())
        self.save_button = QPushButton(_("Save details"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        return Panel(_("Meeting details"), f, actions=[self.save_button])

    def _guests_panel(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.guests = QTableWidget(0, 3)
        self.guests.setHorizontalHeaderLabels([_("Name"), _("Organization"), _("Position")])
        self.guests.horizontalHeader().setStretchLastSection(True)
        self.guests.verticalHeader().setVisible(False)
        self.guests.setMinimumHeight(110)
        self.guests.setMaximumHeight(150)
        self.guests.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.guests)
        row = QHBoxLayout()
        self.guest_name, self.guest_org, self.guest_title = QLineEdit(), QLineEdit(), QLineEdit()
        self.guest_name.setPlaceholderText(_("Name"))
        self.guest_org.setPlaceholderText(_("Organization"))
        self.guest_title.setPlaceholderText(_("Position"))
        self.add_guest_button = QPushButton(_("Add guest"))
        self.add_guest_button.clicked.connect(self.add_guest)
        self.remove_guest_button = QPushButton(_("Remove"))
        self.remove_guest_button.clicked.connect(self.remove_guest)
        for w in (self.guest_name, self.guest_org, self.guest_title, self.add_guest_button, self.remove_guest_button):
            row.addWidget(w)
        lay.addLayout(row)
        return Panel(_("Invited guests"), box)

    def _notice_panel(self) -> QWidget:
        f = self.notice_form = FormRows(columns=2)
        f.add_row("number", _("Document number"), QLineEdit())
        f.add_row("issued_on", _("Issued on"), _date_edit())
        f.add_row("recipients", _("Recipients"), QLineEdit(), span=2)
        body = QPlainTextEdit()
        body.setMaximumHeight(90)
        f.add_row("body", _("Text"), body, span=2)
        f.add_row("reply_by", _("Reply by"), _date_edit())
        f.add_row("contact", _("Contact"), QLineEdit())
        save = QPushButton(_("Save notice"))
        save.clicked.connect(self.save_notice)
        notice_pdf = QPushButton(_("Notice PDF…"))
        notice_pdf.clicked.connect(lambda: self.editor.export_pdf("notice"))
        signin_pdf = QPushButton(_("Sign-in sheet PDF…"))
        signin_pdf.clicked.connect(lambda: self.editor.export_pdf("signin"))
        self.signin_button = signin_pdf
        return Panel(_("Notice and sign-in sheet"), f, actions=[save, notice_pdf, signin_pdf])

    # ---- state -----------------------------------------------------------------------------

    def load(self, state: dict) -> None:
        self.state = state
        rec = state["record"]
        self.form.clear_errors()
        self.form.set_values({k: rec[k] for k in ("kind", "representatives", "title", "place", "convener", "chair",
                                                  "recorder", "note")})
        self.form.widget("date").setDate(qdate(date.fromisoformat(rec["date"])))
        self.start_time.setText(rec["start_time"])
        self.end_time.setText(rec["end_time"])
        self.guests.setRowCount(len(rec["guests"]))
        for r, g in enumerate(rec["guests"]):
            for c, key in enumerate(("name", "organization", "title")):
                self.guests.setItem(r, c, QTableWidgetItem(g[key]))
        n = state["notice"]
        self.notice_form.clear_errors()
        self.notice_form.set_values(dict(number=n["number"], recipients=n["recipients"], body=n["body"],
                                         contact=n["contact"]))
        self.notice_form.widget("issued_on").setDate(qdate(date.fromisoformat(n["issued_on"])))
        reply = date.fromisoformat(n["reply_by"]) if n["reply_by"] else date.fromisoformat(rec["date"])
        self.notice_form.widget("reply_by").setDate(qdate(reply))
        locked = state["locked"]
        for w in (self.form, self.save_button, self.add_guest_button, self.remove_guest_button):
            w.setEnabled(not locked)

    def values(self) -> dict:
        v = self.form.values()
        out = {k: v[k] for k in ("kind", "representatives", "title", "date", "place", "convener", "chair",
                                 "recorder", "note")}
        out["start_time"], out["end_time"] = self.start_time.text().strip(), self.end_time.text().strip()
        return out

    def save(self) -> None:
        if self.state is None:
            return
        self.editor.run(meetings.update_meeting, self.state["id"], self.values(), form=self.form)

    def add_guest(self) -> None:
        if self.state is None:
            return
        values = dict(name=self.guest_name.text(), organization=self.guest_org.text(), title=self.guest_title.text())

        def done() -> None:
            for w in (self.guest_name, self.guest_org, self.guest_title):
                w.clear()

        self.editor.run(meetings.add_guest, self.state["id"], values, after=done)

    def remove_guest(self) -> None:
        row = self.guests.currentRow()
        if self.state is None or row < 0:
            return
        self.editor.run(meetings.remove_guest, self.state["record"]["guests"][row]["id"])

    def save_notice(self) -> None:
        if self.state is None:
            return
        v = self.notice_form.values()
        self.editor.run(meetings_minutes.save_notice, self.state["id"], v, form=self.notice_form)
