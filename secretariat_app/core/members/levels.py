"""Member levels (会员等级): ordered per kind, renameable and addable (DOMAIN.md §1).

Levels are never deleted (members and fee schedules refer to them); a level can be made
inactive so that it is no longer offered for new members.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.members.models import KINDS, Level, Member, level_rank
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


def levels(session: Session, kind: str | None = None, include_inactive: bool = False) -> list[Level]:
    """Levels ordered by kind (corporate first) then position (1 = highest)."""
    q = select(Level)
    if kind:
        q = q.where(Level.kind == kind)
    if not include_inactive:
        q = q.where(Level.active.is_(True))
    rows = list(session.scalars(q))
    return sorted(rows, key=lambda lv: (KINDS.index(lv.kind) if lv.kind in KINDS else 9, lv.position, lv.id))


def level_by_code(session: Session, kind: str, code: str) -> Level | None:
    return session.scalar(select(Level).where(Level.kind == kind, Level.code == code))


def level_by_name(session: Session, name: str, kind: str | None = None) -> Level | None:
    q = select(Level).where(Level.name == (name or "").strip())
    if kind:
        q = q.where(Level.kind == kind)
    return session.scalars(q).first()


def resolve_level(session: Session, level, kind: str) -> Level:
    """A Level from a Level, an id, a code or a name; refuses a level of the other kind."""
    found: Level | None
    if isinstance(level, Level):
        found = level
    elif isinstance(level, int):
        found = session.get(Level, level)
    else:
        text = str(level or "").strip()
        found = level_by_code(session, kind, text) or level_by_name(session, text, kind)
    if found is None:
        names = "、".join(lv.name for lv in levels(session, kind))
        raise DomainError(_("unknown level {level} (levels: {names})").format(level=level, names=names),
                          field=_("Member level"))
    if found.kind != kind:
        raise DomainError(_("the level {level} is not for this kind of member").format(level=found.name),
                          field=_("Member level"))
    return found


def _check_name(session: Session, kind: str, name: str, exclude_id: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("a level needs a name"), field=_("Member level"))
    if len(name) > 64:
        raise DomainError(_("at most 64 characters"), field=_("Member level"))
    other = level_by_name(session, name, kind)
    if other is not None and other.id != exclude_id:
        raise DomainError(_("there is already a level named {name}").format(name=name), field=_("Member level"))
    return name


@action
def add_level(session: Session, kind: str, name: str, position: int | None = None) -> Level:
    """Add a level; ``position`` 1 = highest, default lowest. Later levels move down one."""
    if kind not in KINDS:
        raise DomainError(_("unknown kind of member {kind}").format(kind=kind))
    name = _check_name(session, kind, name)
    with transaction(session):
        current = levels(session, kind, include_inactive=True)
        n = len(current)
        pos = n + 1 if position is None else max(1, min(int(position), n + 1))
        for lv in current:
            if lv.position >= pos:
                lv.position += 1
        count = session.scalar(select(func.count()).select_from(Level).where(Level.kind == kind)) or 0
        code = f"custom_{count + 1}"
        while level_by_code(session, kind, code) is not None:
            count += 1
            code = f"custom_{count + 1}"
        lv = Level(kind=kind, code=code, name=name, position=pos, active=True)
        session.add(lv)
        session.flush()
        _renumber(session, kind)
    return lv


@action
def rename_level(session: Session, level_id: int, name: str) -> Level:
    lv = session.get(Level, level_id)
    if lv is None:
        raise DomainError(_("no such level"))
    name = _check_name(session, lv.kind, name, exclude_id=lv.id)
    with transaction(session):
        lv.name = name
    return lv


@action
def move_level(session: Session, level_id: int, position: int) -> Level:
    """Put a level at ``position`` (1 = highest) among its kind's levels."""
    lv = session.get(Level, level_id)
    if lv is None:
        raise DomainError(_("no such level"))
    with transaction(session):
        others = [x for x in levels(session, lv.kind, include_inactive=True) if x.id != lv.id]
        pos = max(1, min(int(position), len(others) + 1))
        others.insert(pos - 1, lv)
        for i, x in enumerate(others, start=1):
            x.position = i
        update_ranks(session, lv.kind)
    return lv


@action
def set_level_active(session: Session, level_id: int, active: bool) -> Level:
    lv = session.get(Level, level_id)
    if lv is None:
        raise DomainError(_("no such level"))
    with transaction(session):
        lv.active = bool(active)
    return lv


@action
def save_levels(session: Session, kind: str, rows: list[tuple[int | None, str, bool]]) -> Changes:
    """Settings page: the whole ordered list of a kind's levels as (id or None, name, active).

    Levels missing from ``rows`` are never deleted: they are kept last and made inactive (so no
    longer offered), or refused when members still hold them.
    """
    seen: set[str] = set()
    for _id, name, _active in rows:
        name = (name or "").strip()
        if not name:
            raise DomainError(_("a level needs a name"), field=_("Member level"))
        if name in seen:
            raise DomainError(_("there is already a level named {name}").format(name=name), field=_("Member level"))
        seen.add(name)
    existing = {lv.id: lv for lv in levels(session, kind, include_inactive=True)}
    kept_ids = {level_id for level_id, _n, _a in rows if level_id}
    for lv in existing.values():
        if lv.id not in kept_ids and members_at_level(session, lv.id):
            raise DomainError(_("the level {name} is held by members; make it inactive instead").format(name=lv.name),
                              field=_("Member level"))
    with transaction(session):
        old_names = {lv.id: lv.name for lv in existing.values()}
        # Two passes so that swapping two names does not trip the unique constraint.
        for lv in existing.values():
            lv.name = f"__tmp_{lv.id}"
        session.flush()
        ordered: list[Level] = []
        for level_id, name, active in rows:
            kept = existing.pop(level_id, None) if level_id else None
            if kept is None:
                n = len(existing) + len(ordered) + 1
                code = f"custom_{n}"
                while level_by_code(session, kind, code) is not None:
                    n += 1
                    code = f"custom_{n}"
                kept = Level(kind=kind, code=code, name=name.strip(), position=0, active=True)
                session.add(kept)
            lv = kept
            lv.name = name.strip()
            lv.active = bool(active)
            ordered.append(lv)
        for lv in existing.values():  # dropped from the list: kept, inactive, under its old name
            name = old_names[lv.id]
            lv.name = name if name not in seen else f"{name} ({lv.code})"
            lv.active = False
            ordered.append(lv)
        for i, lv in enumerate(ordered, start=1):
            lv.position = i
        update_ranks(session, kind)
    return Changes({"members", "settings", "dues"})


def _renumber(session: Session, kind: str) -> None:
    for i, lv in enumerate(levels(session, kind, include_inactive=True), start=1):
        lv.position = i
    update_ranks(session, kind)


def update_ranks(session: Session, kind: str) -> None:
    """Members' ``level_rank`` (the table's level sort) after the levels were reordered."""
    session.flush()
    for lv in levels(session, kind, include_inactive=True):
        session.execute(update(Member).where(Member.level_id == lv.id, Member.level_rank != level_rank(lv))
                        .values(level_rank=level_rank(lv)).execution_options(synchronize_session=False))


def members_at_level(session: Session, level_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Member).where(Member.level_id == level_id)) or 0
