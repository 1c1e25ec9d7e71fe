"""One user action, one transaction (STYLE.md convention 2) for the dues services."""

from __future__ import annotations

import functools

from sqlalchemy.orm import Session

from secretariat_app.db.session import transaction


def action(fn):
    """Run a service in one transaction from its first read (validation included) to its commit,
    so that a service called on a fresh session commits its own work and a refusal (DomainError)
    leaves nothing behind; inside a running action it joins it (``db.session.transaction``)."""

    @functools.wraps(fn)
    def run(session: Session, *args, **kwargs):
        with transaction(session):
            return fn(session, *args, **kwargs)

    return run


def acting_name(session: Session, given: str | None = None) -> str:
    """Who is acting (issuer of a receipt, preparer of a voucher): ``given``, else the logged-in
    user's full name or login, else empty (single-user books)."""
    if given:
        return str(given).strip()[:64]
    try:
        from secretariat_app.core.auth import acting_user

        p = acting_user(session)
    except ImportError:  # pragma: no cover - the trust capability is part of the program
        p = None
    if p is None:
        return ""
    return (p.full_name or p.name or "")[:64]
