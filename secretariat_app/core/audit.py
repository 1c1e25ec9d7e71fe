"""The audit trail: an append-only, hash-chained log of every change (issue 8, "Audit trail").

Every ORM flush writes, in the same transaction, one ``audit_log`` entry per inserted, updated or
deleted object: who (the logged-in user, else ``system``; plus the OS account), when (UTC), the
table, the record id, the action, and the column values before and after (JSON; money columns
as strings ``"1234.50"``; password hashes never). The listeners are registered globally on the
``Session`` class by ``core/trust``.

Each entry's ``hash`` is ``sha256(previous hash ␟ id ␟ content)`` where ``content`` holds the
entry's fields joined by U+001F in one column (``entry_content``): one column read, one join and
one hash per entry, so that a million entries verify in seconds (``db/audit_chain.py``); the
filter columns repeat the start of ``content`` and the check verifies they agree. Ids are consecutive (assigned under a lock on ``audit_head``, which also remembers
the last id and hash), so an entry edited, deleted or cut off the end — e.g. with the sqlite3
shell — breaks the chain at a named entry: ``verify_chain``.

Bulk writes done with Core (``session.execute(insert(table), rows)``) bypass the ORM events:
the code doing them must call ``record_bulk`` in the same transaction.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import json
from datetime import date, datetime, time, timezone
from decimal import Decimal
from typing import Any, Iterable

from sqlalchemy import Index, Integer, String, Text, bindparam, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from secretariat_app.db.base import Base, Fen

GENESIS = "0" * 64
SEP = "\x1f"
SECRET_COLUMNS = frozenset({"password_hash"})
_INFO_HEAD = "trust.audit_head"
_INFO_SQLITE_LOCK = "trust.sqlite_locked"
_INFO_DIRTY = "trust.audit_appended"


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_record", "table_name", "record_id"),
        Index("ix_audit_log_user_name", "user_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    user_name: Mapped[str] = mapped_column(String(64))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(128), default="")
    action: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))

    def _field(self, i: int) -> str:
        parts = (self.content or "").split(SEP)
        return parts[i] if i < len(parts) else ""

    @property
    def os_user(self) -> str:
        return self._field(5)

    @property
    def before(self) -> str | None:
        return self._field(6) or None

    @property
    def after(self) -> str | None:
        return self._field(7) or None

    def before_values(self) -> Any:
        return json.loads(self.before) if self.before else None

    def after_values(self) -> Any:
        return json.loads(self.after) if self.after else None

    def to_json(self) -> dict:
        return {"id": self.id, "at": self.at, "user": self.user_name, "os_user": self.os_user,
                "table": self.table_name, "record": self.record_id, "action": self.action,
                "before": self.before_values(), "after": self.after_values()}


class AuditHead(Base):
    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


_AUDIT_CLASSES = (AuditEntry, AuditHead)


def _clean(value: str) -> str:
    return value.replace(SEP, " ")


def entry_content(at: str, user_name: str, os_user: str, table_name: str, record_id: str, action: str,
                  before: str | None, after: str | None) -> str:
    """What an entry's hash covers, as stored in ``content`` (JSON never holds a raw U+001F)."""
    return SEP.join((at, _clean(user_name), _clean(table_name), _clean(record_id), action, _clean(os_user),
                     before or "", after or ""))


def entry_hash(prev_hash: str, id_: int | str, content: str) -> str:
    """``sha256(previous hash ␟ id ␟ content)`` in hex: one join and one hash per entry, so that a
    million entries verify in seconds (``db/audit_chain.py``)."""
    return hashlib.sha256(SEP.join((prev_hash, str(id_), content)).encode("utf-8")).hexdigest()


def utc_stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


_os_user: str | None = None


def os_user() -> str:
    global _os_user
    if _os_user is None:
        try:
            _os_user = getpass.getuser()[:64]
        except (OSError, KeyError, ImportError):  # no login name in some containers/services
            _os_user = ""
    return _os_user


def _who(session: Session) -> str:
    from secretariat_app.core.auth import acting_user

    p = acting_user(session)
    return p.name if p is not None else "system"


# ---- value serialization -------------------------------------------------------------------

def _is_money(col) -> bool:
    t = col.type
    return t is Fen or getattr(t, "_variant_mapping", None) is getattr(Fen, "_variant_mapping", ())


def _plain(value: Any, money: bool) -> Any:
    if value is None:
        return None
    if money and isinstance(value, int) and not isinstance(value, bool):
        from secretariat_app.core.money import fen_str

        return fen_str(value)
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (bytes, bytearray, memoryview)):
        # A fingerprint, not a copy: stored files (report attachments) may be megabytes.
        import hashlib

        data = bytes(value)
        return f"<{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()}>"
    if isinstance(value, float):
        return repr(value)
    return str(value)


