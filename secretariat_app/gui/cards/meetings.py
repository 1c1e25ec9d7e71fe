"""Dashboard cards of meetings: the next meeting, and the meetings held this year by kind (issue 6)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QWidget

from secretariat_app.actions import meetings
from secretariat_app.core.changes import Changes
from secretariat_app.core.meetings.models import KINDS
from secretariat_app.core.meetings.queries import kind_label
from secretariat_app.gui.widgets.cards import KeyFigureCard, Panel
from secretariat_app.gui.widgets.charts import BarChart
from secretariat_app.i18n import _, format_date, format_number


class NextMeetingCard(KeyFigureCard):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(_("Next meeting"), "—", "", accent="purple", page="meetings", parent=parent)
        self.ctx = ctx
        self.refresh()

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches("meetings"):
            return
        d = self.ctx.call(meetings.dashboard)
        nxt = d["next"]
        if nxt is None:
            self.set_value(_("None planned"), _("{n} meetings held this year").format(n=format_number(d["held"])))
            return
        days = (nxt["date"] - date.today()).days
        when = _("today") if days == 0 else _("in {n} days").format(n=days)
        self.set_value(format_date(nxt["date"]), f"{when} · {nxt['title']}")


class HeldByKindPanel(Panel):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        self.chart = BarChart(value_format=lambda v: format_number(v))
        self.chart.setMinimumHeight(220)
        self.chart.empty_text = _("No meetings held this year yet.")
        super().__init__(_("Meetings held this year"), self.chart, parent=parent)
        self.ctx = ctx
        self.refresh()

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches("meetings"):
            return
        d = self.ctx.call(meetings.dashboard)
        self.set_title(_("Meetings held in {year}: {n}").format(year=d["year"], n=format_number(d["held"])))
        items = [(kind_label(k), d["by_kind"][k]) for k in KINDS if d["by_kind"][k] or k != "other"]
        self.chart.set_data(items if d["held"] else [], _("Meetings"))


def cards(ctx) -> list[QWidget]:
    return [NextMeetingCard(ctx), HeldByKindPanel(ctx)]
