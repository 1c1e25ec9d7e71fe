"""Dialogs of the periods view: reopen a month (with a note), year-end closing, opening balances.

- ``ReopenDialog``: 反结账 needs a reason, kept in the ledger's log (DOMAIN.md §3).
- ``YearEndDialog``: the closing vouchers ``closing_preview`` generates are shown line by line,
  then posted in one action (``post_year_end``) — income and expense end at zero.
- ``OpeningBalancesDialog``: 期初余额 of the book's first year, entered once for the balance-sheet
  accounts (income and expenses start at zero), shown balancing live (借方合计 = 贷方合计) and
  checked again by the core when saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger, ledger_periods
from secretariat_app.core.money import parse_amount
from secretariat_app.errors import DomainError, Problem
from secretariat_app.gui.books.common import CENTER, GREEN, RED, RIGHT, TOTAL_BG, amount_text, operator_name
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _


class ReopenDialog(QDialog):
    def __init__(self, period: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reopen {period}").format(period=period))
        self.resize(440, 220)
        lay = QVBoxLayout(self)
        text = QLabel(_("Reopening a closed month is recorded in the ledger's log with your name and this note. "
                        "Later closed months must be reopened first."))
        text.setWordWrap(True)
        lay.addWidget(text)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(_("Why is the month reopened? (required)"))
        lay.addWidget(self.note, 1)
        self.error = QLabel()
        self.error.setProperty("role", "error")
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Reopen the month"))
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _ok(self) -> None:
        if not self.note.toPlainText().strip():
            self.error.setText(_("Please give a reason."))
            return
        self.accept()

    def text(self) -> str:
        return self.note.toPlainText().strip()


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(24)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return t


def _item(text: str, align=None, editable: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align is not None:
        item.setTextAlignment(Qt.AlignmentFlag(align))
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if bold:
        f = item.font()
        f.setBold(True)
        item.setFont(f)
    return item


class YearEndDialog(QDialog):
    """期末结转 of ``year``: preview the generated vouchers, then post them."""

    def __init__(self, ctx, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        self.posted = False
        self.setWindowTitle(_("Year-end closing {year}").format(year=year))
        self.resize(820, 560)
        lay = QVBoxLayout(self)
        intro = QLabel(_("These closing vouchers bring every income and expense account of {year} to zero: income "
                         "to unrestricted or restricted net assets by its restriction, expenses to unrestricted net "
                         "assets. They are posted at once, dated {date}.").format(year=year, date=f"{year}-12-31"))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.table = _table([_("Voucher"), _("Summary"), _("Account"), _("Debit"), _("Credit")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 60), (1, 250), (3, 120), (4, 120)):
            self.table.setColumnWidth(col, w)
        lay.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.post_btn = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.post_btn.setText(_("Post the closing vouchers"))
        buttons.accepted.connect(self.post)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.drafts = self.ctx.call(ledger_periods.year_end_preview, year)
        self._fill()

    def _fill(self) -> None:
        names = {c.code: c.full_name for c in self.ctx.call(ledger.account_choices, False)}
        rows = []
        for i, d in enumerate(self.drafts, 1):
            for summary, code, debit, credit, _row in d.lines:
                rows.append((str(i), summary, f"{code} {names.get(code, '')}", debit, credit, False))
            rows.append(("", _("Total"), "", d.total, d.total, True))
        self.table.setRowCount(len(rows))
        for r, (n, summary, account, debit, credit, total) in enumerate(rows):
            cells = [_item(n, CENTER), _item(summary, bold=total), _item(account),
                     _item(amount_text(debit), RIGHT, bold=total), _item(amount_text(credit), RIGHT, bold=total)]
            for c, item in enumerate(cells):
                if total:
                    item.setBackground(QBrush(TOTAL_BG))
                self.table.setItem(r, c, item)
        if not self.drafts:
            self.banner.show_message(_("There is nothing to close: income and expense accounts are already zero."), "info")
            self.post_btn.setEnabled(False)

    def post(self) -> None:
        self.post_btn.setEnabled(False)

        def done(result) -> None:
            self.posted = True
            self.ctx.show_status(_("{n} closing vouchers posted.").format(n=len(result.value)))
            self.accept()

        self.ctx.run_action(ledger_periods.post_year_end, self.year, operator_name(self.ctx),
                            title=_("Posting the closing vouchers…"), on_done=done,
                            on_error=lambda exc: self.banner.show_message(str(exc)),
                            on_finally=lambda: self.post_btn.setEnabled(not self.posted))


class OpeningBalancesDialog(QDialog):
    """期初余额 of ``year`` (None: the book's first year) for the balance-sheet leaf accounts; must balance."""

    DEBIT, CREDIT = 3, 4

    def __init__(self, ctx, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = ctx.call(ledger_periods.opening_state, year)
        self.year = year = self.state.year
        self.saved = False
        self.setWindowTitle(_("Opening balances {year}").format(year=year))
        self.resize(760, 640)
        lay = QVBoxLayout(self)
        intro = QLabel(_("A book that starts mid-life enters the balances of 1 January {year} once, before any "
                         "voucher of an earlier year and before a month of {year} is closed. Income and expense "
                         "accounts start at zero. Debits must equal credits.").format(year=year))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.table = _table([_("Account code"), _("Account name"), _("Normal side"), _("Debit"), _("Credit")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 100), (2, 90), (3, 130), (4, 130)):
            self.table.setColumnWidth(col, w)
        lay.addWidget(self.table, 1)
        self.totals = QLabel()
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        lay.addWidget(self.totals)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_btn = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.locked = self._locked()
        self._fill()
        self.table.itemChanged.connect(lambda _i: self._update_totals())
        self._update_totals()
        if self.locked:
            self.banner.show_message(self.locked, "info")
            self.save_btn.setEnabled(False)

    def _locked(self) -> str:
        """Why the opening balances can no longer change (empty: they can)."""
        if self.state.locked:
            return _("A month of {year} is closed: the opening balances are shown, not changed.").format(year=self.year)
        return ""

    def _fill(self) -> None:
        choices = self.state.accounts
        entered = self.state.balances
        normal = {c.code: c.normal for c in choices}
        self.codes = [c.code for c in choices]
        self.table.blockSignals(True)
        self.table.setRowCount(len(choices))
        for r, c in enumerate(choices):
            amount = entered.get(c.code, 0)
            self.table.setItem(r, 0, _item(c.code))
            self.table.setItem(r, 1, _item(c.full_name))
            self.table.setItem(r, 2, _item(_("Dr") if normal.get(c.code) == "D" else _("Cr"), CENTER))
            self.table.setItem(r, self.DEBIT, _item(amount_text(max(amount, 0)), RIGHT, editable=not self.locked))
            self.table.setItem(r, self.CREDIT, _item(amount_text(max(-amount, 0)), RIGHT, editable=not self.locked))
        self.table.blockSignals(False)

    def balances(self) -> dict[str, int]:
        """The entered balances, debit-positive fen; DomainError naming each bad cell."""
        out: dict[str, int] = {}
        problems: list[Problem] = []
        for r, code in enumerate(self.codes):
            value = 0
            for col, sign in ((self.DEBIT, 1), (self.CREDIT, -1)):
                text = (self.table.item(r, col).text() if self.table.item(r, col) else "").strip()
                if not text:
                    continue
                try:
                    value += sign * parse_amount(text, allow_zero=True)
                except DomainError as exc:
                    problems.append(Problem(exc.message, field=code))
            if value:
                out[code] = value
        if problems:
            raise DomainError(_("Some amounts cannot be read:"), problems=problems)
        return out

    def _update_totals(self) -> None:
        try:
            b = self.balances()
        except DomainError as exc:
            self.totals.setText(str(exc))
            self.totals.setStyleSheet(f"color: {RED.name()};")
            return
        d = sum(v for v in b.values() if v > 0)
        c = -sum(v for v in b.values() if v < 0)
        ok = d == c
        self.totals.setText(_("Debits {debit} · credits {credit} · {verdict}").format(
            debit=amount_text(d, blank_zero=False), credit=amount_text(c, blank_zero=False),
            verdict=_("debits equal credits") if ok else _("difference {diff}").format(diff=amount_text(d - c, blank_zero=False))))
        self.totals.setStyleSheet(f"color: {(GREEN if ok else RED).name()}; font-weight: bold;")

    def save(self) -> None:
        try:
            balances = self.balances()
        except DomainError as exc:
            self.banner.show_message(str(exc))
            return

        def done(_c) -> None:
            self.saved = True
            self.ctx.show_status(_("The opening balances of {year} were saved.").format(year=self.year))
            self.accept()

        self.ctx.run_action(ledger_periods.save_opening, self.year, balances, operator_name(self.ctx),
                            title=_("Saving the opening balances…"), on_done=done,
                            on_error=lambda exc: self.banner.show_message(str(exc)))


__all__ = ["ReopenDialog", "YearEndDialog", "OpeningBalancesDialog"]
