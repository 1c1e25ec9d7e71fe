"""Payments tab (收款): keyboard-fast entry above, the payments list (lazy SQL) below.

Entry: type a member's name, number or pinyin initials — a ``QCompleter`` lists the matches
(``actions.dues_payments.member_choices``) with what each owes; Enter takes the member and moves to the
amount, which defaults to what the member owes; Enter moves on through date, method and
reference, and Enter on the last records the payment (posting its voucher, issuing its receipt)
and comes back to the member for the next one. Cancelling a payment posts its reversing voucher.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import dues_payments
from secretariat_app.core.dues.models import METHOD_LABELS, METHODS, receipt_label
from secretariat_app.core.money import fen_str
from secretariat_app.gui.widgets.cards import Panel
from secretariat_app.gui.widgets.common import Banner, SearchBox, record_table
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import _, format_amount

NO_ROLE = Qt.ItemDataRole.UserRole


def temp_receipt_path() -> str:
    """Where a receipt printed right after recording goes before it is opened."""
    return str(Path(tempfile.gettempdir()) / f"secretariat-receipt-{date.today().isoformat()}.pdf")


class PaymentsModel(LazyTableModel):
    def display(self, row: int, column: int, value) -> str:
        if column == 6 and value is not None:
            return receipt_label(self.rows[row][0].year, value)
        return super().display(row, column, value)

    def foreground(self, row: int, column: int, value):
        from PySide6.QtGui import QColor

        if self.rows[row][7]:
            return QColor("#9a9a9a")
        return super().foreground(row, column, value)


class _EnterMovesOn(QObject):
    """Enter in a date or combo field moves to the next field (or records, on the last)."""

    def __init__(self, tab: "PaymentsTab") -> None:
        super().__init__(tab)
        self.tab = tab

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.tab.enter_in(obj)
            return True
        return False


class PaymentsTab(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.member_no: str | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(self._entry())
        row = QHBoxLayout()
        self.search = SearchBox(_("Search number or name"))
        self.search.search_changed.connect(lambda t: self.model.set_search(t))
        row.addWidget(self.search)
        row.addStretch(1)
        self.cancel_btn = QPushButton(_("Cancel payment…"))
        self.cancel_btn.clicked.connect(lambda: self.cancel_selected())
        row.addWidget(self.cancel_btn)
        lay.addLayout(row)
        self.model = PaymentsModel(ctx, [
            Column(_("Date"), "date"), Column(_("Member number")), Column(_("Member name")),
            Column(_("Amount"), "money"), Column(_("Method"), format=lambda m: _(METHOD_LABELS.get(m, m))),
            Column(_("Reference")), Column(_("Receipt")),
            Column(_("Status"), format=lambda c: _("Cancelled") if c else ""), Column(_("Issued by"))],
            key_index=9, fetch=dues_payments.payments_page)
        self.model.load_failed.connect(self.ctx.show_error)
        self.table = record_table(self.model, (90, 80, 260, 100, 90, 130, 110, 70))
        lay.addWidget(self.table, 1)

    # ---- the entry row -------------------------------------------------------------------------

    def _entry(self) -> QWidget:
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.member = QLineEdit()
        self.member.setPlaceholderText(_("Member: name, number or pinyin initials"))
        self.member.setMinimumWidth(260)
        self.choices = QStandardItemModel(self)
        self.completer = QCompleter(self.choices, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.member.setCompleter(self.completer)
        self.member.textEdited.connect(self._typed)
        self.completer.activated[str].connect(self._picked_text)
        self.member.returnPressed.connect(self._member_entered)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(_("Amount"))
        self.amount.setMaximumWidth(130)
        self.amount.returnPressed.connect(lambda: self.day.setFocus())
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.method = QComboBox()
        for m in METHODS:
            self.method.addItem(_(METHOD_LABELS[m]), m)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Reference (bank slip, transaction no.)"))
        self.reference.returnPressed.connect(lambda: self.record())
        self._enter = _EnterMovesOn(self)
        self.day.installEventFilter(self._enter)
        self.method.installEventFilter(self._enter)
        self.record_btn = QPushButton(_("Record (Enter)"))
        self.record_btn.setProperty("primary", True)
        self.record_btn.clicked.connect(lambda: self.record())
        for w, stretch in ((self.member, 3), (self.amount, 1), (self.day, 0), (self.method, 0), (self.reference, 2),
                           (self.record_btn, 0)):
            row.addWidget(w, stretch)
        v.addLayout(row)
        info = QHBoxLayout()
        self.info = QLabel()
        self.info.setProperty("role", "muted")
        info.addWidget(self.info, 1)
        self.open_receipt = QCheckBox(_("Open the receipt after recording"))
        info.addWidget(self.open_receipt)
        v.addLayout(info)
        self.banner = Banner("info")
        v.addWidget(self.banner)
        return Panel(_("Record a payment"), box)

    def _typed(self, text: str) -> None:
        self.member_no = None
        self.choices.clear()
        if self.ctx.book is None or len(text.strip()) < 1:
            return
        for no, name, due in self.ctx.call(dues_payments.member_choices, text):
            label = (_("{no}  {name} · owes {due}").format(no=no, name=name, due=format_amount(due, fen=True))
                     if due else f"{no}  {name}")
            item = QStandardItem(label)
            item.setData(no, NO_ROLE)
            self.choices.appendRow(item)
        if self.choices.rowCount():
            self.completer.complete()

    def _picked_text(self, text: str) -> None:
        no = text.split()[0] if text.strip() else ""
        self.take_member(no)

    def _member_entered(self) -> None:
        text = self.member.text().strip()
        if not text:
            return
        if self.member_no is not None:
            self.amount.setFocus()
            return
        first = text.split()[0]
        if not self.take_member(first):
            if self.choices.rowCount() == 1:
                self.take_member(self.choices.item(0).data(NO_ROLE))
            else:
                self.banner.show_message(_("Pick the member from the list (type more of the name or number)"), "error")

    def take_member(self, no: str) -> bool:
        """Use member ``no``: show who it is and default the amount to what they owe."""
        found = self.ctx.call(dues_payments.open_due_of, no) if no else None
        if found is None:
            return False
        name, due = found
        self.member_no = no.strip().upper()
        self.member.setText(f"{self.member_no}  {name}")
        self.info.setText(_("{name} owes {due}").format(name=name, due=format_amount(due, fen=True)) if due
                          else _("{name} owes nothing now: a payment becomes prepaid dues").format(name=name))
        self.amount.setText(fen_str(due) if due else "")
        self.banner.clear()
        self.amount.setFocus()
        self.amount.selectAll()
        return True

    def enter_in(self, widget) -> None:
        if widget is self.day:
            self.method.setFocus()
        elif widget is self.method:
            self.reference.setFocus()

    def values(self) -> dict:
        d = self.day.date()
        return {"member": self.member_no or self.member.text().strip().split(" ")[0], "amount": self.amount.text(),
                "date": date(d.year(), d.month(), d.day()), "method": self.method.currentData(),
                "reference": self.reference.text().strip()}

    def record(self) -> None:
        self.banner.clear()
        path = temp_receipt_path() if self.open_receipt.isChecked() else None
        v = self.values()
        self.record_btn.setEnabled(False)
        self.ctx.run_action(dues_payments.pay, v["member"], v["amount"], v["date"], v["method"],
                            reference=v["reference"] or None, receipt_path=path, title=_("Recording the payment"),
                            show_progress=False, on_done=lambda out: self._recorded(out, path),
                            on_error=lambda e: self.banner.show_message(str(e), "error"),
                            on_finally=lambda: self.record_btn.setEnabled(True))

    def _recorded(self, outcome, path: str | None) -> None:
        res = outcome.value
        text = _("Recorded {amount} from {no}: receipt {receipt}, voucher posted.").format(
            amount=fen_str(res.amount), no=res.member_no, receipt=res.receipt_no)
        if res.prepaid:
            text += " " + _("{amount} is prepaid dues for a later year.").format(amount=fen_str(res.prepaid))
        self.banner.show_message(text, "info")
        self.member_no = None
        for w in (self.member, self.amount, self.reference):
            w.clear()
        self.info.clear()
        self.member.setFocus()
        if path and not self.ctx.screenshot_mode:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    # ---- the list --------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.ctx.book is not None:
            self.model.reload()

    def selected_payment(self) -> tuple | None:
        idx = self.table.currentIndex()
        return self.model.row_values(idx.row()) if idx.isValid() else None

    def cancel_selected(self, reason: str | None = None) -> None:
        """Cancel the selected payment; with ``reason`` given no dialog is shown."""
        row = self.selected_payment()
        if row is None:
            return
        if row[7]:
            self.banner.show_message(_("This payment is cancelled already."), "error")
            return
        if reason is None:
            from secretariat_app.gui.pages.dues.dialogs import CancelDialog

            dlg = CancelDialog(self, f"{row[1]} {row[2]} {fen_str(row[3])}")
            if not dlg.exec():
                return
            reason = dlg.reason.text()
        self.ctx.run_action(dues_payments.cancel_payment, row[9], None, reason, title=_("Cancelling the payment"),
                            show_progress=False,
                            on_done=lambda _d: self.banner.show_message(_("The payment is cancelled."), "info"),
                            on_error=lambda e: self.banner.show_message(str(e), "error"))

