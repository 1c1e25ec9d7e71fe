"""Books: open one for use (and log in), create one (``init``, ``--demo``), check it, the
association's settings, and the summaries the dashboard and the book switcher show.

``open_for_use`` is the one way the CLI gets an ``Actor``: it opens (and, after a backup,
upgrades) the book and, when the book has users, logs the user in. The GUI does the same in two
steps, because its login is a dialog: ``open_book`` (in a worker), ``before_login`` (has the book
users? its language and name), then ``log_in``. None of these is an ``@action`` — there is nobody
acting yet — but everything after them is. ``create`` makes the book, then fills it through the
``fill`` action (one transaction: a refused demo leaves no half-built book, and no file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from secretariat_app.actions.base import Actor, Uow, action, query
from secretariat_app.errors import BookError, PermissionDenied
from secretariat_app.i18n import _

# ---- opening and logging in (nobody acts yet) ------------------------------------------------

@dataclass(frozen=True)
class BeforeLogin:
    """What the shell needs to know of a book it just opened, before anyone logs in."""

    has_users: bool
    language: str
    name: str


def open_book(book_arg=None, *, upgrade_ok: bool = True):
    """Open the book ``book_arg`` (path, URL, None: the default book), upgrading an older one after
    a backup; ``BookError`` when it is not a book, too new, locked… Returns the open ``Book``."""
    from secretariat_app.db.book import open_book as db_open_book

    return db_open_book(book_arg, upgrade_ok=upgrade_ok)


def before_login(book) -> BeforeLogin:
    """Whether ``book`` has users (a login is needed), its language and the association's name."""
    from secretariat_app.core.auth import book_has_users
    from secretariat_app.core.book_settings import get_value

    with book.session() as s:
        return BeforeLogin(book_has_users(s), _language(s), get_value(s, "name", "") or "")


def log_in(book, user: str, password: str):
    """Check ``user``'s password on ``book``; the logged-in ``Principal`` (DomainError when refused:
    wrong password, locked, disabled). Writes its own bookkeeping (failed attempts, last login)."""
    from secretariat_app.core.trust.users import login

    with book.session() as s:
        return login(s, user, password or "")


def open_for_use(book_arg=None, *, user: str | None = None, password: str | None = None,
                 ask_password: Callable[[str], str] | None = None, upgrade_ok: bool = True,
                 use_language: Callable[[str], None] | None = None) -> Actor:
    """Open ``book_arg`` (path, URL, or None for the default book) and log ``user`` in if it has users.

    The password comes from ``password``, else ``SECRETARIAT_PASSWORD``, else ``ask_password(user)``.
    A book with users and no ``user`` is refused (PermissionDenied); the book is closed again on any
    refusal. ``use_language`` is called with the book's language before the login, so that the
    login's own messages come in it."""
    book = open_book(book_arg, upgrade_ok=upgrade_ok)
    try:
        info = before_login(book)
        if use_language is not None:
            use_language(info.language)
        if not info.has_users:
            return Actor(book, None)
        if not user:
            raise PermissionDenied(_("This book has users: give --user NAME (the password is read from "
                                     "SECRETARIAT_PASSWORD or asked for)."))
        if password is None:
            password = os.environ.get("SECRETARIAT_PASSWORD")
        if password is None and ask_password is not None:
            password = ask_password(user)
        return Actor(book, log_in(book, user, password or ""))
    except BaseException:
        book.close()
        raise


def _language(session) -> str:
    from secretariat_app.core.book_settings import get_value

    return get_value(session, "language", "zh_CN") or "zh_CN"


def preload() -> None:
    """Import the book layer now (the GUI calls this before PySide6 for a quicker start)."""
    import sqlalchemy.orm  # noqa: F401

    import secretariat_app.core.book_settings  # noqa: F401
    import secretariat_app.db.book  # noqa: F401


def default_book() -> str:
    """The default book in the per-user data folder (used when no book is given)."""
    from secretariat_app.db.location import default_book_path

    return str(default_book_path())


def books_folder() -> Path:
    """Where new books go by default (the folder of the default book)."""
    return Path(default_book()).parent


# ---- creating a book -------------------------------------------------------------------------

def create(book_arg, name: str, *, credit_code: str | None = None, demo: bool = False, force: bool = False,
           lang: str | None = None, user: str | None = None, password: str | None = None,
           ask_password: Callable[[str], str] | None = None) -> Actor:
    """Create a book and fill it (``secretariat init``); returns the actor on the new, open book.

    The values are checked before anything is created. ``force`` replaces a file at ``book_arg``;
    when that file is a Secretariat book, replacing it needs that book's right to be replaced
    (its administrator when it has users: ``user``/``password`` as for ``open_for_use``) and a
    backup of it is written first (CLI.md). On any refusal the half-made file is removed."""
    from secretariat_app.core.book_settings import validate_settings
    from secretariat_app.db.book import create_book
    from secretariat_app.db.location import book_url, sqlite_path

    values = {"name": name}
    if credit_code:
        values["credit_code"] = credit_code
    if lang:
        values["language"] = lang
    validate_settings(values)  # refuse before creating anything
    if force:
        _before_replacing(book_arg, user=user, password=password, ask_password=ask_password)
    book = create_book(book_arg, overwrite=force)
    actor = Actor(book, None)
    try:
        fill(actor, values, demo=demo)
    except BaseException:
        book.close()
        path = sqlite_path(book_url(book_arg))
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return actor


