"""账务 (books page): NPO double-entry bookkeeping — issue 4, DOMAIN.md §3.

Six tabs, one module each under ``gui/books/``: 凭证录入 (``voucher_entry``: the keyboard-only voucher
grid, review/post, 红字冲销 and adjusting vouchers, voucher PDF), 凭证列表 (``voucher_list``: lazy,
filtered), 科目余额表 (``trial_balance``: drill-down from any figure), 总账/明细账 (``ledgers``),
报表 (``statements_view``: the three statements, PDF/xlsx) and 期末 (``periods_view``: 结账, 反结账,
year-end closing, opening balances). Views reload when a change concerns the ledger — the tab in
view at once, the others when next shown. Keys: Alt+1…6 switch tabs; in the entry tab Ctrl+S saves
and opens the next voucher.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from secretariat_app.core.changes import Changes
from secretariat_app.gui.pages.base import Page
from secretariat_app.gui.widgets.common import PageHeader, page_layout
from secretariat_app.i18n import N_, _

ENTRY, LIST, TRIAL, LEDGERS, STATEMENTS, PERIODS = range(6)


class BooksPage(Page):
    key = "books"
    title = N_("Accounting")
    icon = "books.svg"
    areas = {"ledger", "dues", "settings"}

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        from secretariat_app.gui.books.ledgers import LedgerView, TrialBalanceView
        from secretariat_app.gui.books.periods_view import PeriodsView
        from secretariat_app.gui.books.statements_view import StatementsView
        from secretariat_app.gui.books.voucher_entry import VoucherEntry
        from secretariat_app.gui.books.voucher_list import VoucherListView

        super().__init__(ctx, parent)
        lay = page_layout(self)
        self.new_btn = QPushButton(_("New voucher"))
        self.new_btn.setProperty("primary", True)
        self.new_btn.setToolTip(_("A new voucher (Ctrl+N in the entry tab)"))
        self.new_btn.clicked.connect(lambda: self.new_voucher())
        self.header = PageHeader(_("Accounting"), _("Vouchers, ledgers, statements and closing"), [self.new_btn])
        lay.addWidget(self.header)
        self.tabs = QTabWidget()
        self.entry = VoucherEntry(ctx)
        self.list = VoucherListView(ctx)
        self.trial = TrialBalanceView(ctx)
        self.ledgers = LedgerView(ctx)
        self.statements = StatementsView(ctx)
        self.periods = PeriodsView(ctx)
        for w, label in ((self.entry, _("Voucher entry")), (self.list, _("Voucher list")),
                         (self.trial, _("Trial balance")), (self.ledgers, _("General and detail ledgers")),
                         (self.statements, _("Financial statements")), (self.periods, _("Periods and closing"))):
            self.tabs.addTab(w, label)
        lay.addWidget(self.tabs, 1)
        self.list.open_requested.connect(self.open_voucher)
        self.list.new_requested.connect(self.new_voucher)
        self.trial.open_voucher.connect(self.open_voucher)
        self.trial.detail_requested.connect(self.show_detail)
        self.ledgers.open_voucher.connect(self.open_voucher)
        for i in range(6):
            sc = QShortcut(QKeySequence(f"Alt+{i + 1}"), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda i=i: self.tabs.setCurrentIndex(i))
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _i: self._show_current())
        self._started = False
        self.refresh(None)

    def _views(self) -> list[QWidget]:
        return [self.entry, self.list, self.trial, self.ledgers, self.statements, self.periods]

    # ---- loading --------------------------------------------------------------------------------

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches(*self.areas):
            return
        if self.ctx.book is None:
            return
        if changes is None or not self._started:
            self.entry.load_context()
            self.entry.new_voucher()
            self._started = True
            self._stale = set(self._views()) - {self.entry}
        else:
            self._stale = set(self._views())
        self._subtitle()
        self._show_current()

    def _subtitle(self) -> None:
        from secretariat_app.actions import ledger

        o = self.ctx.call(ledger.overview)
        current, unposted = o.current_period, o.unposted
        parts = [_("Vouchers, ledgers, statements and closing")]
        if current:
            parts.append(_("current period {period}").format(period=current))
        if unposted:
            parts.append(_("{n} vouchers not posted").format(n=unposted))
        self.header.set_title(_("Accounting"), " · ".join(parts))

    def _show_current(self) -> None:
        w = self.tabs.currentWidget()
        if w in self._stale:
            self._stale.discard(w)
            if w is self.entry:
                self.entry.refresh_external()
            else:
                w.reload()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._show_current()

    # ---- navigation -----------------------------------------------------------------------------

    def open_voucher(self, voucher_id: int) -> None:
        self.tabs.setCurrentWidget(self.entry)
        self.entry.open_voucher(voucher_id)

    def new_voucher(self) -> None:
        self.tabs.setCurrentWidget(self.entry)
        self.entry.start_new()

    def show_detail(self, code: str, year: int, from_month: int, to_month: int) -> None:
        self.tabs.setCurrentWidget(self.ledgers)
        self.ledgers.mode.button(0).setChecked(True)
        self.ledgers.stack.setCurrentIndex(0)
        self.ledgers.show_account(code, year, from_month, to_month)

    # ---- screenshots ----------------------------------------------------------------------------

    def screenshot_states(self) -> list[tuple[str, object, object]]:
        from secretariat_app.gui.books.screens import screenshot_states

        return screenshot_states(self)
