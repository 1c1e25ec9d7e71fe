"""The member table's model: lazy pages from the ``actions.members.roll_page`` query.

Built on the shell's ``LazyTableModel`` in its ``fetch`` mode (Qt virtuals that never raise; no
SQL here): the query picks per keystroke the cheapest plan (issue 3: 100,000 members, ≤ 50 ms a
keystroke) and masks personal data for a viewer. ``reload`` loads one page and, when cheap, the
total; when very many members match, the total is counted in a worker (``roll_count``) and shown
as "N+" until it arrives. Scrolling fetches the next pages.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from secretariat_app.actions import members
from secretariat_app.core.members.models import KIND_LABELS, LEFT, STATUS_LABELS
from secretariat_app.core.members.search import COLUMNS, ID_INDEX
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import _

LEFT_COLOR = QColor("#8a94a6")
_DISPLAY, _EDIT, _TOOLTIP, _USER = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole),
                                    int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.UserRole))
_FOREGROUND, _ALIGN = int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.TextAlignmentRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_JOINED, _STATUS = 8, 9
log = logging.getLogger("secretariat.gui")


def _columns() -> list[Column]:
    kinds = {"joined": "date"}
    fmt = {"kind": lambda v: _(KIND_LABELS.get(v, v or "")), "status": lambda v: _(STATUS_LABELS.get(v, v or ""))}
    return [Column(_(header), kind=kinds.get(key, "text"), format=fmt.get(key)) for key, header, _e in COLUMNS]


class MembersTableModel(LazyTableModel):
    counted = Signal()  # the total arrived after the rows (a search matching very many members)

    def __init__(self, ctx, parent=None, page_size: int = 200) -> None:
        super().__init__(ctx, _columns(), key_index=ID_INDEX, page_size=page_size, parent=parent,
                         fetch=members.roll_page)
        self._formats = [c.format for c in self.columns]
        self.sort_column = 0
        self.ready = False  # the page sets up sorting before the first load; no query until then
        self.total_known = True
        self.generation = 0

    def reload(self) -> None:
        """One page and, when cheap, the total; otherwise the total is counted in a worker."""
        self.ready = True
        self.generation += 1
        self.beginResetModel()
        self.rows, self.total, self.error, self.total_known = [], 0, None, True
        try:
            request = self.request(0, True)
            page = self.source.call(self.fetch, request)
            self.rows = list(page.rows)
            if page.total is None:
                self.total_known = False
                self.total = len(self.rows)
                generation = self.generation
                self.source.run_action(members.roll_count, request, show_progress=False,
                                       on_done=lambda n, g=generation: self._counted(g, n),
                                       on_error=lambda exc: log.warning("counting members failed: %s", exc))
            else:
                self.total = int(page.total)
        except Exception as exc:  # noqa: BLE001 — never let a query error escape into Qt
            self._fail(exc)
        self.endResetModel()
        self.reloaded.emit()

    def _counted(self, generation: int, n: int) -> None:
        if generation == self.generation and not self.total_known:
            self.total, self.total_known = max(int(n), len(self.rows)), True
            self.counted.emit()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        if parent.isValid() or self.error is not None:
            return False
        if not self.total_known:
            return len(self.rows) % self.page_size == 0 and bool(self.rows)
        return len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        before = len(self.rows)
        super().fetchMore(parent)
        if not self.total_known:
            if len(self.rows) - before < self.page_size:
                self.total, self.total_known = len(self.rows), True
                self.counted.emit()
            else:
                self.total = max(self.total, len(self.rows))

    def wait_for_count(self, timeout_ms: int = 10000) -> None:
        """Tests and the benchmark: let a pending count arrive."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread

        timer = QDeadlineTimer(timeout_ms)
        while not self.total_known and not timer.hasExpired():
            QCoreApplication.processEvents()
            QThread.msleep(5)

    def set_query(self, **changes: Any) -> None:
        """Change filters by name (``status``, ``kind``, ``level_id``, ``industry``, ``joined_year``)
        or the search ``text``, and reload when anything changed."""
        values = dict(self.filter_values)
        text = changes.pop("text", self.search)
        for key, value in changes.items():
            if value is None:
                values.pop(key, None)
            else:
                values[key] = value
        if values != self.filter_values or text != self.search:
            self.filter_values, self.search = values, text
            if self.ready:
                self.reload()

    def set_search(self, text: str) -> None:
        self.set_query(text=(text or "").strip())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            column = 0
        self.sort_column, self.sort_order = column, order
        if self.ready:
            self.reload()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        """A lean version of the base class's: a repaint asks ~6 roles of every visible cell."""
        try:
            r = int(role)
            if r == _DISPLAY:
                row, col = index.row(), index.column()
                value = self.rows[row][col]
                fmt = self._formats[col]
                if fmt is not None:
                    return fmt(value)
                if value is None:
                    return ""
                return value.isoformat() if col == _JOINED else str(value)
            if r == _FOREGROUND:
                return LEFT_COLOR if self.rows[index.row()][_STATUS] == LEFT else None
            if r == _ALIGN:
                return _CENTER if index.column() in (0, 2, 8, 9) else _LEFT
            if r == _TOOLTIP:
                value = self.rows[index.row()][index.column()]
                text = "" if value is None else str(value)
                return text if len(text) > 16 else None
            if r in (_EDIT, _USER):
                return self.rows[index.row()][index.column()]
        except Exception:  # noqa: BLE001 — an exception here could abort the process
            return None
        return None

    def member_id(self, row: int) -> int | None:
        return self.key(row)
