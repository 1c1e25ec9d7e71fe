"""Benchmark of the books (issue 4, "Performance"): figures printed against their targets.

    .venv/bin/python bench/bench_ledger.py [--postings 1000000] [--keep DIR] [--no-hledger]

1. Generates a voucher CSV of N postings (≈ 0.45 N vouchers of two or three lines, one year) and
   the equivalent hledger journal.
2. Imports the CSV into an empty book and prints a year's trial balance, as the CLI does
   (``secretariat ledger import`` then ``ledger trial-balance --json``), in child processes:
   wall time and peak RSS (``os.wait4``). Then runs ``hledger -f journal bal`` the same way.
   Targets: our job < ½ of hledger's time and ≤ ⅕ of its memory.
3. On the loaded book: trial balance ≤ 0.3 s, statements ≤ 1 s, first page of the voucher list
   and of a detail ledger of ≥ 100,000 lines ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

# (weight, [(account, side)], amount range in yuan, cash-flow-ish story)
PATTERNS = [
    (30, [("1002", "D"), ("420101", "C")], (500, 50000)),           # dues received
    (10, [("1002", "D"), ("430101", "C")], (1000, 80000)),          # service income
    (3, [("1002", "D"), ("440101", "C")], (10000, 300000)),         # government subsidy
    (2, [("1002", "D"), ("410102", "C")], (1000, 100000)),          # restricted donation
    (4, [("1002", "D"), ("460101", "C")], (1, 500)),                # bank interest
    (15, [("5101", "D"), ("1002", "C")], (200, 30000)),             # activity costs
    (10, [("5201", "D"), ("1002", "C")], (100, 20000)),             # admin costs
    (8, [("5201", "D"), ("2204", "C")], (3000, 12000)),             # salaries accrued
    (8, [("2204", "D"), ("1002", "C")], (3000, 12000)),             # salaries paid
    (5, [("1001", "D"), ("1002", "C")], (100, 5000)),               # cash withdrawal
    (5, [("5201", "D"), ("1001", "C")], (10, 2000)),                # petty cash
    (3, [("1122", "D"), ("1002", "C")], (100, 10000)),              # advances
    (3, [("5101", "D"), ("1122", "C")], (100, 10000)),              # advances settled
]
TRIPLES = [  # three-line vouchers
    [("5101", "D"), ("5201", "D"), ("1002", "C")],
    [("1002", "D"), ("1001", "D"), ("420101", "C")],
    [("5201", "D"), ("2206", "C"), ("1002", "C")],
]


def generate(n_postings: int, csv_path: Path, journal_path: Path, year: int, seed: int = 4) -> int:
    rng = random.Random(seed)
    weights = [p[0] for p in PATTERNS]
    day0 = date(year, 1, 1)
    per_month: dict[int, int] = {}
    postings = vouchers = 0
    days = [day0 + timedelta(days=i) for i in range(365)]
    # dates in order through the year: voucher k of N falls on day k*365/N
    expected_vouchers = int(n_postings / 2.22)
    with open(csv_path, "w", encoding="utf-8", newline="") as fc, open(journal_path, "w", encoding="utf-8") as fj:
        fc.write("date,voucher,summary,account,debit,credit\n")
        while postings < n_postings:
            day = days[min(364, vouchers * 365 // max(1, expected_vouchers))]
            m = day.month
            per_month[m] = per_month.get(m, 0) + 1
            num = per_month[m]
            if rng.random() < 0.22:
                accts = rng.choice(TRIPLES)
                a1 = rng.randint(100, 900000)
                a2 = rng.randint(100, 900000)
                if accts[0][1] == accts[1][1]:
                    amts = [a1, a2, a1 + a2]
                else:
                    amts = [a1 + a2, a1, a2]
            else:
                _w, accts, (lo, hi) = rng.choices(PATTERNS, weights)[0]
                a = rng.randint(lo * 100, hi * 100)
                amts = [a, a]
            summary = f"业务{num % 97}"
            ds = day.isoformat()
            fj.write(f"{ds} ({m:02d}-{num}) {summary}\n")
            for (acc, side), amt in zip(accts, amts):
                yuan = f"{amt // 100}.{amt % 100:02d}"
                if side == "D":
                    fc.write(f"{ds},{num},{summary},{acc},{yuan},\n")
                    fj.write(f"    a{acc}    {yuan}\n")
                else:
                    fc.write(f"{ds},{num},{summary},{acc},,{yuan}\n")
                    fj.write(f"    a{acc}    -{yuan}\n")
                postings += 1
            fj.write("\n")
            vouchers += 1
    return vouchers


def run_child(cmd: list[str], stdout=subprocess.DEVNULL) -> tuple[float, int, int, float]:
    """(wall seconds, peak RSS in MiB, exit code, CPU seconds) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"  ! {' '.join(cmd[:4])}… exited {code}: {err[-800:]}")
    return wall, usage.ru_maxrss // 1024, code, usage.ru_utime + usage.ru_stime


