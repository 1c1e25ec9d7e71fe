"""Where every figure of the reports comes from: the other capabilities' own services.

Reports never compute a figure the book's other services already give (issue 7: "every figure in
a report equals the same figure from its own service"). This module is the one place that calls
them and turns their answers into the plain rows the reports print (plain data only: the
documents are laid out by ``pdf/reports``):

- members (``core.members``): totals by kind and level, joins and exits, officers;
- books (``core.ledger``): the three statements, donations received and given;
- meetings (``core.meetings``): meetings held in the year, charter amendments;
- dues (``core.dues``): billed, paid and outstanding dues of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.errors import DomainError
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
    """Members at the year's end and their movement in the year (DOMAIN.md §1), as the roll's
    dashboard (``core.members.dashboard``) gives them."""

    year: int
    at_start: int
    total: int
    by_kind: dict[str, int]
    by_level: list[LevelCount]
    joined: int
    left: int


def member_figures(session: Session, year: int) -> MemberFigures:
    from secretariat_app.core.members import dashboard
    from secretariat_app.core.members.models import KIND_LABELS

    end = year_end(year)
    kinds = dashboard.by_kind(session, end)
    levels = [LevelCount(r.kind, _(KIND_LABELS.get(r.kind, r.kind)), r.level, r.count)
              for r in dashboard.by_level(session, end)]
    joined, left = dashboard.joins_exits(session, year)
    start = sum(dashboard.by_kind(session, date(year - 1, 12, 31)).values())
    return MemberFigures(year, start, sum(kinds.values()), kinds, levels, joined, left)


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
    """Meetings held in ``year`` (up to today), as the meetings capability lists them."""
    from secretariat_app.core.meetings.queries import held_meetings, kind_label

    return [MeetingRow(m["id"], m["kind"], kind_label(m["kind"], m["representatives"]), m["title"], m["date"],
                       m["expected"], m["present"], m["quorum_met"])
            for m in held_meetings(session, year)]


@dataclass
class CharterChange:
    date: date
    meeting: str
    title: str


def charter_changes(session: Session, year: int) -> list[CharterChange]:
    """Charter amendments adopted in ``year`` (meetings capability)."""
    from secretariat_app.core.meetings.queries import charter_changes as adopted

    return [CharterChange(r["date"], r["meeting_title"], r["title"]) for r in adopted(session, year)]


def minutes_records(session: Session, meetings: list[MeetingRow]) -> list[tuple[str, dict]]:
    """(title, minutes data) of each meeting, as the meetings capability gives them
    (``core.meetings.minutes.minutes_data``: the approved version's frozen record)."""
    from secretariat_app.core.meetings.minutes import minutes_data

    return [(f"{m.date.isoformat()} {m.title}", minutes_data(session, m.id)) for m in meetings]


# ---- books -----------------------------------------------------------------------------------

def statements(session: Session, year: int):
    """The ledger's ``Statements`` for the year (DomainError when they cannot be made)."""
    from secretariat_app.core.ledger import statements as ledger_statements

    return ledger_statements(session, year)


def has_vouchers(session: Session, year: int) -> bool:
    from secretariat_app.core.ledger import voucher_page

    total, _rows = voucher_page(session, year=year, limit=1)
    return total > 0


def activity_total(stmts, item: str) -> int:
    """The 本年累计数 合计 of the statement of activities line named ``item`` (prefixes such as
    ``其中：`` ignored), fen."""
    for line in stmts.activities:
        if line.row and line.item.split("：")[-1].lstrip("一二三四五六七八九十、") == item:
            return line.values.get("ytd_T", 0)
    return 0


@dataclass
class Donations:
    received: int  # fen, statement of activities 捐赠收入 合计
    given: int     # fen, debits of expense accounts named 捐赠/公益/慈善 in the trial balance


def donations(session: Session, year: int, stmts=None) -> Donations:
    from secretariat_app.core.ledger import trial_balance

    received = activity_total(stmts if stmts is not None else statements(session, year), "捐赠收入")
    tb = trial_balance(session, year)
    # Debits only: the year-end closing credits every expense account back to zero.
    given = sum(r.debit for r in tb.accounts
                if r.code[:1] == "5" and any(w in r.name for w in ("捐赠", "公益", "慈善")))
    return Donations(received, given)



# ---- dues ------------------------------------------------------------------------------------

@dataclass
class DuesFigures:
    """The year's dues as the dues capability's dashboard gives them (fen)."""

    billed: int              # the year's bills after reductions
    paid: int                # collected on them
    due: int                 # outstanding on bills of the year and before
    members_in_arrears: int


def dues_figures(session: Session, year: int) -> DuesFigures | None:
    """None when the year has no dues billed (the annual report then leaves the dues out)."""
    from secretariat_app.core.dues.dashboard import dues_dashboard

    d = dues_dashboard(session, year)
    if not d.billed and not d.collected and not d.arrears_total:
        return None
    return DuesFigures(d.billed, d.collected, d.arrears_total, d.members_owing)


def check_statements(session: Session, year: int) -> str | None:
    """Why the year's statements cannot be printed (translated), or None when they can."""
    try:
        if not has_vouchers(session, year):
            return _("there are no vouchers in {year}, so no financial statements").format(year=year)
        statements(session, year)
    except DomainError as exc:
        return _("the financial statements of {year} cannot be made: {reason}").format(year=year, reason=exc.message)
    return None


class YearSources:
    """The other capabilities' answers for one year, each asked once: a report (and even more a
    package of reports) needs the same meetings, members and statements several times."""

    def __init__(self, session: Session, year: int):
        self.session = session
        self.year = year
        self._cache: dict = {}

    def _get(self, key: str, fn):
        if key not in self._cache:
            self._cache[key] = fn(self.session, self.year)
        return self._cache[key]

    def meetings(self) -> list[MeetingRow]:
        return self._get("meetings", meetings_of_year)

    def members(self) -> MemberFigures:
        return self._get("members", member_figures)

    def statements_problem(self) -> str | None:
        return self._get("statements_problem", check_statements)

    def statements(self):
        return self._get("statements", statements)

    def donations(self) -> Donations:
        return self._get("donations", lambda s, y: donations(s, y, self.statements()))

    def dues(self) -> DuesFigures | None:
        return self._get("dues", dues_figures)

    def charter_changes(self) -> list[CharterChange]:
        return self._get("charter", charter_changes)


def for_year(session: Session, year: int, src: YearSources | None = None) -> YearSources:
    """``src`` when it is for this session and year, else a fresh cache."""
    if src is not None and src.session is session and src.year == year:
        return src
    return YearSources(session, year)
