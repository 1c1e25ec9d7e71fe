"""``secretariat check``: the audit chain (issue 8, "Audit trail").

An entry edited, deleted or cut off the end behind the program's back (e.g. with the sqlite3
shell) breaks the sha256 chain; the check names the first broken entry.
"""

from __future__ import annotations

from secretariat_app.core.checks import register_check
from secretariat_app.i18n import N_, _


@register_check(N_("Audit log"))
def audit_chain(book) -> list[str]:
    from secretariat_app.core.trust.verify import verify_chain

    ok, first_bad, reason = verify_chain(book)
    if ok:
        return []
    if first_bad is None:
        return [reason]
    return [_("the audit log was changed outside Secretariat; first broken entry: {id} ({reason})").format(
        id=first_bad, reason=reason)]


@register_check(N_("Users"))
def users_have_admin(book) -> list[str]:
    from sqlalchemy import text

    with book.engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM users")).scalar()
        admins = conn.execute(text("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = :t"), {"t": True}).scalar()
    if n and not admins:
        return [_("no active administrator: nobody can manage users or restore the book")]
    return []
