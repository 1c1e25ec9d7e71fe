"""Receipts register (收据登记簿): every receipt by number, newest first (``dues_payments.receipts_page``). Reprint one (the
copy says 补打 and the register counts it), void a spoiled one and issue a new number for the same
payment (the old number stays, marked 作废), or cancel the payment behind it."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from secretariat_app.actions import dues, dues_payments
from secretariat_app.core.dues.models import receipt_label
from secretariat_app.core.dues.settings import RECEIPT_FORMAT_LABELS, RECEIPT_FORMATS
from secretariat_app.gui.widgets.common import Banner, SearchBox, record_table
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import _


class ReceiptsModel(LazyTableModel):
    def display(self, row: int, column: int, value) -> str:
        if column == 0:
            return receipt_label(self.rows[row][8], value)
        if column == 6:
            return _("Void") if value else ""
        if column == 7:
            return _("{n} reprints").format(n=value) if value else ""
        return super().display(row, column, value)

    def foreground(self, row: int, column: int, value):
        from PySide6.QtGui import QColor

        if self.rows[row][6]:
            return QColor("#c62828") if column == 6 else QColor("#9a9a9a")
        return super().foreground(row, column, value)


class ReceiptsTab(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        self.search = SearchBox(_("Search number or name"))
        self.search.search_changed.connect(lambda t: self.model.set_search(t))
        row.addWidget(self.search)
        row.addStretch(1)
        row.addWidget(QLabel(_("Paper")))
        self.format = QComboBox()
        for f in RECEIPT_FORMATS:
            self.format.addItem(_(RECEIPT_FORMAT_LABELS[f]), f)
        row.addWidget(self.format)
        self.reprint_btn = QPushButton(_("Reprint…"))
        self.reprint_btn.setProperty("primary", True)
        self.reprint_btn.clicked.connect(lambda: self.reprint())
        self.reissue_btn = QPushButton(_("Void and reissue"))
        self.reissue_btn.clicked.connect(lambda: self.reissue())
        self.cancel_btn = QPushButton(_("Cancel the payment…"))
        self.cancel_btn.clicked.connect(lambda: self.cancel_payment())
        for b in (self.reprint_btn, self.reissue_btn, self.cancel_btn):
            row.addWidget(b)
        lay.addLayout(row)
        self.banner = Banner("info")
        lay.addWidget(self.banner)
        self.model = ReceiptsModel(ctx, [
            Column(_("Receipt")), Column(_("Date"), "date"), Column(_("Member number")), Column(_("Member name")),
            Column(_("Amount"), "money"), Column(_("Issued by")), Column(_("Status")), Column(_("Reprints"))],
            key_index=9, fetch=dues_payments.receipts_page)
        self.model.load_failed.connect(self.ctx.show_error)
        self.table = record_table(self.model, (110, 90, 80, 260, 100, 80, 60))
        lay.addWidget(self.table, 1)

    def reload(self) -> None:
        if self.ctx.book is None:
            return
        i = self.format.findData(self.ctx.call(dues.receipt_format))
        if i >= 0:
            self.format.setCurrentIndex(i)
        self.model.reload()

    def selected(self) -> tuple | None:
        idx = self.table.currentIndex()
        return self.model.row_values(idx.row()) if idx.isValid() else None

    def reprint(self, path: str | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        label = receipt_label(row[8], row[0])
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Reprint receipt {label}").format(label=label),
                                                   f"{label}.pdf", _("PDF files (*.pdf)"))
            if not path:
                return
        self.ctx.run_action(dues_payments.reprint_receipt, path, receipt_id=row[9], paper=self.format.currentData(),
                            title=_("Printing the receipt"),
                            on_done=lambda _d: self.banner.show_message(
                                _("Receipt {label} printed to {file} (reprint).").format(label=label, file=path),
                                "info"),
                            on_error=lambda e: self.banner.show_message(str(e), "error"))

    def reissue(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.ctx.run_action(dues_payments.reissue_receipt, row[9], title=_("Issuing a new receipt"),
                            show_progress=False,
                            on_done=lambda out: self.banner.show_message(
                                _("The old receipt is void; the payment's new receipt is {label}.").format(
                                    label=out.value), "info"),
                            on_error=lambda e: self.banner.show_message(str(e), "error"))

    def cancel_payment(self, reason: str | None = None) -> None:
        row = self.selected()
        if row is None:
            return
        if reason is None:
            from secretariat_app.gui.pages.dues.dialogs import CancelDialog

            dlg = CancelDialog(self, receipt_label(row[8], row[0]))
            if not dlg.exec():
                return
            reason = dlg.reason.text()
        self.ctx.run_action(dues_payments.cancel_payment, row[10], None, reason, title=_("Cancelling the payment"),
                            show_progress=False,
                            on_done=lambda _d: self.banner.show_message(_("The payment is cancelled."), "info"),
                            on_error=lambda e: self.banner.show_message(str(e), "error"))
