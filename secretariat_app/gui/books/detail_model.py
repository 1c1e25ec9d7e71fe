"""明细账 as a lazy model, and the drill-down from a figure to the vouchers behind it.

``DetailLedgerModel`` pages through ``core.ledger.detail_ledger`` by keyset (``after=page.cursor``),
so a detail ledger of 100,000 lines opens at once; it shows the opening balance first and, after
each month's last line, the standard 本月合计 and 本年累计 lines (figures from ``general_ledger``,
which reads the monthly totals). Balances are shown as 方向 (借/贷/平) and an amount.
``DrillDownDialog`` lists the vouchers behind a trial-balance figure (``core.ledger.drill_down``).
"""

from __future__ import annotations

import calendar
import logging
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout

from secretariat_app.core import ledger as L
from secretariat_app.gui.books.common import (CENTER, LEFT, RED, RIGHT, TOTAL_BG, amount_text, direction_text,
                                              style_table, voucher_label)
from secretariat_app.gui.books.voucher_list import VoucherListModel
from secretariat_app.i18n import N_, _

log = logging.getLogger("secretariat.gui")
PAGE = 200
COLUMNS = (N_("Date"), N_("Voucher no."), N_("Summary"), N_("Account"), N_("Debit"), N_("Credit"),
           N_("Dr/Cr"), N_("Balance"))
OPEN, LINE, MONTH, YTD = "open", "line", "month", "ytd"


class DetailLedgerModel(QAbstractTableModel):
    load_failed = Signal(str)
    reloaded = Signal()

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code: str | None = None
        self.year = date.today().year
        self.from_month, self.to_month = 1, 12
        self.posted_only = False
        self.rows: list[tuple[str, object]] = []
        self.total = 0
        self.loaded = 0
        self.cursor = None
        self.months: dict[int, L.reports.GLRow] = {}
        self.cur_month: int | None = None
        self.names: dict[str, str] = {}
        self.error: str | None = None

    def set_query(self, code: str | None, year: int, from_month: int = 1, to_month: int = 12,
                  posted_only: bool = False) -> None:
        self.code, self.year, self.from_month, self.to_month = code, year, from_month, to_month
        self.posted_only = posted_only
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows, self.total, self.loaded, self.cursor, self.cur_month, self.error = [], 0, 0, None, None, None
        if self.code:
            try:
                def read(s):
                    page = L.detail_ledger(s, self.code, self.year, from_month=self.from_month,
                                           to_month=self.to_month, limit=PAGE, posted_only=self.posted_only)
                    gl = L.general_ledger(s, self.code, self.year, posted_only=self.posted_only)
                    return page, gl

                page, gl = self.ctx.read(read)
                self.months = {g.month: g for g in gl if g.month is not None}
                self.total = page.total
                self.rows.append((OPEN, page.opening))
                self.rows += self._collect(page)
            except Exception as exc:  # noqa: BLE001 — never into Qt
                log.exception("detail ledger")
                self.error = _("The ledger could not be loaded: {reason}").format(reason=exc)
                self.load_failed.emit(self.error)
        self.endResetModel()
        self.reloaded.emit()

    def _collect(self, page) -> list:
        """The rows for a page of lines, with the month totals it completes (updates the cursor)."""
        out: list = []
        for r in page.rows:
            if self.cur_month is not None and r.date.month != self.cur_month:
                out += self._month_totals(self.cur_month)
            self.cur_month = r.date.month
            out.append((LINE, r))
        self.loaded += len(page.rows)
        self.cursor = page.cursor or self.cursor
        if self.loaded >= self.total and self.cur_month is not None:
            out += self._month_totals(self.cur_month)
            self.cur_month = None
        return out

    def _month_totals(self, month: int) -> list:
        g = self.months.get(month)
        return [(MONTH, g), (YTD, g)] if g is not None else []

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and self.error is None and self.loaded < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802
        if not self.canFetchMore(parent):
            return
        try:
            page = self.ctx.read(lambda s: L.detail_ledger(
                s, self.code, self.year, from_month=self.from_month, to_month=self.to_month, limit=PAGE,
                posted_only=self.posted_only, after=self.cursor, count=False))
        except Exception as exc:  # noqa: BLE001
            log.exception("detail ledger")
            self.error = str(exc)
            return
        if not page.rows:
            self.total = self.loaded
        new = self._collect(page)
        if new:
            n = len(self.rows)
            self.beginInsertRows(QModelIndex(), n, n + len(new) - 1)
            self.rows.extend(new)
            self.endInsertRows()

    # ---- Qt virtuals (never raise) --------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(COLUMNS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if section in (4, 5, 7) else CENTER
        return None

    def cells(self, kind: str, r) -> tuple:
        if kind == OPEN:
            first = date(self.year, self.from_month, 1)
            text = _("Brought forward from last year") if self.from_month == 1 else _("Opening balance")
            return (first.isoformat(), "", text, "", "", "", direction_text(r), amount_text(abs(r), blank_zero=False))
        if kind == LINE:
            return (r.date.isoformat(), f"{r.date.month:02d}-{voucher_label(r.number)}", r.summary,
                    f"{r.account} {self.names.get(r.account, '')}".strip(), amount_text(r.debit), amount_text(r.credit),
                    direction_text(r.balance), amount_text(abs(r.balance), blank_zero=False))
        end = date(self.year, r.month, calendar.monthrange(self.year, r.month)[1])
        if kind == MONTH:
            return (end.isoformat(), "", _("Total of the month"), "", amount_text(r.debit, blank_zero=False),
                    amount_text(r.credit, blank_zero=False), direction_text(r.balance),
                    amount_text(abs(r.balance), blank_zero=False))
        return ("", "", _("Total of the year to date"), "", amount_text(r.ytd_debit, blank_zero=False),
                amount_text(r.ytd_credit, blank_zero=False), direction_text(r.balance),
                amount_text(abs(r.balance), blank_zero=False))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            if not index.isValid() or index.row() >= len(self.rows):
                return None
            kind, r = self.rows[index.row()]
            col = index.column()
            if role == Qt.ItemDataRole.DisplayRole:
                return self.cells(kind, r)[col]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if col in (4, 5, 7) else (LEFT if col in (2, 3) else CENTER)
            if role == Qt.ItemDataRole.FontRole and kind != LINE:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.BackgroundRole and kind in (MONTH, YTD):
                return QBrush(TOTAL_BG)
            if role == Qt.ItemDataRole.ForegroundRole and kind == LINE and (r.debit < 0 or r.credit < 0):
                return QBrush(RED)
            if role == Qt.ItemDataRole.ToolTipRole and kind == LINE and col == 2:
                return r.summary
        except Exception:  # noqa: BLE001
            return None
        return None

    def voucher_id(self, row: int) -> int | None:
        if 0 <= row < len(self.rows) and self.rows[row][0] == LINE:
            return self.rows[row][1].voucher_id
        return None


