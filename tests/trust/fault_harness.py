"""Fault injection (issue 8, "Crash safety"): kill -9 a real ``secretariat`` process at a random
moment of an action, then prove the book is exactly as before or as after the action, opens
cleanly and passes ``secretariat check``.

Used by ``tests/trust/test_fault_injection.py`` (a few trials) and ``bench/bench_trust.py`` (≥ 50).
A scenario prepares a book (closed, so the child process opens it itself), the command line of the
action, and the fingerprints of the book before and after the action (the "after" one from a run
to completion on a copy). Fingerprints cover the domain tables, not the audit log's timestamps;
the audit chain is covered by the ``check`` that must pass after every kill.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
SKIP_TABLES = {"audit_log", "audit_head", "alembic_version", "sqlite_sequence"}
VOLATILE = ("created", "updated", "modified", "_at", "last_login", "timestamp")


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "secretariat_app", *args]


def run_cli(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    res = subprocess.run(cli(*args), cwd=ROOT, env=_env(env), capture_output=True, text=True, timeout=300)
    if check and res.returncode != 0:
        raise AssertionError(f"{args}: {res.returncode}\n{res.stdout}\n{res.stderr}")
    return res


def _env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra or {})
    return env


def fingerprint(path: Path, skip: set[str] = frozenset()) -> str:
    """sha256 over every domain table's rows (sorted); the moments things were done (DATETIME
    columns, ``*_at``) are left out — they differ between two runs of the same action."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        h = hashlib.sha256()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for t in tables:
            if t in SKIP_TABLES or t in skip:
                continue
            cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')
                    if not any(v in r[1].lower() for v in VOLATILE)
                    and not any(k in (r[2] or "").upper() for k in ("DATETIME", "TIMESTAMP"))]
            if not cols:
                continue
            rows = conn.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{t}"').fetchall()
            h.update(t.encode())
            for row in sorted(repr(r) for r in rows):
                h.update(row.encode())
        return h.hexdigest()
    finally:
        conn.close()


@dataclass
class Scenario:
    name: str
    book: Path
    args: list[str]
    before: str
    after: str
    env: dict | None = None
    summary: Callable[[Path], tuple] | None = None  # the figures the issue names, told apart too
    before_summary: tuple | None = None
    after_summary: tuple | None = None


@dataclass
class Trial:
    scenario: str
    delay: float
    killed: bool
    state: str  # "before" | "after" | "BROKEN: ..."

    @property
    def ok(self) -> bool:
        return self.state in ("before", "after")


def verify_book(path: Path, env: dict | None = None) -> str | None:
    """None when the book opens cleanly and every check of ``secretariat check`` passes; else the
    problem. In-process (the same code as the command, without a second interpreter start)."""
    from secretariat_app.core.checks import run_checks
    from secretariat_app.db.book import open_book
    from secretariat_app.errors import DomainError

    try:
        book = open_book(path)
    except DomainError as exc:
        return f"open: {exc}"
    try:
        bad = [f"{r.title}: {r.problems}" for r in run_checks(book) if not r.ok]
    finally:
        book.close()
    return "; ".join(bad) or None


def _wait_until_open(proc: subprocess.Popen, path: Path, timeout: float = 60.0) -> bool:
    """Wait until the child has the book file open (Linux /proc), so that the kill lands in the
    action itself rather than in the interpreter's start-up; False if it ended first."""
    target = str(path.resolve())
    fd_dir = Path(f"/proc/{proc.pid}/fd")
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            for fd in fd_dir.iterdir():
                try:
                    if os.readlink(fd) == target:
                        return True
                except OSError:
                    continue
        except OSError:
            pass
        time.sleep(0.002)
    return False


