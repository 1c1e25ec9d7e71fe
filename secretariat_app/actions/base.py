"""The kernel every action runs through: who acts, the right, the unit of work, what changed.

An action is a function of ``actions/<capability>.py`` decorated with ``@action(right)`` (a write:
one user action) or ``@query(right)`` (a read). Its body takes a ``Uow`` first; callers pass an
``Actor`` instead::

    @action("members.write")
    def leave(uow: Uow, member_no: str, on: date, reason: str) -> LeftResult: ...

    actions.members.leave(actor, "M0012", date(2026, 6, 30), "resigned")   # GUI worker or CLI

The decorator, in this order:

1. refuses when the right is unknown or missing (fail-closed; ``rights.py``);
2. opens a session on the actor's book and, for a write, one transaction (``BEGIN IMMEDIATE`` on
   SQLite) that commits whole or rolls back whole — nothing is half-written;
3. checks that the actor may act: single-user books allow every listed right; a book with users
   needs a logged-in, active user of *this* book whose current role holds the right (the role is
   read again from the book, so a role taken away meanwhile counts at once);
4. runs the body as that user (the core's flush-time role check and the audit chain see the same
   user, in the same transaction);
5. returns, for a write, an ``Outcome`` (the body's value and the ``Changes`` it recorded), and for
   a query the body's value.

Sessions and ORM objects never leave an action: bodies return plain data (dataclasses, dicts,
tuples), so a GUI worker can hand the result to the GUI thread.
"""

from __future__ import annotations

import contextvars
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.actions import rights
from secretariat_app.core.changes import Changes
from secretariat_app.errors import PermissionDenied
from secretariat_app.i18n import _

T = TypeVar("T")

_inside: contextvars.ContextVar[str | None] = contextvars.ContextVar("secretariat_action", default=None)

#: every action and query, by "module.function" — the CLI/GUI coverage tests read this
REGISTRY: dict[str, Callable[..., Any]] = {}


def inside_action() -> str | None:
    """The name of the action running in this context (None outside every action)."""
    return _inside.get()


@dataclass(frozen=True)
class Actor:
    """Who acts on which book: the front ends build one and pass it to every action.

    ``user`` is the logged-in ``core.auth.Principal``, or None in a book without users
    (single-user mode). ``book`` is an open ``db.book.Book``; it may be shared by threads (each
    action opens its own session on it)."""

    book: Any
    user: Any = None

    @property
    def role(self) -> str | None:
        return getattr(self.user, "role", None)

    @property
    def name(self) -> str:
        return getattr(self.user, "name", "") or ""

    def with_user(self, user) -> "Actor":
        return Actor(self.book, user)


@dataclass
class Outcome(Generic[T]):
    """What a write action returns: its plain result and what it changed."""

    value: T
    changes: Changes = field(default_factory=Changes)

    def __getattr__(self, name: str) -> Any:
        # a result's fields read through the outcome (``outcome.member_id``), for convenience
        if name in ("value", "changes") or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.value, name)


@dataclass
class Uow:
    """The unit of work handed to an action's body."""

    session: Session
    actor: Actor
    right: str
    changes: Changes = field(default_factory=Changes)
    has_users: bool = False

    @property
    def user(self):
        return self.actor.user

    @property
    def user_name(self) -> str:
        return self.actor.name

    @property
    def user_full_name(self) -> str:
        u = self.actor.user
        return (getattr(u, "full_name", "") or getattr(u, "name", "") or "") if u is not None else ""

    def may(self, right: str) -> bool:
        """Whether the actor also holds ``right`` (a second right an action needs for a part)."""
        if not self.has_users:
            return rights.known(right)
        return rights.allowed(self.actor.role, right)

    def require(self, right: str) -> None:
        if not self.may(right):
            raise _denied(self.actor, right)

    @property
    def sees_personal_data(self) -> bool:
        """PIPL (DOMAIN.md §1): ID and phone numbers leave the action unmasked only for this."""
        return self.may("personal_data")


def _denied(actor: Actor, right: str) -> PermissionDenied:
    from secretariat_app.core.auth import ROLE_LABELS

    role = actor.role or ""
    return PermissionDenied(_("The user {user} ({role}) may not {what}; nothing was changed.").format(
        user=actor.name, role=_(ROLE_LABELS.get(role, role)), what=_(rights.label(right))))