class DrillDownModel(VoucherListModel):
    """The vouchers behind a figure: ``core.ledger.drill_down`` of an account and a month range."""

    def __init__(self, ctx, code: str, year: int, from_month: int, to_month: int, parent=None) -> None:
        super().__init__(ctx, parent)
        self.code, self.year, self.from_month, self.to_month = code, year, from_month, to_month

    def page(self, session, offset: int, limit: int, count: bool):
        return L.drill_down(session, self.code, self.year, self.from_month, self.to_month, offset=offset, limit=limit)


class DrillDownDialog(QDialog):
    """The vouchers behind a trial-balance figure; double-click one to open it."""

    open_requested = Signal(int)

    def __init__(self, ctx, code: str, name: str, year: int, from_month: int, to_month: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Vouchers behind the figure"))
        self.resize(900, 520)
        lay = QVBoxLayout(self)
        period = f"{year}-{from_month:02d}" if from_month == to_month else f"{year}-{from_month:02d} – {year}-{to_month:02d}"
        head = QLabel(_("{code} {name}, {period}").format(code=code, name=name, period=period))
        head.setProperty("role", "sectionTitle")
        lay.addWidget(head)
        self.model = DrillDownModel(ctx, code, year, from_month, to_month, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        style_table(self.table, stretch=2)
        for col, width in enumerate((96, 96, 300, 110, 72, 72, 80, 80, 80, 80)):
            if col != 2:
                self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda idx: self._open(idx.row()))
        self.table.activated.connect(lambda idx: self._open(idx.row()))
        lay.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        lay.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.model.reload()
        self.count.setText(_("{n} vouchers · double-click one to open it").format(n=f"{self.model.total:,}"))

    def _open(self, row: int) -> None:
        vid = self.model.voucher_id(row)
        if vid is not None:
            self.open_requested.emit(vid)
            self.accept()
