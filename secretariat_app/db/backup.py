"""Backup and restore of a book (issue 8, "Backup and restore"; CLI.md ``backup``/``restore``).

- SQLite: the online backup API copies the open book page by page (in steps, with a progress
  callback) into a temporary file beside the target, which is fsynced and renamed into place:
  a backup file is either complete or absent. The copy is a single self-contained file
  (rollback-journal mode, no -wal beside it).
- PostgreSQL: ``pg_dump --format=custom`` / ``pg_restore`` + ``psql`` (``db/backup_pg.py``; the
  tools are found on PATH, in ``SECRETARIAT_PG_BIN`` or the usual folders, or clearly reported).

A restore first checks the source is a Secretariat book this program can open (not newer, integrity
ok), backs up the book it replaces (``auto_backup``), then swaps the files atomically (copy to a
temporary file in the book's folder, fsync, ``os.replace``) so that a kill -9 or power cut at any
moment leaves either the old book or the new one. On PostgreSQL the whole replacement runs in one
transaction (``psql --single-transaction``).

Automatic backups (``auto_backup``) go to the backups folder — book setting ``backup.folder``,
default ``<book folder>/backups/`` — keeping the last ``backup.keep`` (default 10) per book.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from secretariat_app.db.backup_pg import backup_pg, restore_pg
from secretariat_app.db.files import Progress, fsync_dir, fsync_file, os_error, tmp_beside
from secretariat_app.db.location import APPLICATION_ID, SQLITE_MAGIC, book_url, check_sqlite_file, sqlite_path
from secretariat_app.db.revisions import known_revisions
from secretariat_app.errors import BookError
from secretariat_app.i18n import _

STEP_PAGES = 4096  # 16 MB per step with 4 KB pages: the book stays usable between steps
DEFAULT_KEEP = 10


# ---- helpers ---------------------------------------------------------------------------------

def _resolve(book):
    """(url, sqlite path or None) for a Book, a path or a URL."""
    url = getattr(book, "url", None) or book_url(book)
    return url, sqlite_path(url)


def _check_target_folder(target: Path) -> None:
    folder = target.parent
    if not folder.is_dir():
        raise BookError(_("The folder {path} does not exist.").format(path=folder))
    if not os.access(folder, os.W_OK):
        raise BookError(_("{path} cannot be written (read-only folder or no permission).").format(path=folder))


# ---- SQLite ----------------------------------------------------------------------------------

def _sqlite_copy(src_path: Path, target: Path, progress: Progress | None) -> None:
    """Consistent copy of a (possibly open, WAL) SQLite book to ``target`` via a temp file + rename."""
    tmp = tmp_beside(target, "backup")
    tmp.unlink(missing_ok=True)
    _remove_stale_temps(target)
    src = sqlite3.connect(str(src_path), timeout=30, isolation_level=None)
    try:
        # One read transaction for the whole copy: a fixed WAL snapshot, so that writes by the
        # program meanwhile neither restart the copy (they would, at every step) nor enter it.
        src.execute("BEGIN")
        src.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        dst = sqlite3.connect(str(tmp))
        try:
            def _cb(_status, remaining, total):
                if progress is not None:
                    progress(total - remaining, total)

            src.backup(dst, pages=STEP_PAGES, progress=_cb)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + "-journal").unlink(missing_ok=True)
        text = str(exc).lower()
        if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text
                                                       or "corrupt" in text):
            raise BookError(_("{path} is damaged and cannot be copied.").format(path=src_path)) from exc
        if isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text):
            raise BookError(_("The book {path} is locked by another program. Close it there and try again.").format(
                path=src_path)) from exc
        raise os_error(exc, target) from exc
    finally:
        src.close()


def _remove_stale_temps(target: Path, hours: float = 12) -> None:
    """Temporary files left beside ``target`` by a backup that was killed (hidden, pid-tagged)."""
    import time

    for old in target.parent.glob(f".{target.name}.backup-*.tmp*"):
        try:
            if time.time() - old.stat().st_mtime > hours * 3600:
                old.unlink()
        except OSError:
            pass


def _check_sqlite_book_file(path: Path) -> None:
    """Header checks (never opens random files with SQLite). The application id is checked on a
    connection instead of in the header: in an open WAL book it may still be in the -wal file."""
    try:
        check_sqlite_file(path)
    except BookError:
        if not path.is_file():
            raise
        with path.open("rb") as fh:
            if not fh.read(100).startswith(SQLITE_MAGIC) or not Path(str(path) + "-wal").exists():
                raise
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.Error as exc:
            raise BookError(_("The book {path} is damaged and cannot be opened. Restore it from a backup.").format(
                path=path)) from exc
        finally:
            conn.close()
        if app_id != APPLICATION_ID:
            raise


def _validate_sqlite_copy(path: Path, shown: Path) -> str:
    """Integrity, application id and schema version of a candidate book; returns its revision."""
    try:
        conn = sqlite3.connect(str(path))
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise BookError(_("{path} is a database, but not a Secretariat book.").format(path=shown))
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if rows != ["ok"]:
                raise BookError(_("{path} is damaged ({detail}); it was not restored.").format(path=shown, detail="; ".join(rows)))
            try:
                rev = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.DatabaseError:
                rev = None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BookError(_("{path} is damaged ({detail}); it was not restored.").format(path=shown, detail=exc)) from exc
    if not rev:
        raise BookError(_("{path} is not a Secretariat book.").format(path=shown))
    if rev[0] not in known_revisions():
        raise BookError(_("{path} was written by a newer version of Secretariat; install the newer version "
                          "to restore it. Nothing was changed.").format(path=shown))
    return rev[0]


def _swap_in(tmp: Path, target: Path) -> None:
    """Atomically replace the SQLite book ``target`` by ``tmp`` (fsynced already).

    Leaving WAL mode needs every other connection closed, so it doubles as the "is anyone using the
    book" test; then an exclusive lock keeps everyone out until the rename is done."""
    if target.exists():
        conn = sqlite3.connect(str(target), timeout=5, isolation_level=None)
        try:
            try:
                mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
            except sqlite3.OperationalError:
                mode = "busy"
            if str(mode).lower() != "delete":
                raise BookError(_("The book {path} is open in another program; close it there and restore again. "
                                  "Nothing was changed.").format(path=target))
            try:
                conn.execute("BEGIN EXCLUSIVE")
            except sqlite3.OperationalError as exc:
                raise BookError(_("The book {path} is locked by another program. Close it there and try again.").format(
                    path=target)) from exc
            os.replace(tmp, target)
            fsync_dir(target.parent)
            conn.execute("ROLLBACK")
        finally:
            conn.close()
    else:
        # Orphans of a book that was deleted must never be replayed onto the restored one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(tmp, target)
        fsync_dir(target.parent)


