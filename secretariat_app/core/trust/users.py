"""Users of a book (issue 8): adding, roles, disabling, passwords (argon2id), login with lockout,
and the CLI login. The role model and the enforcement live in ``core/auth.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.auth import (
    LOCK_AFTER,
    LOCK_MINUTES,
    ROLES,
    Principal,
    User,
    _current,
    _session_url,
    acting_user,
    book_has_users,
    can_manage_users,
    check_areas,
    set_current_user,
    system_action,
    utcnow,
)
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

# argon2-cffi's defaults (argon2id, RFC 9106 low-memory profile); tests lower them for speed.
HASH_PARAMS: dict = {}


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher(**HASH_PARAMS)


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
    return session.scalar(select(func.count()).select_from(User).where(User.role == "admin", User.active.is_(True))) or 0


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
