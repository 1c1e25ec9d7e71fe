"""A table model for big lists that stays fast on big books (STYLE.md convention 4).

The model builds no SQL. ``fetch`` is a query action ``fetch(actor, PageRequest) -> Page``
(``actions/paging.py``) that the model calls through ``ctx.call`` a page at a time
(``canFetchMore``/``fetchMore``, so a view loads more as the user scrolls). Sorting (header
clicks, by column position), the search text (``set_search``) and filters by name
(``set_filter_values(status="active")``) go into the request; the action's database does them. The
model holds plain tuples, never ORM objects, and its Qt virtuals never raise: a failed query is
logged, ``error`` is set and ``load_failed(message)`` is emitted for the page to show.

    model = LazyTableModel(ctx, [Column(_("No.")), Column(_("Name")), Column(_("Level")),
                                 Column(_("Joined"), kind="date")], key_index=4,
                           fetch=actions.members.roll_page)
    view.setModel(model); model.reload()

Rows may carry more values than there are columns (an id, say — ``key_index`` names it).
``request(offset, count)`` builds each page's request; a subclass may extend it (keyset paging puts
the last loaded line's cursor into the filters).
Column kinds: ``text``, ``int``, ``money`` (integer fen or Decimal yuan → ``1,234.56``, negatives red),
``date`` (ISO), ``datetime``, ``bool``; or give ``format=callable``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from secretariat_app.i18n import _, format_amount, format_number

log = logging.getLogger("secretariat.gui")

_ALIGN = {
    "money": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "int": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
    "date": Qt.AlignmentFlag.AlignCenter,
    "datetime": Qt.AlignmentFlag.AlignCenter,
    "bool": Qt.AlignmentFlag.AlignCenter,
}


@dataclass
class Column:
    title: str                                  # already translated
    kind: str = "text"
    format: Callable[[Any], str] | None = None  # value -> text; overrides ``kind``
    align: Qt.AlignmentFlag | None = None
    sortable: bool = True
    tooltip: str = ""


def format_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money":
        return format_amount(value, fen=isinstance(value, int))
    if kind == "int":
        return format_number(value)
    if kind == "bool":
        return _("Yes") if value else _("No")
    if kind == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if kind in ("date", "datetime") and isinstance(value, (date, datetime)):
        return value.isoformat()[:10] if kind == "date" else value.isoformat(" ")
    return str(value)


class LazyTableModel(QAbstractTableModel):
    load_failed = Signal(str)
    reloaded = Signal()

    def __init__(self, source, columns: list[Column], *, fetch: Callable, key_index: int | None = None,
                 page_size: int = 200, parent=None) -> None:
        super().__init__(parent)
        self.source = source
        self.fetch = fetch
        self.filter_values: dict[str, Any] = {}
        self.columns = list(columns)
        self.key_index = key_index
        self.page_size = page_size
        self.search = ""
        self.sort_column: int | None = None
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.rows: list[tuple] = []
        self.total = 0
        self.error: str | None = None
        self._warned = False

    # ---- queries ---------------------------------------------------------------------------

    def _fail(self, exc: Exception) -> None:
        log.exception("table query failed")
        self.error = _("The list could not be loaded: {reason}").format(reason=getattr(exc, "orig", exc))
        self.total = len(self.rows)
        self.load_failed.emit(self.error)

    def request(self, offset: int, count: bool):
        """The ``PageRequest`` for the page at ``offset`` (``count``: also count the matching rows).
        Subclasses may extend it (a keyset cursor from the rows loaded so far, say)."""
        from secretariat_app.actions.paging import PageRequest

        return PageRequest(offset=offset, limit=self.page_size, sort_column=self.sort_column,
                           descending=self.sort_order == Qt.SortOrder.DescendingOrder, search=self.search,
                           filters=dict(self.filter_values), count=count)

    def _fetch(self, offset: int) -> list[tuple]:
        return list(self.source.call(self.fetch, self.request(offset, False)).rows)

    def reload(self) -> None:
        """Count the matching rows and load the first page (after a filter, a sort or a change)."""
        self.beginResetModel()
        self.rows, self.total, self.error = [], 0, None
        try:
            page = self.source.call(self.fetch, self.request(0, True))
            self.total, self.rows = int(page.total or 0), list(page.rows)
        except Exception as exc:  # noqa: BLE001 — never let a query error escape into Qt
            self._fail(exc)
        self.endResetModel()
        self.reloaded.emit()

    def set_filter_values(self, **values: Any) -> None:
        """Filters by name for the ``fetch`` action (None drops one); reloads."""
        self.filter_values = {k: v for k, v in values.items() if v is not None}
        self.reload()

    def set_search(self, text: str) -> None:
        text = (text or "").strip()
        if text != self.search:
            self.search = text
            self.reload()

    def fetch_all(self) -> None:
        """Load every remaining row (before exporting what is shown, say)."""
        while self.canFetchMore():
            self.fetchMore()

    # ---- Qt virtuals (never raise) --------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self.error is None and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        try:
            more = self._fetch(len(self.rows))
        except Exception as exc:  # noqa: BLE001
            self._fail(exc)
            return
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column >= 0 and (column >= len(self.columns) or not self.columns[column].sortable):
            return
        self.sort_column = column if column >= 0 else None
        self.sort_order = order
        self.reload()

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        try:
            if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self.columns)):
                return None
            col = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return col.title
            if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
                return col.tooltip
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(col.align or _ALIGN.get(col.kind, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
        except Exception:  # noqa: BLE001
            return None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        try:
            if not index.isValid() or index.row() >= len(self.rows) or index.column() >= len(self.columns):
                return None
            value = self.rows[index.row()][index.column()]
            col = self.columns[index.column()]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.display(index.row(), index.column(), value)
            if role in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.UserRole):
                return value
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(col.align or _ALIGN.get(col.kind, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
            if role == Qt.ItemDataRole.ForegroundRole:
                return self.foreground(index.row(), index.column(), value)
            if role == Qt.ItemDataRole.ToolTipRole:
                text = self.display(index.row(), index.column(), value)
                return text if len(text) > 24 else None
        except Exception:  # noqa: BLE001 — an exception here could abort the process
            if not self._warned:
                self._warned = True
                log.exception("table cell could not be shown")
            return None
        return None

    # ---- hooks for subclasses --------------------------------------------------------------

    def display(self, row: int, column: int, value: Any) -> str:
        col = self.columns[column]
        return col.format(value) if col.format else format_value(value, col.kind)

    def foreground(self, row: int, column: int, value: Any):
        if self.columns[column].kind == "money" and isinstance(value, (int, Decimal)) and value < 0:
            return QColor("#c62828")
        return None

    # ---- rows ------------------------------------------------------------------------------

    def row_values(self, row: int) -> tuple | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def key(self, row: int) -> Any:
        values = self.row_values(row)
        if values is None or self.key_index is None:
            return None
        return values[self.key_index]

    def row_of_key(self, key: Any) -> int | None:
        """The row showing ``key`` among the rows loaded so far."""
        if self.key_index is None:
            return None
        for i, values in enumerate(self.rows):
            if values[self.key_index] == key:
                return i
        return None
