"""The member table's model: lazy pages over SQL, search and sort done by the database.

Built on the shell's ``LazyTableModel`` (Qt virtuals that never raise); queries go through
``core.members.search`` which picks per keystroke the cheapest plan (issue 3: 100,000 members,
≤ 50 ms a keystroke). ``reload`` counts and loads one page; scrolling fetches the next ones.
"""

from __future__ import annotations

from typing import Any

import logging

from PySide6.QtCore import QModelIndex, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor
from sqlalchemy import select

from secretariat_app.core.members.models import KIND_LABELS, LEFT, STATUS_LABELS, Member
from secretariat_app.core.members.search import COLUMNS, ID_INDEX, MemberQuery, Plan, count_plan, fetch_page, plan
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import _

LEFT_COLOR = QColor("#8a94a6")
_DISPLAY, _EDIT, _TOOLTIP, _USER = (int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.EditRole),
                                    int(Qt.ItemDataRole.ToolTipRole), int(Qt.ItemDataRole.UserRole))
_FOREGROUND, _ALIGN = int(Qt.ItemDataRole.ForegroundRole), int(Qt.ItemDataRole.TextAlignmentRole)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_JOINED = 8
log = logging.getLogger("secretariat.gui")


class _CountSignals(QObject):
    counted = Signal(int, int)  # generation, total


class _Count(QRunnable):
    """Counts a plan's matches in a worker with its own session (the keystroke does not wait)."""

    def __init__(self, book, p: Plan, generation: int, signals: _CountSignals) -> None:
        super().__init__()
        self.book, self.plan, self.generation, self.signals = book, p, generation, signals

    def run(self) -> None:
        try:
            with self.book.session() as s:
                n = count_plan(s, self.plan)
        except Exception:  # noqa: BLE001 — a failed count leaves "N+" shown
            log.exception("counting members failed")
            return
        try:
            self.signals.counted.emit(self.generation, n)
        except RuntimeError:  # the model is gone
            pass


def _columns() -> list[Column]:
    kinds = {"joined": "date"}
    fmt = {"kind": lambda v: _(KIND_LABELS.get(v, v or "")), "status": lambda v: _(STATUS_LABELS.get(v, v or ""))}
    from secretariat_app.core.auth import may_see_personal_data
    from secretariat_app.core.validate import mask_id, mask_phone

    if not may_see_personal_data():  # a viewer never sees ID or phone numbers unmasked (PIPL)
        fmt["mobile"] = lambda v: mask_phone(v or "")
        # The identifier column holds credit codes (not personal data) and ID numbers.
        fmt["identifier"] = lambda v: mask_id(v) if v and len(v) == 18 and v[:17].isdigit() else (v or "")
    return [Column(_(header), kind=kinds.get(key, "text"), format=fmt.get(key)) for key, header, _e in COLUMNS]


class MembersTableModel(LazyTableModel):
    def __init__(self, source, parent=None, page_size: int = 200) -> None:
        super().__init__(source, select(Member.id), _columns(), key_index=ID_INDEX, page_size=page_size,
                         parent=parent)
        self.query = MemberQuery()
        self._formats = [c.format for c in self.columns]
        self.plan: Plan | None = None
        self.sort_column = 0
        self.ready = False  # the page sets up sorting before the first load; no query until then
        self.total_known = True
        self.generation = 0
        self._signals = _CountSignals(self)
        self._signals.counted.connect(self._counted)

    counted = Signal()  # the total arrived after the rows (a search matching very many members)

    # Plans replace the base class's generic statement.
    def reload(self) -> None:
        """One page and, when cheap, the total; otherwise the total is counted in a worker."""
        self.ready = True
        self.generation += 1
        self.beginResetModel()
        self.rows, self.total, self.error, self.total_known = [], 0, None, True
        try:
            with self.book.session() as s:
                self.plan = plan(s, self.query, exact=False)
                if self.plan.total != 0:
                    self.rows = fetch_page(s, self.query, 0, self.page_size, self.plan)
            if self.plan.total is None and len(self.rows) == self.page_size:
                self.total_known = False
                self.total = len(self.rows)
                QThreadPool.globalInstance().start(_Count(self.book, self.plan, self.generation, self._signals))
            else:
                self.total = self.plan.total if self.plan.total is not None else len(self.rows)
        except Exception as exc:  # noqa: BLE001 — never let a query error escape into Qt
            self._fail(exc)
        self.endResetModel()
        self.reloaded.emit()

    def _counted(self, generation: int, n: int) -> None:
        if generation == self.generation and not self.total_known:
            self.total, self.total_known = n, True
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
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        timer = QDeadlineTimer(timeout_ms)
        while not self.total_known and not timer.hasExpired():
            QThreadPool.globalInstance().waitForDone(10)
            QCoreApplication.processEvents()

    def _fetch(self, offset: int) -> list[tuple]:
        with self.book.session() as s:
            return fetch_page(s, self.query, offset, self.page_size, self.plan)

    def set_query(self, **changes: Any) -> None:
        """Change search text / filters (``MemberQuery`` fields) and reload when anything changed."""
        changed = False
        for key, value in changes.items():
            if getattr(self.query, key) != value:
                setattr(self.query, key, value)
                changed = True
        if changed and self.ready:
            self.reload()

    def set_search(self, text: str) -> None:
        self.set_query(text=(text or "").strip())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            column = 0
        self.sort_column, self.sort_order = column, order
        self.query.sort = COLUMNS[column][0]
        self.query.descending = order == Qt.SortOrder.DescendingOrder
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
                return LEFT_COLOR if self.rows[index.row()][9] == LEFT else None
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