def _before_replacing(book_arg, **login) -> None:
    """``init --force`` on an existing book: the right to replace it, and a backup of it first."""
    from secretariat_app.db.backup import auto_backup
    from secretariat_app.db.location import book_url, sqlite_path

    path = sqlite_path(book_url(book_arg))
    if path is not None and not (path.exists() and path.stat().st_size > 0):
        return
    try:
        old = open_for_use(book_arg, upgrade_ok=False, **login)
    except PermissionDenied:
        raise  # a book with users, and no login of its administrator
    except BookError:
        return  # not a book this program can open (an empty database, another file): --force replaces it
    try:
        if replace_check(old):
            auto_backup(old.book, "before-init")
    finally:
        old.book.close()


@query("book.overwrite")
def replace_check(uow: Uow) -> bool:
    """Whether the book holds anything worth a backup before it is replaced (users, members,
    vouchers, any audit entry); refuses unless the actor may replace it."""
    from sqlalchemy import func, select

    from secretariat_app.core.audit import AuditEntry

    return bool(uow.session.scalar(select(func.count()).select_from(AuditEntry)))


@action("book.create")
def fill(uow: Uow, values: dict, demo: bool = False) -> dict:
    """Fill a new book: the association's settings, or the whole demo association (``--demo``)."""
    from secretariat_app.core.book_settings import update_settings

    if demo:
        from secretariat_app.core.demo import build_demo

        build_demo(uow.session, values["name"])
        rest = {k: v for k, v in values.items() if k != "name"}
        if rest:
            update_settings(uow.session, **rest)
        uow.changes.add("members", "dues", "ledger", "meetings", "reports")
    else:
        update_settings(uow.session, **values)
    uow.changes.record("settings", *values)
    return values


# ---- checks ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    title: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@query()
def check(uow: Uow) -> list[CheckRow]:
    """``secretariat check``: every integrity check of the book, each with its problems."""
    from secretariat_app.core.checks import run_checks

    return [CheckRow(r.title, list(r.problems)) for r in run_checks(uow.actor.book)]


# ---- the association's settings --------------------------------------------------------------

@query()
def language(uow: Uow) -> str:
    """The book's language setting (``zh_CN`` or ``en``)."""
    return _language(uow.session)


@query()
def association_name(uow: Uow) -> str:
    from secretariat_app.core.book_settings import get_value

    return get_value(uow.session, "name", "") or ""


@query()
def settings(uow: Uow):
    """The association's own data and the book's options (``core.book_settings.BookSettings``)."""
    from secretariat_app.core.book_settings import get_settings

    return get_settings(uow.session)


@action("settings.write")
def update_settings(uow: Uow, values: dict) -> dict:
    """Save the association's settings; every field is checked first and nothing is written when
    one is bad (one DomainError listing each bad field)."""
    from secretariat_app.core.book_settings import update_settings as save

    save(uow.session, **values)
    uow.changes.record("settings", *values)
    return dict(values)


# ---- summaries: the dashboard, the book switcher -------------------------------------------

@dataclass(frozen=True)
class Dashboard:
    settings: Any                       # core.book_settings.BookSettings
    counts: list[tuple[str, int]]       # (untranslated label, how many), tables present only


@query()
def dashboard(uow: Uow) -> Dashboard:
    """The association's registration details and how many records the book holds."""
    from secretariat_app.core.book_settings import get_settings
    from secretariat_app.core.summary import glance_counts

    return Dashboard(get_settings(uow.session), glance_counts(uow.session))


@query()
def summary(uow: Uow, today: date | None = None) -> dict:
    """The book at a glance for the book switcher (``core.summary.summary_of``: last voucher,
    open periods, unposted vouchers, bank balance, dues in arrears; money in fen)."""
    from secretariat_app.core.summary import summary_of

    return summary_of(uow.session, today)


def recent_summaries(refs: list[str], progress=None) -> list[dict]:
    """One ``summary`` per book (``{"__error__": message}`` for a book that cannot be read — a book
    with users tells nobody its figures before a login). Each book is opened without upgrading it
    and closed again; nothing crosses books."""
    from secretariat_app.db.location import book_url, sqlite_path

    out: list[dict] = []
    for i, ref in enumerate(refs):
        if progress is not None:
            progress(i, len(refs), ref)
        path = sqlite_path(book_url(ref))
        if path is not None and not path.is_file():
            out.append({"__error__": _("The file is missing.")})
            continue
        try:
            book = open_book(ref, upgrade_ok=False)
            try:
                out.append(dict(summary(Actor(book, None)) or {}))
            finally:
                book.close()
        except PermissionDenied:
            out.append({"__error__": _("Log in to the book to see its figures.")})
        except BookError as exc:
            out.append({"__error__": exc.message})
        except Exception as exc:  # noqa: BLE001 — one unreadable book must not hide the others
            out.append({"__error__": str(exc)})
    return out
