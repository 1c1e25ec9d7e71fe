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

Reads are never restricted (apart from personal data, see ``may_see_personal_data``). Tables
written through Core bulk statements bypass the listener: importers call
``core.audit.record_bulk`` which checks the role the same way.

Passwords are hashed with argon2id (argon2-cffi). Five wrong passwords in a row lock the user
for 15 minutes. The logged-in user lives in a context variable with a process-wide fallback
(so that GUI worker threads, which start with an empty context, act as the logged-in user).
"""

from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterator

from sqlalchemy import Boolean, DateTime, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from secretariat_app.core.errors import DomainError, PermissionDenied
from secretariat_app.db.base import Base
from secretariat_app.db.session import transaction
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
    return bind.url.render_as_string(hide_password=False) if bind is not None else None


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


def can_change(area: str, user: Principal | None = None) -> bool:
    """Whether ``user`` (default: the current user) may change ``area``; single-user mode: yes."""
    role = _role_of(user if user is not None else current_user())
    return role is None or role_allows(role, area)


def can_reopen_period(user: Principal | None = None) -> bool:
    """Reopening a closed period (DOMAIN.md §3) needs the right: administrators only."""
    role = _role_of(user if user is not None else current_user())
    return role is None or role == "admin"


def can_manage_users(user: Principal | None = None) -> bool:
    role = _role_of(user if user is not None else current_user())
    return role is None or role == "admin"


def can_backup(user: Principal | None = None) -> bool:
    """A backup holds personal data unmasked: everyone but viewers."""
    return may_see_personal_data(user)


def can_restore(user: Principal | None = None) -> bool:
    return can_manage_users(user)


def may_see_personal_data(user: Principal | None = None) -> bool:
    """PIPL (DOMAIN.md §1): viewers never see ID or phone numbers unmasked; others may choose to."""
    role = _role_of(user if user is not None else current_user())
    return role != "viewer"


def _flush_areas(session: Session) -> set[str]:
    from secretariat_app.core.audit import is_audit_class

    areas: set[str] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if is_audit_class(type(obj)):
            continue
        table = getattr(getattr(obj, "__table__", None), "name", None)
        if table is None:
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


# ---- users ---------------------------------------------------------------------------------

def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("a user name is required"), field=_("User name"))
    if len(name) > 64 or any(c.isspace() for c in name):
        raise DomainError(_("a user name has at most 64 characters and no spaces"), field=_("User name"))
    return name


def _check_password(password: str) -> None:
    if len(password or "") < 8:
        raise DomainError(_("a password has at least 8 characters"), field=_("Password"))


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise DomainError(_("unknown role {role}; choose admin, secretary, treasurer or viewer").format(role=role),
                          field=_("Role"))
    return role


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.name)))


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise DomainError(_("There is no user {name}.").format(name=name), field=_("User name"))
    return user


def add_user(session: Session, name: str, password: str, role: str = "viewer", full_name: str = "") -> Principal:
    """Add a user. The first user of a book is always an administrator and is logged in at once
    (single-user mode ends). Later users need an administrator."""
    name = _check_name(name)
    _check_password(password)
    _check_role(role)
    with transaction(session):
        first = not book_has_users(session)
        if first:
            role = "admin"
        else:
            check_areas(session, {"users"})
        if session.scalar(select(User.id).where(func.lower(User.name) == name.lower())) is not None:
            raise DomainError(_("The user {name} exists already.").format(name=name), field=_("User name"))
        user = User(name=name, full_name=(full_name or "").strip()[:100], role=role,
                    password_hash=hash_password(password), active=True, failed_logins=0, created=utcnow())
        session.add(user)
        session.flush()
        principal = _principal(session, user)
    if first:
        set_current_user(principal)
    return principal


def _principal(session: Session, user: User) -> Principal:
    return Principal(name=user.name, role=user.role, user_id=user.id, book_url=_session_url(session),
                     full_name=user.full_name or "")


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True)))


def change_role(session: Session, name: str, role: str) -> None:
    _check_role(role)
    with transaction(session):
        check_areas(session, {"users"})
        user = get_user(session, name)
        if user.role == "admin" and role != "admin" and user.active and _active_admins(session) <= 1:
            raise DomainError(_("{name} is the last administrator; make another user administrator first.").format(name=name))
        user.role = role


def set_active(session: Session, name: str, active: bool) -> None:
    """Disable (or enable again) a user. Users are never deleted: the audit log names them."""
    with transaction(session):
        check_areas(session, {"users"})
        user = get_user(session, name)
        if not active and user.role == "admin" and user.active and _active_admins(session) <= 1:
            raise DomainError(_("{name} is the last administrator and cannot be disabled.").format(name=name))
        user.active = active
        if active:
            user.failed_logins = 0
            user.locked_until = None


def change_password(session: Session, name: str, new_password: str, old_password: str | None = None) -> None:
    """A user changes their own password (with the old one); an administrator sets anyone's."""
    _check_password(new_password)
    with transaction(session):
        user = get_user(session, name)
        me = acting_user(session)
        own = me is not None and me.name == user.name
        if own and not can_manage_users(me):
            if old_password is None or not _verify(user.password_hash, old_password):
                raise DomainError(_("The old password is wrong."), field=_("Password"))
        elif book_has_users(session):
            check_areas(session, {"users"})
        with system_action():
            user.password_hash = hash_password(new_password)
            user.failed_logins = 0
            user.locked_until = None
            session.flush()


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def login(session: Session, name: str, password: str) -> Principal:
    """Check the password and log the user in for the process; DomainError when refused.

    Five wrong passwords in a row lock the user for 15 minutes (the counter is saved even though
    the login is refused)."""
    now = utcnow()
    with transaction(session), system_action():
        user = session.scalar(select(User).where(User.name == (name or "").strip()))
        if user is None or not user.active:
            raise DomainError(_("Unknown user or wrong password."))
        if user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            raise DomainError(_("The user {name} is locked after {n} wrong passwords; try again in {minutes} minutes.").format(
                name=user.name, n=LOCK_AFTER, minutes=minutes))
        ok = _verify(user.password_hash, password or "")
        # The bookkeeping below is audited under the name being logged in.
        token = _current.set(_principal(session, user))
        try:
            refusal, principal = _record_login(session, user, ok, password, now)
        finally:
            _current.reset(token)
    if refusal is not None:
        raise DomainError(refusal)
    set_current_user(principal)
    return principal


