"""Durable file writes shared by the backups (SQLite and PostgreSQL): fsync of a file and of its
folder, the temporary file beside a target (renamed into place when complete), and the OS error a
user reads when a file cannot be written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Callable

from secretariat_app.errors import BookError
from secretariat_app.i18n import _

Progress = Callable[[int, int], None]  # (pages done, pages total)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return  # Windows: directories cannot be opened; the rename is durable enough there
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def tmp_beside(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{os.getpid()}.tmp")


def os_error(exc: OSError | sqlite3.Error, where: Path) -> BookError:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:
        return BookError(_("The disk is full; {path} was not written.").format(path=where))
    if isinstance(exc, PermissionError) or "readonly" in text or "read-only" in text or getattr(exc, "errno", None) in (13, 30):
        return BookError(_("{path} cannot be written (read-only folder or no permission).").format(path=where))
    reason = getattr(exc, "strerror", None) or str(exc)
    return BookError(_("{path} cannot be written: {reason}").format(path=where, reason=reason))
