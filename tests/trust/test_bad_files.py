"""Bad files (issue 8): not a book, truncated or corrupt book, a book locked by another program, a
read-only folder — a clear message, exit 1, never a traceback, nothing overwritten. And the
importers fuzzed with mutated files: every file is imported or refused with a message."""

import os
import random
import shutil
import subprocess
import sys

import fault_harness as fh
import pytest

pytestmark = pytest.mark.skipif(bool(os.environ.get("SECRETARIAT_TEST_PG")), reason="SQLite files")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    from secretariat_app.actions.book import create

    p = tmp_path_factory.mktemp("tpl") / "book.sqlite"
    create(str(p), "测试行业协会").book.close()
    return p


@pytest.fixture
def book_file(template, tmp_path):
    p = tmp_path / "book.sqlite"
    shutil.copyfile(template, p)
    return p


@pytest.fixture
def cli(capsys, monkeypatch):
    """``secretariat`` in this process (the same ``main`` as the command): (exit code, stderr)."""
    from secretariat_app.cli import main

    def run(*argv, env=None):
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        code = main(list(argv))
        return code, capsys.readouterr().err

    return run


def _refused(cli, *args, env=None):
    code, err = cli(*args, env=env)
    assert code == 1 and err.strip() and "Traceback" not in err, (code, err)
    return err