def run_trial(make: Callable[[Path], Scenario], workdir: Path, rng: random.Random, work: float) -> Trial:
    """One trial: a fresh scenario; the action is killed ``uniform(0, 1.1 * work)`` seconds after
    the child opened the book (``work``: the action's duration from ``measure``)."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    sc = make(workdir)
    delay = rng.uniform(0, work * 1.1)
    proc = subprocess.Popen(cli(*sc.args), cwd=ROOT, env=_env(sc.env), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_until_open(proc, sc.book)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    problem = verify_book(sc.book, sc.env)
    if problem:
        return Trial(sc.name, delay, killed, "BROKEN: " + problem)
    fp = fingerprint(sc.book)
    state = "before" if fp == sc.before else "after" if fp == sc.after else "BROKEN: neither before nor after"
    if sc.summary is not None and state in ("before", "after"):
        got, want = sc.summary(sc.book), sc.before_summary if state == "before" else sc.after_summary
        if got != want:
            state = f"BROKEN: {state} by fingerprint but figures {got} != {want}"
    return Trial(sc.name, delay, killed, state)


def measure(make: Callable[[Path], Scenario], workdir: Path) -> float:
    """Seconds the action runs after the child opened the book (one run to completion)."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    sc = make(workdir)
    proc = subprocess.Popen(cli(*sc.args), cwd=ROOT, env=_env(sc.env), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_until_open(proc, sc.book)
    t0 = time.perf_counter()
    proc.wait()
    if proc.returncode != 0:
        raise AssertionError(f"{sc.args} failed with {proc.returncode}")
    return time.perf_counter() - t0


# ---- scenarios -------------------------------------------------------------------------------

def _new_book(path: Path, name: str) -> None:
    from secretariat_app.actions.book import create

    create(str(path), name).book.close()


def _pad_book(path: Path, rows: int, size: int, tag: str) -> None:
    """Make the book big enough that the action takes a while (settings rows of text)."""
    from secretariat_app.core.book_settings import set_value
    from secretariat_app.db.book import open_book

    b = open_book(path)
    try:
        with b.session() as s:
            with s.begin():
                for i in range(rows):
                    set_value(s, f"pad.{tag}{i}", (tag * size)[:size])
    finally:
        b.close()


_CACHE: dict[str, Path] = {}


def _cached(key: str, build: Callable[[Path], None], workdir: Path, name: str) -> Path:
    """Build a template once per process (in a sibling folder) and copy it for each trial."""
    if key not in _CACHE or not _CACHE[key].exists():
        tdir = workdir.parent / f"_template_{key}"
        tdir.mkdir(parents=True, exist_ok=True)
        p = tdir / name
        if not p.exists():
            build(p)
        _CACHE[key] = p
    target = workdir / name
    shutil.copyfile(_CACHE[key], target)
    return target


def restore_scenario(workdir: Path, pad_rows: int = 400, pad_size: int = 20000) -> Scenario:
    """``secretariat restore``: a book in state A replaced by a backup in state B."""
    def build_a(p):
        _new_book(p, "甲协会")
        _pad_book(p, pad_rows // 2, pad_size, "a")

    def build_b(p):
        _new_book(p, "乙协会")
        _pad_book(p, pad_rows, pad_size, "b")

    book = _cached(f"restore_a_{pad_rows}", build_a, workdir, "book.sqlite")
    source = _cached(f"restore_b_{pad_rows}", build_b, workdir, "backup.sqlite")
    return Scenario("restore", book, ["restore", "--book", str(book), str(source)],
                    fingerprint(book), fingerprint(source))


_AFTER: dict[str, str] = {}
_AFTER_SUMMARY: dict[str, tuple | None] = {}


def _action_scenario(name: str, key: str, build_book: Callable[[Path], None], make_input: Callable[[Path], None],
                     input_name: str, args: Callable[[Path, Path], list[str]], workdir: Path,
                     summary: Callable[[Path], tuple] | None = None) -> Scenario:
    """A book template and an input file (built once), the action's command line, and the "after"
    fingerprint from one run to completion on a copy (cached)."""
    book = _cached(key + "_book", build_book, workdir, "book.sqlite")
    source = _cached(key + "_input", make_input, workdir, input_name)
    if key not in _AFTER:
        probe = workdir.parent / f"_after_{key}"
        probe.mkdir(parents=True, exist_ok=True)
        pbook = probe / "book.sqlite"
        shutil.copyfile(book, pbook)
        run_cli(*args(pbook, source))
        _AFTER[key] = fingerprint(pbook)
        _AFTER_SUMMARY[key] = summary(pbook) if summary else None
    return Scenario(name, book, args(book, source), fingerprint(book), _AFTER[key], summary=summary,
                    before_summary=summary(book) if summary else None, after_summary=_AFTER_SUMMARY[key])


def _empty_book(p: Path) -> None:
    _new_book(p, "测试行业协会")


def write_members_csv(path: Path, n: int, seed: int = 11) -> None:
    import csv

    from secretariat_app.core.members import synth

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["类型", "名称", "统一社会信用代码", "身份证号", "会员等级", "入会日期", "联系人", "手机", "地址", "行业"])
        for i in range(n):
            if i % 3:
                name, industry = synth.company_name(rng)
                w.writerow(["单位", f"{name[:-4]}{i}有限公司", synth.credit_code(rng, serial=i), "", "理事单位",
                            "2023-02-14", synth.person_name(rng), synth.mobile(rng), "陕西省西咸新区沣泾大道1号", industry])
            else:
                w.writerow(["个人", synth.person_name(rng) + str(i), "", synth.id_number(rng, serial=i), "会员",
                            "2023/2/14", "", synth.mobile(rng), "", ""])


def members_import_scenario(workdir: Path, n: int = 3000) -> Scenario:
    """``secretariat members import``: a roll of ``n`` members into an empty book."""
    return _action_scenario("members import", f"members_{n}", _empty_book,
                            lambda p: write_members_csv(p, n), "members.csv",
                            lambda b, f: ["members", "import", "--book", str(b), str(f)], workdir)


def write_vouchers_csv(path: Path, n: int, year: int) -> None:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "voucher", "summary", "account", "debit", "credit"])
        per_month: dict[int, int] = {}
        for i in range(n):
            month = 1 + i % 12
            per_month[month] = per_month.get(month, 0) + 1
            day = f"{year}-{month:02d}-{1 + i % 28:02d}"
            amount = f"{100 + i}.{i % 100:02d}"
            w.writerow([day, per_month[month], f"收到会费{i}", "1002", amount, ""])
            w.writerow([day, per_month[month], f"收到会费{i}", "420101", "", amount])


