"""会费 (dues page): fee schedule, billing run, payments, receipts register, arrears (issue 5).

Five tabs, each its own module: ``schedule_tab`` (the year's fee per level and the resolution
that adopted it), ``billing_tab`` (preview, then confirm; waivers and reductions), ``payments_tab``
(keyboard-fast entry — the member picked by typing a name, number or pinyin initials — and the
payments list), ``receipts_tab`` (reprint 补打, void and reissue, cancel) and ``arrears_tab``
(filters by level and years overdue, reminder letters PDF, xlsx export). Big lists are lazy
models (``gui.widgets.lazy_table``) paged by query actions; every read goes through ``ctx.call``
and every write or document through ``ctx.run_action`` (``actions.dues``, ``dues_payments``,
``dues_arrears``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from secretariat_app.core.changes import Changes
from secretariat_app.gui.pages.base import Page
from secretariat_app.gui.widgets.common import PageHeader, page_layout
from secretariat_app.i18n import N_, _


class DuesPage(Page):
    key = "dues"
    title = N_("Membership dues")
    icon = "dues.svg"
    areas = {"dues", "members", "ledger", "meetings", "settings"}

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        from secretariat_app.gui.pages.dues.arrears_tab import ArrearsTab
        from secretariat_app.gui.pages.dues.billing_tab import BillingTab
        from secretariat_app.gui.pages.dues.payments_tab import PaymentsTab
        from secretariat_app.gui.pages.dues.receipts_tab import ReceiptsTab
        from secretariat_app.gui.pages.dues.schedule_tab import ScheduleTab

        super().__init__(ctx, parent)
        lay = page_layout(self)
        self.header = PageHeader(_("Membership dues"), _("Fee schedule, billing, payments, receipts and arrears"))
        lay.addWidget(self.header)
        self.tabs = QTabWidget()
        self.payments = PaymentsTab(ctx)
        self.billing = BillingTab(ctx)
        self.arrears = ArrearsTab(ctx)
        self.receipts = ReceiptsTab(ctx)
        self.schedule = ScheduleTab(ctx)
        for widget, label in ((self.payments, _("Payments")), (self.billing, _("Billing")),
                              (self.arrears, _("Arrears")), (self.receipts, _("Receipts register")),
                              (self.schedule, _("Fee schedule"))):
            self.tabs.addTab(widget, label)
        lay.addWidget(self.tabs, 1)
        self._stale: set[QWidget] = set()
        self.tabs.currentChanged.connect(lambda _i: self._show_current())
        self.refresh(None)

    def _all(self) -> list:
        return [self.payments, self.billing, self.arrears, self.receipts, self.schedule]

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload the tab in view now, the others when they are next shown."""
        if changes is not None and not changes.touches(*self.areas):
            return
        if self.ctx.book is None:
            return
        self._stale = set(self._all())
        self._show_current()

    def _show_current(self) -> None:
        w = self.tabs.currentWidget()
        if w in self._stale:
            self._stale.discard(w)
            w.reload()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._show_current()

    def screenshot_states(self) -> list[tuple[str, object, object]]:
        def tab(i):
            return lambda: self.tabs.setCurrentIndex(i)

        names = ("payments", "billing", "arrears", "receipts", "schedule")
        states = [(name, tab(i), tab(0)) for i, name in enumerate(names)]
        states.append(("billing-preview", lambda: (self.tabs.setCurrentIndex(1), self.billing.preview(wait=True)),
                       lambda: (self.billing.discard(), self.tabs.setCurrentIndex(0))))
        return states
