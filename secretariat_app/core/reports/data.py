"""The data of each report, assembled live from the book (DOMAIN.md §5, issue 7).

Nothing here computes a figure another capability owns: members, statements, meetings and dues
come from ``sources`` (their own services); texts and yearly facts from this capability.
:func:`missing_data` says what a document lacks before it is printed; the PDFs and the CLI
refuse with that list (exit 1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import BookSettings, get_settings
from secretariat_app.core.reports import facts, sources
from secretariat_app.core.reports.attachments import document_label
from secretariat_app.core.reports.models import (
    ACTIVITY_KINDS,
    ANNUAL,
    CSR,
    MINUTES,
    PARTY,
    ROLL,
    STATEMENTS,
    Activity,
    Standard,
)
from secretariat_app.core.reports.narrative import _check_year, report_texts
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _


@dataclass
class ActivityRow:
    on_date: date
    title: str
    kind: str
    kind_label: str
    participants: int
    note: str


@dataclass
class StandardRow:
    title: str
    code: str
    level: str
    role: str
    status: str
    note: str


@dataclass
class ActivitySummary:
    kind: str
    kind_label: str
    count: int
    participants: int


def _activity_rows(rows: list[Activity]) -> list[ActivityRow]:
    return [ActivityRow(a.on_date, a.title, a.kind, _(ACTIVITY_KINDS.get(a.kind, a.kind)), a.participants, a.note)
            for a in rows]


def _standard_rows(rows: list[Standard]) -> list[StandardRow]:
    from secretariat_app.core.reports.models import STANDARD_LEVELS, STANDARD_ROLES, STANDARD_STATUSES

    return [StandardRow(s.title, s.code, _(STANDARD_LEVELS.get(s.level, s.level)), _(STANDARD_ROLES.get(s.role, s.role)),
                        _(STANDARD_STATUSES.get(s.status, s.status)), s.note) for s in rows]


def summarize_activities(rows: list[ActivityRow]) -> list[ActivitySummary]:
    count: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for a in rows:
        count[a.kind] += 1
        people[a.kind] += a.participants
    return [ActivitySummary(k, _(label), count[k], people[k]) for k, label in ACTIVITY_KINDS.items() if count[k]]


@dataclass
class AnnualReportData:
    """年度工作报告 (DOMAIN.md §5): every section's data."""

    year: int
    settings: BookSettings
    officers: list[sources.Officer]
    meetings: list[sources.MeetingRow]
    meetings_by_kind: list[tuple[str, int]]
    charter_changes: list[sources.CharterChange]
    members: sources.MemberFigures
    staff: facts.Staff
    activities: list[ActivityRow]
    activity_summary: list[ActivitySummary]
    standards: list[StandardRow]
    dues: sources.DuesFigures | None
    statements: object  # the ledger's Statements
    texts: dict[str, str] = field(default_factory=dict)


def _meetings_by_kind(rows: list[sources.MeetingRow]) -> list[tuple[str, int]]:
    c = Counter(m.kind_label for m in rows)
    seen: list[str] = []
    for m in rows:
        if m.kind_label not in seen:
            seen.append(m.kind_label)
    return [(k, c[k]) for k in seen]


def annual_report_data(session: Session, year: int, src: sources.YearSources | None = None) -> AnnualReportData:
    src = sources.for_year(session, year, src)
    require(session, year, ANNUAL, src)
    meetings = src.meetings()
    acts = _activity_rows(facts.activities(session, year))
    return AnnualReportData(
        year=year,
        settings=get_settings(session),
        officers=sources.officers(session, sources.year_end(year)),
        meetings=meetings,
        meetings_by_kind=_meetings_by_kind(meetings),
        charter_changes=src.charter_changes(),
        members=src.members(),
        staff=facts.get_staff(session, year),
        activities=acts,
        activity_summary=summarize_activities(acts),
        standards=_standard_rows(facts.standards(session, year)),
        dues=src.dues(),
        statements=src.statements(),
        texts=report_texts(session, year, ANNUAL),
    )


