"""Arrears (欠缴会费): who owes what, for the page, ``dues arrears --json``, reminders and exports.

For ``year`` a member's line covers the bill of ``year`` and every earlier bill still open:
``billed`` (after reductions), ``paid`` on those bills, ``due = billed − paid``, ``years_overdue``
(how many of those years still have something due) and the oldest such year. Only members with
something due are listed (CLI.md). Everything is one grouped SQL query, so a book of 10,000
members answers at once. ``level`` filters on the member's current level; ``min_years_overdue``
keeps members owing for at least that many years.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from secretariat_app.core.dues.models import OPEN, Bill
from secretariat_app.core.members.models import Level, Member
from secretariat_app.core.money import fen_str


@dataclass
class ArrearsRow:
    member_id: int
    no: str
    name: str
    kind: str
    level: str
    billed: int
    paid: int
    due: int
    years_overdue: int
    oldest_year: int
    contact: str
    mobile: str
    address: str
    status: str

    def to_json(self) -> dict:
        """The CLI.md shape (money as strings with two decimals)."""
        return {"no": self.no, "name": self.name, "billed": fen_str(self.billed), "paid": fen_str(self.paid),
                "due": fen_str(self.due)}


def _due_expr():
    return Bill.amount - Bill.reduction - Bill.paid


def arrears_query(year: int, *, level=None, min_years_overdue: int | None = None, search: str | None = None):
    due = _due_expr()
    net = Bill.amount - Bill.reduction
    open_due = case((Bill.status == OPEN, due), else_=0)
    years = func.sum(case((Bill.status == OPEN, 1), else_=0))
    total_due = func.sum(open_due)
    # Column order = the page's table (its first ten columns are shown; the member id is last).
    q = (select(Member.no, Member.name, Level.name, func.sum(net), func.sum(Bill.paid), total_due, years,
                func.min(case((Bill.status == OPEN, Bill.year), else_=None)), Member.contact_name, Member.mobile,
                Member.address, Member.status, Member.kind, Member.id)
         .join(Member, Member.id == Bill.member_id).join(Level, Level.id == Member.level_id)
         .where(Bill.year <= year, or_(Bill.year == year, Bill.status == OPEN))
         .group_by(Member.id, Member.no, Member.name, Member.kind, Level.name, Member.contact_name, Member.mobile,
                   Member.address, Member.status, Member.seq)
         .having(total_due > 0))
    if level is not None:
        q = q.where(Member.level_id == _level_id(level))
    if min_years_overdue:
        q = q.having(years >= int(min_years_overdue))
    if search:
        pattern = "%" + search.strip().replace("%", "").replace("_", "") + "%"
        q = q.where(or_(Member.no.ilike(pattern), Member.name.ilike(pattern)))
    return q.order_by(Member.seq, Member.id)


def _level_id(level) -> int:
    return level.id if isinstance(level, Level) else int(level)


def arrears(session: Session, year: int, *, level=None, min_years_overdue: int | None = None,
            search: str | None = None) -> list[ArrearsRow]:
    """Members with dues outstanding for ``year`` and before (``level``: a Level or its id)."""
    q = arrears_query(int(year), level=level, min_years_overdue=min_years_overdue, search=search)
    return [ArrearsRow(mid, no, name, kind, lv, int(billed or 0), int(paid or 0), int(due or 0), int(years or 0),
                       int(oldest or year), contact or "", mobile or "", address or "", status)
            for no, name, lv, billed, paid, due, years, oldest, contact, mobile, address, status, kind, mid
            in session.execute(q)]


def arrears_json(session: Session, year: int, **filters) -> dict:
    """``dues arrears --json`` (CLI.md): members with due > 0 and the total due."""
    rows = arrears(session, year, **filters)
    return {"year": int(year), "members": [r.to_json() for r in rows], "total_due": fen_str(sum(r.due for r in rows))}


def arrears_total(session: Session, year: int) -> int:
    """Everything due on bills of ``year`` and before (fen) — the book switcher's summary."""
    total = session.scalar(select(func.sum(_due_expr())).where(Bill.year <= int(year), Bill.status == OPEN))
    return int(total or 0)


def member_balance(session: Session, member_id: int) -> dict:
    """One member's open bills ``[(bill id, year, due)]``, total due and prepaid balance (fen)."""
    from secretariat_app.core.dues.models import Prepaid

    bills = [(i, y, int(d)) for i, y, d in session.execute(
        select(Bill.id, Bill.year, _due_expr()).where(Bill.member_id == member_id, Bill.status == OPEN)
        .order_by(Bill.year))]
    pre = session.get(Prepaid, member_id)
    return {"bills": bills, "due": sum(d for _i, _y, d in bills), "prepaid": int(pre.amount) if pre else 0}
