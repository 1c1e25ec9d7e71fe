"""Grade self-evaluation (等级评估自评, DOMAIN.md §5): the book answers what it can, staff the rest.

:func:`grade_evaluation` fills the ``data`` indicators of ``indicators.INDICATORS`` from the
book — book settings, staff record, meetings held (with quorum), the year's statements,
information disclosed, member exits, the satisfaction survey — each with a sentence saying why it
scored what it did; ``staff`` indicators carry the score and note the secretariat entered
(:func:`set_score`). The total maps to a grade 1A–5A on the common 1000-point scale
(``indicators.GRADES``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_settings
from secretariat_app.core.changes import Changes
from secretariat_app.core.reports import facts, sources
from secretariat_app.core.reports.indicators import BY_KEY, GROUPS, INDICATORS, grade_for
from secretariat_app.core.reports.models import GradeScore
from secretariat_app.core.reports.narrative import _check_year
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _, format_percent


@dataclass
class ScoredIndicator:
    key: str
    group: str
    title: str
    points: int
    source: str          # data | staff
    score: int | None    # None: a staff indicator not scored yet
    note: str


@dataclass
class GroupScore:
    key: str
    title: str
    points: int
    score: int
    indicators: list[ScoredIndicator] = field(default_factory=list)


@dataclass
class GradeEvaluation:
    year: int
    groups: list[GroupScore]
    total: int
    grade: str
    unscored: int  # staff indicators without a score

    @property
    def indicators(self) -> list[ScoredIndicator]:
        return [i for g in self.groups for i in g.indicators]


def _share(part: int, whole: int) -> Decimal:
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


def _scale(points: int, fraction: Decimal) -> int:
    return int((Decimal(points) * fraction).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ---- data indicators: (score, note) ---------------------------------------------------------

def _legal_status(src, year, points):
    s = get_settings(src.session)
    fields = [(s.credit_code, _("credit code")), (s.registration_number, _("registration number")),
              (s.registration_date, _("registration date")), (s.legal_representative, _("legal representative"))]
    missing = [label for value, label in fields if not value]
    score = points - 5 * len(missing)
    if not missing:
        return score, _("Book settings hold the credit code, registration number and date, legal representative.")
    return max(score, 0), _("Missing in the book settings: {fields}.").format(fields=", ".join(missing))


def _staffing(src, year, points):
    st = facts.get_staff(src.session, year)
    if not st.entered:
        return 0, _("No staff record entered for {year}.").format(year=year)
    part1 = 15 if st.full_time >= 3 else (8 if st.full_time >= 1 else 0)
    insured = min(st.social_insured, st.full_time)
    part2 = _scale(10, _share(insured, st.full_time)) if st.full_time else 0
    return min(part1 + part2, points), _(
        "{full} full-time staff, {insured} of them with social insurance.").format(full=st.full_time, insured=insured)


def _meetings(src, kinds) -> tuple[int, int]:
    rows = [m for m in src.meetings() if m.kind in kinds]
    return sum(1 for m in rows if m.quorum_met), len(rows)


def _general_assembly(src, year, points):
    valid, held = _meetings(src, ("general_assembly",))
    note = _("{valid} general assembly meeting(s) with quorum ({held} held).").format(valid=valid, held=held)
    return (points if valid else 0), note


def _council(src, year, points):
    valid, held = _meetings(src, ("council", "standing_council"))
    score = points if valid >= 2 else (points // 2 if valid == 1 else 0)
    return score, _("{valid} council or standing council meeting(s) with quorum ({held} held).").format(
        valid=valid, held=held)


def _supervisors(src, year, points):
    valid, held = _meetings(src, ("supervisors",))
    return (points if held else 0), _("{held} board of supervisors meeting(s) held.").format(held=held)


def _finance(src, year, points):
    problem = src.statements_problem()
    if problem:
        return 0, _("{reason}.").format(reason=problem[:1].upper() + problem[1:])
    return points, _("The balance sheet, statement of activities and cash-flow statement of {year} "
                     "are made from the books.").format(year=year)


def _disclosure(src, year, points):
    n = len(facts.disclosures(src.session, year))
    return min(n * 10, points), _("{n} disclosure(s) recorded in {year}.").format(n=n, year=year)


def _member_development(src, year, points):
    m = src.members()
    if not m.at_start:
        return points, _("{joined} joined, {left} left; no members at the start of the year.").format(
            joined=m.joined, left=m.left)
    rate = _share(m.left, m.at_start)
    if rate <= Decimal("0.05"):
        score = points
    elif rate <= Decimal("0.10"):
        score = points * 2 // 3
    elif rate <= Decimal("0.20"):
        score = points // 3
    else:
        score = 0
    return score, _("{start} members at the start of the year, {joined} joined, {left} left "
                    "({rate} of the members at the start).").format(
        start=m.at_start, joined=m.joined, left=m.left, rate=format_percent(rate))


def _satisfaction(src, year, points):
    s = facts.get_survey(src.session, year)
    if s is None or not s.respondents:
        return 0, _("No member satisfaction survey entered for {year}.").format(year=year)
    rate = _share(s.satisfied, s.respondents)
    return _scale(points, rate), _("{satisfied} of {respondents} members who answered are satisfied ({rate}).").format(
        satisfied=s.satisfied, respondents=s.respondents, rate=format_percent(rate))


DATA_RULES = {
    "legal_status": _legal_status,
    "staffing": _staffing,
    "general_assembly": _general_assembly,
    "council": _council,
    "supervisors": _supervisors,
    "finance": _finance,
    "disclosure": _disclosure,
    "member_development": _member_development,
    "satisfaction": _satisfaction,
}


# ---- staff scores ------------------------------------------------------------------------------

def staff_scores(session: Session, year: int) -> dict[str, GradeScore]:
    return {r.indicator: r for r in session.scalars(select(GradeScore).where(GradeScore.year == year))}


def set_score(session: Session, year: int, indicator: str, score, note: str = "") -> Changes:
    """Record the secretariat's score (0 … the indicator's points) and note for a staff indicator."""
    return set_scores(session, year, {indicator: (score, note)})


def set_scores(session: Session, year: int, values: dict[str, tuple]) -> Changes:
    """Several staff scores at once: ``{indicator: (score or None to clear, note)}``."""
    year = _check_year(year)
    clean: dict[str, tuple[int | None, str]] = {}
    for key, (score, note) in values.items():
        ind = BY_KEY.get(key)
        if ind is None or ind.source != "staff":
            raise DomainError(_("{indicator} is not scored by staff.").format(indicator=key))
        title = _(ind.title)
        if score is None or str(score).strip() == "":
            clean[key] = (None, "")
            continue
        try:
            value = int(str(score).strip())
        except ValueError:
            raise DomainError(_("a whole number"), field=title) from None
        if not 0 <= value <= ind.points:
            raise DomainError(_("a score between 0 and {points}").format(points=ind.points), field=title)
        note = (note or "").strip()
        if len(note) > 2000:
            raise DomainError(_("at most {n} characters").format(n=2000), field=title)
        clean[key] = (value, note)
    with transaction(session):
        rows = staff_scores(session, year)
        for key, (given, note) in clean.items():
            row = rows.get(key)
            if given is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(GradeScore(year=year, indicator=key, score=given, note=note))
            else:
                row.score, row.note = given, note
    return Changes({"reports"})


# ---- the evaluation ------------------------------------------------------------------------------

def grade_evaluation(session: Session, year: int, src: sources.YearSources | None = None) -> GradeEvaluation:
    """Every indicator scored (data) or as entered (staff), group totals, total and grade."""
    src = sources.for_year(session, year, src)
    scores = staff_scores(session, year)
    groups = []
    unscored = 0
    for gkey, gtitle in GROUPS:
        items = []
        for ind in (i for i in INDICATORS if i.group == gkey):
            if ind.source == "data":
                score, note = DATA_RULES[ind.key](src, year, ind.points)
                score = max(0, min(score, ind.points))
            else:
                row = scores.get(ind.key)
                score, note = (row.score, row.note) if row else (None, "")
                unscored += row is None
            items.append(ScoredIndicator(ind.key, gkey, _(ind.title), ind.points, ind.source, score, note))
        groups.append(GroupScore(gkey, _(gtitle), sum(i.points for i in items), sum(i.score or 0 for i in items),
                                 items))
    total = sum(g.score for g in groups)
    return GradeEvaluation(year, groups, total, grade_for(total), unscored)
