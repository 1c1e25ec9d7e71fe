"""会议 (meetings page): the meetings of a year at the left, the meeting editor at the right.

Issue 6 / DOMAIN.md §4. The list is small (a few dozen meetings a year), so it is a plain model of
rows read in one go; the editor (``editor.MeetingEditor``) has the tabs details, attendance,
agenda and resolutions, elections, minutes. The list and the editor read through short queries
(``ctx.call``); every write and every PDF runs as an action in a worker (``ctx.run_action``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QPushButton, QSplitter, QTableView, QWidget

from secretariat_app.actions import meetings
from secretariat_app.core.changes import Changes
from secretariat_app.core.meetings.queries import kind_label
from secretariat_app.gui.pages.base import Page
from secretariat_app.gui.pages.meetings.dialogs import NewMeetingDialog
from secretariat_app.gui.pages.meetings.editor import MeetingEditor
from secretariat_app.gui.widgets.common import PageHeader, page_layout
from secretariat_app.i18n import N_, _

MINUTES_LABELS = {"none": N_("No minutes"), "draft": N_("Draft"), "approved": N_("Approved")}


class MeetingListModel(QAbstractTableModel):
    HEADERS = (N_("Date"), N_("Meeting title"), N_("Attendance"), N_("Minutes"))

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.today = date.today()

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.today = date.today()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return _(self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            r = self.rows[index.row()]
            col = index.column()
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return r["date"].isoformat()
                if col == 1:
                    return r["title"]
                if col == 2:
                    if r["date"] > self.today and not r["present"]:
                        return _("planned")
                    return f"{r['present']}/{r['expected']}"
                if col == 3:
                    return _(MINUTES_LABELS.get(r["minutes"], r["minutes"]))
            if role == Qt.ItemDataRole.ForegroundRole:
                if col == 2 and r["date"] <= self.today and not r["quorum_met"]:
                    return QColor("#d0393e")
                if r["date"] > self.today:
                    return QColor("#2f6fde")
            if role == Qt.ItemDataRole.ToolTipRole:
                if col == 2:
                    return _("Expected {expected}, attended {present} (including {proxies} by proxy)").format(**r)
                return f"{kind_label(r['kind'], r['representatives'])} · {r['title']}"
            if role == Qt.ItemDataRole.UserRole:
                return r["id"]
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return None


class MeetingsPage(Page):
    key = "meetings"
    title = N_("Meetings")
    icon = "meetings.svg"
    areas = {"meetings", "members"}

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        lay = page_layout(self)
        self.year = QComboBox()
        self.year.setMinimumWidth(110)
        self.year.currentIndexChanged.connect(lambda _i: self.load_list())
        self.new_button = QPushButton(_("New meeting…"))
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.new_meeting)
        self.header = PageHeader(_("Meeting management"), _("Assemblies, councils, attendance, votes and minutes"),
                                 actions=[self.year, self.new_button])
        lay.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = MeetingListModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumWidth(300)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        split.addWidget(self.table)
        self.editor = MeetingEditor(ctx)
        self.editor.changed.connect(self._editor_changed)
        split.addWidget(self.editor)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 900])
        lay.addWidget(split, 1)
        self.refresh()

    # ---- loading ---------------------------------------------------------------------------

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches(*self.areas):
            return
        if self.ctx.book is None:
            return
        years = self.ctx.call(meetings.years)
        this = date.today().year
        years = sorted(set(years) | {this}, reverse=True)
        current = self.year.currentData() or this
        self.year.blockSignals(True)
        self.year.clear()
        for y in years:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(self.year.findData(current), 0))
        self.year.blockSignals(False)
        self.load_list(keep=self.editor.meeting_id)

    def load_list(self, keep: int | None = None) -> None:
        rows = self.ctx.call(meetings.list_meetings, self.year.currentData())
        self.model.set_rows(rows)
        ids = [r["id"] for r in rows]
        if keep in ids:
            self.table.selectRow(ids.index(keep))
            self.editor.reload()
        elif ids:
            self.table.selectRow(0)
        else:
            self.editor.open_meeting(None)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.model.rows):
            mid = self.model.rows[current.row()]["id"]
            if mid != self.editor.meeting_id:
                self.editor.open_meeting(mid)

    def _editor_changed(self) -> None:
        """The editor changed its meeting: update the list's figures, keep the selection."""
        rows = self.ctx.call(meetings.list_meetings, self.year.currentData())
        self.model.set_rows(rows)
        ids = [r["id"] for r in rows]
        if self.editor.meeting_id in ids:
            self.table.selectRow(ids.index(self.editor.meeting_id))

    def select_meeting(self, meeting_id: int) -> None:
        """Show ``meeting_id`` (switching to its year)."""
        rows = self.ctx.call(meetings.list_meetings)
        row = next((r for r in rows if r["id"] == meeting_id), None)
        if row is None:
            return
        i = self.year.findData(row["date"].year)
        if i >= 0 and i != self.year.currentIndex():
            self.year.setCurrentIndex(i)
        self.load_list(keep=meeting_id)
        self.editor.open_meeting(meeting_id)

    def new_meeting(self) -> None:
        dlg = NewMeetingDialog(self.ctx, self)
        if dlg.exec() and dlg.meeting_id is not None:
            self.refresh()
            self.select_meeting(dlg.meeting_id)

    def screenshot_states(self) -> list[tuple[str, object, object]]:
        tabs = self.editor.tabs

        def tab(i):
            return lambda: tabs.setCurrentIndex(i)

        states = [(name, tab(i), tab(0)) for i, name in enumerate(
            ("details", "attendance", "agenda", "elections", "minutes"))]
        dlg_holder: list = []

        def open_new():
            dlg_holder.append(NewMeetingDialog(self.ctx, self))
            dlg_holder[-1].show()

        def close_new():
            if dlg_holder:
                dlg_holder.pop().reject()

        return states + [("new", open_new, close_new)]