@dataclass
class CsrReportData:
    """社会责任报告: narrative sections with the figures the book holds."""

    year: int
    settings: BookSettings
    members: sources.MemberFigures
    meetings_held: int
    donations: sources.Donations
    activity_summary: list[ActivitySummary]
    trainings: list[ActivityRow]
    public_welfare: list[ActivityRow]
    mediations: list[ActivityRow]
    standards: list[StandardRow]
    survey: object | None
    texts: dict[str, str] = field(default_factory=dict)

    def count(self, kind: str) -> tuple[int, int]:
        for s in self.activity_summary:
            if s.kind == kind:
                return s.count, s.participants
        return 0, 0


def csr_report_data(session: Session, year: int, src: sources.YearSources | None = None) -> CsrReportData:
    src = sources.for_year(session, year, src)
    require(session, year, CSR, src)
    acts = _activity_rows(facts.activities(session, year))
    return CsrReportData(
        year=year,
        settings=get_settings(session),
        members=src.members(),
        meetings_held=len(src.meetings()),
        donations=src.donations(),
        activity_summary=summarize_activities(acts),
        trainings=[a for a in acts if a.kind == "training"],
        public_welfare=[a for a in acts if a.kind == "public_welfare"],
        mediations=[a for a in acts if a.kind == "mediation"],
        standards=_standard_rows(facts.standards(session, year)),
        survey=facts.get_survey(session, year),
        texts=report_texts(session, year, CSR),
    )


@dataclass
class PartyBuildingData:
    """党建工作报告: the party organization, its activities, and the book's figures."""

    year: int
    settings: BookSettings
    staff: facts.Staff
    party_org_label: str
    members: sources.MemberFigures
    meetings_held: int
    activities: list[ActivityRow]
    texts: dict[str, str] = field(default_factory=dict)


def party_building_data(session: Session, year: int, src: sources.YearSources | None = None) -> PartyBuildingData:
    from secretariat_app.core.reports.models import PARTY_ORGS

    src = sources.for_year(session, year, src)
    require(session, year, PARTY, src)
    staff = facts.get_staff(session, year)
    return PartyBuildingData(
        year=year,
        settings=get_settings(session),
        staff=staff,
        party_org_label=_(PARTY_ORGS.get(staff.party_org, staff.party_org)),
        members=src.members(),
        meetings_held=len(src.meetings()),
        activities=_activity_rows(facts.activities(session, year, "party_building")),
        texts=report_texts(session, year, PARTY),
    )


# ---- what is missing ---------------------------------------------------------------------------

SETTINGS_NEEDED = ("name", "credit_code", "legal_representative")
NEEDS_STATEMENTS = (ANNUAL, STATEMENTS)


def missing_data(session: Session, year: int, document: str, src: sources.YearSources | None = None) -> list[str]:
    """What ``document`` of ``year`` lacks, translated; empty when it can be printed."""
    from secretariat_app.core.book_settings import label

    year = _check_year(year)
    src = sources.for_year(session, year, src)
    out: list[str] = []
    s = get_settings(session)
    blank = [label(k) for k in SETTINGS_NEEDED if not getattr(s, k)]
    if blank:
        out.append(_("book settings: {fields} not filled in").format(fields=", ".join(blank)))
    if document in NEEDS_STATEMENTS:
        problem = src.statements_problem()
        if problem:
            out.append(problem)
    if document == MINUTES and not src.meetings():
        out.append(_("no meetings recorded in {year}").format(year=year))
    if document == ROLL and not src.members().total:
        out.append(_("no members at the end of {year}").format(year=year))
    return out


def require(session: Session, year: int, document: str, src: sources.YearSources | None = None) -> None:
    """Refuse (DomainError listing what is missing) unless ``document`` of ``year`` can be printed."""
    missing = missing_data(session, year, document, src)
    if missing:
        raise DomainError(_("The {document} of {year} cannot be made:").format(
            document=document_label(document), year=year), problems=[Problem(m) for m in missing])

