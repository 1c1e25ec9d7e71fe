"""The minutes tab (会议纪要): the sections are edited here (opening, the discussion of each agenda
item, other matters, closing); the header, resolutions and vote counts come from the meeting's
record. Approving locks the version; a correction starts a new version and keeps the approved one.
Older versions are shown read-only and can be exported."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import meetings_minutes
from secretariat_app.core.meetings.minutes import default_minutes_text
from secretariat_app.gui.pages.meetings.dialogs import TextPrompt
from secretariat_app.i18n import _


def _editor(height: int = 80) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setStyleSheet(f"QPlainTextEdit {{ min-height: {height}px; }}")  # the app's style sheet sets 24 px
    return e


class MinutesTab(QWidget):
    def __init__(self, editor) -> None:
        super().__init__()
        self.editor = editor
        self.state: dict | None = None
        self.item_edits: dict[str, QPlainTextEdit] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 8, 4, 4)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Version")))
        self.version = QComboBox()
        self.version.currentIndexChanged.connect(self._version_changed)
        bar.addWidget(self.version)
        bar.addStretch(1)
        self.fill_button = QPushButton(_("Draft from the record"))
        self.fill_button.setToolTip(_("Fill empty sections with a first draft made from the meeting's data"))
        self.fill_button.clicked.connect(self.fill_defaults)
        self.save_button = QPushButton(_("Save draft"))
        self.save_button.clicked.connect(self.save)
        self.approve_button = QPushButton(_("Approve and lock…"))
        self.approve_button.setProperty("primary", True)
        self.approve_button.clicked.connect(self.approve)
        self.correct_button = QPushButton(_("Start a correction…"))
        self.correct_button.clicked.connect(self.correct)
        self.pdf_button = QPushButton(_("Export PDF…"))
        self.pdf_button.clicked.connect(self.export)
        bar.addWidget(self.pdf_button)
        lay.addLayout(bar)
        bar = QHBoxLayout()
        for b in (self.fill_button, self.save_button, self.approve_button, self.correct_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.header = QLabel()
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        lay.addWidget(self.scroll, 1)
        self.data: dict | None = None

    # ---- state -----------------------------------------------------------------------------

    def load(self, state: dict) -> None:
        self.state = state
        self.version.blockSignals(True)
        self.version.clear()
        for v in state["versions"]:
            label = _("Version {version}").format(version=v["version"]) + " · " + \
                (_("approved") if v["locked"] else _("draft"))
            self.version.addItem(label, v["version"])
        if not state["versions"]:
            self.version.addItem(_("Not started"), None)
        self.version.setCurrentIndex(self.version.count() - 1)
        self.version.blockSignals(False)
        self._show(state["minutes"])

    def _version_changed(self) -> None:
        if self.state is None:
            return
        v = self.version.currentData()
        latest = self.state["versions"][-1]["version"] if self.state["versions"] else None
        if v is None or v == latest:
            self._show(self.state["minutes"])
            return
        try:
            self._show(self.editor.ctx.call(meetings_minutes.minutes_version, self.state["id"], v))
        except Exception as exc:  # noqa: BLE001 — a read that fails is shown, not raised
            self.editor.show_message(str(exc))

    def _show(self, data: dict) -> None:
        self.data = data
        rec = data["record"]
        a = rec["attendance"]
        self.header.setText(_("Expected {expected}, attended {present} (including {proxies} by proxy)").format(
            expected=a["expected"], present=a["present"], proxies=a["proxies"]) + "　" +
            _("Chair: {chair}　Recorder: {recorder}").format(chair=rec["chair"] or "—", recorder=rec["recorder"] or "—"))
        # A fresh body each time (the scroll area deletes the old one): no stale editors linger.
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.opening, self.other, self.closing = _editor(), _editor(60), _editor(50)
        self.item_edits = {}
        self._section(_("Proceedings"), self.opening, data["opening"])
        for item in rec["agenda"]:
            e = _editor()
            self.item_edits[str(item["id"])] = e
            self._section(_("Discussion: {n}. {title}").format(n=item["position"], title=item["title"]), e,
                          data["items"].get(str(item["id"]), ""))
        self._section(_("Other matters"), self.other, data["other"])
        self._section(_("Closing"), self.closing, data["closing"])
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        locked = data["locked"]
        latest = not self.state["versions"] or data["version"] == self.state["versions"][-1]["version"]
        for e in [self.opening, self.other, self.closing, *self.item_edits.values()]:
            e.setReadOnly(locked or not latest)
        self.fill_button.setEnabled(latest and not locked)
        self.save_button.setEnabled(latest and not locked)
        self.approve_button.setEnabled(latest and not locked and bool(self.state["versions"]))
        self.correct_button.setEnabled(latest and locked)
        if locked:
            self.status.setText(_("Approved by {who} on {when}; locked.").format(
                who=data["approved_by"], when=(data["approved_at"] or "").replace("T", " ")))
        elif data["version"]:
            self.status.setText(_("Draft") + (f" — {data['reason']}" if data["reason"] else ""))
        else:
            self.status.setText(_("No minutes yet: write them and save a draft."))

    def _section(self, title: str, edit: QPlainTextEdit, text: str) -> None:
        label = QLabel(title)
        label.setProperty("role", "sectionTitle")
        self.body_layout.addWidget(label)
        edit.setPlainText(text or "")
        self.body_layout.addWidget(edit)

    def sections(self) -> dict:
        return dict(opening=self.opening.toPlainText(), other=self.other.toPlainText(),
                    closing=self.closing.toPlainText(),
                    items={k: e.toPlainText() for k, e in self.item_edits.items()})

    # ---- actions ---------------------------------------------------------------------------

    def fill_defaults(self) -> None:
        d = default_minutes_text(self.data["record"])
        for edit, key in ((self.opening, "opening"), (self.closing, "closing")):
            if not edit.toPlainText().strip():
                edit.setPlainText(d[key])
        for k, e in self.item_edits.items():
            if not e.toPlainText().strip() and d["items"].get(k):
                e.setPlainText(d["items"][k])

    def save(self) -> None:
        if self.state is not None:
            self.editor.run(meetings_minutes.save_minutes, self.state["id"], self.sections())

    def approve(self) -> None:
        if self.state is None:
            return
        dlg = TextPrompt(_("Approve the minutes"), _("Approved by (the version is locked afterwards):"),
                         text=self.state["record"]["chair"], parent=self)
        if dlg.exec():
            self.editor.run(meetings_minutes.approve_minutes, self.state["id"], dlg.value, self.sections())

    def correct(self) -> None:
        if self.state is None:
            return
        dlg = TextPrompt(_("Correct the minutes"), _("Why are the approved minutes corrected?"), parent=self)
        if dlg.exec():
            self.editor.run(meetings_minutes.start_correction, self.state["id"], dlg.value)

    def export(self) -> None:
        if self.state is not None:
            self.editor.export_pdf("minutes", self.version.currentData())
