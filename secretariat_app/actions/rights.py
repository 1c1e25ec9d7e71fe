"""The rights a user action needs, and which roles hold them — fail-closed.

Every action names one right (``@action("members.write")``). ``allowed`` answers only for the
rights listed here: an unknown right, or no right at all, refuses for every role, so a new
action nobody classified can never slip through. Single-user books (no ``users`` row) hold every
*listed* right; a book with users refuses everything to nobody-logged-in.

Roles (docs/server.md; the areas of ``core/auth.py``):
- ``admin`` everything;
- ``secretary`` members, meetings, reports, the association's settings;
- ``treasurer`` the books, dues, bank statements and the accounting archive;
- ``viewer`` reads only, never personal data unmasked (PIPL, DOMAIN.md §1).
"""

from __future__ import annotations

from secretariat_app.i18n import N_

ROLES = ("admin", "secretary", "treasurer", "viewer")
_ALL = frozenset(ROLES)
_STAFF = frozenset({"admin", "secretary", "treasurer"})
_ADMIN = frozenset({"admin"})
_SECRETARIAT = frozenset({"admin", "secretary"})
_FINANCE = frozenset({"admin", "treasurer"})

#: right -> (roles that hold it, what it is, for messages)
RIGHTS: dict[str, tuple[frozenset[str], str]] = {
    "read": (_ALL, N_("read the book")),
    "personal_data": (_STAFF, N_("see ID and phone numbers unmasked")),
    "book.create": (_ALL, N_("create a book")),
    "book.overwrite": (_ADMIN, N_("replace a book that holds data")),
    "settings.write": (_SECRETARIAT, N_("change the association's settings")),
    "members.write": (_SECRETARIAT, N_("change the member roll")),
    "meetings.write": (_SECRETARIAT, N_("record meetings")),
    "reports.write": (_SECRETARIAT, N_("write reports")),
    "dues.write": (_FINANCE, N_("record dues")),
    "dues.schedule": (_FINANCE | _SECRETARIAT, N_("record the fee schedule")),
    "ledger.write": (_FINANCE, N_("keep the books")),
    "ledger.settings": (_FINANCE, N_("change the books' settings")),
    "ledger.reopen": (_ADMIN, N_("reopen a closed period")),
    "bank.write": (_FINANCE, N_("import and match bank statements")),
    "archive.make": (_FINANCE | _SECRETARIAT, N_("make the accounting archive")),
    "users.manage": (_ADMIN, N_("manage users")),
    "password.own": (_ALL, N_("change one's own password")),
    "backup.make": (_STAFF, N_("back up the book")),
    "backup.restore": (_ADMIN, N_("restore a backup")),
    "backup.settings": (_ADMIN, N_("change where backups go and how many are kept")),
    "audit.read": (_ALL, N_("read the audit log")),
}


def known(right: str | None) -> bool:
    return right is not None and right in RIGHTS


def allowed(role: str | None, right: str | None) -> bool:
    """Whether ``role`` holds ``right``; ``role`` None means single-user mode (every listed right).

    Unknown rights and unknown roles refuse."""
    if not known(right):
        return False
    if role is None:
        return True
    return role in RIGHTS[right][0]  # type: ignore[index]


def label(right: str) -> str:
    entry = RIGHTS.get(right)
    return entry[1] if entry else right