def _restore_sqlite(target: Path, source: Path) -> Path:
    source = Path(source).expanduser()
    _check_sqlite_book_file(source)
    if target.exists() and target.resolve() == source.resolve():
        raise BookError(_("The backup and the book are the same file."))
    if not target.parent.is_dir():
        raise BookError(_("The folder {path} does not exist.").format(path=target.parent))
    _check_target_folder(target)
    if target.exists():
        try:
            _check_sqlite_book_file(target)
        except BookError as exc:
            if target.is_dir() or target.stat().st_size >= 100:  # an empty or cut-off file may be replaced
                raise BookError(_("{path} is not a Secretariat book; restore will not overwrite it.").format(path=target)) from exc
    for old in target.parent.glob(f".{target.name}.restore-*.tmp"):
        old.unlink(missing_ok=True)  # left by a restore that was killed
    tmp = tmp_beside(target, "restore")
    try:
        _sqlite_copy(source, tmp, None)
        _validate_sqlite_copy(tmp, source)
        if target.exists():
            _backup_replaced(target)
        _swap_in(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _backup_replaced(target: Path) -> Path:
    """The book a restore replaces goes to the backups folder first (raw copy if it is damaged)."""
    try:
        return auto_backup(target, "before-restore")
    except BookError:
        folder = backups_folder(target)
        folder.mkdir(parents=True, exist_ok=True)
        dest = _unique(folder / f"{target.stem}-{_stamp()}-before-restore-damaged{target.suffix or '.sqlite'}")
        shutil.copyfile(target, dest)
        fsync_file(dest)
        return dest


# ---- public API ------------------------------------------------------------------------------

def backup_book(book, target, progress: Progress | None = None) -> Path:
    """Copy the book (a ``Book``, path or URL; it may be open) to ``target``; returns the path."""
    url, path = _resolve(book)
    target = Path(target).expanduser().resolve()
    if target.is_dir():
        raise BookError(_("{path} is a folder; give a file name for the backup.").format(path=target))
    _check_target_folder(target)
    if path is not None:
        _check_sqlite_book_file(path)
        if target == path.resolve():
            raise BookError(_("The backup and the book are the same file."))
        _sqlite_copy(path, target, progress)
    else:
        backup_pg(url, target, progress)
    return target


def restore_book(book_arg, source) -> Path | str:
    """Replace the book by the backup ``source`` (checked first; the replaced book is backed up).

    Close the book everywhere before (the GUI closes its own engine; another program using it makes
    the restore refuse). Returns the book's path (SQLite) or URL."""
    url, path = _resolve(book_arg)
    if path is not None:
        return _restore_sqlite(path, Path(source))
    restore_pg(url, Path(source), backup_replaced=lambda: auto_backup(url, "before-restore"))
    return url


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def _unique(path: Path) -> Path:
    n = 1
    cand = path
    while cand.exists():
        n += 1
        cand = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return cand


def _read_backup_settings(url: str, path: Path | None) -> dict:
    """backup.folder / backup.keep from the book's settings (raw read: works on older schemas)."""
    try:
        if path is not None:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                rows = conn.execute("SELECT key, value FROM settings WHERE key IN ('backup.folder', 'backup.keep')").fetchall()
            finally:
                conn.close()
        else:
            from sqlalchemy import create_engine, text

            engine = create_engine(url)
            try:
                with engine.connect() as pg:
                    rows = list(pg.execute(text("SELECT key, value FROM settings WHERE key IN ('backup.folder', "
                                                "'backup.keep')")).all())
            finally:
                engine.dispose()
    except Exception:  # noqa: BLE001 — a damaged or half-made book still gets its backup, in the default place
        return {}
    return {k: v for k, v in rows}


def _default_folder(url: str, path: Path | None) -> Path:
    if path is not None:
        return path.parent / "backups"
    from platformdirs import user_data_path
    from sqlalchemy.engine import make_url

    return user_data_path("Secretariat", appauthor=False) / "backups" / (make_url(url).database or "book")


def backups_folder(book) -> Path:
    url, path = _resolve(book)
    folder = _read_backup_settings(url, path).get("backup.folder")
    return Path(folder).expanduser() if folder else _default_folder(url, path)


def backups_kept(book) -> int:
    url, path = _resolve(book)
    try:
        return max(1, int(_read_backup_settings(url, path).get("backup.keep", DEFAULT_KEEP)))
    except (TypeError, ValueError):
        return DEFAULT_KEEP


def _book_stem(url: str, path: Path | None) -> str:
    if path is not None:
        return path.stem
    from sqlalchemy.engine import make_url

    return make_url(url).database or "book"


def list_backups(book) -> list[Path]:
    """This book's automatic backups, newest first."""
    url, path = _resolve(book)
    folder = backups_folder(book)
    if not folder.is_dir():
        return []
    stem = _book_stem(url, path)
    ext = ".sqlite" if path is not None else ".dump"
    files = [p for p in folder.glob(f"{stem}-*{ext}") if p.is_file() and p.name[len(stem) + 1:][:8].isdigit()]
    return sorted(files, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def auto_backup(book, reason: str, progress: Progress | None = None) -> Path:
    """An automatic backup (program closed, before a migration, before a restore) into the backups
    folder, keeping the last N of this book. ``reason`` is a short tag in the file name."""
    url, path = _resolve(book)
    folder = backups_folder(book)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, folder) from exc
    ext = ".sqlite" if path is not None else ".dump"
    tag = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:60]
    target = _unique(folder / f"{_book_stem(url, path)}-{_stamp()}-{tag}{ext}")
    backup_book(book, target, progress)
    prune_backups(book)
    return target


def prune_backups(book, keep: int | None = None) -> list[Path]:
    keep = backups_kept(book) if keep is None else keep
    removed = []
    for old in list_backups(book)[keep:]:
        try:
            old.unlink()
            removed.append(old)
        except OSError:
            pass
    return removed


def backup_on_close(book) -> Path | None:
    """The automatic backup when the program closes: skipped when the book has not changed since
    the newest automatic backup; never raises (a failed backup must not stop the program closing —
    it is logged)."""
    import logging

    try:
        url, path = _resolve(book)
        if path is not None:
            newest = list_backups(book)[:1]
            changed = max((p.stat().st_mtime for p in (path, Path(str(path) + "-wal")) if p.exists()), default=0)
            if newest and newest[0].stat().st_mtime >= changed:
                return None
        return auto_backup(book, "close")
    except Exception:  # noqa: BLE001
        logging.getLogger("secretariat").exception("automatic backup on close")
        return None


def backup_before_upgrade(path: Path, revision: str | None) -> Path:
    """The backup ``db/book.py`` makes before migrating an older SQLite book."""
    return auto_backup(path, f"before-upgrade-{revision or 'none'}")
