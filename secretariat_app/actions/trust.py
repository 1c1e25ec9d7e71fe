"""Trust (issue 8): users and roles, passwords, the audit log, backups and restores.

The rules live in ``core/auth.py``, ``core/trust/`` and ``core/audit.py``, the copying in
``db/backup.py``; here each user action checks its right (``actions/rights.py``) and runs in one
unit of work. Audit values leave these queries masked (``privacy.mask_text``) for a role without
"personal_data": an audit entry repeats whatever a member's row held, ID and phone numbers included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from secretariat_app.actions import privacy, rights
from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.paging import Page, PageRequest, fetch_page
from secretariat_app.errors import BookError, PermissionDenied
from secretariat_app.i18n import _

# ---- who may do what ---------------------------------------------------------------------------

@query()
def my_rights(uow: Uow) -> frozenset[str]:
    """The rights the actor holds on this book (the screens enable their buttons by them)."""
    return frozenset(r for r in rights.RIGHTS if uow.may(r))


# ---- users -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class UserRow:
    name: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_login: datetime | None

    @property
    def locked(self) -> bool:
        from secretariat_app.core.auth import utcnow

        return self.active and self.locked_until is not None and self.locked_until > utcnow()


@query()
def users(uow: Uow) -> list[UserRow]:
    """The users of the book, by name (none: single-user mode, nobody logs in)."""
    from secretariat_app.core.trust.users import list_users

    return [UserRow(u.name, u.full_name or "", u.role, bool(u.active), u.locked_until, u.last_login)
            for u in list_users(uow.session)]


@action("users.manage")
def add_user(uow: Uow, name: str, password: str, role: str = "viewer", full_name: str = ""):
    """Add a user; the first user of a book is always its administrator and login is on from then.
    Returns the new user's ``Principal`` (the GUI signs the first user in with it)."""
    from secretariat_app.core.trust.users import add_user as add

    principal = add(uow.session, name, password, role, full_name)
    uow.changes.record("users", principal.user_id)
    return principal


def _user_id(uow: Uow, name: str) -> int:
    from secretariat_app.core.trust.users import get_user

    return get_user(uow.session, name).id


@action("users.manage")
def change_role(uow: Uow, name: str, role: str) -> str:
    from secretariat_app.core.trust.users import change_role as change

    change(uow.session, name, role)
    uow.changes.record("users", _user_id(uow, name))
    return role


@action("users.manage")
def set_active(uow: Uow, name: str, active: bool) -> bool:
    """Disable a user (users are never deleted: the audit log names them), or enable one again."""
    from secretariat_app.core.trust.users import set_active as set_

    set_(uow.session, name, active)
    uow.changes.record("users", _user_id(uow, name))
    return active


@action("users.manage")
def set_password(uow: Uow, name: str, new_password: str) -> None:
    """An administrator sets anyone's password."""
    from secretariat_app.core.trust.users import change_password

    change_password(uow.session, name, new_password)
    uow.changes.record("users", _user_id(uow, name))


@action("password.own")
def change_own_password(uow: Uow, new_password: str, old_password: str | None) -> None:
    """The logged-in user changes their own password; the old one is asked unless an administrator."""
    from secretariat_app.core.trust.users import change_password

    if uow.user is None:
        raise PermissionDenied(_("Nobody is logged in: a book without users has no passwords."))
    change_password(uow.session, uow.user_name, new_password, old_password=old_password)
    uow.changes.record("users", _user_id(uow, uow.user_name))


# ---- the audit log ---------------------------------------------------------------------------

