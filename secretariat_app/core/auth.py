"""Users, roles and login; role enforcement inside the core (issue 8, "Users and roles").

A book starts in **single-user mode**: no ``users`` row, no login, every action allowed. Adding
the first user turns login on; that first user is always an administrator. From then on every
flush of an ORM session is checked here (a ``before_flush`` listener registered on the
``Session`` class by ``core/trust``): a change to a table outside the logged-in user's role is
refused with ``PermissionDenied`` naming the role and the area, and nothing is written.

Roles (decided for Secretariat, documented for users in docs/server.md):

- ``admin``: everything, including users, backups and reopening closed periods;
- ``secretary``: members, meetings, reports, the association's settings; reads the books and
  dues but does not change them;
- ``treasurer``: the books (ledger) and dues (bills, payments, receipts);
- ``viewer``: reads only; never sees ID or phone numbers unmasked (PIPL, DOMAIN.md §1).

Reads are never restricted here (personal data is masked by the actions layer, ``actions/privacy.py``). Tables
written through Core bulk statements bypass the listener: importers call
``core.audit.record_bulk`` which checks the role the same way.

Passwords are hashed with argon2id (argon2-cffi). Five wrong passwords in a row lock the user
for 15 minutes. The logged-in user lives in a context variable with a process-wide fallback
(so that GUI worker threads, which start with an empty context, act as the logged-in user).
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

from sqlalchemy import Boolean, DateTime, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from secretariat_app.db.base import Base
from secretariat_app.errors import PermissionDenied
from secretariat_app.i18n import N_, _

ROLES = ("admin", "secretary", "treasurer", "viewer")
ROLE_LABELS = {
    "admin": N_("administrator"),
    "secretary": N_("secretary"),
    "treasurer": N_("treasurer"),
    "viewer": N_("viewer"),
}
AREA_LABELS = {
    "members": N_("members"),
    "ledger": N_("books"),
    "dues": N_("dues"),
    "meetings": N_("meetings"),
    "reports": N_("reports"),
    "settings": N_("book settings"),
    "users": N_("users"),
    "backup": N_("backups"),
    "other": N_("other data"),
}
ROLE_AREAS: dict[str, frozenset[str]] = {
    "admin": frozenset(AREA_LABELS),
    "secretary": frozenset({"members", "meetings", "reports", "settings", "other"}),
    "treasurer": frozenset({"ledger", "dues", "other"}),
    "viewer": frozenset(),
}

# Table name (exact, or prefix when ending in "*") -> area. Capabilities may add their own
# tables with ``register_table_area``. The audit tables are always writable (the log itself).
TABLE_AREAS: list[tuple[str, str]] = [
    ("audit_*", "audit"),
    ("users", "users"),
    ("settings", "settings"),
    ("members*", "members"), ("member_*", "members"), ("levels*", "members"), ("level_*", "members"),
    ("posts*", "members"), ("offices*", "members"), ("officers*", "members"), ("officer_*", "members"),
    ("accounts*", "ledger"), ("account_*", "ledger"), ("vouchers*", "ledger"), ("voucher_*", "ledger"),
    ("periods*", "ledger"), ("period_*", "ledger"), ("opening*", "ledger"), ("ledger_*", "ledger"),
    ("fiscal_*", "ledger"), ("cash_flow*", "ledger"), ("editions*", "ledger"),
    ("fee*", "dues"), ("bills*", "dues"), ("bill_*", "dues"), ("payments*", "dues"), ("payment_*", "dues"),
    ("receipts*", "dues"), ("receipt_*", "dues"), ("dues*", "dues"), ("waivers*", "dues"),
    ("meetings*", "meetings"), ("meeting_*", "meetings"), ("attendance*", "meetings"),
    ("resolutions*", "meetings"), ("resolution_*", "meetings"), ("minutes*", "meetings"),
    ("elections*", "meetings"), ("election_*", "meetings"), ("agenda*", "meetings"),
    ("candidates*", "meetings"), ("votes*", "meetings"),
    ("report*", "reports"), ("evaluation*", "reports"), ("grade_*", "reports"),
]

# Settings keys "<area>.<name>" belong to that area; keys without a dot are the association's
# own data (area "settings").
SETTING_PREFIX_AREAS = {"members": "members", "ledger": "ledger", "dues": "dues", "meetings": "meetings",
                        "reports": "reports", "backup": "backup", "users": "users"}

LOCK_AFTER = 5
LOCK_MINUTES = 15


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(100), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_login: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created: Mapped[datetime] = mapped_column(DateTime, default=lambda: utcnow())


@dataclass(frozen=True)
class Principal:
    """Who is acting: a logged-in user of one book."""

    name: str
    role: str
    user_id: int | None = None
    book_url: str | None = None
    full_name: str = ""

    @property
    def role_label(self) -> str:
        return _(ROLE_LABELS.get(self.role, self.role))


def utcnow() -> datetime:
    """Naive UTC (the ``users`` timestamps are UTC without zone on both databases)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


