"""明细账 as a lazy model, and the drill-down from a figure to the vouchers behind it.

``DetailLedgerModel`` is a lazy table over the query action ``ledger_reports.detail_page``: it pages
by keyset (each next page starts after the cursor of the last line shown), so a detail ledger of
100,000 lines opens at once; the action puts the opening balance first and, after each month's last
line, the standard 本月合计 and 本年累计 lines. Balances are shown as 方向 (借/贷/平) and an amount.
``DrillDownDialog`` lists the vouchers behind a trial-balance figure (``ledger_vouchers.voucher_page``
filtered by the account and the months).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QVBoxLayout

from secretariat_app.actions import ledger_reports
from secretariat_app.actions.ledger_reports import LINE, MONTH, OPEN, YTD
from secretariat_app.gui.books.common import RED, TOTAL_BG, amount_text, direction_text, style_table, voucher_label
from secretariat_app.gui.books.voucher_list import VoucherListModel
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import N_, _

__all__ = ["DetailLedgerModel", "DrillDownModel", "DrillDownDialog", "OPEN", "LINE", "MONTH", "YTD"]
PAGE = 200
COLUMNS = (N_("Date"), N_("Voucher no."), N_("Summary"), N_("Account"), N_("Debit"), N_("Credit"),
           N_("Dr/Cr"), N_("Balance"))
_KINDS = ("date", "text", "text", "text", "money", "money", "text", "money")


def _columns() -> list[Column]:
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    return [Column(_(t), k, sortable=False, align=left if i in (2, 3) else (None if k == "money" else
                                                                           Qt.AlignmentFlag.AlignCenter))
            for i, (t, k) in enumerate(zip(COLUMNS, _KINDS))]


class DetailLedgerModel(LazyTableModel):
    """Rows are ``ledger_reports.DetailLine`` tuples (opening, lines, month and year-to-date totals)."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, _columns(), page_size=PAGE, parent=parent, fetch=ledger_reports.detail_page)
        self.code: str | None = None
        self.year = date.today().year
        self.from_month, self.to_month = 1, 12

    def set_query(self, code: str | None, year: int, from_month: int = 1, to_month: int = 12,
                  posted_only: bool = False) -> None:
        self.code, self.year, self.from_month, self.to_month = code, year, from_month, to_month
        self.set_filter_values(code=code, year=year, from_month=from_month, to_month=to_month, posted_only=posted_only)

    def request(self, offset: int, count: bool):
        # keyset paging: the next page starts after the last line loaded (the action's cursor)
        request = super().request(offset, count)
        last = next((r for r in reversed(self.rows) if r.kind == LINE), None) if offset else None
        if last is not None:
            request = replace(request, filters={**request.filters, "after": last.cursor})
        return request

    @property
    def lines(self) -> int:
        """How many voucher lines the ledger has (the opening row counts them)."""
        return self.rows[0].lines if self.rows and self.rows[0].kind == OPEN else 0

    def cells(self, r) -> tuple:
        bal = (direction_text(r.balance), amount_text(abs(r.balance), blank_zero=False))
        if r.kind == OPEN:
            text = _("Brought forward from last year") if self.from_month == 1 else _("Opening balance")
            return (r.date.isoformat(), "", text, "", "", "", *bal)
        if r.kind == LINE:
            return (r.date.isoformat(), f"{r.date.month:02d}-{voucher_label(r.number)}", r.summary,
                    f"{r.account} {r.account_name}".strip(), amount_text(r.debit), amount_text(r.credit), *bal)
        if r.kind == MONTH:
            return (r.date.isoformat(), "", _("Total of the month"), "", amount_text(r.debit, blank_zero=False),
                    amount_text(r.credit, blank_zero=False), *bal)
        return ("", "", _("Total of the year to date"), "", amount_text(r.debit, blank_zero=False),
                amount_text(r.credit, blank_zero=False), *bal)

    def display(self, row: int, column: int, value) -> str:
        return self.cells(self.rows[row])[column]

    def foreground(self, row: int, column: int, value):
        r = self.rows[row]
        if r.kind == LINE and (r.debit < 0 or r.credit < 0):
            return QBrush(RED)
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            if index.isValid() and index.row() < len(self.rows):
                kind = self.rows[index.row()].kind
                if role == Qt.ItemDataRole.FontRole and kind != LINE:
                    f = QFont()
                    f.setBold(True)
                    return f
                if role == Qt.ItemDataRole.BackgroundRole and kind in (MONTH, YTD):
                    return QBrush(TOTAL_BG)
                if role == Qt.ItemDataRole.ToolTipRole:
                    return self.rows[index.row()].summary if kind == LINE and index.column() == 2 else None
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return super().data(index, role)

    def voucher_id(self, row: int) -> int | None:
        if 0 <= row < len(self.rows) and self.rows[row].kind == LINE:
            return self.rows[row].voucher_id
        return None


class DrillDownModel(VoucherListModel):
    """The vouchers behind a figure: those with a line on the account (or its sub-accounts) in the months."""

    def __init__(self, ctx, code: str, year: int, from_month: int, to_month: int, parent=None) -> None:
        super().__init__(ctx, parent)
        self.code, self.year, self.from_month, self.to_month = code, year, from_month, to_month
        self.filter_values = dict(year=year, from_month=from_month, to_month=to_month, account=code)


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
