"""The roll as plain records for documents: the printed roll (名册) and the export (DOMAIN.md §1).

These are the full values; whoever hands them out decides about masking (the members actions
mask ID and phone numbers, and individuals' addresses, unless the user may see them and asked
to: ``masked_roll`` / ``actions.privacy``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterator

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_settings
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import CORPORATE, Level, Member, OfficerPost
from secretariat_app.core.members.queries import active_filter
from secretariat_app.core.validate import mask_id, mask_phone


@dataclass(frozen=True)
class RollEntry:
    no: str
    name: str
    kind: str
    identifier: str          # credit code (corporate) or ID number (individual)
    contact: str             # a corporate member's contact; "" for an individual
    mobile: str
    industry: str            # the industry, or an individual's employer
    joined: date
    posts: str               # posts held on the roll's date, 、-separated
    left_on: date | None = None
    left_reason: str | None = None


@dataclass(frozen=True)
class Roll:
    """Members grouped by level, in level order, as on ``on_date``."""

    association: str
    on_date: date
    status: str                               # active | left | all
    groups: list[tuple[str, list[RollEntry]]] = field(default_factory=list)
    masked: bool = False                      # ID and phone numbers are partly hidden

    @property
    def total(self) -> int:
        return sum(len(entries) for _level, entries in self.groups)


def member_roll(session: Session, *, status: str = "active", on_date: date | None = None) -> Roll:
    """The roll on ``on_date`` (default today): members of then (``active``), those who had left
    by then (``left``), or everyone admitted by then (``all``), with their posts of that day."""
    on_date = on_date or date.today()
    q = select(Member)
    if status == "active":
        q = q.where(active_filter(on_date))
    elif status == "left":
        q = q.where(Member.left_on.is_not(None), Member.left_on <= on_date)
    else:
        q = q.where(Member.joined <= on_date)
    posts = _posts(session, on_date)
    by_level: dict[int, list[RollEntry]] = {}
    for m in session.scalars(q.order_by(Member.seq, Member.id)):
        corporate = m.kind == CORPORATE
        by_level.setdefault(m.level_id, []).append(RollEntry(
            m.no, m.name, m.kind, (m.credit_code if corporate else m.id_number) or "",
            m.contact_name if corporate else "", m.mobile or "", m.industry or m.employer, m.joined,
            posts.get(m.id, ""), m.left_on, m.left_reason))
    groups = [(lv.name, by_level[lv.id]) for lv in levels(session, include_inactive=True) if lv.id in by_level]
    return Roll(get_settings(session).name, on_date, status, groups)


def _posts(session: Session, on_date: date) -> dict[int, str]:
    rows = session.execute(select(OfficerPost.member_id, OfficerPost.post).where(
        OfficerPost.start_on <= on_date, or_(OfficerPost.end_on.is_(None), OfficerPost.end_on > on_date))
        .order_by(OfficerPost.id)).all()
    out: dict[int, str] = {}
    for mid, post in rows:
        out[mid] = f"{out[mid]}、{post}" if mid in out else post
    return out


def masked_roll(roll: Roll) -> Roll:
    """The roll with ID and mobile numbers partly hidden (``610402********1234``, ``139****5678``)."""
    def hide(e: RollEntry) -> RollEntry:
        ident = e.identifier if e.kind == CORPORATE else mask_id(e.identifier)
        return replace(e, identifier=ident, mobile=mask_phone(e.mobile))

    return replace(roll, groups=[(level, [hide(e) for e in entries]) for level, entries in roll.groups], masked=True)


#: the fields of an export record, in the layout's order of ``io.members_layout``
EXPORT_FIELDS = ("kind", "name", "credit_code", "id_number", "level", "joined", "contact_name", "mobile", "address",
                 "industry", "no", "status", "left_on", "left_reason", "phone", "legal_representative", "size",
                 "gender", "employer", "title", "email", "note")


def export_records(session: Session, *, status: str | None = None) -> Iterator[dict]:
    """Every member as a record of ``EXPORT_FIELDS`` (full values), in number order; streamed."""
    q = select(Member, Level.name).join(Level, Level.id == Member.level_id).order_by(Member.seq, Member.id)
    if status in ("active", "left"):
        q = q.where(Member.status == status)
    for m, level in session.execute(q).yield_per(2000):
        rec = {k: getattr(m, k) for k in EXPORT_FIELDS if k != "level"}
        rec["level"] = level
        rec["credit_code"] = m.credit_code or ""
        rec["id_number"] = m.id_number or ""
        yield rec
