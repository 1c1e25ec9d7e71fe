"""The attendance tab: the body at the meeting's date with each member's attendance.

Quick entry for 100+ members (issue 6): "All present" records everyone not yet recorded as
present, then the exceptions are marked on the selected rows (buttons or the keys P, L, A, D),
"By proxy…" asks for the holder among the members present. The figures (应到 / 实到 / quorum)
follow every change.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import meetings
from secretariat_app.core.meetings.models import ABSENT, LEAVE, PRESENT, PROXY, STATUS_LABELS, UNRECORDED_LABEL
from secretariat_app.gui.pages.meetings.dialogs import MemberPicker
from secretariat_app.gui.widgets.common import SearchBox
from secretariat_app.i18n import N_, _

STATUS_COLORS = {PRESENT: "#19a58a", PROXY: "#2f6fde", LEAVE: "#c47f00", ABSENT: "#d0393e", None: "#8c9bb0"}


class AttendanceModel(QAbstractTableModel):
    """Plain rows (``body_lines`` dicts), filtered in memory; never raises in its virtuals."""

    HEADERS = (N_("No."), N_("Member no."), N_("Member"), N_("Post / level"), N_("Attendance"), N_("Proxy holder"),
               N_("Note"))

    def __init__(self) -> None:
        super().__init__()
        self.all: list[dict] = []
        self.rows: list[dict] = []
        self.text = ""

    def set_lines(self, lines: list[dict]) -> None:
        self.beginResetModel()
        self.all = lines
        for i, x in enumerate(lines, start=1):
            x["seqno"] = i
        self._filter()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self.text = text.lower()
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        t = self.text
        self.rows = [x for x in self.all if not t or t in x["no"].lower() or t in x["name"].lower()]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            x = self.rows[index.row()]
            col = index.column()
            if role == Qt.ItemDataRole.DisplayRole:
                return self._text(x, col, index.row())
            if role == Qt.ItemDataRole.ForegroundRole and col == 4:
                return QColor(STATUS_COLORS.get(x["status"], "#8c9bb0"))
            if role == Qt.ItemDataRole.UserRole:
                return x["id"]
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return None

    def _text(self, x: dict, col: int, row: int) -> str:
        if col == 0:
            return str(x.get("seqno", row + 1))
        if col == 1:
            return x["no"]
        if col == 2:
            return x["name"] + (f"（{x['person']}）" if x["person"] else "")
        if col == 3:
            return x["post"] or x["level"]
        if col == 4:
            label = STATUS_LABELS.get(x["status"], UNRECORDED_LABEL)
            return _(label)
        if col == 5:
            return x.get("proxy_to_name", "")
        if col == 6:
            return x["note"]
        return ""


class AttendanceTab(QWidget):
    def __init__(self, editor) -> None:
        super().__init__()
        self.editor = editor
        self.state: dict | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 8, 4, 4)
        self.summary = QLabel()
        self.summary.setProperty("role", "sectionTitle")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        bar = QHBoxLayout()
        self.search = SearchBox(_("Find a member"), delay_ms=120)
        self.search.search_changed.connect(lambda t: self.model.set_filter(t))
        bar.addWidget(self.search)
        self.all_button = QPushButton(_("All present"))
        self.all_button.setProperty("primary", True)
        self.all_button.setToolTip(_("Everyone not yet recorded is present; then mark the exceptions"))
        self.all_button.clicked.connect(lambda: self.editor.run(meetings.mark_all_present, self.state["id"]))
        bar.addWidget(self.all_button)
        bar.addStretch(1)
        lay.addLayout(bar)
        bar = QHBoxLayout()
        self.buttons: list[QPushButton] = [self.all_button]
        for status, text, key in ((PRESENT, _("Present (P)"), "P"), (LEAVE, _("Leave (L)"), "L"),
                                  (ABSENT, _("Absent (A)"), "A"), (None, _("Clear (D)"), "D")):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, s=status: self.mark(s))
            bar.addWidget(b)
            self.buttons.append(b)
            QShortcut(QKeySequence(key), self, activated=lambda s=status: self.mark(s))
        self.proxy_button = QPushButton(_("By proxy…"))
        self.proxy_button.clicked.connect(self.mark_proxy)
        bar.addWidget(self.proxy_button)
        self.buttons.append(self.proxy_button)
        self.choose_button = QPushButton(_("Choose members…"))
        self.choose_button.setToolTip(_("The designated representatives or the invitees of this meeting"))
        self.choose_button.clicked.connect(self.choose_members)
        bar.addWidget(self.choose_button)
        self.buttons.append(self.choose_button)
        bar.addStretch(1)
        lay.addLayout(bar)
        self.model = AttendanceModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)

    def load(self, state: dict) -> None:
        self.state = state
        self.model.set_lines(state["lines"])
        a = state["figures"]
        text = _("Expected {expected}, attended {present} (including {proxies} by proxy)").format(
            expected=a["expected"], present=a["present"], proxies=a["proxies"])
        text += "　" + _("leave {leave}, absent {absent}, not recorded {unrecorded}").format(**a)
        if a["quorum_applies"]:
            text += "　" + (_("Quorum met") if a["quorum_met"] else
                           _("No quorum (at least {needed} needed)").format(needed=a["quorum_needed"]))
        self.summary.setText(text)
        self.summary.setStyleSheet("" if a["quorum_met"] or not a["quorum_applies"] else "color: #d0393e;")
        locked = state["locked"]
        for b in self.buttons:
            b.setEnabled(not locked)
        self.choose_button.setVisible(state["listed"])

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r]["id"] for r in rows if r < len(self.model.rows)]

    def mark(self, status: str | None) -> None:
        ids = self.selected_ids()
        if self.state is None or self.state["locked"] or not ids:
            return
        self.editor.run(meetings.set_attendance, self.state["id"], [dict(member_id=i, status=status) for i in ids])

    def mark_proxy(self) -> None:
        ids = self.selected_ids()
        if self.state is None or not ids:
            return
        present = [(x["id"], x["no"], x["name"]) for x in self.state["lines"]
                   if x["status"] == PRESENT and x["id"] not in ids]
        if not present:
            self.editor.show_message(_("Record the members present first: a proxy is held by a member present "
                                       "in person."))
            return
        dlg = MemberPicker(self.editor.ctx, date.fromisoformat(self.state["record"]["date"]),
                           title=_("Who holds the proxy?"), choices=present, parent=self)
        if dlg.exec() and dlg.selected_id() is not None:
            holder = dlg.selected_id()
            self.editor.run(meetings.set_attendance, self.state["id"],
                            [dict(member_id=i, status=PROXY, proxy_to=holder) for i in ids])

    def choose_members(self) -> None:
        if self.state is None:
            return
        dlg = MemberPicker(self.editor.ctx, date.fromisoformat(self.state["record"]["date"]),
                           title=_("Members of this meeting"), multi=True,
                           checked={x["id"] for x in self.state["lines"]}, parent=self)
        if dlg.exec():
            self.editor.run(meetings.list_members, self.state["id"], sorted(dlg.checked))
