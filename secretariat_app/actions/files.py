"""Files an action writes for the user (PDFs): whole or not at all.

A document is made completely in memory first; only then is it written, through a temporary file
in the same folder that replaces the target at once — so a refusal (an unknown meeting, missing
data) or a crash leaves no file, and never half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` (replacing it) through a temporary file; returns the path."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=target.suffix or ".tmp", dir=str(target.parent or Path(".")))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
