"""Where a book is and whether a file is one: the book's SQLAlchemy URL (a path means SQLite), the
default book, and the marks of a Secretariat SQLite file (header, ``PRAGMA application_id``)."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from secretariat_app.errors import BookError
from secretariat_app.i18n import _

# PRAGMA application_id of every Secretariat SQLite book: 'SCRT'.
APPLICATION_ID = 0x53435254
SQLITE_MAGIC = b"SQLite format 3\x00"


def default_book_path() -> Path:
    """The default book in the per-user data folder (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("Secretariat", appauthor=False) / "books" / "default.sqlite"


def book_url(book: str | os.PathLike | None) -> str:
    """A SQLAlchemy URL for ``book``: a path (SQLite) or a URL; ``None`` is the default book."""
    if book is None:
        book = default_book_path()
    s = str(book)
    if "://" in s:
        return s
    return "sqlite:///" + str(Path(s).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    return Path(u.database) if u.database else None


def check_sqlite_file(path: Path) -> None:
    if not path.exists():
        raise BookError(_("There is no book at {path}.").format(path=path))
    if path.is_dir():
        raise BookError(_("{path} is a folder, not a book.").format(path=path))
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise BookError(_("The book {path} cannot be read: {reason}").format(path=path, reason=exc.strerror)) from exc
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise BookError(_("{path} is not a Secretariat book (the file is not a database).").format(path=path))
    app_id = int.from_bytes(head[68:72], "big")
    # A book just created by another program may still hold its header change in the WAL file:
    # then the marker is read through a connection instead (open_book).
    if app_id != APPLICATION_ID and not Path(str(path) + "-wal").exists():
        raise BookError(_("{path} is a database, but not a Secretariat book.").format(path=path))
