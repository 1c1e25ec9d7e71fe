"""Dashboard cards of dues: collected this year (of what was billed), arrears, billed vs collected
by level (chart) and the collection rate by level (``actions.dues.dashboard``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from secretariat_app.actions import dues
from secretariat_app.core.changes import Changes
from secretariat_app.core.money import from_fen
from secretariat_app.gui.widgets.cards import KeyFigureCard, Panel
from secretariat_app.gui.widgets.charts import BarChart
from secretariat_app.i18n import _, format_amount, format_money, format_percent

AREAS = ("dues", "members")


class _Refreshing:
    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.touches(*AREAS):
            self.load()


def _figures(ctx):
    return ctx.call(dues.dashboard, date.today().year)


class CollectedFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Dues collected {year}").format(year=date.today().year), "—", "", accent="green",
                         page="dues")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        d = _figures(self.ctx)
        rate = format_percent(d.rate) if d.rate is not None else "—"
        self.set_value(format_money(d.collected, fen=True),
                       _("of {billed} billed · {rate}").format(billed=format_amount(d.billed, fen=True), rate=rate))


class ArrearsFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Dues in arrears"), "—", "", accent="orange", page="dues")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        d = _figures(self.ctx)
        self.set_value(format_money(d.arrears_total, fen=True),
                       _("{n} members owing, this year and before").format(n=d.members_owing))


class BilledCollectedPanel(_Refreshing, Panel):
    def __init__(self, ctx) -> None:
        self.chart = BarChart(value_format=lambda v: format_amount(Decimal(v)))
        super().__init__(_("Dues billed and collected by level"), self.chart)
        self.ctx = ctx
        self.chart.setMinimumHeight(230)
        self.load()

    def load(self) -> None:
        d = _figures(self.ctx)
        self.chart.set_series([lv.level for lv in d.by_level],
                              [(_("Billed"), [from_fen(lv.billed) for lv in d.by_level]),
                               (_("Collected"), [from_fen(lv.collected) for lv in d.by_level])])


class RatePanel(_Refreshing, Panel):
    def __init__(self, ctx) -> None:
        self.chart = BarChart(value_format=lambda v: format_percent(Decimal(v) / 100), horizontal=True)
        super().__init__(_("Collection rate by level"), self.chart)
        self.ctx = ctx
        self.chart.setMinimumHeight(230)
        self.load()

    def load(self) -> None:
        d = _figures(self.ctx)
        self.chart.set_data([(lv.level, (lv.rate * 100).quantize(Decimal("0.1"))) for lv in d.by_level
                             if lv.rate is not None], _("Collection rate"))


def cards(ctx) -> list:
    if ctx.book is None:
        return []
    return [CollectedFigure(ctx), ArrearsFigure(ctx), BilledCollectedPanel(ctx), RatePanel(ctx)]
