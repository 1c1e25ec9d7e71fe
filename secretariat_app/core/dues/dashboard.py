"""Dues figures for the dashboard: billed vs collected this year, arrears, collection rate by level.

``billed`` is the year's bills after reductions; ``collected`` what has been paid on them (live
payments; prepaid money counts once it is applied to the year's bill); the collection rate is
collected / billed (``None`` when nothing is billed). ``by_month`` is the money received in each
month of the year (every payment, whatever year it pays for).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session

from secretariat_app.core.dues.arrears import arrears_total
from secretariat_app.core.dues.models import OPEN, Bill, Payment
from secretariat_app.core.members.models import Level


@dataclass
class LevelFigures:
    level: str
    members: int
    billed: int
    collected: int

    @property
    def rate(self) -> Decimal | None:
        return (Decimal(self.collected) / Decimal(self.billed)) if self.billed else None


@dataclass
class DuesDashboard:
    year: int
    billed: int
    collected: int
    arrears_total: int
    members_owing: int
    by_level: list[LevelFigures] = field(default_factory=list)
    by_month: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def rate(self) -> Decimal | None:
        return (Decimal(self.collected) / Decimal(self.billed)) if self.billed else None


def dues_dashboard(session: Session, year: int | None = None) -> DuesDashboard:
    year = year or date.today().year
    q = (select(Level.name, Level.kind, Level.position, func.count(Bill.id), func.sum(Bill.amount - Bill.reduction),
                func.sum(Bill.paid))
         .join(Level, Level.id == Bill.level_id).where(Bill.year == year)
         .group_by(Level.name, Level.kind, Level.position).order_by(Level.kind, Level.position))
    levels = [LevelFigures(name, int(n), int(b or 0), int(c or 0)) for name, _k, _p, n, b, c in session.execute(q)]
    owing = session.scalar(select(func.count(func.distinct(Bill.member_id))).where(Bill.year <= year,
                                                                                   Bill.status == OPEN)) or 0
    months = [0] * 12
    mq = (select(extract("month", Payment.date), func.sum(Payment.amount))
          .where(Payment.cancelled.is_(False), Payment.date >= date(year, 1, 1), Payment.date <= date(year, 12, 31))
          .group_by(extract("month", Payment.date)))
    for m, total in session.execute(mq):
        months[int(m) - 1] = int(total or 0)
    return DuesDashboard(year=year, billed=sum(lv.billed for lv in levels),
                         collected=sum(lv.collected for lv in levels), arrears_total=arrears_total(session, year),
                         members_owing=int(owing), by_level=levels, by_month=months)