def _record_login(session: Session, user: User, ok: bool, password: str, now: datetime):
    """Save the outcome of a login attempt; returns (refusal message or None, principal or None)."""
    if ok:
        if _hasher().check_needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login = now
        session.flush()
        return None, _principal(session, user)
    user.failed_logins = (user.failed_logins or 0) + 1
    locked = user.failed_logins >= LOCK_AFTER
    if locked:
        user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        user.failed_logins = 0
    session.flush()
    if locked:
        return _("Wrong password; the user {name} is now locked for {minutes} minutes.").format(
            name=user.name, minutes=LOCK_MINUTES), None
    return _("Unknown user or wrong password."), None


def logout() -> None:
    set_current_user(None)


def login_for_cli(book, user: str | None) -> Principal | None:
    """The CLI login (``--user``; password from SECRETARIAT_PASSWORD or a prompt).

    Single-user books need no login and return None; a book with users refuses without --user."""
    with book.session() as s:
        has_users = book_has_users(s)
    if not has_users:
        return None
    with book.session() as s:  # a fresh session: login() commits its own bookkeeping
        if not user:
            raise PermissionDenied(_("This book has users: give --user NAME (the password is read from "
                                     "SECRETARIAT_PASSWORD or asked for)."))
        password = os.environ.get("SECRETARIAT_PASSWORD")
        if password is None:
            import getpass

            try:
                password = getpass.getpass(_("Password for {name}: ").format(name=user))
            except EOFError:
                password = ""
        return login(s, user, password)
