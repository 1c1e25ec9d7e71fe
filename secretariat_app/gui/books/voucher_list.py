"""凭证列表: the book's vouchers, filtered by period, state, text and account (issue 4).

``VoucherListModel`` is lazy over ``core.ledger.voucher_page``: the database filters and counts, the
model holds the first 200 plain ``VoucherRow``\\ s and fetches more as the view scrolls, so 100,000
vouchers open at once (``bench/bench_ledger_gui.py``). Double-click (or Enter) opens a voucher in
the entry tab; the selected vouchers can be reviewed or posted together; the filtered vouchers
print to PDF.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QFileDialog, QHBoxLayout, QLabel, QMenu,
                               QPushButton, QTableView, QToolButton, QVBoxLayout, QWidget)

from secretariat_app.core import ledger as L
from secretariat_app.gui.books import ops
from secretariat_app.gui.books.account_picker import AccountEdit
from secretariat_app.gui.books.common import (CENTER, LEFT, RED, RIGHT, STATE_COLORS, MonthBox, YearBox,
                                              amount_text, ask_reviewer, kind_label, load_choices, operator_name, state_label, style_table,
                                              voucher_label)
from secretariat_app.gui.books.voucher_workflow import PRINT_LAYOUTS
from secretariat_app.gui.widgets.common import SearchBox
from secretariat_app.i18n import N_, _

log = logging.getLogger("secretariat.gui")
PAGE = 200
COLUMNS = (N_("Date"), N_("Voucher no."), N_("Summary"), N_("Amount"), N_("Attachments"), N_("State"),
           N_("Voucher type"), N_("Preparer"), N_("Reviewer"), N_("Posted by"))
STATE_FILTERS = ((N_("All states"), None), (N_("Not posted"), ("prepared", "reviewed")),
                 (N_("prepared"), "prepared"), (N_("reviewed"), "reviewed"), (N_("posted"), "posted"))


class VoucherListModel(QAbstractTableModel):
    """Plain ``VoucherRow``\\ s, a page at a time; Qt virtuals never raise."""

    load_failed = Signal(str)
    reloaded = Signal()

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filters: dict = {}
        self.rows: list[L.VoucherRow] = []
        self.total = 0
        self.error: str | None = None

    def set_filters(self, **filters) -> None:
        self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        self.reload()

    def page(self, session, offset: int, limit: int, count: bool):
        """One page of rows: ``(total or None, [VoucherRow])`` (a drill-down overrides it)."""
        return L.voucher_page(session, offset=offset, limit=limit, count=count, **self.filters)

    def reload(self) -> None:
        self.beginResetModel()
        self.rows, self.total, self.error = [], 0, None
        try:
            self.total, self.rows = self.ctx.read(lambda s: self.page(s, 0, PAGE, True))
        except Exception as exc:  # noqa: BLE001 — never into Qt
            log.exception("voucher list")
            self.error = _("The list could not be loaded: {reason}").format(reason=exc)
            self.load_failed.emit(self.error)
        self.endResetModel()
        self.reloaded.emit()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self.error is None and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        try:
            _t, more = self.ctx.read(lambda s: self.page(s, len(self.rows), PAGE, False))
        except Exception as exc:  # noqa: BLE001
            log.exception("voucher list")
            self.error = str(exc)
            return
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if section == 3 else CENTER
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            if not index.isValid() or index.row() >= len(self.rows):
                return None
            r, col = self.rows[index.row()], index.column()
            if role == Qt.ItemDataRole.DisplayRole:
                return (r.date.isoformat(), f"{r.month:02d}-{voucher_label(r.number)}", r.summary, amount_text(r.total),
                        str(r.attachments or ""), state_label(r.state), kind_label(r.kind), r.preparer,
                        r.reviewer or "", r.poster or "")[col]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if col == 3 else (LEFT if col == 2 else CENTER)
            if role == Qt.ItemDataRole.ForegroundRole:
                if col == 5:
                    return QBrush(STATE_COLORS.get(r.state))
                if r.kind == L.REVERSAL or r.total < 0:
                    return QBrush(RED)
            if role == Qt.ItemDataRole.ToolTipRole and col == 2:
                return r.summary
            if role == Qt.ItemDataRole.UserRole:
                return r.id
        except Exception:  # noqa: BLE001
            return None
        return None

    def voucher_id(self, row: int) -> int | None:
        return self.rows[row].id if 0 <= row < len(self.rows) else None


class VoucherListView(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        lay.setSpacing(8)
        lay.addLayout(self._filters())
        self.model = VoucherListModel(ctx, self)
        self.model.load_failed.connect(self.ctx.show_error)
        self.model.reloaded.connect(self._count)
        self.table = QTableView()
        self.table.setModel(self.model)
        style_table(self.table, stretch=2)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for col, width in enumerate((96, 96, 300, 120, 72, 72, 80, 80, 80, 80)):
            if col != 2:
                self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda idx: self._open(idx.row()))
        self.table.activated.connect(lambda idx: self._open(idx.row()))
        lay.addWidget(self.table, 1)
        lay.addLayout(self._actions())

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.year = YearBox()
        self.from_month = MonthBox(1)
        self.to_month = MonthBox(12)
        self.state = QComboBox()
        for text, value in STATE_FILTERS:
            self.state.addItem(_(text), value)
        self.search = SearchBox(_("Summary or voucher number"))
        self.account = AccountEdit(leaf_only=False)
        self.account.setPlaceholderText(_("Account: code, name or pinyin"))
        self.account.setClearButtonEnabled(True)
        self.account.setMinimumWidth(220)
        self.account.picked.connect(lambda _c: self.apply())
        self.account.textChanged.connect(self._account_text)
        for w in (self.year, self.from_month, self.to_month, self.state):
            w.currentIndexChanged.connect(lambda _i: self.apply())
        self.search.search_changed.connect(lambda _t: self.apply())
        row.addWidget(QLabel(_("Year")))
        row.addWidget(self.year)
        row.addWidget(self.from_month)
        row.addWidget(QLabel("—"))
        row.addWidget(self.to_month)
        row.addWidget(self.state)
        row.addWidget(self.account, 1)
        row.addWidget(self.search, 1)
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.review_btn = QPushButton(_("Review selected"))
        self.review_btn.clicked.connect(lambda: self.review_selected())
        self.post_btn = QPushButton(_("Post selected"))
        self.post_btn.clicked.connect(lambda: self.post_selected())
        self.print_btn = QToolButton()
        self.print_btn.setText(_("Print listed vouchers"))
        self.print_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_btn)
        for key, label in PRINT_LAYOUTS:
            menu.addAction(_(label), lambda k=key: self.print_listed(layout=k))
        self.print_btn.setMenu(menu)
        for b in (self.review_btn, self.post_btn, self.print_btn):
            row.addWidget(b)
        return row

    # ---- loading --------------------------------------------------------------------------------

    def filters(self) -> dict:
        return dict(year=self.year.year(), from_month=self.from_month.month(), to_month=self.to_month.month(),
                    state=self.state.currentData(), text=self.search.text().strip() or None,
                    account=self.account.code or None)

    def apply(self) -> None:
        self.model.set_filters(**self.filters())

    def reload(self) -> None:
        years = self.ctx.read(ops.ledger_years)
        self.year.set_years(years)
        self.account.set_choices(load_choices(self.ctx, self.account.set_choices))
        self.apply()

    def set_period(self, year: int, from_month: int = 1, to_month: int = 12, account: str | None = None) -> None:
        """Show the vouchers of a month range (and account), e.g. from a drill-down."""
        for w in (self.year, self.from_month, self.to_month, self.state):
            w.blockSignals(True)
        self.year.set_years(self.ctx.read(ops.ledger_years), keep=year)
        self.from_month.set_month(from_month)
        self.to_month.set_month(to_month)
        self.state.setCurrentIndex(0)
        for w in (self.year, self.from_month, self.to_month, self.state):
            w.blockSignals(False)
        if account is not None:
            self.account.set_code(account)
        self.apply()

    def _account_text(self, text: str) -> None:
        if not text.strip() and self.model.filters.get("account"):
            self.account.code = ""
            self.apply()

    def _count(self) -> None:
        self.count_label.setText(_("{n} vouchers").format(n=f"{self.model.total:,}"))

    # ---- actions --------------------------------------------------------------------------------

    def _open(self, row: int) -> None:
        vid = self.model.voucher_id(row)
        if vid is not None:
            self.open_requested.emit(vid)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [vid for vid in (self.model.voucher_id(r) for r in rows) if vid is not None]

    def review_selected(self, reviewer: str | None = None) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        reviewer = reviewer or ask_reviewer(self, self.ctx)
        if reviewer:
            self.ctx.run_op(ops.review_many, ids, reviewer, title=_("Reviewing…"),
                            on_done=lambda r: self.ctx.show_status(_("{n} vouchers reviewed.").format(n=r.count)))

    def post_selected(self, poster: str | None = None) -> None:
        ids = self.selected_ids()
        if ids:
            self.ctx.run_op(ops.post_many, ids, poster or operator_name(self.ctx), title=_("Posting…"),
                            on_done=lambda r: self.ctx.show_status(_("{n} vouchers posted.").format(n=r.count)))

    def print_listed(self, path: str | None = None, layout: str = "two") -> None:
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Print vouchers"), _("Vouchers") + ".pdf", "PDF (*.pdf)")
        if path:
            self.ctx.run_op(ops.print_filtered, self.filters(), path, layout, title=_("Printing…"),
                            on_done=lambda _n: self.ctx.show_status(_("Written to {path}.").format(path=path)))