def _masked(value: Any) -> Any:
    if isinstance(value, str):
        return privacy.mask_text(value)
    if isinstance(value, dict):
        return {k: _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


@query("audit.read")
def audit_entries(uow: Uow, *, since: date | None = None, until: date | None = None, table: str | None = None,
                  record: str | None = None, who: str | None = None, limit: int = 1000) -> list[dict]:
    """Audit entries newest first, as ``audit --json`` prints them (before/after as values);
    masked unless the actor may see personal data."""
    from secretariat_app.core.audit import query_entries

    entries = [e.to_json() for e in query_entries(uow.session, since=since, until=until, table=table,
                                                    record_id=record, user=who, limit=max(1, limit))]
    if uow.sees_personal_data:
        return entries
    return [{**e, "before": _masked(e["before"]), "after": _masked(e["after"])} for e in entries]


def _as_date(value) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    from secretariat_app.core.validate import parse_date

    return parse_date(str(value))


@query("audit.read")
def audit_page(uow: Uow, request: PageRequest) -> Page:
    """A page of the audit log for the Settings › Audit log table, newest first.

    Rows: (id, at, user, action, table, record, content) — ``content`` is the hashed content of
    ``core/audit.entry_content``, masked unless the actor may see personal data. Filters by name:
    ``since``/``until`` (dates), ``table``, ``record``, ``user``."""
    from sqlalchemy import select

    from secretariat_app.core.audit import AuditEntry, entry_filters

    f = request.filters
    q = select(AuditEntry.id, AuditEntry.at, AuditEntry.user_name, AuditEntry.action, AuditEntry.table_name,
               AuditEntry.record_id, AuditEntry.content).where(*entry_filters(
                   since=_as_date(f.get("since")), until=_as_date(f.get("until")), table=f.get("table") or None,
                   record_id=f.get("record") or None, user=f.get("user") or None)).order_by(AuditEntry.id.desc())
    mask = None if uow.sees_personal_data else (lambda r: r[:6] + (privacy.mask_text(r[6]),))
    return fetch_page(uow.session, q, request, key_index=0, sortable=(), transform=mask)


@query("audit.read")
def audit_users(uow: Uow) -> list[str]:
    """The user names the audit log holds (for its filter)."""
    from sqlalchemy import select

    from secretariat_app.core.audit import AuditEntry

    return [r[0] for r in uow.session.execute(select(AuditEntry.user_name).distinct().order_by(AuditEntry.user_name))]


@query("audit.read")
def verify_audit(uow: Uow) -> tuple[bool, int | None, str]:
    """Check the audit log's hash chain: ``(ok, first broken entry id, translated reason)``."""
    from secretariat_app.core.trust.verify import verify_chain

    return verify_chain(uow.actor.book)


# ---- backups ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupInfo:
    folder: str
    keep: int
    files: list[tuple[str, float]]  # (file name, modification time), newest first


@query()
def backup_info(uow: Uow, limit: int = 50) -> BackupInfo:
    """The backups folder, how many automatic backups are kept, and the newest of them."""
    from secretariat_app.db import backup

    book = uow.actor.book
    files = [(p.name, p.stat().st_mtime) for p in backup.list_backups(book)[:limit]]
    return BackupInfo(str(backup.backups_folder(book)), backup.backups_kept(book), files)


@action("backup.settings")
def save_backup_settings(uow: Uow, folder: str, keep: int) -> None:
    """Where automatic backups go (empty: beside the book) and how many are kept."""
    from secretariat_app.core.book_settings import set_value

    keep = int(keep)
    if keep < 1:
        from secretariat_app.errors import DomainError

        raise DomainError(_("Keep at least one automatic backup."), field=_("Automatic backups kept"))
    set_value(uow.session, "backup.folder", (folder or "").strip())
    set_value(uow.session, "backup.keep", str(keep))
    uow.changes.record("settings", "backup.folder", "backup.keep")


@query("backup.make")
def backup(uow: Uow, target: str, progress=None) -> str:
    """Copy the book (while it is open) to the file ``target``; returns the path written.

    A backup holds every personal datum unmasked: not for viewers. It writes nothing to the book,
    so it runs as a query (no write lock while the copy is made)."""
    from secretariat_app.db.backup import backup_book

    return str(backup_book(uow.actor.book, target, progress=progress))


@query("backup.restore")
def restore(uow: Uow, source: str) -> str:
    """Replace the book by the backup ``source`` (checked first; the replaced book is backed up
    into the backups folder). Returns the book's path or URL.

    The book is closed here — its file is replaced under it — so the caller opens it again (and
    logs in again: the restored book may have other users). It writes nothing through the session,
    which is let go before the file is touched."""
    from secretariat_app.db.backup import restore_book

    book = uow.actor.book
    url = book.url
    uow.session.close()
    book.close()
    return str(restore_book(url, source))


def restore_unopenable(book_arg, source: str) -> str:
    """Restore a book that cannot be opened at all (damaged, cut off, missing): there is nobody to
    log in, and restoring it is the point. A book that opens is refused here: it is restored
    through ``restore``, by a user who holds the right."""
    from secretariat_app.actions.book import default_book, open_book
    from secretariat_app.db.backup import restore_book

    try:
        book = open_book(book_arg)
    except BookError as exc:
        if "newer" in exc.message or "新版本" in exc.message:
            raise  # a book of a newer program is not damaged: restoring over it would lose its data
    else:
        book.close()
        raise PermissionDenied(_("The book can be opened: log in and restore it as its administrator."))
    return str(restore_book(book_arg or default_book(), source))


def backup_on_close(actor) -> str | None:
    """The automatic backup when the program closes (not a user's action: it happens for every
    user, into the backups folder); skipped when nothing changed; never raises."""
    from secretariat_app.db.backup import backup_on_close as auto

    path = auto(actor.book)
    return str(path) if path is not None else None


def backup_file_name(name: str, stamp: datetime | None = None) -> str:
    """A name for a backup the user makes: ``<association>-备份-20260105-1030.sqlite``."""
    stamp = stamp or datetime.now()
    return f"{name or _('book')}-{_('backup')}-{stamp:%Y%m%d-%H%M}.sqlite"

