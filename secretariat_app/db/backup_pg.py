"""Backup and restore of a book on a PostgreSQL server (issue 8): ``pg_dump --format=custom`` and a
restore that replaces every table in one ``psql --single-transaction`` run (the backup's SQL from
``pg_restore``, after dropping the current tables), so that a failure or a kill leaves the old book.
The client tools are found on PATH, in ``SECRETARIAT_PG_BIN`` or the usual folders, or reported.
Used by ``db/backup.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Callable

from secretariat_app.db.files import Progress, fsync_dir, fsync_file, os_error, tmp_beside
from secretariat_app.db.revisions import known_revisions
from secretariat_app.errors import BookError
from secretariat_app.i18n import _

# Where PostgreSQL client tools usually live when they are not on PATH (newest version first).
PG_TOOL_GLOBS = ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/bin",
                 "/Applications/Postgres.app/Contents/Versions/*/bin", "C:/Program Files/PostgreSQL/*/bin"]


def find_pg_tool(name: str) -> str:
    """Path of ``pg_dump``/``pg_restore``/``psql``; BookError naming what to install when missing."""
    import glob

    env_dir = os.environ.get("SECRETARIAT_PG_BIN")
    dirs = [env_dir] if env_dir else []
    found = shutil.which(name)
    if found and not env_dir:
        return found
    for pattern in PG_TOOL_GLOBS:
        dirs.extend(sorted(glob.glob(pattern), reverse=True))
    for d in dirs:
        for cand in (Path(d) / name, Path(d) / f"{name}.exe"):
            if cand.is_file():
                return str(cand)
    if found:
        return found
    raise BookError(_("{tool} was not found. Install the PostgreSQL client tools (the same major version as the "
                      "server) or set SECRETARIAT_PG_BIN to their folder.").format(tool=name))


def _pg_env_and_dsn(url: str) -> tuple[dict, str]:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    dsn = u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return env, dsn


def _run(cmd: list[str], env: dict, what: str, **kw) -> subprocess.CompletedProcess:
    try:
        res = subprocess.run(cmd, env=env, capture_output=True, **kw)
    except OSError as exc:
        raise BookError(_("{tool} could not be started: {reason}").format(tool=cmd[0], reason=exc)) from exc
    if res.returncode != 0:
        err = res.stderr.decode("utf-8", "replace") if isinstance(res.stderr, bytes) else str(res.stderr)
        raise BookError(_("{what} failed: {reason}").format(what=what, reason=err.strip()[-800:]))
    return res


def backup_pg(url: str, target: Path, progress: Progress | None) -> None:
    tool = find_pg_tool("pg_dump")
    env, dsn = _pg_env_and_dsn(url)
    tmp = tmp_beside(target, "backup")
    if progress:
        progress(0, 1)
    try:
        _run([tool, "--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}", f"--dbname={dsn}"],
             env, _("The backup (pg_dump)"))
        fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise os_error(exc, target) from exc
    finally:
        tmp.unlink(missing_ok=True)
    if progress:
        progress(1, 1)


def _pg_dump_revision(source: Path) -> str | None:
    tool = find_pg_tool("pg_restore")
    res = _run([tool, "--data-only", "--table=alembic_version", "--file=-", str(source)], dict(os.environ),
               _("Reading the backup"))
    lines = res.stdout.decode("utf-8", "replace").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and i + 1 < len(lines):
            return lines[i + 1].strip() or None
    return None


def restore_pg(url: str, source: Path, *, backup_replaced: Callable[[], object]) -> None:
    """Replace the book at ``url`` by the backup ``source``; ``backup_replaced()`` first backs up the
    book it replaces (``backup.auto_backup``), when there is one."""
    from sqlalchemy import create_engine, text

    source = Path(source).expanduser()
    if not source.is_file():
        raise BookError(_("There is no backup at {path}.").format(path=source))
    with source.open("rb") as fh:
        if fh.read(5) != b"PGDMP":
            raise BookError(_("{path} is not a PostgreSQL backup of a book (pg_dump custom format).").format(path=source))
    rev = _pg_dump_revision(source)
    if rev is None:
        raise BookError(_("{path} is not a Secretariat book.").format(path=source))
    if rev not in known_revisions():
        raise BookError(_("{path} was written by a newer version of Secretariat; install the newer version "
                          "to restore it. Nothing was changed.").format(path=source))
    psql = find_pg_tool("psql")
    env, dsn = _pg_env_and_dsn(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = [r[0] for r in conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))]
            if tables and "alembic_version" not in tables:
                raise BookError(_("The database is not a Secretariat book; restore will not overwrite it."))
    finally:
        engine.dispose()
    if tables:
        backup_replaced()
    script = _run([find_pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
                  dict(os.environ), _("Reading the backup")).stdout
    drops = "".join(f'DROP TABLE IF EXISTS "{t}" CASCADE;\n' for t in tables).encode()
    # One transaction: the old tables go and the backup's come, or nothing happens.
    _run([psql, "--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1", f"--dbname={dsn}"],
         env, _("The restore (psql)"), input=drops + script)
