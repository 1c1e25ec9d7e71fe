"""Elections (换届 and by-elections): offices, candidates, votes; the result updates the officer
posts with dates through the member roll's API (DOMAIN.md §4).

A candidate is elected with more than half of the votes of those present at the vote, the
``seats`` best first; a tie for the last seat elects neither (another round decides). Applying an
election ends the current holders of the office in that body the day the new term starts
(``end_previous``; a by-election keeps them) and starts the elected members' posts from that day,
recording the meeting as their source.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.body import figures
from secretariat_app.core.meetings.common import ensure_editable, get_meeting
from secretariat_app.core.meetings.models import BALLOTS, SECRET, Candidate, Election
from secretariat_app.core.meetings.rules import elected_candidates, quorum_required
from secretariat_app.core.validate import parse_date
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


def get_election(session: Session, election_id: int) -> Election:
    e = session.get(Election, election_id) if election_id is not None else None
    if e is None:
        raise DomainError(_("no election with id {id}").format(id=election_id))
    return e


def meeting_elections(session: Session, meeting_id: int) -> list[Election]:
    return list(session.scalars(select(Election).where(Election.meeting_id == meeting_id).order_by(Election.id)))


@action
def add_election(session: Session, meeting_id: int, *, office: str, body: str | None = None, seats: int = 1,
                 ballot: str = SECRET, term_start=None, resolution_id: int | None = None) -> Election:
    """Open an election for ``office`` (会长, 理事 …) in ``body`` (default: the office's usual body)."""
    from secretariat_app.core.members.models import BODIES, POSTS

    m = get_meeting(session, meeting_id)
    ensure_editable(session, m)
    office = (office or "").strip()
    if not office or len(office) > 32:
        raise DomainError(_("an election needs an office such as 理事"), field=_("Office"))
    body = body or POSTS.get(office)
    if body not in BODIES:
        raise DomainError(_("choose the body the office belongs to"), field=_("Body"))
    try:
        seats = int(seats)
    except (TypeError, ValueError):
        seats = 0
    if seats < 1:
        raise DomainError(_("at least one seat"), field=_("Seats"))
    if ballot not in BALLOTS:
        raise DomainError(_("the ballot is open or secret"), field=_("Ballot"))
    start = parse_date(term_start, _("Term starts")) if term_start else None
    if start is not None and start < m.date:
        raise DomainError(_("the term cannot start before the meeting"), field=_("Term starts"))
    with transaction(session):
        e = Election(meeting_id=m.id, office=office, body=body, seats=seats, ballot=ballot, term_start=start,
                     resolution_id=resolution_id)
        session.add(e)
        session.flush()
    return e


def _editable(session: Session, e: Election) -> None:
    ensure_editable(session, get_meeting(session, e.meeting_id))
    if e.applied_at is not None:
        raise DomainError(_("the result of this election is already in the officer posts"))


@action
def add_candidate(session: Session, election_id: int, member_id: int, *, person: str = "") -> Candidate:
    from secretariat_app.core.members.models import Member

    e = get_election(session, election_id)
    _editable(session, e)
    member = session.get(Member, member_id)
    if member is None:
        raise DomainError(_("no such member"))
    m = get_meeting(session, e.meeting_id)
    if not member.active_on(m.date):
        raise DomainError(_("{no} {name} is not a member on {date}").format(no=member.no, name=member.name,
                                                                           date=m.date.isoformat()))
    if any(c.member_id == member.id for c in e.candidates):
        raise DomainError(_("{name} is already a candidate").format(name=member.name))
    with transaction(session):
        c = Candidate(election_id=e.id, member_id=member.id, person=(person or "").strip()[:64], elected=False)
        session.add(c)
        session.flush()
        session.refresh(e)
    return c


@action
def remove_candidate(session: Session, candidate_id: int) -> None:
    c = session.get(Candidate, candidate_id)
    if c is None:
        raise DomainError(_("no such candidate"))
    _editable(session, c.election)
    with transaction(session):
        session.delete(c)


@action
def record_election_votes(session: Session, election_id: int, votes: dict[int, int], *,
                          voters: int | None = None) -> list[str]:
    """Record the votes per candidate (``{candidate_id: votes}``) and mark who is elected.

    Returns notes (e.g. a tie for the last seat)."""
    e = get_election(session, election_id)
    _editable(session, e)
    m = get_meeting(session, e.meeting_id)
    fig = figures(session, m)
    voters = fig.counted if voters is None else int(voters)
    if voters <= 0:
        raise DomainError(_("nobody is recorded as present; record the attendance first"), field=_("Voters"))
    if voters > fig.counted:
        raise DomainError(_("{voters} voters, but only {present} are present (in person or by proxy)").format(
            voters=voters, present=fig.counted), field=_("Voters"))
    by_id = {c.id: c for c in e.candidates}
    clean: dict[int, int] = {}
    for cid, n in votes.items():
        c = by_id.get(cid)
        if c is None:
            raise DomainError(_("no such candidate"))
        try:
            n = int(n)
        except (TypeError, ValueError):
            raise DomainError(_("a whole number is required"), field=_("Votes")) from None
        if n < 0 or n > voters:
            raise DomainError(_("{name}: between 0 and {voters} votes").format(name=c.person or str(cid), voters=voters),
                              field=_("Votes"))
        clean[cid] = n
    if sum(clean.values()) > voters * e.seats:
        raise DomainError(_("more votes than ballots: {voters} voters, {seats} seats each").format(
            voters=voters, seats=e.seats), field=_("Votes"))
    elected, notes = elected_candidates(clean, e.seats, voters)
    if quorum_required(m.kind) and not fig.quorum_met:
        elected = []
        notes.append(_("no quorum: nobody can be elected"))
    with transaction(session):
        e.voters = voters
        for c in e.candidates:
            if c.id in clean:
                c.votes = clean[c.id]
            c.elected = c.id in elected
    return notes


@action
def apply_election(session: Session, election_id: int, *, start_on=None, end_previous: bool = True) -> list[int]:
    """Put the result into the officer posts: end the office's current holders (unless a
    by-election: ``end_previous=False``) and start the elected members' posts. Returns post ids."""
    from secretariat_app.core.members.service import assign_post, end_post, posts_on

    e = get_election(session, election_id)
    m = get_meeting(session, e.meeting_id)
    if e.applied_at is not None:
        raise DomainError(_("the result of this election is already in the officer posts"))
    if e.voters is None:
        raise DomainError(_("record the votes first"))
    winners = [c for c in e.candidates if c.elected]
    if not winners:
        raise DomainError(_("nobody was elected"))
    start = parse_date(start_on, _("Term starts")) if start_on else (e.term_start or m.date)
    if start < m.date:
        raise DomainError(_("the term cannot start before the meeting"), field=_("Term starts"))
    ids = []
    with transaction(session):
        if end_previous:
            for p in posts_on(session, start, e.body):
                if p.post == e.office:
                    end_post(session, p.id, start, meeting_id=m.id)
        session.flush()
        for c in winners:
            post = assign_post(session, c.member_id, e.office, e.body, start, person=c.person, meeting_id=m.id)
            c.post_id = post.id
            ids.append(post.id)
        e.term_start = start
        e.applied_at = datetime.now()
    return ids


def election_summary(session: Session, e: Election) -> dict:
    """Plain data of an election (pages, minutes, PDF)."""
    from secretariat_app.core.members.models import Member

    cands = []
    for c in e.candidates:
        member = session.get(Member, c.member_id)
        cands.append(dict(id=c.id, member_id=c.member_id, no=member.no if member else "",
                          name=member.name if member else "", person=c.person, votes=c.votes, elected=c.elected))
    return dict(id=e.id, office=e.office, body=e.body, seats=e.seats, ballot=e.ballot, voters=e.voters,
                term_start=e.term_start.isoformat() if e.term_start else None,
                applied=e.applied_at is not None, candidates=cands)


__all__ = ["add_election", "add_candidate", "remove_candidate", "record_election_votes", "apply_election",
           "meeting_elections", "get_election", "election_summary"]
