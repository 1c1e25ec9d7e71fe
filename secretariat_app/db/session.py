"""Units of work: one user action, one transaction (STYLE.md convention 2)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session


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
    another user (optimistic locking, issue 8) a DomainError naming who changed it.
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
            from secretariat_app.core.trust.locking import stale_error

            raise stale_error(session, exc) from exc
        if isinstance(exc, OperationalError) and is_locked_error(exc):
            raise BookError(_("The book is being changed by another program; try again in a moment.")) from exc
        if isinstance(exc, OperationalError) and is_disk_full_error(exc):
            raise BookError(_("The disk is full; nothing was written. Free some space and try again.")) from exc
        raise
    finally:
        session.info["_uow_depth"] = depth
