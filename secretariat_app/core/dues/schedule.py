"""Fee schedules (会费标准): the annual amount per year and level, and the resolution that adopted it.

Rules (DOMAIN.md §2, §4; issue 5):

- Setting or changing the schedule needs a **general-assembly resolution on the dues schedule**,
  voted by secret ballot, with a quorum (2/3 of all members present) and more than 1/2 of those
  present in favour. The meetings capability refuses to record such a resolution as adopted when
  the numbers do not carry it; here we check that the resolution given exists, is about the dues
  schedule, was adopted, by secret ballot, at a general assembly.
- A schedule row without such a resolution is a **draft** and cannot be billed —
- except for a year up to the book's **first fiscal year** (setting ``first_fiscal_year``): the
  rate already in force when the association started keeping this book may be recorded with a
  note saying where it comes from (e.g. "2016年成立大会通过"). Such a row is billable.
- A resolution adopted in one year may back the schedules of later years (the assembly adopts a
  rate "from 2026 on"): ``copy_schedule`` carries a year's rows, resolution and note included,
  to another year; a copied "existing rate" becomes a draft after the first fiscal year.
- A row billed already keeps its bills: changing the amount later does not rebill anybody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_settings
from secretariat_app.core.changes import Changes
from secretariat_app.core.dues.models import ANNUAL, Bill, FeeSchedule
from secretariat_app.core.members.models import Level
from secretariat_app.core.money import parse_amount
from secretariat_app.db.session import action
from secretariat_app.errors import DomainError
from secretariat_app.i18n import N_, _

ADOPTED = "adopted"
EXISTING = "existing"
DRAFT = "draft"
STATUS_LABELS = {ADOPTED: N_("Adopted"), EXISTING: N_("Existing rate"), DRAFT: N_("Draft")}


@dataclass
class ScheduleRow:
    id: int
    year: int
    level_id: int
    level: str
    level_kind: str
    position: int
    kind: str
    amount: int
    resolution_id: int | None
    resolution: str        # "2026年度会员大会 2026-03-14：关于调整会费标准的决议（赞成 95，反对 6，弃权 4）"
    note: str
    status: str            # adopted | existing | draft
    bills: int

    @property
    def billable(self) -> bool:
        return self.status != DRAFT


def first_fiscal_year(session: Session) -> int:
    return get_settings(session).first_fiscal_year


def check_year(year, *, field: str | None = None) -> int:
    try:
        y = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("a year such as 2026"), field=field or _("Year")) from None
    if not 1980 <= y <= 2100:
        raise DomainError(_("a year between 1980 and 2100"), field=field or _("Year"))
    return y


def resolve_level(session: Session, level) -> Level:
    """A Level from a Level, an id, a code or a name (names are unique across kinds)."""
    if isinstance(level, Level):
        return level
    found = None
    if isinstance(level, int):
        found = session.get(Level, level)
    else:
        text = str(level or "").strip()
        if text.isdigit():
            found = session.get(Level, int(text))
        if found is None:
            found = session.scalar(select(Level).where(Level.name == text).limit(1))
        if found is None:
            found = session.scalar(select(Level).where(Level.code == text).order_by(Level.kind).limit(1))
    if found is None:
        names = "、".join(session.scalars(select(Level.name).order_by(Level.kind, Level.position)))
        raise DomainError(_("unknown level {level} (levels: {names})").format(level=level, names=names),
                          field=_("Member level"))
    return found


def check_resolution(session: Session, resolution_id: int) -> None:
    """Refuse a resolution that cannot adopt a dues schedule (DOMAIN.md §2, §4)."""
    from secretariat_app.core.meetings.models import DUES_SCHEDULE, GENERAL_ASSEMBLY, SECRET, Meeting
    from secretariat_app.core.meetings.votes import require_adopted

    field = _("Resolution")
    try:
        r = require_adopted(session, int(resolution_id), DUES_SCHEDULE)
    except DomainError as exc:
        raise DomainError(exc.message, field=field) from None
    except (TypeError, ValueError):
        raise DomainError(_("no resolution with id {id}").format(id=resolution_id), field=field) from None
    meeting = session.get(Meeting, r.meeting_id)
    if meeting is None or meeting.kind != GENERAL_ASSEMBLY:
        raise DomainError(_("the dues schedule is adopted by the general assembly"), field=field)
    if r.ballot != SECRET:
        raise DomainError(_("the dues schedule is voted by secret ballot"), field=field)


def status_for(year: int, resolution_id: int | None, note: str, first_year: int) -> str:
    if resolution_id is not None:
        return ADOPTED
    if year <= first_year and (note or "").strip():
        return EXISTING
    return DRAFT


def resolution_text(session: Session, resolution_id: int | None) -> str:
    """A one-line description of the resolution (meeting, date, title, votes)."""
    if resolution_id is None:
        return ""
    from secretariat_app.core.meetings.models import Meeting, Resolution

    r = session.get(Resolution, resolution_id)
    if r is None:
        return _("resolution {id} (missing)").format(id=resolution_id)
    m = session.get(Meeting, r.meeting_id)
    head = f"{m.title} {m.date.isoformat()}" if m is not None else ""
    votes = _("for {f}, against {a}, abstaining {b}").format(f=r.votes_for or 0, a=r.votes_against or 0,
                                                              b=r.votes_abstain or 0)
    return f"{head}：{r.title}（{votes}）" if head else f"{r.title}（{votes}）"


@action
def set_schedule(session: Session, year: int, amounts: dict, *, resolution_id: int | None = None, note: str = "",
                 kind: str = ANNUAL) -> Changes:
    """Set the fee of each level for ``year`` (``{level: amount}``, level as id/name/code, amount in
    yuan as ``Decimal``/``str``). One action; the rows given are replaced, others kept."""
    year = check_year(year)
    note = (note or "").strip()
    if len(note) > 500:
        raise DomainError(_("at most 500 characters"), field=_("Note"))
    if kind != ANNUAL:
        raise DomainError(_("unknown kind of fee {kind}").format(kind=kind), field=_("Kind"))
    if not amounts:
        raise DomainError(_("give the amount of at least one level"), field=_("Amount"))
    if resolution_id is not None:
        check_resolution(session, resolution_id)
    rows = []
    for level, amount in amounts.items():
        lv = resolve_level(session, level)
        fen = parse_amount(amount, field=_("Amount for {level}").format(level=lv.name), allow_zero=True)
        rows.append((lv, fen))
    first = first_fiscal_year(session)
    status = status_for(year, resolution_id, note, first)
    now = datetime.now()
    saved = []
    for lv, fen in rows:
        row = session.scalar(select(FeeSchedule).where(FeeSchedule.year == year, FeeSchedule.level_id == lv.id,
                                                       FeeSchedule.kind == kind))
        if row is None:
            row = FeeSchedule(year=year, level_id=lv.id, kind=kind, created_at=now)
            session.add(row)
        row.amount, row.resolution_id, row.note = fen, resolution_id, note
        row.draft = status == DRAFT
        row.updated_at = now
        saved.append(row)
    session.flush()
    if resolution_id is not None:
        _link(session, resolution_id, saved[0].id)
    return Changes({"dues"})


def _link(session: Session, resolution_id: int, schedule_id: int) -> None:
    """Tell the resolution what it decided (meetings' ``link_resolution``), unless it already says."""
    from secretariat_app.core.meetings.models import Resolution
    from secretariat_app.core.meetings.votes import link_resolution

    r = session.get(Resolution, resolution_id)
    if r is not None and r.target_type in (None, "fee_schedule"):
        link_resolution(session, resolution_id, "fee_schedule", schedule_id)


@action
def copy_schedule(session: Session, from_year: int, to_year: int) -> Changes:
    """Carry ``from_year``'s rows (amount, resolution, note) to ``to_year``; existing rows of
    ``to_year`` are kept. A row without a resolution is a draft unless ``to_year`` is still
    within the first fiscal year."""
    from_year, to_year = check_year(from_year), check_year(to_year)
    src = list(session.scalars(select(FeeSchedule).where(FeeSchedule.year == from_year)))
    if not src:
        raise DomainError(_("there is no fee schedule for {year}").format(year=from_year), field=_("Year"))
    have = set(session.execute(select(FeeSchedule.level_id, FeeSchedule.kind).where(FeeSchedule.year == to_year)))
    first = first_fiscal_year(session)
    now = datetime.now()
    for r in src:
        if (r.level_id, r.kind) in have:
            continue
        status = status_for(to_year, r.resolution_id, r.note, first)
        session.add(FeeSchedule(year=to_year, level_id=r.level_id, kind=r.kind, amount=r.amount,
                                resolution_id=r.resolution_id, note=r.note, draft=status == DRAFT,
                                created_at=now, updated_at=now))
    return Changes({"dues"})


@action
def delete_schedule(session: Session, schedule_id: int) -> Changes:
    """Remove a row nobody has been billed on."""
    row = session.get(FeeSchedule, schedule_id)
    if row is None:
        raise DomainError(_("there is no fee schedule row {id}").format(id=schedule_id))
    used = session.scalar(select(func.count()).select_from(Bill).where(Bill.schedule_id == row.id))
    if used:
        raise DomainError(_("{n} bills were made on this row; it cannot be removed").format(n=used))
    session.delete(row)
    return Changes({"dues"})


def list_schedules(session: Session, year: int | None = None) -> list[ScheduleRow]:
    """Schedule rows (of ``year``), by year then level order, with their status."""
    q = (select(FeeSchedule, Level).join(Level, Level.id == FeeSchedule.level_id)
         .order_by(FeeSchedule.year.desc(), Level.kind, Level.position))
    if year is not None:
        q = q.where(FeeSchedule.year == year)
    counts = dict(session.execute(select(Bill.schedule_id, func.count()).where(Bill.schedule_id.is_not(None))
                                  .group_by(Bill.schedule_id)).all())
    first = first_fiscal_year(session)
    texts: dict[int | None, str] = {}
    out = []
    for fs, lv in session.execute(q):
        if fs.resolution_id not in texts:
            texts[fs.resolution_id] = resolution_text(session, fs.resolution_id)
        out.append(ScheduleRow(id=fs.id, year=fs.year, level_id=lv.id, level=lv.name, level_kind=lv.kind,
                               position=lv.position, kind=fs.kind, amount=fs.amount, resolution_id=fs.resolution_id,
                               resolution=texts[fs.resolution_id], note=fs.note,
                               status=status_for(fs.year, fs.resolution_id, fs.note, first),
                               bills=int(counts.get(fs.id, 0))))
    return out


def schedule_years(session: Session) -> list[int]:
    return [int(y) for y in session.scalars(select(FeeSchedule.year).distinct().order_by(FeeSchedule.year.desc()))]


def dues_resolutions(session: Session) -> list[tuple[int, str]]:
    """Adopted dues-schedule resolutions of general assemblies, newest first: (id, description)."""
    from secretariat_app.core.meetings.models import DUES_SCHEDULE, Meeting, Resolution

    q = (select(Resolution.id).join(Meeting, Meeting.id == Resolution.meeting_id)
         .where(Resolution.subject == DUES_SCHEDULE, Resolution.adopted.is_(True))
         .order_by(Meeting.date.desc(), Resolution.id.desc()))
    return [(rid, resolution_text(session, rid)) for rid in session.scalars(q)]


def billable_schedule(session: Session, year: int) -> tuple[dict[int, FeeSchedule], dict[int, str]]:
    """(``{level_id: row}`` of the billable rows of ``year``, ``{level_id: problem}`` of the others)."""
    first = first_fiscal_year(session)
    rows: dict[int, FeeSchedule] = {}
    problems: dict[int, str] = {}
    checked: dict[int, str | None] = {}
    for fs, name in session.execute(select(FeeSchedule, Level.name).join(Level, Level.id == FeeSchedule.level_id)
                                    .where(FeeSchedule.year == year, FeeSchedule.kind == ANNUAL)):
        if status_for(fs.year, fs.resolution_id, fs.note, first) == DRAFT:
            problems[fs.level_id] = _("the fee of {level} for {year} is a draft: link the general assembly's "
                                      "resolution that adopted it").format(level=name, year=year)
            continue
        if fs.resolution_id is not None:
            if fs.resolution_id not in checked:  # the vote may have been cleared since
                try:
                    check_resolution(session, fs.resolution_id)
                    checked[fs.resolution_id] = None
                except DomainError as exc:
                    checked[fs.resolution_id] = exc.message
            if checked[fs.resolution_id]:
                problems[fs.level_id] = _("the fee of {level} for {year}: {reason}").format(
                    level=name, year=year, reason=checked[fs.resolution_id])
                continue
        rows[fs.level_id] = fs
    return rows, problems


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)
