"""Work the member page hands to ``ctx.run_op``: each runs in a worker with its own session and
returns plain data (ids, numbers, dicts) with the ``Changes`` to broadcast — never ORM objects
(STYLE.md convention 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.members import service
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import LEFT_REASONS, Member
from secretariat_app.core.members.queries import describe_event


@dataclass
class Saved:
    member_id: int
    no: str
    name: str
    changes: Changes = field(default_factory=lambda: Changes({"members"}))


def _saved(m: Member) -> Saved:
    return Saved(m.id, m.no, m.name)


def admit(session: Session, values: dict) -> Saved:
    return _saved(service.admit_member(session, **values))


def edit(session: Session, member_id: int, values: dict, expected_version: int | None = None) -> Saved:
    return _saved(service.update_member(session, member_id, expected_version=expected_version, **values))


def change_level(session: Session, member_id: int, level_id: int, on_date: date, note: str) -> Saved:
    return _saved(service.change_level(session, member_id, level_id, on_date, note=note))


def leave(session: Session, member_id: int, on_date: date, reason: str, note: str) -> Saved:
    return _saved(service.record_leaving(session, member_id, on_date, reason, note))


def level_choices(session: Session, kind: str | None = None) -> list[tuple[int, str, str]]:
    """(id, kind, name) of the levels offered, in order."""
    return [(lv.id, lv.kind, lv.name) for lv in levels(session, kind)]


def details(session: Session, member_id: int) -> dict | None:
    """Everything the detail panel shows, as plain data."""
    m = session.get(Member, member_id)
    if m is None:
        return None
    d = {k: getattr(m, k) for k in ("id", "no", "kind", "name", "credit_code", "id_number", "status", "joined",
                                    "left_on", "left_reason", "left_note", "industry", "address", "phone",
                                    "contact_name", "mobile", "legal_representative", "size", "gender", "employer",
                                    "title", "email", "note", "level_id", "row_version")}
    d["level"] = m.level.name
    d["left_reason_label"] = LEFT_REASONS.get(m.left_reason or "", "")
    d["history"] = [(e.on_date, *describe_event(e)) for e in reversed(service.history(session, m.id))]
    d["posts"] = [(p.post, p.body, p.person, p.start_on, p.end_on) for p in service.member_posts(session, m.id)]
    d["contacts"] = [(c.name, c.position, c.mobile, c.phone, c.email, c.is_primary, c.active)
                     for c in service.contacts(session, m.id)]
    return d
