"""Units of work: one user action, one transaction (STYLE.md convention 2)."""

from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Callable, Concatenate, Iterator, ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from secretariat_app.errors import DomainError

P = ParamSpec("P")
R = TypeVar("R")


class StaleRowError(DomainError):
    """A save that lost the race for an optimistically locked row (``version_id_col``): another user
    changed or deleted it after this session read it. Nothing of the save was written."""


# ---- what the domain plugs in ------------------------------------------------------------------
# db knows no domain rule, yet no session of a book may escape the domain's listeners (the role check
# and the audit trail, issue 8) and a lost race should name the record and who changed it. So the
# domain registers both when it is imported (``core/trust``, imported by ``core/__init__``), and a
# book refuses to hand out a session before that happened (``require_guard``, from ``Book.session``).

StaleTranslator = Callable[[Session, BaseException], StaleRowError]
_stale_translator: StaleTranslator | None = None
_guarded = False


def set_stale_translator(translate: StaleTranslator) -> None:
    """``translate(session, exc)`` turns a ``StaleDataError`` into the refusal the user reads."""
    global _stale_translator
    _stale_translator = translate


def mark_guarded() -> None:
    """Called by the domain once its session listeners are registered on SQLAlchemy's ``Session``."""
    global _guarded
    _guarded = True


def require_guard() -> None:
    """Fail closed: a book session before the domain's listeners are in place would write unchecked,
    unaudited rows."""
    if not _guarded:
        raise RuntimeError("no book session before the role check and audit listeners are registered: "
                           "import secretariat_app.core first")


def _stale_error(session: Session, exc: BaseException) -> StaleRowError:
    if _stale_translator is not None:
        return _stale_translator(session, exc)
    from secretariat_app.i18n import _

    return StaleRowError(_("Someone else changed this record after you opened it; reload it and make your "
                           "change again. Nothing was saved."))


def is_locked_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


def _owns_transaction(session: Session) -> bool:
    """True when this unit of work must commit: no outer unit of work and no explicit
    ``session.begin()`` block around it. A transaction SQLAlchemy began on its own for a read
    (autobegin) belongs to the outermost unit of work, which commits it."""
    from sqlalchemy.orm import SessionTransactionOrigin

    if session.info.get("_uow_depth", 0):
        return False
    tx = session.get_transaction()
    return tx is None or tx.origin == SessionTransactionOrigin.AUTOBEGIN


def is_disk_full_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "disk is full" in text or "no space left" in text


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Run a service inside one transaction (one user action).

    The outermost unit of work owns the transaction: it begins it (on SQLite with ``BEGIN
    IMMEDIATE``, so that one writer at a time holds the book), commits on success and rolls back on
    any exception. Units of work inside it — or inside an explicit ``session.begin()`` block —
    join, so services compose: a dues payment posts its voucher in the payment's own transaction.
    A book locked by another program becomes a clear BookError; a record saved meanwhile by
    another user (optimistic locking, issue 8) a StaleRowError naming who changed it.
    """
    from sqlalchemy.orm.exc import StaleDataError

    from secretariat_app.errors import BookError
    from secretariat_app.i18n import _

    owner = _owns_transaction(session)
    depth = session.info.get("_uow_depth", 0)
    session.info["_uow_depth"] = depth + 1
    try:
        if owner and not session.in_transaction():
            session.begin()
            if session.get_bind().dialect.name == "sqlite":
                session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        yield session
        if owner:
            session.commit()
    except BaseException as exc:
        if owner and session.in_transaction():
            session.rollback()
        if isinstance(exc, StaleDataError):
            raise _stale_error(session, exc) from exc
        if isinstance(exc, OperationalError) and is_locked_error(exc):
            raise BookError(_("The book is being changed by another program; try again in a moment.")) from exc
        if isinstance(exc, OperationalError) and is_disk_full_error(exc):
            raise BookError(_("The disk is full; nothing was written. Free some space and try again.")) from exc
        raise
    finally:
        session.info["_uow_depth"] = depth


def action(fn: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """Run a core service (``fn(session, …)``) as one transaction from its first read (validation
    included) to its commit, so that a service called on a fresh session commits its own work and a
    refusal (DomainError) leaves nothing behind; inside a running unit of work it joins it
    (``transaction``). The storage-level unit of work only: rights and audit are the business of
    ``actions.base.action`` above it."""

    @functools.wraps(fn)
    def run(session: Session, *args: P.args, **kwargs: P.kwargs) -> R:
        with transaction(session):
            return fn(session, *args, **kwargs)

    return run