# ---- the current user --------------------------------------------------------------------

_current: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("secretariat_user", default=None)
_process_user: Principal | None = None
_elevated: contextvars.ContextVar[bool] = contextvars.ContextVar("secretariat_elevated", default=False)


def current_user() -> Principal | None:
    """The user acting in this context: the context variable, else the process's login."""
    return _current.get() or _process_user


def set_current_user(principal: Principal | None) -> None:
    """Log ``principal`` in for the whole process (CLI, GUI after the login dialog)."""
    global _process_user
    _process_user = principal
    _current.set(principal)


@contextmanager
def acting_as(principal: Principal | None) -> Iterator[None]:
    """Act as ``principal`` inside the block only (tests, one-off service calls)."""
    token = _current.set(principal)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def system_action() -> Iterator[None]:
    """Let a service write what the role would not allow, for a reason the service checked itself
    (login bookkeeping, a user changing their own password). Audit entries are still written."""
    token = _elevated.set(True)
    try:
        yield
    finally:
        _elevated.reset(token)


def _session_url(session: Session) -> str | None:
    bind = session.get_bind()
    return bind.engine.url.render_as_string(hide_password=False) if bind is not None else None


def book_has_users(session: Session) -> bool:
    """Whether login is on; cached for the session's current transaction (dropped when ``users``
    is written and at the end of the transaction, ``audit.forget_head``)."""
    cached = session.info.get("trust.has_users")
    if cached is None:
        cached = session.execute(select(User.id).limit(1)).first() is not None
        if session.in_transaction():
            session.info["trust.has_users"] = cached
    return cached


def acting_user(session: Session) -> Principal | None:
    """The current user if logged into this session's book (a login is per book)."""
    p = current_user()
    if p is None:
        return None
    if p.book_url is not None and p.book_url != _session_url(session):
        return None
    return p


# ---- areas and permissions ----------------------------------------------------------------

def register_table_area(pattern: str, area: str) -> None:
    """Map a table name (or prefix ending in ``*``) to an area, ahead of the built-in list."""
    TABLE_AREAS.insert(0, (pattern, area))


def area_of_table(table: str) -> str:
    for pattern, area in TABLE_AREAS:
        if pattern.endswith("*"):
            if table.startswith(pattern[:-1]):
                return area
        elif table == pattern:
            return area
    return "other"


def area_of_setting(key: str) -> str:
    prefix = key.split(".", 1)[0] if "." in key else ""
    return SETTING_PREFIX_AREAS.get(prefix, "settings")


def role_allows(role: str, area: str) -> bool:
    if area == "audit":
        return True
    return area in ROLE_AREAS.get(role, frozenset())


def _denied(principal: Principal, area: str) -> PermissionDenied:
    return PermissionDenied(_("The user {user} ({role}) may not change {area}; nothing was saved.").format(
        user=principal.name, role=principal.role_label, area=_(AREA_LABELS.get(area, area))))


def check_areas(session: Session, areas: set[str]) -> None:
    """Refuse (PermissionDenied) unless the acting user may write every one of ``areas``.

    Single-user mode (no users in the book) and ``system_action`` allow everything. A book with
    users and nobody logged in refuses every write.
    """
    areas = areas - {"audit"}
    if not areas or _elevated.get():
        return
    if not book_has_users(session):
        return
    principal = acting_user(session)
    if principal is None:
        raise PermissionDenied(_("This book has users: log in first. Nothing was saved."))
    for area in sorted(areas):
        if not role_allows(principal.role, area):
            raise _denied(principal, area)


def require(session: Session, area: str) -> None:
    """For services: refuse early (before any work) when the user may not change ``area``."""
    check_areas(session, {area})


def require_table(session: Session, table: str) -> None:
    check_areas(session, {area_of_table(table)})


def _role_of(user) -> str | None:
    if user is None:
        return None
    return getattr(user, "role", None)


def can_manage_users(user: Principal | None = None) -> bool:
    role = _role_of(user if user is not None else current_user())
    return role is None or role == "admin"


# The audit trail's own tables (core/audit.py): its listeners write them for whoever acts.
AUDIT_TABLES = frozenset({"audit_log", "audit_head"})


def _flush_areas(session: Session) -> set[str]:
    areas: set[str] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table is None or table in AUDIT_TABLES:
            continue
        if table == "settings":
            areas.add(area_of_setting(str(getattr(obj, "key", ""))))
        else:
            areas.add(area_of_table(table))
    return areas


def enforce_roles_before_flush(session: Session, _ctx, _instances) -> None:
    """``before_flush`` listener: the role check of every ORM write (registered by core/trust)."""
    if _elevated.get():
        return
    areas = _flush_areas(session)
    if areas:
        check_areas(session, areas)
        if "users" in areas:
            session.info.pop("trust.has_users", None)
