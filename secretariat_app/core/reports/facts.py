"""Yearly facts the secretariat enters for the reports (DOMAIN.md §5, issue 7).

Staff, activities, standards drafted, information disclosed and the member satisfaction survey:
what the book's other capabilities do not hold. Each service validates everything first, raises
one ``DomainError`` naming the field, then writes in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.reports.models import (
    ACTIVITY_KINDS,
    PARTY_ORGS,
    STANDARD_LEVELS,
    STANDARD_ROLES,
    STANDARD_STATUSES,
    Activity,
    Disclosure,
    StaffRecord,
    Standard,
    Survey,
)
from secretariat_app.core.reports.narrative import _check_year
from secretariat_app.core.validate import parse_date
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import N_, _

REPORTS = Changes({"reports"})


def _count(value, label: str, problems: list[Problem], *, upper: int = 1_000_000) -> int:
    try:
        n = int(str(value).strip() or 0)
    except (TypeError, ValueError):
        problems.append(Problem(_("a whole number"), field=label))
        return 0
    if not 0 <= n <= upper:
        problems.append(Problem(_("a number between 0 and {max}").format(max=upper), field=label))
    return n


def _text(value, label: str, problems: list[Problem], *, required: bool = False, limit: int = 200) -> str:
    text = (value or "").strip()
    if required and not text:
        problems.append(Problem(_("required"), field=label))
    if len(text) > limit:
        problems.append(Problem(_("at most {n} characters").format(n=limit), field=label))
    return text


def _choice(value, choices: dict, label: str, problems: list[Problem]) -> str:
    if value in choices:
        return value
    for key, text in choices.items():  # a label typed in either language
        if value in (text, _(text)):
            return key
    problems.append(Problem(_("one of: {choices}").format(choices=", ".join(_(t) for t in choices.values())),
                            field=label))
    return ""


def _date_in_year(value, year: int, label: str, problems: list[Problem]) -> date | None:
    try:
        d = parse_date(value, label) if not isinstance(value, date) else value
    except DomainError as exc:
        problems.append(Problem(exc.message, field=label))
        return None
    if d.year != year:
        problems.append(Problem(_("a date in {year}").format(year=year), field=label))
    return d


def _refuse(problems: list[Problem], message: str) -> None:
    if problems:
        raise DomainError(message, problems=problems)


# ---- staff -----------------------------------------------------------------------------------

@dataclass
class Staff:
    year: int
    staff_count: int = 0
    full_time: int = 0
    part_time: int = 0
    social_insured: int = 0
    degree_holders: int = 0
    party_members: int = 0
    party_org: str = "none"
    note: str = ""
    entered: bool = False


STAFF_FIELDS = ("staff_count", "full_time", "part_time", "social_insured", "degree_holders", "party_members")
STAFF_LABELS = {
    "staff_count": N_("Staff"),
    "full_time": N_("Full-time"),
    "part_time": N_("Part-time"),
    "social_insured": N_("With social insurance"),
    "degree_holders": N_("With a college degree"),
    "party_members": N_("Party members among staff"),
    "party_org": N_("Party organization"),
    "note": N_("Note"),
}


def staff_label(key: str) -> str:
    return _(STAFF_LABELS[key])


def get_staff(session: Session, year: int) -> Staff:
    row = session.get(StaffRecord, year)
    if row is None:
        return Staff(year)
    return Staff(year, **{f: getattr(row, f) for f in STAFF_FIELDS}, party_org=row.party_org, note=row.note, entered=True)


def set_staff(session: Session, year: int, **values) -> Changes:
    """Record the secretariat's staff for ``year`` (counts must add up: full + part = staff)."""
    year = _check_year(year)
    # Reads inside the transaction: a read before it would open one that nobody commits.
    with transaction(session):
        problems: list[Problem] = []
        current = get_staff(session, year)
        clean = {f: _count(values.get(f, getattr(current, f)), staff_label(f), problems, upper=100_000)
                 for f in STAFF_FIELDS}
        org = _choice(values.get("party_org", current.party_org), PARTY_ORGS, staff_label("party_org"), problems)
        note = _text(values.get("note", current.note), staff_label("note"), problems, limit=2000)
        if not problems:
            if clean["full_time"] + clean["part_time"] != clean["staff_count"]:
                problems.append(Problem(_("full-time and part-time staff must add up to the staff count"),
                                        field=staff_label("staff_count")))
            for f in ("social_insured", "degree_holders", "party_members"):
                if clean[f] > clean["staff_count"]:
                    problems.append(Problem(_("cannot exceed the staff count"), field=staff_label(f)))
        _refuse(problems, _("The staff record was not saved."))
        row = session.get(StaffRecord, year)
        if row is None:
            row = StaffRecord(year=year)
            session.add(row)
        for f, v in clean.items():
            setattr(row, f, v)
        row.party_org, row.note = org, note
    return REPORTS


# ---- activities ------------------------------------------------------------------------------

def activities(session: Session, year: int, kind: str | None = None) -> list[Activity]:
    q = select(Activity).where(Activity.year == year)
    if kind:
        q = q.where(Activity.kind == kind)
    return list(session.scalars(q.order_by(Activity.on_date, Activity.id)))


