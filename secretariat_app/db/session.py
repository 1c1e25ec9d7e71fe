"""Units of work: one user action, one transaction (STYLE.md convention 2)."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session


def is_locked_error(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """Run a service inside one transaction.

    A session that is already inside a transaction is joined (the outer action commits), so
    services compose: a dues payment posts its voucher in the payment's own transaction. A
    session outside a transaction gets a fresh one that commits on success and rolls back on any
    exception. A book locked by another program becomes a clear BookError.
    """
    from secretariat_app.core.errors import BookError
    from secretariat_app.i18n import _

    from sqlalchemy.orm.exc import StaleDataError

    if session.in_transaction():
        try:
            yield session
        except StaleDataError as exc:  # another user saved the same record first (issue 8)
            from secretariat_app.core.trust.locking import stale_error

            raise stale_error(session, exc) from exc
        return
    try:
        with session.begin():
            yield session
    except StaleDataError as exc:
        from secretariat_app.core.trust.locking import stale_error

        raise stale_error(session, exc) from exc
    except OperationalError as exc:
        if is_locked_error(exc):
            raise BookError(_("The book is being changed by another program; try again in a moment.")) from exc
        raise
