"""Read-only questions other capabilities ask the roll (DOMAIN.md §1, §4).

Re-exported by ``core.members.service``; see the package docstring for the contract.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from secretariat_app.core.members.models import (
    APPLIED,
    BODIES,
    EVENT_LABELS,
    LEFT_REASONS,
    POSTS,
    Level,
    Member,
    MemberEvent,
    OfficerPost,
)
from secretariat_app.i18n import _

# presidents ⊂ standing_council ⊂ council; the supervisors are a body apart (model charter).
BODY_INCLUDES = {
    "presidents": ("presidents",),
    "standing_council": ("standing_council", "presidents"),
    "council": ("council", "standing_council", "presidents"),
    "supervisors": ("supervisors",),
}


def active_filter(on_date: date):
    """SQL condition: a member of the association on ``on_date``."""
    return (Member.status != APPLIED) & (Member.joined <= on_date) & (
        or_(Member.left_on.is_(None), Member.left_on > on_date))


def active_members(session: Session, on_date: date) -> list[Member]:
    """Members admitted on or before ``on_date`` and not left by then, in number order."""
    return list(session.scalars(select(Member).where(active_filter(on_date)).order_by(Member.seq, Member.id)))


def member_by_no(session: Session, no: str) -> Member | None:
    return session.scalar(select(Member).where(Member.no == (no or "").strip().upper()))


def member_by_identifier(session: Session, code: str) -> Member | None:
    """The member with this credit code or ID number (either, normalized upper case)."""
    code = (code or "").strip().upper().replace(" ", "")
    if not code:
        return None
    return session.scalar(select(Member).where(or_(Member.credit_code == code, Member.id_number == code)))


def level_on(session: Session, member_id: int, on_date: date) -> Level | None:
    """The level held on ``on_date`` according to the history (None before admission)."""
    ev = session.scalar(
        select(MemberEvent)
        .where(MemberEvent.member_id == member_id, MemberEvent.level_id.is_not(None), MemberEvent.on_date <= on_date)
        .order_by(MemberEvent.on_date.desc(), MemberEvent.id.desc()).limit(1))
    return session.get(Level, ev.level_id) if ev else None


def posts_on(session: Session, on_date: date, body: str | None = None) -> list[OfficerPost]:
    """Posts held on ``on_date`` (start_on <= d < end_on), of exactly ``body`` when given."""
    q = select(OfficerPost).where(OfficerPost.start_on <= on_date,
                                  or_(OfficerPost.end_on.is_(None), OfficerPost.end_on > on_date))
    if body:
        q = q.where(OfficerPost.body == body)
    rows = list(session.scalars(q))
    order = {b: i for i, b in enumerate(BODIES)}
    post_rank = {p: i for i, p in enumerate(POSTS)}
    return sorted(rows, key=lambda p: (order.get(p.body, 9), post_rank.get(p.post, 99), p.member.seq, p.id))


def body_members(session: Session, on_date: date, body: str) -> list[int]:
    """Member ids of a body on a date (higher bodies included); ``general_assembly`` = all members."""
    if body == "general_assembly":
        return [m.id for m in active_members(session, on_date)]
    bodies = BODY_INCLUDES.get(body, (body,))
    ids: list[int] = []
    for p in posts_on(session, on_date):
        if p.body in bodies and p.member_id not in ids and p.member.active_on(on_date):
            ids.append(p.member_id)
    return ids


def current_posts(session: Session, member_id: int) -> list[OfficerPost]:
    return list(session.scalars(select(OfficerPost).where(OfficerPost.member_id == member_id,
                                                         OfficerPost.end_on.is_(None)).order_by(OfficerPost.id)))


def member_posts(session: Session, member_id: int) -> list[OfficerPost]:
    return list(session.scalars(select(OfficerPost).where(OfficerPost.member_id == member_id)
                                .order_by(OfficerPost.start_on, OfficerPost.id)))


def history(session: Session, member_id: int) -> list[MemberEvent]:
    """The member's whole history, oldest first."""
    return list(session.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id)
                                .order_by(MemberEvent.on_date, MemberEvent.id)))


def describe_event(ev: MemberEvent) -> tuple[str, str]:
    """(translated kind, translated one-line detail) of a history entry."""
    try:
        d = json.loads(ev.detail) if ev.detail else {}
    except ValueError:
        d = {"text": ev.detail}
    kind = _(EVENT_LABELS.get(ev.kind, ev.kind))
    if ev.kind == "admitted":
        text = _("admitted at level {level}").format(level=d.get("level", ""))
    elif ev.kind == "level_changed":
        text = _("{old} → {new}").format(old=d.get("from", ""), new=d.get("to", ""))
    elif ev.kind in ("post_assigned", "post_ended"):
        text = _("{post} ({body})").format(post=d.get("post", ""), body=_(d.get("body_label", "")) if d.get("body_label") else "")
    elif ev.kind == "left":
        text = _(LEFT_REASONS.get(d.get("reason", ""), d.get("reason", "")))
    elif ev.kind == "edited":
        text = _("changed: {fields}").format(fields="、".join(_(f) for f in d.get("fields", [])))
    elif ev.kind == "contact_changed":
        text = d.get("name", "")
    else:
        text = d.get("text", "")
    if d.get("note"):
        text = f"{text} — {d['note']}" if text else d["note"]
    return kind, text
