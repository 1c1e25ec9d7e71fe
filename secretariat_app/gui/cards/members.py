"""Dashboard cards of the roll: members (with the year's joins and exits), by level, by kind."""

from __future__ import annotations

from secretariat_app.actions import members
from secretariat_app.core.changes import Changes
from secretariat_app.core.members.models import KIND_LABELS
from secretariat_app.gui.widgets.cards import KeyFigureCard, Panel
from secretariat_app.gui.widgets.charts import BarChart, PieChart
from secretariat_app.i18n import _, format_number

AREAS = ("members",)


class _Refreshing:
    """Mixin: reload the figures when the members change."""

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.touches(*AREAS):
            self.load()


class MembersFigure(_Refreshing, KeyFigureCard):
    def __init__(self, ctx) -> None:
        super().__init__(_("Members in the roll"), "—", "", accent="blue", page="members")
        self.ctx = ctx
        self.load()

    def load(self) -> None:
        t = self.ctx.call(members.dashboard)
        self.set_value(format_number(t["active"]),
                       _("{joined} joined, {left} left in {year}").format(
                           joined=t["joined_this_year"], left=t["left_this_year"], year=t["on"].year))


class LevelsPanel(_Refreshing, Panel):
    def __init__(self, ctx) -> None:
        self.chart = BarChart(value_format=format_number, horizontal=True)
        super().__init__(_("Members by level"), self.chart)
        self.ctx = ctx
        self.chart.setMinimumHeight(220)
        self.load()

    def load(self) -> None:
        t = self.ctx.call(members.dashboard)
        self.chart.set_data([(name, n) for _kind, name, n in t["by_level"] if n], _("Members"))


class KindsPanel(_Refreshing, Panel):
    def __init__(self, ctx) -> None:
        self.chart = PieChart(value_format=format_number)
        super().__init__(_("Members by kind"), self.chart)
        self.ctx = ctx
        self.chart.setMinimumHeight(220)
        self.load()

    def load(self) -> None:
        t = self.ctx.call(members.dashboard)
        self.chart.set_data([(_(KIND_LABELS[k]), n) for k, n in t["by_kind"].items()],
                            format_number(t["active"]), _("members"))


def cards(ctx) -> list:
    if ctx.book is None:
        return []
    return [MembersFigure(ctx), LevelsPanel(ctx), KindsPanel(ctx)]
