"""Benchmarks of issue 8 (trust), printed against their targets:

1. fault injection: ``kill -9`` of a real ``secretariat`` process at random moments of a restore, a
   members import, a voucher import, a dues billing run and a period closing (≥ 50 trials in all); every trial must leave the book as
   before or as after the action, opening cleanly and passing ``check``;
2. audit-chain verification of 1,000,000 entries ≤ 5 s;
3. backup of a 1 GB book while it is open (and being written to by another connection).

    .venv/bin/python bench/bench_trust.py [--trials 60] [--entries 1000000] [--size-mb 1024]
                                          [--only faults|audit|backup] [--out bench/out]

Books are built under ``--out`` (reused when present: the 1 GB book takes a while to make).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "trust"))

TARGET_VERIFY_S = 5.0
MIN_TRIALS = 50


def bench_faults(out: Path, trials: int) -> bool:
    import fault_harness as fh

    scenarios = [("restore", lambda w: fh.restore_scenario(w, pad_rows=400)),
                 ("members import", lambda w: fh.members_import_scenario(w, n=3000)),
                 ("ledger import", lambda w: fh.ledger_import_scenario(w, n=1500)),
                 ("dues billing", lambda w: fh.dues_billing_scenario(w, n=2500)),
                 ("period close", lambda w: fh.period_close_scenario(w, n=1500))]
    rng = random.Random(20260808)
    tally: Counter = Counter()
    broken = []
    per = max(1, -(-trials // len(scenarios)))
    t0 = time.perf_counter()
    for name, make in scenarios:
        work = fh.measure(make, out / "faults" / "measure")
        for i in range(per):
            tr = fh.run_trial(make, out / "faults" / f"trial{i}", rng, work)
            tally[(name, "killed" if tr.killed else "finished", tr.state if tr.ok else "BROKEN")] += 1
            if not tr.ok:
                broken.append(tr)
        print(f"  {name}: action runs {work:.2f} s after the book is opened; {per} trials")
    total = sum(tally.values())
    print(f"fault injection: {total} trials in {time.perf_counter() - t0:.0f} s")
    for (name, fate, state), n in sorted(tally.items()):
        print(f"  {name:<15} {fate:<9} → {state:<7} {n:>3}")
    for tr in broken:
        print(f"  BROKEN: {tr}")
    ok = not broken and total >= MIN_TRIALS
    print(f"  result: {'PASS' if ok else 'FAIL'} — {total - len(broken)}/{total} as before or after "
          f"(target: all, ≥ {MIN_TRIALS} trials)")
    return ok


def build_audit_book(path: Path, n: int) -> None:
    """A book whose audit log holds ``n`` chained entries (written directly, in bulk)."""
    from secretariat_app.core import audit
    from secretariat_app.db.book import create_book

    create_book(path, overwrite=True).close()
    conn = sqlite3.connect(path)
    prev = audit.GENESIS
    at = "2026-03-01T08:00:00.000000Z"
    batch = []
    for i in range(1, n + 1):
        before = '{"address":"陕西省西安市雁塔区科技路%d号"}' % (i - 1)
        after = '{"address":"陕西省西安市雁塔区科技路%d号"}' % i
        content = audit.entry_content(at, "alice", "secretary", "members", str(i % 5000 + 1), "update", before, after)
        h = audit.entry_hash(prev, i, content)
        batch.append((i, at, "alice", "members", str(i % 5000 + 1), "update", content, h))
        prev = h
        if len(batch) == 100_000:
            conn.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?)", batch)
            batch = []
    conn.executemany("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?)", batch)
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", (n, prev))
    conn.commit()
    conn.close()


def bench_audit(out: Path, n: int) -> bool:
    from secretariat_app.core.trust.verify import verify_chain
    from secretariat_app.db.book import open_book

    path = out / f"audit-{n}.sqlite"
    if not path.exists():
        t = time.perf_counter()
        build_audit_book(path, n)
        print(f"  built {n:,} entries in {time.perf_counter() - t:.1f} s ({path.stat().st_size / 2**20:.0f} MB)")
    book = open_book(path)
    try:
        verify_chain(book)  # warm the page cache, as a second `check` would
        t, c = time.perf_counter(), time.process_time()
        ok, bad, reason = verify_chain(book)
        wall, cpu = time.perf_counter() - t, time.process_time() - c
    finally:
        book.close()
    passed = ok and wall <= TARGET_VERIFY_S
    print(f"audit chain: {n:,} entries verified in {wall:.2f} s (this process's CPU {cpu:.2f} s; "
          f"target ≤ {TARGET_VERIFY_S:.0f} s) — {'PASS' if passed else 'FAIL'}{'' if ok else f' (broken at {bad}: {reason})'}")
    return passed


def build_big_book(path: Path, size_mb: int) -> None:
    from secretariat_app.db.book import create_book

    create_book(path, overwrite=True).close()
    conn = sqlite3.connect(path)
    blob = "会" * 30_000  # ~90 KB of UTF-8 per row
    rows = max(1, size_mb * 2**20 // (len(blob.encode()) + 64))
    for start in range(0, rows, 500):
        conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)",
                         [(f"bench.pad{i}", blob) for i in range(start, min(rows, start + 500))])
        conn.commit()
    conn.close()


def bench_backup(out: Path, size_mb: int) -> bool:
    from secretariat_app.core.book_settings import set_value
    from secretariat_app.db.backup import backup_book
    from secretariat_app.db.book import open_book

    path = out / f"big-{size_mb}mb.sqlite"
    if not path.exists() or path.stat().st_size < size_mb * 2**20 * 0.9:
        t = time.perf_counter()
        build_big_book(path, size_mb)
        print(f"  built a {path.stat().st_size / 2**30:.2f} GB book in {time.perf_counter() - t:.0f} s")
    book = open_book(path)
    stop = threading.Event()
    writes = [0]

    def writer():  # the program keeps working on the book during the backup
        with book.session() as s:
            while not stop.is_set():
                set_value(s, "bench.counter", str(writes[0]))
                s.commit()
                writes[0] += 1
                time.sleep(0.05)

    progress = []
    target = out / "big-backup.sqlite"
    th = threading.Thread(target=writer)
    th.start()
    try:
        t = time.perf_counter()
        backup_book(book, target, progress=lambda d, n: progress.append((time.perf_counter() - t, d, n)))
        wall = time.perf_counter() - t
    finally:
        stop.set()
        th.join()
        book.close()
    size = target.stat().st_size
    copy = open_book(target)
    with copy.engine.connect() as c:
        check = c.exec_driver_sql("PRAGMA quick_check").scalar()
    copy.close()
    gaps = [b[0] - a[0] for a, b in zip(progress, progress[1:])]
    print(f"backup of an open {path.stat().st_size / 2**30:.2f} GB book: {wall:.1f} s "
          f"({size / 2**20 / wall:.0f} MB/s), {len(progress)} steps (longest {max(gaps, default=0):.2f} s), "
          f"{writes[0]} writes by another session meanwhile; copy quick_check: {check}")
    target.unlink()
    return check == "ok"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=60)
    ap.add_argument("--entries", type=int, default=1_000_000)
    ap.add_argument("--size-mb", type=int, default=1024)
    ap.add_argument("--only", choices=["faults", "audit", "backup"])
    ap.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    if args.only in (None, "audit"):
        results["audit"] = bench_audit(out, args.entries)
    if args.only in (None, "backup"):
        results["backup"] = bench_backup(out, args.size_mb)
    if args.only in (None, "faults"):
        results["faults"] = bench_faults(out, args.trials)
    print("summary:", ", ".join(f"{k} {'PASS' if v else 'FAIL'}" for k, v in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
