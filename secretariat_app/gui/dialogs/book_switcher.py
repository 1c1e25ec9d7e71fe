"""Open book / switch book (打开账套): the recent books with a summary per book, or a file to browse for.

For a bookkeeper who keeps many associations (DOMAIN.md §3 "Agency bookkeeping"): each recent book
shows its name, place and when it was last opened, plus the columns of its summary
(``actions.book.summary``: last voucher date, open periods, unposted vouchers, bank balance…).
Summaries are gathered in a worker (``actions.book.recent_summaries``), opening each book without
upgrading it; a book with users shows no figures before a login.
On accept, ``dialog.selected`` is the chosen book (path or URL).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import book as book_actions
from secretariat_app.core.book_settings import label
from secretariat_app.gui import operations, recent
from secretariat_app.gui.dialogs import choose_book_file
from secretariat_app.i18n import N_, _, format_amount, format_number

# Columns of a book summary (money in integer fen), in the order shown.
SUMMARY_COLUMNS = {
    "last_voucher_date": (N_("Last voucher"), "date"),
    "open_periods": (N_("Open periods"), "list"),
    "unposted_vouchers": (N_("Unposted vouchers"), "number"),
    "bank_balance": (N_("Bank balance"), "fen"),
    "arrears_total": (N_("Dues in arrears"), "fen"),
}


def format_summary(key: str, value) -> str:
    kind = SUMMARY_COLUMNS.get(key, ("", ""))[1]
    if kind == "fen" and isinstance(value, int) and not isinstance(value, bool):
        return format_amount(value, fen=True)
    return format_cell(value)


def format_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value)
    return str(value)


class BookSwitcher(QDialog):
    BASE_COLUMNS = 3

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.selected: str | None = None
        self.items = recent.recent_books()
        self.op = None
        self._closed = False
        self.setWindowTitle(_("Open a book"))
        self.resize(860, 420)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 16, 18, 14)
        lay.setSpacing(10)
        head = QLabel(_("Recent books"))
        head.setProperty("role", "sectionTitle")
        lay.addWidget(head)
        self.table = QTableWidget(0, self.BASE_COLUMNS)
        self.table.setHorizontalHeaderLabels([label("name"), _("Book file"), _("Last opened")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(lambda _i: self._open_selected())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        lay.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        lay.addWidget(self.status)
        buttons = QHBoxLayout()
        self.remove_button = QPushButton(_("Remove from list"))
        self.remove_button.clicked.connect(self._remove)
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.open_button = box.button(QDialogButtonBox.StandardButton.Open)  # Qt's own translation
        self.open_button.setProperty("primary", True)
        self.open_button.setDefault(True)
        box.accepted.connect(self._open_selected)
        box.rejected.connect(self.reject)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(browse)
        buttons.addWidget(box)
        lay.addLayout(buttons)
        self._fill()
        self._start_summaries()

    def _fill(self) -> None:
        current = recent.book_ref(self.ctx.book) if self.ctx.book is not None else None
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            name = item.get("name") or "—"
            if current and recent._same(item["book"], current):
                name += _(" (open)")
            opened = (item.get("opened") or "").replace("T", " ")[:16]
            for c, text in enumerate([name, item["book"], opened]):
                cell = QTableWidgetItem(text)
                if c == 1:
                    cell.setToolTip(text)
                if not recent.book_exists(item["book"]):
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        if self.items:
            self.table.selectRow(0)
            self.status.setText("")
        else:
            self.status.setText(_("No recent books yet. Use “Browse…” to open a book file."))
        self._selection_changed()

    def _start_summaries(self) -> None:
        if not self.items:
            return
        self.status.setText(_("Reading the summaries…"))
        self.op = operations.run_op(book_actions.recent_summaries, [i["book"] for i in self.items],
                                    parent=self, show_progress=False, on_done=self._show_summaries,
                                    show_error=self.ctx.show_error)

    def _show_summaries(self, summaries: list[dict]) -> None:
        if self._closed or summaries is None or len(summaries) != self.table.rowCount():
            return
        present = {k for s in summaries for k in s}
        keys = [k for k in SUMMARY_COLUMNS if k in present]  # "name" is already a base column
        errors = any("__error__" in s for s in summaries)
        titles = keys + ([_("Note")] if errors else [])
        self.table.setColumnCount(self.BASE_COLUMNS + len(titles))
        for i, key in enumerate(titles):
            self.table.setHorizontalHeaderItem(self.BASE_COLUMNS + i, QTableWidgetItem(_(SUMMARY_COLUMNS[key][0]) if i < len(keys) else key))
            self.table.horizontalHeader().setSectionResizeMode(self.BASE_COLUMNS + i, QHeaderView.ResizeMode.ResizeToContents)
        for r, s in enumerate(summaries):
            for i, key in enumerate(keys):
                cell = QTableWidgetItem(format_summary(key, s.get(key)))
                if isinstance(s.get(key), (int, Decimal)) and not isinstance(s.get(key), bool):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, self.BASE_COLUMNS + i, cell)
            if errors:
                self.table.setItem(r, self.BASE_COLUMNS + len(keys), QTableWidgetItem(s.get("__error__", "")))
        self.status.setText("")

    def _selection_changed(self) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    def _row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _open_selected(self) -> None:
        r = self._row()
        if r is None:
            return
        ref = self.items[r]["book"]
        if not recent.book_exists(ref):
            self.status.setText(_("There is no book at {path} any more.").format(path=ref))
            return
        self.selected = ref
        self.accept()

    def _browse(self) -> None:
        path = choose_book_file(self)
        if path:
            self.selected = path
            self.accept()

    def _remove(self) -> None:
        r = self._row()
        if r is None:
            return
        recent.remove_recent(self.items[r]["book"])
        self.items = recent.recent_books()
        self.table.setColumnCount(self.BASE_COLUMNS)
        self._fill()
        self._start_summaries()

    def done(self, result: int) -> None:
        self._closed = True
        if self.op is not None and self.op.running:
            self.op.cancel()
        super().done(result)
