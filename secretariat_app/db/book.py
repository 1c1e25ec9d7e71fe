"""Books (账套): one association's data — one SQLite file or one PostgreSQL database.

Opening a book checks that it is a Secretariat book (never a traceback for a Word file or random
bytes, ``location.py``), refuses one written by a newer program version, and upgrades an older one
through the Alembic migrations (``revisions.py``) after copying it to the backups folder
(``backup.py``).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from secretariat_app.db.backup import backup_before_upgrade
from secretariat_app.db.location import APPLICATION_ID, book_url, check_sqlite_file, sqlite_path
from secretariat_app.db.revisions import current_revision, head_revision, known_revisions, upgrade
from secretariat_app.db.session import require_guard
from secretariat_app.errors import BookError
from secretariat_app.i18n import _

BUSY_TIMEOUT_MS = 5000


def _install_sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # noqa: ANN001
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # noqa: ANN001
        # Writers take the write lock at BEGIN (IMMEDIATE): one writer at a time across
        # processes, and no deadlock when a reader would later upgrade to a writer.
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        _install_sqlite_settings(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


@dataclass
class Book:
    """An open book: its URL, engine and session factory."""

    url: str
    engine: Engine

    def __post_init__(self) -> None:
        self._factory = sessionmaker(bind=self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def ref(self) -> str:
        """How a book is remembered (recent books): its file path, or its URL without the password
        (PGPASSWORD or .pgpass give it)."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).set(password=None).render_as_string(hide_password=False)

    def session(self) -> Session:
        """A new session; services open their own transaction with ``db.session.transaction``.
        Refused until the domain's role check and audit listeners are registered (``require_guard``)."""
        require_guard()
        return self._factory()

    def close(self) -> None:
        self.engine.dispose()


# ---- open / create ------------------------------------------------------------------------

def _translate_open_error(exc: Exception, where: str) -> BookError:
    text_ = str(getattr(exc, "orig", exc)).lower()
    if "disk is full" in text_ or "no space left" in text_:
        return BookError(_("The disk is full; nothing was written to {path}. Free some space and try again.").format(path=where))
    if "locked" in text_ or "busy" in text_:
        return BookError(_("The book {path} is locked by another program. Close it there and try again.").format(path=where))
    if "not a database" in text_ or "malformed" in text_ or "corrupt" in text_:
        return BookError(_("The book {path} is damaged and cannot be opened. Restore it from a backup.").format(path=where))
    if "readonly" in text_ or "read-only" in text_ or "unable to open" in text_:
        return BookError(_("The book {path} cannot be opened for writing: {reason}").format(path=where, reason=exc))
    return BookError(_("The book {path} cannot be opened: {reason}").format(path=where, reason=getattr(exc, "orig", exc)))


def open_book(book: str | os.PathLike | None = None, *, upgrade_ok: bool = True) -> Book:
    """Open an existing book, upgrading an older one (after a backup beside it)."""
    url = book_url(book)
    try:
        make_url(url)
    except ArgumentError as exc:
        raise BookError(_("Not a book path or database URL: {book}").format(book=book)) from exc
    path = sqlite_path(url)
    where = str(path) if path else make_url(url).render_as_string(hide_password=True)
    if path is not None:
        check_sqlite_file(path)
    try:
        engine = make_engine(url)
    except ModuleNotFoundError as exc:
        raise BookError(_("The database driver is not installed: {name}").format(name=exc.name)) from exc
    try:
        if path is not None:
            with engine.connect() as conn:
                app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
            if app_id != APPLICATION_ID:
                engine.dispose()
                raise BookError(_("{path} is a database, but not a Secretariat book.").format(path=where))
        rev = current_revision(engine)
        if rev is None:
            engine.dispose()
            raise BookError(_("{path} is not a Secretariat book.").format(path=where))
        if rev not in known_revisions():
            engine.dispose()
            raise BookError(_("The book {path} was written by a newer version of Secretariat; "
                              "install the newer version to open it. The book was not changed.").format(path=where))
        if rev != head_revision():
            if not upgrade_ok:
                engine.dispose()
                raise BookError(_("The book {path} needs an upgrade.").format(path=where))
            if path is not None:
                engine.dispose()
                backup_before_upgrade(path, rev)  # the backups folder, keeping the last N (issue 8)
                engine = make_engine(url)
            upgrade(engine)
    except BookError:
        raise
    except (OperationalError, DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise _translate_open_error(exc, where) from exc
    return Book(url=url, engine=engine)


def create_book(book: str | os.PathLike | None, *, overwrite: bool = False) -> Book:
    """Create an empty book at ``book`` with every table (migrations from the first one)."""
    url = book_url(book)
    path = sqlite_path(url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            if not overwrite:
                raise BookError(_("A file already exists at {path}; choose another name.").format(path=path))
            for suffix in ("", "-wal", "-shm"):
                p = Path(str(path) + suffix)
                if p.exists():
                    p.unlink()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BookError(_("The folder {path} cannot be created: {reason}").format(path=path.parent, reason=exc.strerror)) from exc
        if not os.access(path.parent, os.W_OK):
            raise BookError(_("The folder {path} is read-only; choose another place for the book.").format(path=path.parent))
    try:
        engine = make_engine(url)
    except ModuleNotFoundError as exc:
        raise BookError(_("The database driver is not installed: {name}").format(name=exc.name)) from exc
    where = str(path) if path else make_url(url).render_as_string(hide_password=True)
    try:
        return _create_tables(engine, url, path, where, overwrite)
    except BaseException:
        # A book that could not be made whole (full disk, interrupted) leaves no file behind.
        engine.dispose()
        if path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise


def _create_tables(engine, url: str, path: Path | None, where: str, overwrite: bool) -> Book:
    try:
        if path is None:
            with engine.connect() as conn:
                names = inspect(conn).get_table_names()
            if names and not overwrite:
                engine.dispose()
                raise BookError(_("The database {path} is not empty; a new book needs an empty database.").format(path=where))
        upgrade(engine)
        if path is not None:
            # Put the header (application_id marker) into the main file at once, so that another
            # program opening the new book recognizes it.
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BookError:
        raise
    except (OperationalError, DBAPIError) as exc:
        engine.dispose()
        raise _translate_open_error(exc, where) from exc
    return Book(url=url, engine=engine)
