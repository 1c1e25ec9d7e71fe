"""Where every figure of the reports comes from: the other capabilities' own services.

Reports never compute a figure the book's other services already give (issue 7: "every figure in
a report equals the same figure from its own service"). This module is the one place that calls
them and turns their answers into the plain rows the reports print:

- members (``core.members``): totals by kind and level, joins and exits, officers;
- books (``core.ledger``): the three statements, donations received and given;
- meetings (``core.meetings``): meetings held in the year, charter amendments;
- dues (``core.dues``): billed, paid and outstanding dues of the year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.errors import DomainError
from secretariat_app.i18n import _


def year_end(year: int) -> date:
    return date(year, 12, 31)


# ---- members ---------------------------------------------------------------------------------

@dataclass
class LevelCount:
    kind: str
    kind_label: str
    level: str
    count: int


@dataclass
class MemberFigures:
    """Members at the year's end and their movement in the year (DOMAIN.md §1)."""

    year: int
    at_start: int
    total: int
    by_kind: dict[str, int]
    by_level: list[LevelCount]
    joined: int
    left: int
    left_by_reason: dict[str, int] = field(default_factory=dict)


def member_figures(session: Session, year: int) -> MemberFigures:
    from secretariat_app.core.members import dashboard
    from secretariat_app.core.members.models import KIND_LABELS

    end = year_end(year)
    kinds = dashboard.by_kind(session, end)
    levels = [LevelCount(r.kind, _(KIND_LABELS.get(r.kind, r.kind)), r.level, r.count)
              for r in dashboard.by_level(session, end)]
    moves = dashboard.joins_exits(session, year)
    start = dashboard.member_count(session, date(year - 1, 12, 31))
    return MemberFigures(year, start, sum(kinds.values()), kinds, levels, moves.joined, moves.left,
                         dict(getattr(moves, "left_by_reason", {}) or {}))


@dataclass
class Officer:
    post: str
    body: str
    member_no: str
    name: str
    person: str


def officers(session: Session, on_date: date) -> list[Officer]:
    from secretariat_app.core.members.queries import posts_on

    return [Officer(p.post, p.body, p.member.no, p.member.name, p.person) for p in posts_on(session, on_date)]


def roll_pdf(session: Session, on_date: date) -> bytes:
    """The masked member roll (members capability's PDF), without page footer: the package numbers it."""
    from secretariat_app.pdf import roll

    return roll.roll_pdf(session, on_date=on_date, masked=True, footer=False)


# ---- meetings --------------------------------------------------------------------------------

@dataclass
class MeetingRow:
    id: int
    kind: str
    kind_label: str
    title: str
    date: date
    expected: int
    present: int
    quorum_met: bool


def meetings_of_year(session: Session, year: int) -> list[MeetingRow]:
    from secretariat_app.core.meetings import service as meetings
    from secretariat_app.core.meetings.models import KIND_LABELS

    rows = []
    for m in meetings.list_meetings(session, year=year):
        rows.append(MeetingRow(m["id"], m["kind"], _(KIND_LABELS.get(m["kind"], m["kind"])), m["title"],
                               date.fromisoformat(m["date"]) if isinstance(m["date"], str) else m["date"],
                               m["expected"], m["present"], m["quorum_met"]))
    return rows


@dataclass
class CharterChange:
    date: date
    meeting: str
    title: str
    adopted: bool


def charter_changes(session: Session, year: int) -> list[CharterChange]:
    from secretariat_app.core.meetings import service as meetings

    return [CharterChange(r.date, r.meeting_title, r.title, r.adopted)
            for r in meetings.resolutions(session, year=year, subject="charter")]


def minutes_pdfs(session: Session, year: int) -> list[tuple[str, bytes]]:
    """(title, PDF bytes) of the minutes of every meeting held in ``year``, in date order."""
    from secretariat_app.pdf import minutes

    return [(f"{m.date.isoformat()} {m.title}", minutes.minutes_pdf(session, m.id, footer=False))
            for m in meetings_of_year(session, year)]


# ---- books -----------------------------------------------------------------------------------

def statements(session: Session, year: int):
    """The ledger's ``Statements`` for the year (DomainError when they cannot be made)."""
    from secretariat_app.core.ledger import statements as ledger_statements

    return ledger_statements(session, year)


def has_vouchers(session: Session, year: int) -> bool:
    from secretariat_app.core.ledger import voucher_page

    total, _rows = voucher_page(session, year=year, limit=1)
    return total > 0


def activity_total(stmts, item_prefix: str) -> int:
    """The 本年累计数 合计 of the statement of activities line whose name starts with ``item_prefix``."""
    for line in stmts.activities:
        if line.item.lstrip("一二三四五六七八九十、（）() ").startswith(item_prefix) or line.item == item_prefix:
            return line.total
    return 0


@dataclass
class Donations:
    received: int  # fen, statement of activities 捐赠收入 合计
    given: int     # fen, expense accounts named 捐赠/公益 in the trial balance


def donations(session: Session, year: int) -> Donations:
    from secretariat_app.core.ledger import trial_balance

    received = activity_total(statements(session, year), "捐赠收入")
    tb = trial_balance(session, year)
    given = sum(r.debit - r.credit for r in tb.accounts
                if r.code[:1] == "5" and any(w in r.name for w in ("捐赠", "公益", "慈善")))
    return Donations(received, given)


def statements_pdf(session: Session, year: int) -> bytes:
    """The three statements as the ledger capability prints them, without page footer."""
    from secretariat_app.pdf import statements as statements_pdf_module

    return statements_pdf_module.statements_pdf(session, year, footer=False)


def statements_flowables(session: Session, year: int) -> list:
    """The three statements as flowables, for the annual work report."""
    from secretariat_app.pdf import statements as statements_pdf_module

    return statements_pdf_module.statements_story(session, year)


# ---- dues ------------------------------------------------------------------------------------

@dataclass
class DuesFigures:
    billed: int
    paid: int
    due: int
    members_in_arrears: int


def dues_figures(session: Session, year: int) -> DuesFigures | None:
    try:
        from secretariat_app.core.dues import service as dues
    except ModuleNotFoundError:
        return None
    s = dues.year_summary(session, year)
    return DuesFigures(s.billed, s.paid, s.due, s.members_in_arrears)


def check_statements(session: Session, year: int) -> str | None:
    """Why the year's statements cannot be printed (translated), or None when they can."""
    try:
        if not has_vouchers(session, year):
            return _("there are no vouchers in {year}, so no financial statements").format(year=year)
        statements(session, year)
    except DomainError as exc:
        return _("the financial statements of {year} cannot be made: {reason}").format(year=year, reason=exc.message)
    return None
