"""科目余额表: the trial balance of a range of months, with drill-down from every figure.

Rows are ``core.ledger.rollup`` of ``trial_balance`` (parent accounts summed from their leaves, shown
in bold), to the level chosen; each balance is split into 借方 / 贷方 columns by its side as the
Chinese form has it. The totals line sums the first-level accounts and says whether the book
balances (试算平衡). Double-click a 本期 figure for the vouchers behind it (``drill_down``); any
other cell opens the account's detail ledger for the same months.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger_files, ledger_reports
from secretariat_app.core.ledger.reports import TBRow, TrialBalance, rollup
from secretariat_app.gui.books.common import (
    CENTER,
    GREEN,
    LEFT,
    RED,
    RIGHT,
    TOTAL_BG,
    MonthBox,
    YearBox,
    amount_text,
    ledger_years,
    style_table,
)
from secretariat_app.i18n import N_, _

COLUMNS = (N_("Account code"), N_("Account name"), N_("Opening debit"), N_("Opening credit"), N_("Debit this period"),
           N_("Credit this period"), N_("Closing debit"), N_("Closing credit"))
LEVELS = ((N_("First-level accounts"), 1), (N_("Down to level 2"), 2), (N_("All accounts"), None))
PERIOD_DEBIT, PERIOD_CREDIT = 4, 5


def split(balance: int) -> tuple[int, int]:
    """A debit-positive balance as (debit column, credit column)."""
    return (balance, 0) if balance >= 0 else (0, -balance)


class TrialBalanceModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[TBRow] = []
        self.parents: set[str] = set()
        self.total: tuple[int, ...] = (0,) * 6

    def set_trial_balance(self, tb: TrialBalance | None, level: int | None) -> None:
        self.beginResetModel()
        if tb is None:
            self.rows, self.parents, self.total = [], set(), (0,) * 6
        else:
            self.rows = rollup(tb, level)
            codes = [r.code for r in self.rows]
            self.parents = {c for c in codes if any(o != c and o.startswith(c) for o in codes)}
            t = [0] * 6
            for r in self.rows:
                if len(r.code) == 4:
                    od, oc = split(r.opening)
                    cd, cc = split(r.closing)
                    for i, v in enumerate((od, oc, r.debit, r.credit, cd, cc)):
                        t[i] += v
            self.total = tuple(t)
        self.endResetModel()

    def balanced(self) -> bool:
        od, oc, d, c, cd, cc = self.total
        return od == oc and d == c and cd == cc

    def figures(self, r: TBRow) -> tuple[int, ...]:
        return (*split(r.opening), r.debit, r.credit, *split(r.closing))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows) + (1 if self.rows else 0)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return CENTER
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            if not index.isValid():
                return None
            row, col = index.row(), index.column()
            total = row == len(self.rows)
            if role == Qt.ItemDataRole.DisplayRole:
                if total:
                    return (_("Total"), "", *[amount_text(v, blank_zero=False) for v in self.total])[col]
                r = self.rows[row]
                indent = "    " * ((len(r.code) - 4) // 2)
                if col == 0:
                    return r.code
                if col == 1:
                    return indent + r.name.split("—")[-1]
                return amount_text(self.figures(r)[col - 2])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return LEFT if col < 2 else RIGHT
            if role == Qt.ItemDataRole.FontRole and (total or self.rows[row].code in self.parents):
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.BackgroundRole and total:
                return QBrush(TOTAL_BG)
            if role == Qt.ItemDataRole.ToolTipRole and not total:
                r = self.rows[row]
                return r.name if col < 2 else (_("Double-click for the vouchers behind this figure")
                                              if col in (PERIOD_DEBIT, PERIOD_CREDIT) else _("Double-click for the detail ledger"))
            if role == Qt.ItemDataRole.ForegroundRole and total and not self.balanced():
                return QBrush(RED)
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return None

    def row_at(self, row: int) -> TBRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class TrialBalanceView(QWidget):
    open_voucher = Signal(int)
    detail_requested = Signal(str, int, int, int)   # code, year, from month, to month

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.tb: TrialBalance | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        lay.setSpacing(8)
        row = QHBoxLayout()
        self.year = YearBox()
        self.from_month = MonthBox(1)
        self.to_month = MonthBox(12)
        self.level = QComboBox()
        for text, level in LEVELS:
            self.level.addItem(_(text), level)
        self.level.setCurrentIndex(2)
        self.posted_only = QCheckBox(_("Posted vouchers only"))
        for w in (self.year, self.from_month, self.to_month):
            w.currentIndexChanged.connect(lambda _i: self.load())
        self.level.currentIndexChanged.connect(lambda _i: self._show())
        self.posted_only.toggled.connect(lambda _b: self.load())
        self.export_btn = QPushButton(_("Export ledgers to Excel…"))
        self.export_btn.setToolTip(_("Trial balance, general ledger, detail ledger and statements of the year (xlsx)"))
        self.export_btn.clicked.connect(lambda: self.export_xlsx())
        for w in (QLabel(_("Year")), self.year, self.from_month, QLabel("—"), self.to_month, self.level,
                  self.posted_only):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.export_btn)
        lay.addLayout(row)
        self.model = TrialBalanceModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        style_table(self.table, stretch=1)
        self.table.setColumnWidth(0, 90)
        for col in range(2, 8):
            self.table.setColumnWidth(col, 132)
        self.table.doubleClicked.connect(self.drill)
        lay.addWidget(self.table, 1)
        self.status = QLabel()
        lay.addWidget(self.status)

    def reload(self) -> None:
        self.year.set_years(ledger_years(self.ctx))
        self.load()

    def load(self) -> None:
        y, f, t = self.year.year(), self.from_month.month(), self.to_month.month()
        if f > t:
            self.status.setText(_("The first month comes after the last one."))
            return
        self.ctx.run_action(ledger_reports.trial_balance, y, t, from_month=f, posted_only=self.posted_only.isChecked(),
                            title=_("Computing the trial balance…"), on_done=self._loaded)

    def _loaded(self, tb: TrialBalance) -> None:
        self.tb = tb
        self._show()

    def _show(self) -> None:
        self.model.set_trial_balance(self.tb, self.level.currentData())
        if self.tb is None:
            return
        if self.model.balanced():
            self.status.setText("✔ " + _("The trial balance balances: {n} accounts with figures.").format(
                n=len(self.tb.accounts)))
            self.status.setStyleSheet(f"color: {GREEN.name()};")
        else:
            self.status.setText("✘ " + _("The trial balance does not balance; run the book check."))
            self.status.setStyleSheet(f"color: {RED.name()};")

    def drill(self, index) -> None:
        r = self.model.row_at(index.row())
        if r is None or self.tb is None:
            return
        if index.column() in (PERIOD_DEBIT, PERIOD_CREDIT):
            self.open_drill_down(r.code, r.name)
        else:
            self.detail_requested.emit(r.code, self.tb.year, self.tb.from_month, self.tb.to_month)

    def open_drill_down(self, code: str, name: str = ""):
        from secretariat_app.gui.books.detail_model import DrillDownDialog

        tb = self.tb
        dlg = DrillDownDialog(self.ctx, code, name, tb.year, tb.from_month, tb.to_month, self)
        dlg.open_requested.connect(self.open_voucher.emit)
        dlg.open()
        self._dialog = dlg
        return dlg

    def export_xlsx(self, path: str | None = None) -> None:
        year = self.year.year()
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Export ledgers"), _("ledgers {year}").format(year=year) + ".xlsx",
                                                   _("Excel workbook (*.xlsx)"))
        if path:
            self.ctx.run_action(ledger_files.export_ledger_xlsx, path, year, title=_("Exporting the ledgers…"),
                            on_done=lambda _r: self.ctx.show_info(_("Written to {path}.").format(path=path)))
