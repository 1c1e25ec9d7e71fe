"""Billing tab (开票): the bills of a year (a lazy table paged by ``actions.dues.bills_page``), the billing run with a preview first
and a confirmation after, and waivers or reductions of one bill with a reason (DOMAIN.md §2)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from secretariat_app.actions import dues
from secretariat_app.core.dues.models import BILL_STATUS_LABELS
from secretariat_app.core.money import fen_str
from secretariat_app.gui.widgets.common import Banner, SearchBox, record_table
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import _, format_amount


class PreviewModel(QAbstractTableModel):
    """The bills a run would make (plain rows from ``BillingResult.bills``)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        self.headers = [_("Member number"), _("Member name"), _("Member level"), _("Months"), _("Amount"),
                        _("Prepaid applied")]

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            b = self.rows[index.row()]
            col = index.column()
            if role == Qt.ItemDataRole.DisplayRole:
                return [b.no, b.name, b.level, f"{b.months}/12", format_amount(b.amount, fen=True),
                        format_amount(b.prepaid, fen=True) if b.prepaid else ""][col]
            if role == Qt.ItemDataRole.TextAlignmentRole and col >= 3:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return None


class BillingTab(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.result = None
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Year")))
        self.year = QSpinBox()
        self.year.setRange(1980, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: (self.discard(), self.reload()))
        row.addWidget(self.year)
        self.preview_btn = QPushButton(_("Preview the billing run"))
        self.preview_btn.clicked.connect(lambda: self.preview())
        row.addWidget(self.preview_btn)
        self.confirm_btn = QPushButton(_("Bill them"))
        self.confirm_btn.setProperty("primary", True)
        self.confirm_btn.setEnabled(False)
        self.confirm_btn.clicked.connect(self.confirm)
        row.addWidget(self.confirm_btn)
        self.discard_btn = QPushButton(_("Discard the preview"))
        self.discard_btn.setVisible(False)
        self.discard_btn.clicked.connect(self.discard)
        row.addWidget(self.discard_btn)
        row.addStretch(1)
        self.search = SearchBox(_("Search number or name"))
        self.search.search_changed.connect(lambda t: self.model.set_search(t))
        row.addWidget(self.search)
        lay.addLayout(row)
        self.banner = Banner("info")
        lay.addWidget(self.banner)
        self.summary = QLabel()
        self.summary.setProperty("role", "muted")
        lay.addWidget(self.summary)
        self.model = LazyTableModel(ctx, [
            Column(_("Member number")), Column(_("Member name")), Column(_("Member level")),
            Column(_("Months"), "int"), Column(_("Billed"), "money"), Column(_("Reduction"), "money"),
            Column(_("Paid"), "money"), Column(_("Due"), "money"),
            Column(_("Status"), format=lambda s: _(BILL_STATUS_LABELS.get(s, s))), Column(_("Reason"))],
            key_index=10, fetch=dues.bills_page)
        self.model.load_failed.connect(self.ctx.show_error)
        self.preview_model = PreviewModel()
        self.table = record_table(self.model, (80, 260, 110, 60, 100, 90, 100, 100, 70))
        self.table.doubleClicked.connect(lambda _i: self.change_bill())
        lay.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.change_btn = QPushButton(_("Reduce or waive…"))
        self.change_btn.clicked.connect(lambda: self.change_bill())
        actions.addWidget(self.change_btn)
        actions.addStretch(1)
        lay.addLayout(actions)

    # ---- the year's bills --------------------------------------------------------------------

    def reload(self) -> None:
        if self.ctx.book is None:
            return
        self.model.filter_values = {"year": self.year.value()}
        self.model.reload()
        self._summarize()

    def _summarize(self) -> None:
        f = self.ctx.call(dues.bill_figures, self.year.value())
        self.summary.setText(_("{n} bills for {year}: billed {billed}, paid {paid}, due {due}").format(
            n=f.count, year=self.year.value(), billed=format_amount(f.billed, fen=True),
            paid=format_amount(f.paid, fen=True), due=format_amount(f.due, fen=True)))

    # ---- the run -------------------------------------------------------------------------------

    def preview(self, wait: bool = False) -> None:
        self.banner.clear()
        op = self.ctx.run_action(dues.preview_billing, self.year.value(), title=_("Preparing the billing run"),
                                 on_done=self._previewed,
                                 on_error=lambda e: self.banner.show_message(str(e), "error"))
        if wait:
            from secretariat_app.gui import operations

            operations.wait_for_ops()
        return op

    def _previewed(self, res) -> None:
        self.result = res
        self.preview_model.set_rows(res.bills)
        self.table.setModel(self.preview_model)
        self.table.setSortingEnabled(False)
        self.confirm_btn.setEnabled(res.count > 0)
        self.confirm_btn.setText(_("Bill {n} members").format(n=res.count))
        self.discard_btn.setVisible(True)
        text = _("Preview: {n} bills for {year}, {total} in all; {already} members billed before are left out.") \
            .format(n=res.count, year=res.year, total=fen_str(res.total), already=res.already_billed)
        if res.prepaid_applied:
            text += " " + _("Prepaid dues applied: {amount}").format(amount=fen_str(res.prepaid_applied))
        self.banner.show_message(text, "info")

    def discard(self) -> None:
        self.result = None
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.confirm_btn.setEnabled(False)
        self.confirm_btn.setText(_("Bill them"))
        self.discard_btn.setVisible(False)
        self.banner.clear()

    def confirm(self) -> None:
        if self.result is None:
            return
        self.confirm_btn.setEnabled(False)
        self.ctx.run_action(dues.bill_year, self.result.year, title=_("Billing the dues"), on_done=self._billed,
                            on_error=lambda e: self.banner.show_message(str(e), "error"))

    def _billed(self, outcome) -> None:
        res = outcome.value
        self.discard()
        self.banner.show_message(_("Billed {n} members for {year}, {total} in all").format(
            n=res.count, year=res.year, total=fen_str(res.total)), "info")
        self.reload()

    # ---- one bill ------------------------------------------------------------------------------

    def selected_bill(self) -> tuple | None:
        if self.table.model() is not self.model:
            return None
        idx = self.table.currentIndex()
        return self.model.row_values(idx.row()) if idx.isValid() else None

    def change_bill(self, reduction: str | None = None, reason: str | None = None, waive: bool = False) -> None:
        """Reduce or waive the selected bill; with ``reason`` given no dialog is shown."""
        row = self.selected_bill()
        if row is None:
            return
        if reason is None:
            from secretariat_app.gui.pages.dues.dialogs import BillDialog

            dlg = BillDialog(self, f"{row[0]} {row[1]} · {self.year.value()} · {fen_str(row[4])}",
                             fen_str(row[5]) if row[5] else "", row[9] or "")
            if not dlg.exec():
                return
            reduction, reason, waive = dlg.values()
        options = dict(title=_("Changing the bill"), show_progress=False, on_done=lambda _d: self.reload(),
                       on_error=lambda e: self.banner.show_message(str(e), "error"))
        if waive:
            self.ctx.run_action(dues.waive_bill, row[0], self.year.value(), reason, **options)
        else:
            self.ctx.run_action(dues.reduce_bill, row[0], self.year.value(), reduction or "0", reason, **options)
