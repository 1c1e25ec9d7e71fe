"""One user action, one transaction (STYLE.md convention 2) for the roll's services."""

from __future__ import annotations

import functools

from sqlalchemy.orm import Session

from secretariat_app.db.session import transaction


def action(fn):
    """Run a service as one transaction from its first read (validation included) to its commit.

    A session already inside a transaction is joined and the caller commits (db/session.py).
    """
    @functools.wraps(fn)
    def wrapper(session: Session, *args, **kwargs):
        with transaction(session):
            return fn(session, *args, **kwargs)

    return wrapper
