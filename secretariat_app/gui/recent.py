"""The recent books list (最近的账套), kept in QSettings: newest first, at most ``MAX_RECENT``.

Each entry is ``{"book": path-or-URL, "name": association name, "opened": ISO date-time}``; it is
stored as JSON text so that every platform's QSettings backend keeps it the same way.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 10
KEY = "books/recent"


def settings() -> QSettings:
    """The program's QSettings (organisation and application names are set in ``gui/app.py``)."""
    return QSettings()


def book_ref(book) -> str:
    """How a book is remembered: its file path, or its URL without the password (PGPASSWORD/.pgpass)."""
    return book.ref


def _same(a: str, b: str) -> bool:
    if "://" in a or "://" in b:
        return a == b
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return a == b


def recent_books() -> list[dict]:
    raw = settings().value(KEY, "")
    try:
        items = json.loads(raw) if raw else []
    except (TypeError, ValueError):
        return []
    return [i for i in items if isinstance(i, dict) and i.get("book")][:MAX_RECENT]


def _save(items: list[dict]) -> None:
    s = settings()
    s.setValue(KEY, json.dumps(items[:MAX_RECENT], ensure_ascii=False))
    s.sync()


def add_recent(book: str, name: str = "") -> None:
    items = [i for i in recent_books() if not _same(i["book"], book)]
    items.insert(0, {"book": book, "name": name, "opened": datetime.now().isoformat(timespec="seconds")})
    _save(items)


def remove_recent(book: str) -> None:
    _save([i for i in recent_books() if not _same(i["book"], book)])


def clear_recent() -> None:
    _save([])


def book_exists(book: str) -> bool:
    """Whether a recent entry can still be opened (a SQLite file that exists, or any URL)."""
    if "://" in book and not book.startswith("sqlite"):
        return True
    path = book.split("///", 1)[1] if book.startswith("sqlite") else book
    return Path(path).expanduser().is_file()


def last_existing_book() -> str | None:
    for item in recent_books():
        if book_exists(item["book"]):
            return item["book"]
    return None