def _damaged(src, dst, how):
    data = bytearray(src.read_bytes())
    if how == "truncated":
        data = data[: len(data) // 3 + 100]
    elif how == "corrupt":
        rng = random.Random(4)
        for i in range(4096, len(data)):
            if rng.random() < 0.2:
                data[i] = rng.randrange(256)
    elif how == "not a book":
        data = bytes(range(256)) * 64
    dst.write_bytes(bytes(data))
    return dst


@pytest.mark.parametrize("how", ["truncated", "corrupt", "not a book"])
def test_damaged_book_is_refused_clearly_and_left_alone(book_file, tmp_path, how, cli):
    bad = _damaged(book_file, tmp_path / "bad.sqlite", how)
    before = bad.read_bytes()
    for args in (["check"], ["users", "add", "alice"], ["backup", str(tmp_path / "out.sqlite")]):
        _refused(cli, *args[:1], "--book", str(bad), *args[1:], env={"SECRETARIAT_NEW_PASSWORD": "secret123"})
        assert bad.read_bytes() == before
    assert not (tmp_path / "out.sqlite").exists()


def test_restore_from_a_damaged_backup_changes_nothing(book_file, tmp_path, cli):
    bad = _damaged(book_file, tmp_path / "bad.sqlite", "truncated")
    before = book_file.read_bytes()
    _refused(cli, "restore", "--book", str(book_file), str(bad))
    assert book_file.read_bytes() == before


def _hold(book, mode):
    """Another program holding the book: a real process with an open write transaction."""
    pragma = "c.execute('PRAGMA locking_mode=EXCLUSIVE'); " if mode == "exclusive" else ""
    code = (f"import sqlite3, sys, time; c = sqlite3.connect({str(book)!r}, isolation_level=None); {pragma}"
            "c.execute('BEGIN EXCLUSIVE'); c.execute(\"INSERT INTO settings VALUES ('held', '1')\"); "
            "print('held', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_book_locked_by_another_program(book_file, tmp_path, cli, monkeypatch):
    from secretariat_app.db import book as book_module

    monkeypatch.setattr(book_module, "BUSY_TIMEOUT_MS", 300)  # give up waiting sooner than 5 s
    proc = _hold(book_file, "write")
    try:
        msg = _refused(cli, "users", "add", "alice", "--book", str(book_file),
                       env={"SECRETARIAT_NEW_PASSWORD": "secret123"})
        assert "locked" in msg or "另一" in msg or "其他程序" in msg or "锁" in msg
        _refused(cli, "restore", "--book", str(book_file), str(tmp_path / "none.sqlite"))
    finally:
        proc.kill()
        proc.wait()
    assert fh.verify_book(book_file) is None  # the other program's uncommitted write is gone, the book is fine


def _nobody():
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_read_only_folder(book_file, tmp_path):
    ro = tmp_path / "readonly"
    ro.mkdir()
    os.chmod(tmp_path, 0o755)
    shutil.copyfile(book_file, ro / "book.sqlite")
    os.chmod(ro / "book.sqlite", 0o444)
    os.chmod(ro, 0o555)
    prefix = _nobody()
    try:
        for args in (["backup", "--book", str(ro / "book.sqlite"), str(ro / "copy.sqlite")],
                     ["init", "--book", str(ro / "new.sqlite"), "--name", "某协会"]):
            res = subprocess.run(prefix + fh.cli(*args), cwd=fh.ROOT, env=fh._env({"HOME": str(tmp_path)}),
                                 capture_output=True, text=True, timeout=120)
            assert res.returncode == 1 and "Traceback" not in res.stderr and res.stderr.strip(), (args, res.stderr)
        assert sorted(p.name for p in ro.iterdir()) == ["book.sqlite"]
    finally:
        os.chmod(ro, 0o755)


# ---- importer fuzzing --------------------------------------------------------------------------

def _mutations(data: bytes, rng: random.Random, n: int):
    yield data[: len(data) // 2]
    yield b""
    yield data.replace(b",", b";", 3)
    for _ in range(n):
        d = bytearray(data)
        kind = rng.randrange(4)
        if kind == 0:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                i = rng.randrange(len(d))
                d[i] = rng.randrange(256)
        elif kind == 1:  # cut somewhere
            d = d[: rng.randrange(len(d))]
        elif kind == 2:  # duplicate a slice
            i, j = sorted(rng.randrange(len(d)) for _ in range(2))
            d = d[:j] + d[i:j] + d[j:]
        else:  # delete a slice
            i, j = sorted(rng.randrange(len(d)) for _ in range(2))
            d = d[:i] + d[j:]
        yield bytes(d)


def _fuzz(session, good, suffix, import_fn, tmp_path, n):
    from secretariat_app.errors import DomainError

    rng = random.Random(2026)
    outcomes = {"imported": 0, "refused": 0}
    for k, data in enumerate(_mutations(good.read_bytes(), rng, n)):
        path = tmp_path / f"fuzz{k}{suffix}"
        path.write_bytes(data)
        try:
            import_fn(session, path)
            outcomes["imported"] += 1
        except DomainError as exc:
            assert str(exc).strip()
            outcomes["refused"] += 1
        except Exception as exc:  # pragma: no cover - the finding this test exists for
            pytest.fail(f"mutation {k} of {good.name}: {type(exc).__name__}: {exc}")
        finally:
            session.rollback()
    assert outcomes["refused"] > 0
    return outcomes


def _xlsx_from_csv(csv_path, xlsx_path):
    import csv

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    with csv_path.open(encoding="utf-8") as fh_:
        for row in csv.reader(fh_):
            ws.append(row)
    wb.save(xlsx_path)
    return xlsx_path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_members_import_fuzz(book, session, tmp_path, suffix):
    from secretariat_app.actions import Actor, members_files

    good = tmp_path / "good.csv"
    fh.write_members_csv(good, 30)
    if suffix == ".xlsx":
        good = _xlsx_from_csv(good, tmp_path / "good.xlsx")
    _fuzz(session, good, suffix, lambda _s, path: members_files.import_roll(Actor(book), str(path)), tmp_path, 40)


def test_voucher_csv_fuzz(book, session, tmp_path):
    from datetime import date

    from secretariat_app.core.ledger.imports import import_vouchers
    from secretariat_app.io.vouchers_csv import read_vouchers_csv

    good = tmp_path / "good.csv"
    fh.write_vouchers_csv(good, 30, date.today().year - 1)
    _fuzz(session, good, ".csv", lambda s, p: import_vouchers(s, read_vouchers_csv(p)), tmp_path, 30)
