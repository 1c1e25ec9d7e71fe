"""Verifying the audit chain (issue 8): ``verify_chain(book) -> (ok, first broken id, reason)``.

The hashing loop itself is in ``db/audit_chain.py`` (importable by worker processes); here: the
split into ranges, the check that the filter columns agree with the hashed content (run in a
thread: pure SQL, so on another core while the chain is hashed), the head record, and the
translated reasons.
"""

from __future__ import annotations

from sqlalchemy import select, text

from secretariat_app.core.audit import GENESIS, SEP, AuditHead

PARALLEL_MIN = 200_000  # entries from which a SQLite log is verified by several processes


def _ranges(conn, n: int, parts: int) -> list[tuple[int, int]]:
    """Split the log into ``parts`` id ranges of about equal size whose bounds are existing ids."""
    first = conn.execute(text("SELECT MIN(id) FROM audit_log")).scalar()
    last = conn.execute(text("SELECT MAX(id) FROM audit_log")).scalar()
    starts = [min(1, first)]
    for k in range(1, parts):
        sid = conn.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET :o"), {"o": k * n // parts}).scalar()
        if sid is not None and sid > starts[-1]:
            starts.append(sid)
    return [(a, (starts[i + 1] - 1) if i + 1 < len(starts) else last) for i, a in enumerate(starts)]


def _verify_sqlite(book) -> tuple:
    import os
    import sys

    from secretariat_app.db import audit_chain

    path = str(book.path)
    with book.engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM audit_log")).scalar() or 0
        if n == 0:
            return audit_chain.OK, None, 1, GENESIS, 1
        workers = min((os.cpu_count() or 1) // 2, 8)  # leave half the cores to the rest of the machine
        parallel = n >= PARALLEL_MIN and workers > 1 and not getattr(sys, "frozen", False)
        ranges = _ranges(conn, n, workers if parallel else 1)
    if len(ranges) == 1:
        return audit_chain.verify_sqlite_range(path, *ranges[0])
    results = audit_chain.verify_sqlite_parallel(path, ranges)
    for res in results:
        if res[0] != audit_chain.OK:
            return res
    return results[-1]


def _verify_server(book) -> tuple:
    from secretariat_app.db import audit_chain

    prev, expect = GENESIS, 1
    raw = book.engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor(name="audit_verify")  # server-side cursor
        cur.execute(f"SELECT {audit_chain.COLUMNS} FROM audit_log ORDER BY id")
        while True:
            chunk = cur.fetchmany(50000)
            if not chunk:
                break
            res = audit_chain.verify_rows(chunk, prev, expect)
            if res[0] != audit_chain.OK:
                return res
            prev, expect = res[3], res[4]
        cur.close()
    finally:
        try:
            raw.rollback()
        except Exception:  # noqa: BLE001 — any driver's error; the connection is closed next anyway
            pass
        raw.close()
    return audit_chain.OK, None, expect, prev, expect


def verify_chain(book) -> tuple[bool, int | None, str]:
    """Check every entry's hash and link; ``(ok, first broken entry id, reason)``.

    The reason is translated. Entries deleted show as a gap (the entry after them is named), an
    edited one as a wrong hash (it, or the entry after it when its own hash was recomputed), entries
    cut off the end as a head that points past the last one."""
    import threading

    from secretariat_app.db import audit_chain
    from secretariat_app.i18n import _

    found: list = []

    def mismatch() -> None:  # pure SQL: runs on another core while the chain is hashed here
        try:
            with book.engine.connect() as conn:
                found.append(conn.execute(text(audit_chain.MISMATCH_SQL), {"sep": SEP}).scalar())
        except Exception as exc:  # noqa: BLE001 — re-raised below, in the caller's thread
            found.append(exc)

    worker = threading.Thread(target=mismatch, name="audit-mismatch")
    worker.start()
    try:
        code, bad, expected, last_hash, next_id = (_verify_sqlite if book.is_sqlite else _verify_server)(book)
    finally:
        worker.join()
    edited = found[0] if found else None
    if isinstance(edited, Exception):
        raise edited
    if edited is not None and (bad is None or edited < bad):
        return False, edited, _("entry {id}: its user, date, table, record or action was changed after it was "
                                "written").format(id=edited)
    if code == audit_chain.GAP:
        return False, bad, _("entry {id}: entries {first}–{last} are missing").format(id=bad, first=expected, last=bad - 1)
    if code == audit_chain.ORDER:
        return False, bad, _("entry {id}: duplicate or out of order").format(id=bad)
    if code == audit_chain.HASH:
        return False, bad, _("entry {id}: its content was changed after it was written, or the entry "
                             "before it was").format(id=bad)
    last_id = next_id - 1
    with book.engine.connect() as conn:
        head = conn.execute(select(AuditHead.last_id, AuditHead.last_hash).where(AuditHead.id == 1)).first()
    if head is None:
        return False, None, _("the audit log's head record is missing")
    if head[0] != last_id or (last_id and head[1] != last_hash):
        if head[0] > last_id:
            return False, last_id + 1, _("entries {first}–{last} were removed from the end of the log").format(
                first=last_id + 1, last=head[0])
        return False, last_id, _("the audit log's head does not match entry {id}").format(id=last_id)
    return True, None, ""
