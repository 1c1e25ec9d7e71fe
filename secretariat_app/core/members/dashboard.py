"""Figures of the roll for the dashboard and the annual report (DOMAIN.md §1, §5): members by
level and by kind, and the year's joins and exits the grade evaluation asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import CORPORATE, INDIVIDUAL, Member
from secretariat_app.core.members.queries import active_filter


@dataclass
class LevelCount:
    kind: str
    level_id: int
    level: str
    count: int


def by_level(session: Session, on_date: date | None = None) -> list[LevelCount]:
    """Members at each level on ``on_date`` (default today), levels in their order, zeros kept."""
    on_date = on_date or date.today()
    counts = dict(session.execute(select(Member.level_id, func.count()).where(active_filter(on_date))
                                  .group_by(Member.level_id)).all())
    return [LevelCount(lv.kind, lv.id, lv.name, counts.get(lv.id, 0))
            for lv in levels(session, include_inactive=True) if lv.active or counts.get(lv.id)]


def by_kind(session: Session, on_date: date | None = None) -> dict[str, int]:
    on_date = on_date or date.today()
    counts = dict(session.execute(select(Member.kind, func.count()).where(active_filter(on_date))
                                  .group_by(Member.kind)).all())
    return {CORPORATE: counts.get(CORPORATE, 0), INDIVIDUAL: counts.get(INDIVIDUAL, 0)}


def joins_exits(session: Session, year: int) -> tuple[int, int]:
    """(members admitted in ``year``, members who left in ``year``)."""
    lo, hi = date(year, 1, 1), date(year + 1, 1, 1)
    joined = session.scalar(select(func.count()).select_from(Member).where(Member.joined >= lo, Member.joined < hi))
    left = session.scalar(select(func.count()).select_from(Member).where(Member.left_on >= lo, Member.left_on < hi))
    return joined or 0, left or 0


def totals(session: Session, on_date: date | None = None) -> dict:
    """Everything the dashboard card shows, as plain data (safe to pass between threads)."""
    on_date = on_date or date.today()
    joined, left = joins_exits(session, on_date.year)
    kinds = by_kind(session, on_date)
    return {"on": on_date, "active": sum(kinds.values()), "by_kind": kinds,
            "by_level": [(c.kind, c.level, c.count) for c in by_level(session, on_date)],
            "joined_this_year": joined, "left_this_year": left}
