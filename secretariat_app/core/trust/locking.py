"""Optimistic locking (issue 8, "Shared server"): two users editing the same member, voucher or
bill never lose an update.

The versioned tables carry ``row_version`` (migration 0007) and their models declare
``__mapper_args__ = {"version_id_col": row_version}``: every UPDATE says ``WHERE row_version = <the
version read>`` and bumps it. When another user saved first, SQLAlchemy raises ``StaleDataError``;
``db/session.transaction`` turns it (through ``stale_error``, registered by ``core/trust``) into a
``StaleRowError`` naming who changed the record and when, from the audit log. Nothing of the second save is written (its transaction rolls back).
"""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from secretariat_app.db.session import StaleRowError

_INFO = "trust.versioned"


def remember_versioned(session: Session, _ctx, _instances) -> None:
    """``before_flush``: note the versioned objects this flush updates or deletes, with the
    version they were read at (to tell later which one another user changed)."""
    seen = []
    for obj in list(session.dirty) + list(session.deleted):
        state = inspect(obj)
        mapper = state.mapper
        col = mapper.version_id_col
        if col is None or state.key is None:
            continue
        prop = mapper.get_property_by_column(col)
        version = state.committed_state.get(prop.key, state.dict.get(prop.key))
        seen.append((mapper.local_table.name, state.key[1], col.name, version, _label(obj)))
    session.info[_INFO] = seen


def _label(obj) -> str:
    for attr in ("label", "no", "name", "number"):
        value = getattr(obj, attr, None)
        if isinstance(value, (str, int)) and value != "":
            return str(value)
    return ""


def stale_error(session: Session, exc: BaseException | None) -> StaleRowError:
    """The translated refusal for a save that lost the race: names the record, who changed it, when."""
    from secretariat_app.core.audit import last_change
    from secretariat_app.i18n import _

    bind = session.get_bind()
    culprit = None
    with Session(bind=bind) as probe:  # the failed session is unusable until rolled back
        for table, pk, col, version, label in session.info.get(_INFO, []):
            where = " AND ".join(f"{c.name} = :pk{i}" for i, c in enumerate(_pk_cols(bind, table)))
            params = {f"pk{i}": v for i, v in enumerate(pk)}
            current = probe.execute(text(f"SELECT {col} FROM {table} WHERE {where}"), params).first()
            if current is None or current[0] != version:
                entry = last_change(probe, table, "/".join(str(v) for v in pk))
                culprit = (table, pk, label, current is None, entry)
                break
    if culprit is None:
        return StaleRowError(_("Someone else changed this record after you opened it; reload it and make your "
                             "change again. Nothing was saved."))
    table, pk, label, deleted, entry = culprit
    what = label or "/".join(str(v) for v in pk)
    who = entry.user_name if entry is not None else _("another user")
    when = entry.at[:19].replace("T", " ") + " UTC" if entry is not None else ""
    if deleted:
        return StaleRowError(_("{record} was deleted by {user} ({when}) after you opened it. Nothing was saved.").format(
            record=what, user=who, when=when))
    return StaleRowError(_("{record} was changed by {user} ({when}) after you opened it; reload it and make your "
                         "change again. Nothing was saved.").format(record=what, user=who, when=when))


def _pk_cols(bind, table: str):
    from secretariat_app.db.base import Base

    t = Base.metadata.tables.get(table)
    return list(t.primary_key.columns) if t is not None else []


def expect_version(session: Session, obj, version: int | None) -> None:
    """For services called with the version a form read earlier (GUI workers use fresh sessions):
    refuse, naming who changed the record since, when ``obj`` is no longer at ``version``.
    The UPDATE that follows is still guarded by ``version_id_col`` against a save in between."""
    if version is None:
        return
    mapper = inspect(obj).mapper
    col = mapper.version_id_col
    if col is None:
        return
    current = getattr(obj, mapper.get_property_by_column(col).key)
    if current != version:
        pk = inspect(obj).identity or ()
        session.info[_INFO] = [(mapper.local_table.name, tuple(pk), col.name, version, _label(obj))]
        raise stale_error(session, None)