def ledger_import_scenario(workdir: Path, n: int = 1500) -> Scenario:
    """``secretariat ledger import``: ``n`` vouchers of last year into an empty book."""
    from datetime import date

    year = date.today().year - 1
    return _action_scenario("ledger import", f"ledger_{n}", _empty_book,
                            lambda p: write_vouchers_csv(p, n, year), "vouchers.csv",
                            lambda b, f: ["ledger", "import", "--book", str(b), str(f)], workdir)


def write_month_vouchers_csv(path: Path, n: int, year: int, month: int) -> None:
    """``n`` two-line vouchers, all dated in ``year-month``."""
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "voucher", "summary", "account", "debit", "credit"])
        for i in range(n):
            day = f"{year}-{month:02d}-{1 + i % 28:02d}"
            amount = f"{100 + i}.{i % 100:02d}"
            w.writerow([day, i + 1, f"收到会费{i}", "1002", amount, ""])
            w.writerow([day, i + 1, f"收到会费{i}", "420101", "", amount])


def dues_year() -> int:
    """The year billed: the book's first fiscal year (this year), so the schedule needs no
    resolution, only a note on where the existing rate comes from (DOMAIN.md §4)."""
    from datetime import date

    return date.today().year


def _book_with_members_and_fees(p: Path, n: int) -> None:
    """A book of ``n`` members (imported through the CLI, as a user would) and this year's fees
    of their levels, recorded as the existing rate."""
    from secretariat_app.core.dues import schedule
    from secretariat_app.db.book import open_book

    _empty_book(p)
    roll = p.with_name(p.stem + "-members.csv")
    write_members_csv(roll, n, seed=13)
    run_cli("members", "import", "--book", str(p), str(roll))
    roll.unlink()
    b = open_book(p)
    try:
        with b.session() as s:
            with s.begin():
                schedule.set_schedule(s, dues_year(), {"理事单位": "5000", "会员": "800"},
                                      note="成立大会通过的会费标准")
    finally:
        b.close()


def billing_summary(path: Path, year: int) -> tuple:
    """(bills of ``year``, their total in fen, vouchers, lines, debit total, credit total)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        bills = conn.execute("SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM dues_bills WHERE year = ?", (year,)).fetchone()
        v = conn.execute("SELECT COUNT(*) FROM ledger_vouchers").fetchone()
        lines = conn.execute("SELECT COUNT(*), COALESCE(SUM(debit), 0), COALESCE(SUM(credit), 0) FROM ledger_lines").fetchone()
        return (*bills, *v, *lines)
    finally:
        conn.close()


def _fingerprint_but_periods(path: Path) -> str:
    """The fingerprint without the ledger's periods, fiscal years and log (what closing writes):
    everything else must be the same before and after a close."""
    return fingerprint(path, skip={"ledger_periods", "ledger_fiscal_years", "ledger_log"})


def period_summary(path: Path, year: int, month: int) -> bool:
    """Whether ``year-month`` is closed."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT closed FROM ledger_periods WHERE year = ? AND month = ?", (year, month)).fetchone()
        return bool(row and row[0])
    finally:
        conn.close()


def dues_billing_scenario(workdir: Path, n: int = 2500) -> Scenario:
    """``secretariat dues bill``: this year's bills of ``n`` members (one per member, each posted)."""
    year = dues_year()
    return _action_scenario("dues billing", f"billing_{n}", lambda p: _book_with_members_and_fees(p, n),
                            lambda p: p.write_text(str(year), encoding="utf-8"), "year.txt",
                            lambda b, f: ["dues", "bill", "--book", str(b), "--year", str(year)], workdir,
                            summary=lambda b: billing_summary(b, year))


def _book_with_month(p: Path, n: int, year: int, month: int) -> None:
    _empty_book(p)
    src = p.with_name(p.stem + "-vouchers.csv")
    write_month_vouchers_csv(src, n, year, month)
    run_cli("ledger", "import", "--book", str(p), str(src))
    src.unlink()


def period_close_scenario(workdir: Path, n: int = 1500) -> Scenario:
    """``secretariat ledger close``: January of last year, holding ``n`` posted vouchers."""
    from datetime import date

    year, month = date.today().year - 1, 1
    return _action_scenario("period close", f"close_{n}", lambda p: _book_with_month(p, n, year, month),
                            lambda p: p.write_text(f"{year}-{month:02d}", encoding="utf-8"), "period.txt",
                            lambda b, f: ["ledger", "close", "--book", str(b), "--period", f"{year}-{month:02d}"],
                            workdir, summary=lambda b: (period_summary(b, year, month), _fingerprint_but_periods(b)))
