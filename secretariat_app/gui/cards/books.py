"""Dashboard cards of the books: bank balance, vouchers not posted, open periods, and this year's
income and expenses by month (DOMAIN.md §3; the same figures as the book switcher's summary,
``core.summary.book_summary``)."""

from __future__ import annotations

from datetime import date

from secretariat_app.core.changes import Changes
from secretariat_app.core.money import from_fen
from secretariat_app.gui.widgets.cards import KeyFigureCard, Panel
from secretariat_app.gui.widgets.charts import BarChart
from secretariat_app.i18n import _, format_amount, format_money

AREAS = ("ledger", "dues")


class _Refreshing:
    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.touches(*AREAS):
            self.load()


def ledger_figures(ctx):
    """Bank and cash balances, vouchers waiting by state, open months (``actions.ledger.overview``)."""
    from secretariat_app.actions import ledger

    return ctx.call(ledger.overview)


class BankFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Bank balance"), "—", "", accent="blue", page="books")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        f = ledger_figures(self.ctx)
        self.set_value(format_money(f.bank, fen=True),
                       _("cash on hand {cash}").format(cash=format_amount(f.cash, fen=True)))


class UnpostedFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Vouchers not posted"), "—", "", accent="orange", page="books")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        f = ledger_figures(self.ctx)
        self.set_value(str(f.prepared + f.reviewed),
                       _("{prepared} to review, {reviewed} to post").format(prepared=f.prepared, reviewed=f.reviewed))


class OpenPeriodsFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Open periods"), "—", "", accent="purple", page="books")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        months = ledger_figures(self.ctx).open_months
        self.set_value(str(len(months)), _("from {first}").format(first=months[0]) if months else
                       _("every month is closed"))


class IncomeExpensePanel(_Refreshing, Panel):
    def __init__(self, ctx) -> None:
        self.chart = BarChart(value_format=lambda v: format_amount(v))
        super().__init__(_("Income and expenses {year}").format(year=date.today().year), self.chart)
        self.ctx = ctx
        self.chart.setMinimumHeight(230)
        self.load()

    def load(self) -> None:
        year = date.today().year
        from secretariat_app.actions import ledger

        income, expense = self.ctx.call(ledger.income_expense_by_month, year)
        last = max([i + 1 for i in range(12) if income[i] or expense[i]] + [date.today().month])
        months = [_("M{month}").format(month=m) for m in range(1, last + 1)]
        self.chart.set_series(months, [(_("Income"), [from_fen(v) for v in income[:last]]),
                                       (_("Expenses"), [from_fen(v) for v in expense[:last]])])


def cards(ctx) -> list:
    if ctx.book is None:
        return []
    return [BankFigure(ctx), UnpostedFigure(ctx), OpenPeriodsFigure(ctx), IncomeExpensePanel(ctx)]
