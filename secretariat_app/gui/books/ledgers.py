"""总账 / 明细账: pick an account in the chart at the left, see its ledger at the right.

明细账 (detail ledger): every line of the account (with its sub-accounts) in date order with the
running balance, month and year-to-date totals — lazy (``detail_model.DetailLedgerModel``), so
100,000 lines open at once; double-click a line to open its voucher. 总账 (general ledger): the
opening balance, then each month's debits, credits and balance and the year to date
(``core.ledger.general_ledger``); double-click a month for its detail. The trial balance
(``trial_balance.TrialBalanceView``) sends its drill-downs here.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger_reports
from secretariat_app.actions.ledger import AccountChoice
from secretariat_app.gui.books.account_picker import match_accounts
from secretariat_app.gui.books.common import (
    CENTER,
    LEFT,
    RIGHT,
    TOTAL_BG,
    MonthBox,
    YearBox,
    amount_text,
    direction_text,
    ledger_years,
    load_choices,
    month_label,
    style_table,
)
from secretariat_app.gui.books.detail_model import DetailLedgerModel
from secretariat_app.gui.books.trial_balance import TrialBalanceView
from secretariat_app.i18n import N_, _

__all__ = ["LedgerView", "TrialBalanceView", "GeneralLedgerModel"]
CODE_ROLE = Qt.ItemDataRole.UserRole
GL_COLUMNS = (N_("Month"), N_("Summary"), N_("Debit"), N_("Credit"), N_("Dr/Cr"), N_("Balance"))


class GeneralLedgerModel(QAbstractTableModel):
    """Opening line, then 本月合计 and 本年累计 for each month shown."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, object]] = []

    def set_rows(self, gl: list, last_month: int) -> None:
        self.beginResetModel()
        self.rows = []
        for g in gl:
            if g.month is None:
                self.rows.append(("open", g))
            elif g.month <= last_month:
                self.rows += [("month", g), ("ytd", g)]
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(GL_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(GL_COLUMNS[section]) if 0 <= section < len(GL_COLUMNS) else None
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            kind, g = self.rows[index.row()]
            col = index.column()
            if role == Qt.ItemDataRole.DisplayRole:
                bal = (direction_text(g.balance), amount_text(abs(g.balance), blank_zero=False))
                if kind == "open":
                    return ("", _("Brought forward from last year"), "", "", *bal)[col]
                if kind == "month":
                    return (month_label(g.month), _("Total of the month"), amount_text(g.debit, blank_zero=False),
                            amount_text(g.credit, blank_zero=False), *bal)[col]
                return ("", _("Total of the year to date"), amount_text(g.ytd_debit, blank_zero=False),
                        amount_text(g.ytd_credit, blank_zero=False), *bal)[col]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if col in (2, 3, 5) else (LEFT if col == 1 else CENTER)
            if role == Qt.ItemDataRole.BackgroundRole and kind == "ytd":
                return QBrush(TOTAL_BG)
            if role == Qt.ItemDataRole.FontRole and kind != "month":
                f = QFont()
                f.setBold(True)
                return f
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return None

    def month_at(self, row: int) -> int | None:
        if 0 <= row < len(self.rows) and self.rows[row][0] != "open":
            return self.rows[row][1].month
        return None


class LedgerView(QWidget):
    open_voucher = Signal(int)

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.choices: list[AccountChoice] = []
        self.code: str | None = None
        lay = QHBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._chart_pane())
        split.addWidget(self._ledger_pane())
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([260, 900])
        lay.addWidget(split)

    def _chart_pane(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(_("Find: code, name or pinyin"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._first_visible)
        v.addWidget(self.filter)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { height: 22px; }")
        self.tree.currentItemChanged.connect(lambda item, _p: self._picked(item))
        v.addWidget(self.tree, 1)
        return w

    def _ledger_pane(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        v.setContentsMargins(8, 0, 0, 0)
        row = QHBoxLayout()
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        row.addWidget(self.title, 1)
        self.mode = QButtonGroup(self)
        for i, text in enumerate((_("Detail ledger"), _("General ledger"))):
            b = QToolButton()
            b.setText(text)
            b.setCheckable(True)
            b.setChecked(i == 0)
            self.mode.addButton(b, i)
            row.addWidget(b)
        self.mode.idClicked.connect(self._mode)
        row.addSpacing(12)
        self.year = YearBox()
        self.from_month = MonthBox(1)
        self.to_month = MonthBox(12)
        self.posted_only = QCheckBox(_("Posted vouchers only"))
        for wdg in (self.year, self.from_month, self.to_month):
            wdg.currentIndexChanged.connect(lambda _i: self.load())
        self.posted_only.toggled.connect(lambda _b: self.load())
        for wdg in (QLabel(_("Year")), self.year, self.from_month, QLabel("—"), self.to_month, self.posted_only):
            row.addWidget(wdg)
        v.addLayout(row)
        self.stack = QStackedWidget()
        self.detail = DetailLedgerModel(self.ctx, self)
        self.detail.load_failed.connect(self.ctx.show_error)
        self.detail_table = QTableView()
        self.detail_table.setModel(self.detail)
        style_table(self.detail_table, stretch=2)
        for col, width in ((0, 92), (1, 92), (3, 170), (4, 112), (5, 112), (6, 44), (7, 124)):
            self.detail_table.setColumnWidth(col, width)
        self.detail_table.doubleClicked.connect(lambda idx: self._open_line(idx.row()))
        self.detail_table.activated.connect(lambda idx: self._open_line(idx.row()))
        self.gl = GeneralLedgerModel(self)
        self.gl_table = QTableView()
        self.gl_table.setModel(self.gl)
        style_table(self.gl_table, stretch=1)
        for col, width in ((0, 80), (2, 140), (3, 140), (4, 50), (5, 150)):
            self.gl_table.setColumnWidth(col, width)
        self.gl_table.doubleClicked.connect(lambda idx: self._month_detail(idx.row()))
        self.stack.addWidget(self.detail_table)
        self.stack.addWidget(self.gl_table)
        v.addWidget(self.stack, 1)
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        v.addWidget(self.count)
        return w

    # ---- chart ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.choices = load_choices(self.ctx, self._set_choices)
        self.year.set_years(ledger_years(self.ctx))
        keep = self.code
        self.tree.blockSignals(True)
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for c in self.choices:
            parent = items.get(c.code[:-2]) if len(c.code) > 4 else None
            item = QTreeWidgetItem([f"{c.code}  {c.name}"])
            item.setData(0, CODE_ROLE, c.code)
            if c.disabled:
                item.setForeground(0, QBrush(Qt.GlobalColor.gray))
            if parent is not None:
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            items[c.code] = item
        self.tree.blockSignals(False)
        self.items = items
        self.show_account(keep or "1002")

    def _set_choices(self, choices) -> None:
        self.choices = choices
        if self.filter.text().strip():
            self._filter(self.filter.text())

    def _filter(self, text: str) -> None:
        keep = {c.code for c in match_accounts(self.choices, text, leaf_only=False, limit=10_000)} if text.strip() else None
        it = QTreeWidgetItemIterator(self.tree)
        while it.value():
            item = it.value()
            code = item.data(0, CODE_ROLE)
            item.setHidden(keep is not None and not any(k.startswith(code) for k in keep))
            if keep is not None:
                item.setExpanded(True)
            it += 1

    def _first_visible(self) -> None:
        it = QTreeWidgetItemIterator(self.tree, QTreeWidgetItemIterator.IteratorFlag.NotHidden)
        if it.value():
            self.tree.setCurrentItem(it.value())

    def _picked(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.code = item.data(0, CODE_ROLE)
            self.load()

    def show_account(self, code: str, year: int | None = None, from_month: int | None = None,
                     to_month: int | None = None) -> None:
        """Show ``code``'s ledger (a drill-down from the trial balance sets the months too)."""
        for w in (self.year, self.from_month, self.to_month):
            w.blockSignals(True)
        if year is not None:
            self.year.set_years(ledger_years(self.ctx), keep=year)
        if from_month is not None:
            self.from_month.set_month(from_month)
        if to_month is not None:
            self.to_month.set_month(to_month)
        for w in (self.year, self.from_month, self.to_month):
            w.blockSignals(False)
        item = getattr(self, "items", {}).get(code)
        self.code = code
        if item is not None:
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)
            self.tree.blockSignals(False)
        self.load()

    # ---- ledgers --------------------------------------------------------------------------------

    def _mode(self, i: int) -> None:
        self.stack.setCurrentIndex(i)
        self.load()

    def load(self) -> None:
        if not self.code:
            return
        y, f, t = self.year.year(), self.from_month.month(), self.to_month.month()
        name = next((c.full_name for c in self.choices if c.code == self.code), "")
        book = _("Detail ledger") if self.stack.currentIndex() == 0 else _("General ledger")
        self.title.setText(f"{self.code} {name} · {book}")
        posted = self.posted_only.isChecked()
        if self.stack.currentIndex() == 0:
            leaf = next((c.leaf for c in self.choices if c.code == self.code), True)
            self.detail_table.setColumnHidden(3, leaf)
            self.detail.set_query(self.code, y, f, max(f, t), posted)
            self.count.setText(_("{n} lines").format(n=f"{self.detail.lines:,}"))
        else:
            gl = self.ctx.call(ledger_reports.general_ledger, self.code, y, posted_only=posted)
            today = date.today()
            self.gl.set_rows(gl, today.month if y == today.year else 12)
            self.count.setText("")

    def _open_line(self, row: int) -> None:
        vid = self.detail.voucher_id(row)
        if vid is not None:
            self.open_voucher.emit(vid)

    def _month_detail(self, row: int) -> None:
        m = self.gl.month_at(row)
        if m is None:
            return
        for w in (self.from_month, self.to_month):
            w.blockSignals(True)
            w.set_month(m)
            w.blockSignals(False)
        self.mode.button(0).setChecked(True)
        self._mode(0)
