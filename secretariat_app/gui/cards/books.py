"""Dashboard cards of the books: bank balance, vouchers not posted, open periods, and this year's
income and expenses by month (DOMAIN.md §3; the same figures as the book switcher's summary,
``core.summary.book_summary``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

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


def ledger_figures(session) -> dict:
    """Bank and cash balances, vouchers waiting by state, open months (plain values)."""
    from secretariat_app.core.ledger.balances import current_balance_of
    from secretariat_app.core.ledger.models import PREPARED, REVIEWED, Voucher
    from secretariat_app.core.ledger.periods import closed_months, first_year

    states = dict(session.execute(select(Voucher.state, func.count()).where(Voucher.state.in_((PREPARED, REVIEWED)))
                                  .group_by(Voucher.state)).all())
    last = session.scalar(select(func.max(Voucher.date)))
    today = date.today()
    open_months: list[str] = []
    start = first_year(session)
    if start is not None:
        closed = closed_months(session)
        end = max((today.year, today.month), (last.year, last.month) if last else (0, 0))
        y, m = start, 1
        while (y, m) <= end:
            if (y, m) not in closed:
                open_months.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return {"bank": current_balance_of(session, "1002"), "cash": current_balance_of(session, "1001"),
            "prepared": int(states.get(PREPARED, 0)), "reviewed": int(states.get(REVIEWED, 0)),
            "open_months": open_months}


def income_expense_by_month(session, year: int) -> tuple[list[int], list[int]]:
    """This year's income and expenses per month in fen (closing vouchers left out)."""
    from secretariat_app.core.ledger.balances import NOT_CLOSING
    from secretariat_app.core.ledger.models import Account, Total

    income, expense = [0] * 12, [0] * 12
    q = (select(Total.month, Account.category, func.sum(Total.debit), func.sum(Total.credit))
         .join(Account, Account.id == Total.account_id)
         .where(Total.year == year, Total.bucket.in_(NOT_CLOSING), Account.category.in_(("income", "expense")))
         .group_by(Total.month, Account.category))
    for month, category, d, c in session.execute(q):
        if category == "income":
            income[month - 1] += int(c or 0) - int(d or 0)
        else:
            expense[month - 1] += int(d or 0) - int(c or 0)
    return income, expense


class BankFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Bank balance"), "—", "", accent="blue", page="books")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        f = self.ctx.read(ledger_figures)
        self.set_value(format_money(f["bank"], fen=True),
                       _("cash on hand {cash}").format(cash=format_amount(f["cash"], fen=True)))


class UnpostedFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Vouchers not posted"), "—", "", accent="orange", page="books")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        f = self.ctx.read(ledger_figures)
        self.set_value(str(f["prepared"] + f["reviewed"]),
                       _("{prepared} to review, {reviewed} to post").format(prepared=f["prepared"],
                                                                          reviewed=f["reviewed"]))


class OpenPeriodsFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Open periods"), "—", "", accent="purple", page="books")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        months = self.ctx.read(ledger_figures)["open_months"]
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
        income, expense = self.ctx.read(income_expense_by_month, year)
        last = max([i + 1 for i in range(12) if income[i] or expense[i]] + [date.today().month])
        months = [_("M{month}").format(month=m) for m in range(1, last + 1)]
        self.chart.set_series(months, [(_("Income"), [from_fen(v) for v in income[:last]]),
                                       (_("Expenses"), [from_fen(v) for v in expense[:last]])])


def cards(ctx) -> list:
    if ctx.book is None:
        return []
    return [BankFigure(ctx), UnpostedFigure(ctx), OpenPeriodsFigure(ctx), IncomeExpensePanel(ctx)]