def _check(session: Session, actor: Actor, right: str) -> bool:
    """Refuse unless ``actor`` may use ``right`` on this book; returns whether the book has users."""
    from secretariat_app.core.auth import User, _session_url, book_has_users

    if not rights.known(right):
        raise PermissionDenied(_("This action needs a right the program does not know ({right}); "
                                 "nothing was changed.").format(right=right))
    if not book_has_users(session):
        return False
    user = actor.user
    if user is None:
        raise PermissionDenied(_("This book has users: log in first. Nothing was changed."))
    if getattr(user, "book_url", None) not in (None, _session_url(session)):
        raise PermissionDenied(_("The user {user} is logged into another book; nothing was changed.").format(
            user=actor.name))
    row = session.execute(select(User.role, User.active).where(User.name == actor.name)).first()
    if row is None or not row.active:
        raise PermissionDenied(_("The user {user} no longer exists or is disabled in this book; nothing was "
                                 "changed.").format(user=actor.name))
    if row.role != actor.role:  # the role was changed since the login: the book's word counts
        actor = Actor(actor.book, _with_role(user, row.role))
    if not rights.allowed(actor.role, right):
        raise _denied(actor, right)
    return True


def _with_role(user, role: str):
    from dataclasses import replace

    try:
        return replace(user, role=role)
    except TypeError:
        return user


def _book_of(actor: Any):
    book = getattr(actor, "book", None)
    if not isinstance(actor, Actor) or book is None:
        raise TypeError("an action takes an Actor (with an open book) as its first argument")
    return book


def _register(fn: Callable, run: Callable, right: str, kind: str) -> None:
    if not rights.known(right):
        raise ValueError(f"{fn.__module__}.{fn.__name__}: unknown right {right!r}")
    run.__action__ = kind  # type: ignore[attr-defined]
    run.__right__ = right  # type: ignore[attr-defined]
    module = fn.__module__.rsplit(".", 1)[-1]
    REGISTRY[f"{module}.{fn.__name__}"] = run


def action(right: str) -> Callable[[Callable[..., Any]], Callable[..., Outcome]]:
    """A write: one user action, one transaction; returns an ``Outcome``."""

    def deco(fn: Callable[..., Any]) -> Callable[..., Outcome]:
        @functools.wraps(fn)
        def run(actor: Actor, *args, **kwargs) -> Outcome:
            from secretariat_app.core.auth import acting_as
            from secretariat_app.db.session import transaction

            book = _book_of(actor)
            token = _inside.set(fn.__name__)
            try:
                with book.session() as session, acting_as(actor.user):
                    with transaction(session):
                        has_users = _check(session, actor, right)
                        uow = Uow(session, actor, right, has_users=has_users)
                        value = fn(uow, *args, **kwargs)
                    return _outcome(value, uow.changes)
            finally:
                _inside.reset(token)

        _register(fn, run, right, "action")
        return run

    return deco


def query(right: str = "read") -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A read: a session of its own, no write lock, nothing kept; returns the body's value."""

    def deco(fn: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(fn)
        def run(actor: Actor, *args, **kwargs) -> T:
            from secretariat_app.core.auth import acting_as

            book = _book_of(actor)
            token = _inside.set(fn.__name__)
            try:
                with book.session() as session, acting_as(actor.user):
                    try:
                        has_users = _check(session, actor, right)
                        return fn(Uow(session, actor, right, has_users=has_users), *args, **kwargs)
                    finally:
                        if session.in_transaction():
                            session.rollback()  # a query keeps nothing, even by mistake
            finally:
                _inside.reset(token)

        _register(fn, run, right, "query")
        return run

    return deco


def _outcome(value: Any, changes: Changes) -> Outcome:
    if isinstance(value, Outcome):
        value.changes = changes.merge(value.changes)
        return value
    if isinstance(value, Changes):
        return Outcome(None, changes.merge(value))
    inner = getattr(value, "changes", None)
    if isinstance(inner, Changes):
        changes.merge(inner)
    return Outcome(value, changes)


def is_action(fn: Any) -> bool:
    return getattr(fn, "__action__", None) in ("action", "query")
