"""Who acts in the dues services (the issuer of a receipt, the preparer of a voucher)."""

from __future__ import annotations

from sqlalchemy.orm import Session


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
