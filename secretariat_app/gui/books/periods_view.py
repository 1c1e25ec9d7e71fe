"""期末: the months of a year with their state; close (结账), reopen (反结账), year-end closing, opening
balances (DOMAIN.md §3 Vouchers, "Periods and closing").

Closing a month is refused while a voucher of it is not posted, an earlier month is open, or — in
December — the year-end closing is not posted; the refusal lists every blocker above the table.
Reopening asks for a note (kept in the ledger's log) and needs the right. The year-end closing is
previewed in ``dialogs.YearEndDialog`` before it is posted; the opening balances are entered once
in ``dialogs.OpeningBalancesDialog``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger, ledger_periods
from secretariat_app.core.ledger.periods import PeriodInfo
from secretariat_app.errors import DomainError
from secretariat_app.gui.books.common import CENTER, GREEN, GREY, RED, YearBox, ledger_years, month_label, operator_name
from secretariat_app.gui.books.dialogs import OpeningBalancesDialog, ReopenDialog, YearEndDialog
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import N_, _

HEADERS = (N_("Month"), N_("Period state"), N_("Number of vouchers"), N_("Not posted"), N_("Month closed at"), N_("Month closed by"))


class PeriodsView(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.periods: list[PeriodInfo] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        lay.setSpacing(8)
        row = QHBoxLayout()
        self.year = YearBox()
        self.year.currentIndexChanged.connect(lambda _i: self.load())
        row.addWidget(QLabel(_("Year")))
        row.addWidget(self.year)
        row.addStretch(1)
        self.close_btn = QPushButton(_("Close month"))
        self.close_btn.setProperty("primary", True)
        self.close_btn.setToolTip(_("Close (结账) the selected month: all its vouchers must be posted"))
        self.close_btn.clicked.connect(lambda: self.close_month())
        self.reopen_btn = QPushButton(_("Reopen month…"))
        self.reopen_btn.clicked.connect(lambda: self.reopen_month())
        self.year_end_btn = QPushButton(_("Year-end closing…"))
        self.year_end_btn.clicked.connect(lambda: self.year_end())
        self.opening_btn = QPushButton(_("Opening balances…"))
        self.opening_btn.clicked.connect(lambda: self.opening_balances())
        for b in (self.opening_btn, self.year_end_btn, self.reopen_btn, self.close_btn):
            row.addWidget(b)
        lay.addLayout(row)
        self.edition = QLabel()
        self.edition.setProperty("role", "muted")
        lay.addWidget(self.edition)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.table = QTableWidget(12, len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection)
        lay.addWidget(self.table, 1)
        hint = QLabel(_("Months are closed in order. A closed month takes no voucher; reopening it needs the right "
                        "and is logged. December closes after the year-end closing vouchers are posted."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)

    # ---- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        self.year.set_years(ledger_years(self.ctx))
        self.load()

    def load(self) -> None:
        y = self.year.year()
        self.periods = self.ctx.call(ledger_periods.period_status, y)
        title = self.ctx.call(ledger.entry_context, y).edition_title
        self.edition.setText(_("Accounting standard: {edition}").format(edition=title))
        for r, p in enumerate(self.periods):
            state = _("Month closed") if p.closed else _("Not closed")
            cells = [month_label(p.month), state, str(p.vouchers), str(p.unposted or ""),
                     p.closed_at.strftime("%Y-%m-%d %H:%M") if p.closed_at else "", p.closed_by or ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag(CENTER))
                if c == 1:
                    item.setForeground(QBrush(GREEN if p.closed else GREY))
                if c == 3 and p.unposted:
                    item.setForeground(QBrush(RED))
                self.table.setItem(r, c, item)
        first_open = next((i for i, p in enumerate(self.periods) if not p.closed), None)
        if self.table.currentRow() < 0 or self.sender() is self.year:
            self.table.selectRow(first_open if first_open is not None else 11)
        self._selection()

    def selected(self) -> PeriodInfo | None:
        r = self.table.currentRow()
        return self.periods[r] if 0 <= r < len(self.periods) else None

    def _selection(self) -> None:
        p = self.selected()
        self.close_btn.setEnabled(p is not None and not p.closed)
        self.reopen_btn.setEnabled(p is not None and p.closed)

    def select_month(self, month: int) -> None:
        self.table.selectRow(month - 1)

    # ---- actions --------------------------------------------------------------------------------

    def _refused(self, exc: DomainError) -> None:
        self.banner.show_message(str(exc), "error")

    def _done(self, text: str) -> None:
        self.banner.show_message(text, "info")
        self.ctx.show_status(text)
        self.load()

    def close_month(self, month: int | None = None) -> None:
        y = self.year.year()
        p = self.selected()
        m = month or (p.month if p else None)
        if m is None:
            return
        self.banner.clear()
        self.ctx.run_action(ledger_periods.close_month, y, m, operator_name(self.ctx), title=_("Closing the month…"),
                            on_done=lambda _c: self._done(_("{period} is closed.").format(period=f"{y}-{m:02d}")),
                            on_error=self._refused)

    def reopen_month(self, month: int | None = None, note: str | None = None) -> None:
        y = self.year.year()
        p = self.selected()
        m = month or (p.month if p else None)
        if m is None:
            return
        if note is None:
            dlg = ReopenDialog(f"{y}-{m:02d}", self)
            if not dlg.exec():
                return
            note = dlg.text()
        self.banner.clear()
        self.ctx.run_action(ledger_periods.reopen_month, y, m, note, operator_name(self.ctx),
                            title=_("Reopening the month…"),
                            on_done=lambda _c: self._done(_("{period} is open again.").format(period=f"{y}-{m:02d}")),
                            on_error=self._refused)

    def year_end(self) -> YearEndDialog:
        dlg = YearEndDialog(self.ctx, self.year.year(), self)
        dlg.finished.connect(lambda _r: self.load() if dlg.posted else None)
        dlg.open()
        self._dialog = dlg
        return dlg

    def opening_balances(self) -> OpeningBalancesDialog:
        dlg = OpeningBalancesDialog(self.ctx, None, self)
        dlg.finished.connect(lambda _r: self.load() if dlg.saved else None)
        dlg.open()
        self._dialog = dlg
        return dlg


__all__ = ["PeriodsView"]