def _clean_activity(year: int, values: dict) -> dict:
    problems: list[Problem] = []
    out = dict(
        on_date=_date_in_year(values.get("on_date"), year, _("Date"), problems),
        title=_text(values.get("title"), _("Title"), problems, required=True),
        kind=_choice(values.get("kind", "other"), ACTIVITY_KINDS, _("Kind"), problems),
        participants=_count(values.get("participants", 0), _("Participants"), problems),
        note=_text(values.get("note", ""), _("Note"), problems, limit=2000),
    )
    _refuse(problems, _("The activity was not saved."))
    return out


def add_activity(session: Session, year: int, **values) -> Activity:
    year = _check_year(year)
    clean = _clean_activity(year, values)
    with transaction(session):
        row = Activity(year=year, **clean)
        session.add(row)
        session.flush()
    return row


def update_activity(session: Session, activity_id: int, **values) -> Activity:
    with transaction(session):
        row = session.get(Activity, activity_id)
        if row is None:
            raise DomainError(_("The activity no longer exists."))
        merged = {k: getattr(row, k) for k in ("on_date", "title", "kind", "participants", "note")} | values
        clean = _clean_activity(row.year, merged)
        for k, v in clean.items():
            setattr(row, k, v)
    return row


def delete_activity(session: Session, activity_id: int) -> Changes:
    with transaction(session):
        session.execute(delete(Activity).where(Activity.id == activity_id))
    return REPORTS


# ---- standards -------------------------------------------------------------------------------

def standards(session: Session, year: int) -> list[Standard]:
    return list(session.scalars(select(Standard).where(Standard.year == year).order_by(Standard.id)))


def _clean_standard(values: dict) -> dict:
    problems: list[Problem] = []
    out = dict(
        title=_text(values.get("title"), _("Title"), problems, required=True),
        code=_text(values.get("code", ""), _("Standard number"), problems, limit=64),
        level=_choice(values.get("level", "group"), STANDARD_LEVELS, _("Level"), problems),
        role=_choice(values.get("role", "lead"), STANDARD_ROLES, _("Role"), problems),
        status=_choice(values.get("status", "drafting"), STANDARD_STATUSES, _("Status"), problems),
        note=_text(values.get("note", ""), _("Note"), problems, limit=2000),
    )
    _refuse(problems, _("The standard was not saved."))
    return out


def add_standard(session: Session, year: int, **values) -> Standard:
    year = _check_year(year)
    clean = _clean_standard(values)
    with transaction(session):
        row = Standard(year=year, **clean)
        session.add(row)
        session.flush()
    return row


def update_standard(session: Session, standard_id: int, **values) -> Standard:
    with transaction(session):
        row = session.get(Standard, standard_id)
        if row is None:
            raise DomainError(_("The standard no longer exists."))
        merged = {k: getattr(row, k) for k in ("title", "code", "level", "role", "status", "note")} | values
        clean = _clean_standard(merged)
        for k, v in clean.items():
            setattr(row, k, v)
    return row


def delete_standard(session: Session, standard_id: int) -> Changes:
    with transaction(session):
        session.execute(delete(Standard).where(Standard.id == standard_id))
    return REPORTS


# ---- information disclosure ------------------------------------------------------------------

def disclosures(session: Session, year: int) -> list[Disclosure]:
    return list(session.scalars(select(Disclosure).where(Disclosure.year == year)
                                .order_by(Disclosure.on_date, Disclosure.id)))


def add_disclosure(session: Session, year: int, *, on_date, title: str, channel: str = "") -> Disclosure:
    year = _check_year(year)
    problems: list[Problem] = []
    d = _date_in_year(on_date, year, _("Date"), problems)
    title = _text(title, _("Title"), problems, required=True)
    channel = _text(channel, _("Channel"), problems, limit=100)
    _refuse(problems, _("The disclosure was not saved."))
    with transaction(session):
        row = Disclosure(year=year, on_date=d, title=title, channel=channel)
        session.add(row)
        session.flush()
    return row


def delete_disclosure(session: Session, disclosure_id: int) -> Changes:
    with transaction(session):
        session.execute(delete(Disclosure).where(Disclosure.id == disclosure_id))
    return REPORTS


# ---- member satisfaction survey --------------------------------------------------------------

def get_survey(session: Session, year: int) -> Survey | None:
    return session.get(Survey, year)


def set_survey(session: Session, year: int, *, respondents, satisfied, note: str = "") -> Changes:
    """Record the year's member satisfaction survey (respondents, of whom satisfied)."""
    year = _check_year(year)
    problems: list[Problem] = []
    r = _count(respondents, _("Respondents"), problems)
    s = _count(satisfied, _("Satisfied"), problems)
    note = _text(note, _("Note"), problems, limit=2000)
    if not problems and s > r:
        problems.append(Problem(_("cannot exceed the respondents"), field=_("Satisfied")))
    _refuse(problems, _("The survey was not saved."))
    with transaction(session):
        row = session.get(Survey, year)
        if row is None:
            session.add(Survey(year=year, respondents=r, satisfied=s, note=note))
        else:
            row.respondents, row.satisfied, row.note = r, s, note
    return REPORTS
