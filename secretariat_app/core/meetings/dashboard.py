"""Dashboard figures of meetings: the next meeting and the meetings held this year by kind."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.meetings.queries import held_by_kind, next_meeting


def meetings_dashboard(session: Session, today: date | None = None) -> dict:
    """``{"next": row | None, "by_kind": {kind: n}, "held": n, "year": y}`` (rows as in ``list_meetings``)."""
    today = today or date.today()
    by_kind = held_by_kind(session, today.year, today)
    return dict(next=next_meeting(session, today), by_kind=by_kind, held=sum(by_kind.values()), year=today.year)


__all__ = ["meetings_dashboard", "next_meeting", "held_by_kind"]
