"""Resolutions and their votes (DOMAIN.md §4; majorities in ``rules``).

A resolution belongs to a meeting (and usually to one agenda item), says what it decides
(``subject``), how it is voted (``ballot``) and the majority it needs. Recording the vote stores
the counts and whether it was adopted; a resolution the numbers do not carry — or one the
meeting could not take (no quorum, wrong body, open ballot for the dues schedule) — is refused as
adopted with a ``DomainError`` that says why. An adopted resolution links to what it decides
(``target_type`` + ``target_id``: ``fee_schedule``, ``member``, ``election`` …), which may be set
even after the minutes are approved (the dues schedule is entered after the assembly).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.body import figures
from secretariat_app.core.meetings.common import ensure_editable, get_meeting
from secretariat_app.core.meetings.models import (
    BALLOTS,
    DUES_SCHEDULE,
    ELECTION,
    MAJORITIES,
    OPEN,
    SECRET,
    SUBJECTS,
    AgendaItem,
    Resolution,
)
from secretariat_app.core.meetings.rules import Outcome, minimum_majority, outcome, subject_problems
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

TARGET_TYPES = ("fee_schedule", "member", "election", "charter", "document", "other")


def get_resolution(session: Session, resolution_id: int) -> Resolution:
    r = session.get(Resolution, resolution_id) if resolution_id is not None else None
    if r is None:
        raise DomainError(_("no resolution with id {id}").format(id=resolution_id))
    return r


def default_ballot(subject: str) -> str:
    return SECRET if subject in (DUES_SCHEDULE, ELECTION) else OPEN


def _check(session: Session, meeting, *, title: str, subject: str, ballot: str, majority: str,
           agenda_item_id: int | None) -> str:
    title = (title or "").strip()
    if not title or len(title) > 300:
        raise DomainError(_("a resolution needs a title (at most 300 characters)"), field=_("Resolution title"))
    if subject not in SUBJECTS:
        raise DomainError(_("unknown subject {subject}").format(subject=subject), field=_("Subject"))
    if ballot not in BALLOTS:
        raise DomainError(_("the ballot is open or secret"), field=_("Ballot"))
    if majority not in MAJORITIES:
        raise DomainError(_("unknown majority {majority}").format(majority=majority), field=_("Majority"))
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is None or item.meeting_id != meeting.id:
            raise DomainError(_("the agenda item is not on this meeting's agenda"), field=_("Agenda item"))
    problems = subject_problems(meeting.kind, subject, ballot, majority)
    if problems:
        raise DomainError(problems[0], field=_("Subject"))
    return title


@action
def add_resolution(session: Session, meeting_id: int, *, title: str, subject: str = "ordinary",
                   agenda_item_id: int | None = None, text: str = "", ballot: str | None = None,
                   majority: str | None = None) -> Resolution:
    """Put a resolution to the meeting; ballot and majority default to what the rules ask."""
    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    ballot = ballot or default_ballot(subject)
    majority = majority or minimum_majority(m.kind, subject)
    title = _check(session, m, title=title, subject=subject, ballot=ballot, majority=majority,
                   agenda_item_id=agenda_item_id)
    with transaction(session):
        pos = (session.scalar(select(func.max(Resolution.position)).where(Resolution.meeting_id == m.id)) or 0) + 1
        r = Resolution(meeting_id=m.id, agenda_item_id=agenda_item_id, position=pos, title=title,
                       text=(text or "").strip(), subject=subject, ballot=ballot, majority=majority)
        session.add(r)
        session.flush()
    return r


@action
def update_resolution(session: Session, resolution_id: int, **fields) -> Resolution:
    """Edit title, text, subject, ballot, majority or agenda item; a recorded vote is checked again."""
    r = get_resolution(session, resolution_id)
    m = get_meeting(session, r.meeting_id)
    ensure_editable(session, m)
    allowed = {"title", "text", "subject", "ballot", "majority", "agenda_item_id"}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("these fields cannot be edited here: {fields}").format(fields=", ".join(sorted(unknown))))
    values = {k: getattr(r, k) for k in allowed} | fields
    values["title"] = _check(session, m, title=values["title"], subject=values["subject"], ballot=values["ballot"],
                             majority=values["majority"], agenda_item_id=values["agenda_item_id"])
    if r.adopted:
        res = outcome_of(session, r, **{k: values[k] for k in ("subject", "ballot", "majority")})
        if not res.adoptable:
            raise DomainError(_("the resolution was recorded as adopted: {reason}").format(reason=res.problems[0]))
    with transaction(session):
        for k, v in values.items():
            setattr(r, k, (v or "").strip() if k == "text" else v)
    return r


@action
def remove_resolution(session: Session, resolution_id: int) -> None:
    from secretariat_app.core.meetings.models import Election

    r = get_resolution(session, resolution_id)
    ensure_editable(session, get_meeting(session, r.meeting_id))
    if session.scalar(select(func.count()).select_from(Election).where(Election.resolution_id == r.id)):
        raise DomainError(_("an election belongs to this resolution; remove the election first"))
    with transaction(session):
        meeting_id = r.meeting_id
        session.delete(r)
        session.flush()
        rows = session.scalars(select(Resolution).where(Resolution.meeting_id == meeting_id)
                               .order_by(Resolution.position, Resolution.id))
        for pos, row in enumerate(rows, start=1):
            row.position = pos


def outcome_of(session: Session, r: Resolution, *, votes_for: int | None = None, voters: int | None = None,
               subject: str | None = None, ballot: str | None = None, majority: str | None = None) -> Outcome:
    """The outcome of ``r`` with its recorded counts (or the ones given: the page's live outcome)."""
    m = get_meeting(session, r.meeting_id)
    fig = figures(session, m)
    return outcome(meeting_kind=m.kind, subject=subject or r.subject, ballot=ballot or r.ballot,
                   majority=majority or r.majority, expected=fig.expected, present=fig.counted,
                   voters=voters if voters is not None else (r.voters if r.voters is not None else fig.counted),
                   votes_for=(r.votes_for or 0) if votes_for is None else votes_for)


@action
def record_vote(session: Session, resolution_id: int, *, votes_for: int, votes_against: int = 0,
                votes_abstain: int = 0, voters: int | None = None, adopted: bool | None = None) -> Resolution:
    """Record the counts of a vote and its result.

    ``voters`` (those present at the vote, proxies included) defaults to the meeting's 实到.
    ``adopted`` defaults to what the numbers say; ``True`` when they do not carry it — or when the
    meeting could not take the decision — is refused with the reason."""
    r = get_resolution(session, resolution_id)
    m = get_meeting(session, r.meeting_id)
    ensure_editable(session, m)
    fig = figures(session, m)
    counts = {}
    for name, value, label in (("for", votes_for, _("For")), ("against", votes_against, _("Against")),
                               ("abstain", votes_abstain, _("Abstain"))):
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise DomainError(_("a whole number is required"), field=label) from None
        if n < 0:
            raise DomainError(_("a count cannot be negative"), field=label)
        counts[name] = n
    voters = fig.counted if voters is None else int(voters)
    if voters <= 0:
        raise DomainError(_("nobody is recorded as present; record the attendance first"), field=_("Voters"))
    if voters > fig.counted:
        raise DomainError(_("{voters} voters, but only {present} are present (in person or by proxy)").format(
            voters=voters, present=fig.counted), field=_("Voters"))
    total = sum(counts.values())
    if total > voters:
        raise DomainError(_("{total} votes counted but only {voters} present at the vote").format(
            total=total, voters=voters), field=_("For"))
    res = outcome(meeting_kind=m.kind, subject=r.subject, ballot=r.ballot, majority=r.majority,
                  expected=fig.expected, present=fig.counted, voters=voters, votes_for=counts["for"])
    if adopted is None:
        adopted = res.adoptable
    if adopted and not res.adoptable:
        raise DomainError(_("cannot be recorded as adopted: {reason}").format(reason="; ".join(res.problems)))
    with transaction(session):
        r.voters = voters
        r.votes_for, r.votes_against, r.votes_abstain = counts["for"], counts["against"], counts["abstain"]
        r.adopted = bool(adopted)
        r.recorded_at = datetime.now()
    return r


@action
def clear_vote(session: Session, resolution_id: int) -> Resolution:
    r = get_resolution(session, resolution_id)
    ensure_editable(session, get_meeting(session, r.meeting_id))
    with transaction(session):
        r.voters = r.votes_for = r.votes_against = r.votes_abstain = None
        r.adopted = None
        r.recorded_at = None
    return r


@action
def link_resolution(session: Session, resolution_id: int, target_type: str | None, target_id: int | None) -> Resolution:
    """Link an adopted resolution to what it decides (a fee schedule, an admitted member …)."""
    r = get_resolution(session, resolution_id)
    if target_type is not None:
        if target_type not in TARGET_TYPES:
            raise DomainError(_("unknown link {kind}").format(kind=target_type))
        if not r.adopted:
            raise DomainError(_("only an adopted resolution can decide something"))
    with transaction(session):
        r.target_type = target_type
        r.target_id = target_id if target_type is not None else None
    return r


def require_adopted(session: Session, resolution_id: int, subject: str | None = None) -> Resolution:
    """The resolution, when it is adopted (and on ``subject``); else a DomainError saying why.

    Dues use it: a fee schedule needs an adopted ``dues_schedule`` resolution (DOMAIN.md §2)."""
    from secretariat_app.core.meetings.models import SUBJECT_LABELS

    r = get_resolution(session, resolution_id)
    if subject is not None and r.subject != subject:
        raise DomainError(_("resolution {id} is not about: {subject}").format(id=r.id, subject=_(SUBJECT_LABELS[subject])))
    if not r.adopted:
        raise DomainError(_("resolution {id} was not adopted").format(id=r.id))
    return r