def timed(label: str, fn, target: float | None = None, repeat: int = 3):
    best = None
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        dt = time.perf_counter() - t0
        best = dt if best is None else min(best, dt)
    verdict = "" if target is None else ("  OK" if best <= target else "  SLOW")
    tgt = "" if target is None else f" (target ≤ {target:.2f} s)"
    print(f"  {label:<52} {best:7.3f} s{tgt}{verdict}")
    return result


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--postings", type=int, default=1_000_000)
    ap.add_argument("--keep", help="folder for the generated files and the book (default: a temp folder)")
    ap.add_argument("--no-hledger", action="store_true")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_ledger_"))
    work.mkdir(parents=True, exist_ok=True)
    year = date.today().year
    csv_path, journal, book = work / "vouchers.csv", work / "vouchers.journal", work / "book.sqlite"
    print(f"Books benchmark: {args.postings:,} postings, year {year}, in {work}")
    t0 = time.perf_counter()
    n_v = generate(args.postings, csv_path, journal, year)
    print(f"  generated {n_v:,} vouchers in {time.perf_counter() - t0:.1f} s "
          f"(CSV {csv_path.stat().st_size / 2**20:.0f} MiB)")
    for suffix in ("", "-wal", "-shm"):
        Path(str(book) + suffix).unlink(missing_ok=True)
    cli = [PY, "-m", "secretariat_app"]
    run_child(cli + ["init", "--book", str(book), "--name", "基准测试协会"])
    print(f"  load average before the import: {os.getloadavg()[0]:.1f} (the figures assume a quiet machine)")

    w1, r1, c1, u1 = run_child(cli + ["ledger", "import", "--book", str(book), str(csv_path)])
    w2, r2, c2, u2 = run_child(cli + ["ledger", "trial-balance", "--book", str(book), "--year", str(year), "--json"])
    ours_t, ours_m, ours_cpu = w1 + w2, max(r1, r2), u1 + u2
    print(f"  import + trial balance (CLI): {ours_t:6.1f} s (CPU {ours_cpu:.1f} s), peak RSS {ours_m} MiB "
          f"(import {w1:.1f} s / {r1} MiB, trial balance {w2:.2f} s / {r2} MiB)")
    if c1 or c2:
        return 1
    hledger = shutil.which("hledger")
    if hledger and not args.no_hledger:
        hw, hr, hc, hu = run_child([hledger, "-f", str(journal), "bal"])
        print(f"  hledger bal:                  {hw:6.1f} s (CPU {hu:.1f} s), peak RSS {hr} MiB")
        if hc == 0:
            print(f"  time  {ours_t / hw:5.2f} × hledger (target < 0.50)  {'OK' if ours_t < hw / 2 else 'SLOW'}")
            # On a busy machine wall time depends on the neighbours; CPU time does not.
            print(f"  CPU   {ours_cpu / hu:5.2f} × hledger (target < 0.50)  {'OK' if ours_cpu < hu / 2 else 'SLOW'}")
            print(f"  memory {ours_m / hr:5.2f} × hledger (target ≤ 0.20)  {'OK' if ours_m <= hr / 5 else 'TOO BIG'}")
    else:
        print("  hledger not installed (or --no-hledger): comparison skipped")

    sys.path.insert(0, str(ROOT))
    from secretariat_app.core import ledger as L
    from secretariat_app.db.book import open_book

    b = open_book(str(book))
    with b.session() as s:
        print("  on the loaded book:")
        timed("trial balance, whole year", lambda: L.trial_balance(s, year), 0.3)
        timed("statements (three, identities checked)", lambda: L.statements(s, year), 1.0)
        total, _rows = timed("voucher list, first page (+ count)", lambda: L.voucher_page(s, year=year, limit=100), 0.5)
        print(f"    ({total:,} vouchers)")
        page = timed("detail ledger 1002, first page (+ count)", lambda: L.detail_ledger(s, "1002", year, limit=100), 0.5)
        print(f"    ({page.total:,} lines)")
        timed("detail ledger 1002, page at line 50,000", lambda: L.detail_ledger(s, "1002", year, offset=50_000, limit=100), 0.5)
        timed("voucher list filtered by account 5201", lambda: L.voucher_page(s, year=year, account="5201", limit=100), 0.5)
    b.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