_MAPPER_COLS: dict[Any, tuple] = {}


def _columns(mapper) -> tuple:
    """(attribute key, column name, is money, is secret) per column attribute; cached per mapper."""
    cols = _MAPPER_COLS.get(mapper)
    if cols is None:
        out = []
        for prop in mapper.column_attrs:
            col = prop.columns[0]
            name = getattr(col, "name", prop.key)
            out.append((prop.key, name, _is_money(col), name in SECRET_COLUMNS))
        pk_keys = tuple(mapper.get_property_by_column(c).key for c in mapper.primary_key)
        cols = (tuple(out), pk_keys)
        _MAPPER_COLS[mapper] = cols
    return cols


def _dump(values: dict | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _record_id(state, pk_keys) -> str:
    return "/".join("" if state.dict.get(k) is None else str(state.dict.get(k)) for k in pk_keys)


def _snapshot(state, cols) -> dict:
    d = state.dict
    out = {}
    for key, name, money, secret in cols:
        if key in d:
            out[name] = "***" if secret else _plain(d[key], money)
    return out


def _changes(state, cols) -> tuple[dict, dict]:
    before, after = {}, {}
    attrs = state.attrs
    for key, name, money, secret in cols:
        hist = attrs[key].load_history()
        if not hist.added and not hist.deleted:
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new and hist.deleted:
            continue
        before[name] = "***" if secret else _plain(old, money)
        after[name] = "***" if secret else _plain(new, money)
    return before, after


def _collect(session: Session) -> list[tuple[str, str, str, str | None, str | None]]:
    """(table, record id, action, before JSON, after JSON) for the flush being done."""
    rows = []
    for action, objs in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objs:
            if isinstance(obj, _AUDIT_CLASSES):
                continue
            state = inspect(obj)
            mapper = state.mapper
            table = getattr(mapper.local_table, "name", None)
            if table is None:
                continue
            cols, pk_keys = _columns(mapper)
            if action == "insert":
                before, after = None, _snapshot(state, cols)
            elif action == "update":
                before, after = _changes(state, cols)
                if not after:
                    continue
            else:
                before, after = _snapshot(state, cols), None
            rows.append((table, _record_id(state, pk_keys), action, _dump(before), _dump(after)))
    rows.sort(key=lambda r: (r[0], r[2], r[1]))  # deterministic order inside one flush
    return rows


# ---- writing -------------------------------------------------------------------------------

_HEAD = AuditHead.__table__
_LOG = AuditEntry.__table__
_LOCK_HEAD = select(_HEAD.c.last_id).where(_HEAD.c.id == 1).with_for_update()
_LAST_ENTRY = select(_LOG.c.id, _LOG.c.hash).order_by(_LOG.c.id.desc()).limit(1)
_INSERT = _LOG.insert()
_SET_HEAD = _HEAD.update().where(_HEAD.c.id == 1).values(last_id=bindparam("head_id"), last_hash=bindparam("head_hash"))
_TOUCH_HEAD = _HEAD.update().where(_HEAD.c.id == 1).values(last_id=_HEAD.c.last_id)


def _lock_head(session: Session) -> tuple[int, str]:
    """The chain's last id and hash, read once per transaction (or savepoint) after taking the
    chain lock: on PostgreSQL the ``audit_head`` row is locked until the transaction ends; on
    SQLite the writer already holds the database's write lock. The head row itself is brought up
    to date once, at commit (``before_commit``), not at every flush."""
    cached = session.info.get(_INFO_HEAD)
    if cached is not None:
        return cached
    conn = session.connection()
    conn.execute(_LOCK_HEAD)
    row = conn.execute(_LAST_ENTRY).first()
    head = (int(row[0]), row[1]) if row else (0, GENESIS)
    session.info[_INFO_HEAD] = head
    return head


def lock_for_write(session: Session) -> None:
    """Serialize this book's writers from now until the transaction ends — call it before reading
    a "next number" (vouchers, receipts) so that concurrent entry stays gapless and unique.

    PostgreSQL: the audit head row is locked (every writer takes it at its first flush anyway).
    SQLite: the write lock is taken now (a writer that committed meanwhile makes this fail with the
    usual "being changed by another program" refusal instead of a duplicate number later)."""
    if session.get_bind().dialect.name == "sqlite":
        if not session.info.get(_INFO_SQLITE_LOCK):
            session.connection().execute(_TOUCH_HEAD)
            session.info[_INFO_SQLITE_LOCK] = True
    else:
        _lock_head(session)


def append(session: Session, rows: Iterable[tuple[str, str, str, str | None, str | None]]) -> int:
    """Append entries ``(table, record_id, action, before_json, after_json)``; returns the last id.

    Runs on the session's connection, inside its transaction (Core statements, no flush)."""
    rows = list(rows)
    if not rows:
        return session.info.get(_INFO_HEAD, (0, ""))[0]
    last_id, last_hash = _lock_head(session)
    at, who, osu = utc_stamp(), _who(session), os_user()
    params = []
    for table, record_id, action, before, after in rows:
        last_id += 1
        record_id = _clean(str(record_id))[:128]
        content = entry_content(at, who, osu, table, record_id, action, before, after)
        h = entry_hash(last_hash, last_id, content)
        params.append({"id": last_id, "at": at, "user_name": _clean(who), "table_name": _clean(table),
                       "record_id": record_id, "action": action, "content": content, "hash": h})
        last_hash = h
    session.connection().execute(_INSERT, params)
    session.info[_INFO_HEAD] = (last_id, last_hash)
    session.info[_INFO_DIRTY] = True
    return last_id


def update_head(session: Session) -> None:
    """``before_commit``: flush what is pending (its entries are appended), then record the chain's
    last id and hash in ``audit_head`` — in the same transaction, once."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    if not session.info.pop(_INFO_DIRTY, False):
        return
    conn = session.connection()
    row = conn.execute(_LAST_ENTRY).first()
    if row is not None:
        conn.execute(_SET_HEAD, {"head_id": int(row[0]), "head_hash": row[1]})


def record_bulk(session: Session, table: str, action: str, rows_summary: dict | list | str) -> None:
    """One audit entry for a bulk write done with Core ``executemany`` (importers, billing runs).

    Call it in the same transaction as the bulk statement. ``rows_summary`` is JSON-able, e.g.
    ``{"count": 1200, "source": "members.xlsx", "first": "M0001", "last": "M1200"}``. The acting
    user's role is checked for ``table`` (PermissionDenied) exactly as for ORM writes.
    """
    from secretariat_app.core.auth import area_of_table, check_areas

    check_areas(session, {area_of_table(table)})
    if not isinstance(rows_summary, str):
        rows_summary = json.dumps(rows_summary, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                  default=lambda v: _plain(v, False))
    append(session, [(table, "", "bulk_" + action if not action.startswith("bulk_") else action, None, rows_summary)])


def record_event(session: Session, table: str, record_id: str, action: str, detail: dict | None = None) -> None:
    """An audit entry for an event that is not a row change (a period reopened, a restore)."""
    append(session, [(table, str(record_id), action, None, _dump(detail) if detail is not None else None)])


# ---- listeners (registered by core/trust) -----------------------------------------------------

def before_flush(session: Session, _ctx, _instances) -> None:
    """Take the chain lock before any row is written (PostgreSQL): writers queue here instead of
    deadlocking between their own row locks and the chain's."""
    if session.get_bind().dialect.name != "sqlite" and (session.new or session.dirty or session.deleted):
        _lock_head(session)


def after_flush(session: Session, _ctx) -> None:
    rows = _collect(session)
    if rows:
        append(session, rows)


def forget_head(session: Session, transaction) -> None:
    """The cached head (and the "book has users" answer of core/auth) is valid inside one database
    transaction or savepoint; the subtransactions every flush opens keep it."""
    if transaction.nested or transaction.parent is None:
        session.info.pop(_INFO_HEAD, None)
        session.info.pop("trust.has_users", None)
        if transaction.parent is None:
            session.info.pop(_INFO_SQLITE_LOCK, None)
            session.info.pop(_INFO_DIRTY, None)


# ---- reading -------------------------------------------------------------------------------

def entry_filters(*, since: date | None = None, until: date | None = None, table: str | None = None,
                  record_id: str | None = None, user: str | None = None) -> list:
    """WHERE clauses for audit entries by date (UTC), table, record and user."""
    from datetime import timedelta

    clauses = []
    if since is not None:
        clauses.append(AuditEntry.at >= since.isoformat())
    if until is not None:
        clauses.append(AuditEntry.at < (until + timedelta(days=1)).isoformat())
    if table:
        clauses.append(AuditEntry.table_name == table)
    if record_id:
        clauses.append(AuditEntry.record_id == str(record_id))
    if user:
        clauses.append(AuditEntry.user_name == user)
    return clauses


def entries_query(**filters):
    """A SELECT of audit entries, newest first, filtered in the database."""
    return select(AuditEntry).where(*entry_filters(**filters)).order_by(AuditEntry.id.desc())


def query_entries(session: Session, *, limit: int = 1000, offset: int = 0, **filters) -> list[AuditEntry]:
    return list(session.scalars(entries_query(**filters).limit(limit).offset(offset)))


def last_change(session_or_conn, table: str, record_id: str) -> AuditEntry | None:
    """The newest entry about one record (who changed it last, when)."""
    return session_or_conn.scalars(entries_query(table=table, record_id=record_id).limit(1)).first()
