"""Backup and restore (issue 8): online backup in steps, checked atomic restore, automatic backups."""

import os
import shutil
import sqlite3

import pytest
from sqlalchemy import text

from secretariat_app.core.book_settings import get_value, set_value, update_settings
from secretariat_app.db import backup
from secretariat_app.db.book import open_book
from secretariat_app.errors import BookError

PG = bool(os.environ.get("SECRETARIAT_TEST_PG"))
sqlite_only = pytest.mark.skipif(PG, reason="SQLite file behaviour")


def _name(book):
    with book.session() as s:
        return get_value(s, "name")


def _rename(book, name):
    with book.session() as s:
        update_settings(s, name=name)


def test_backup_of_an_open_book_in_steps(book, tmp_path, monkeypatch):
    monkeypatch.setattr(backup, "STEP_PAGES", 2)
    calls = []
    out = backup.backup_book(book, tmp_path / "copy.book", progress=lambda d, t: calls.append((d, t)))
    assert out.exists() and len(calls) > 1 and calls[-1][0] == calls[-1][1]
    if not PG:
        assert not (tmp_path / "copy.book-wal").exists()
        copy = open_book(out)
        assert _name(copy) == "测试行业协会"
        copy.close()
    assert not list(tmp_path.glob(".*.tmp"))


def test_backup_refuses_bad_targets(book, tmp_path):
    with pytest.raises(BookError):
        backup.backup_book(book, tmp_path / "no" / "such" / "folder.sqlite")
    with pytest.raises(BookError):
        backup.backup_book(book, tmp_path)
    if not PG:
        with pytest.raises(BookError):
            backup.backup_book(book, book.path)


def test_restore_replaces_the_book_after_backing_it_up(book, tmp_path):
    with book.session() as s:  # (on PostgreSQL the default folder is in the user's data folder)
        set_value(s, "backup.folder", str(tmp_path / "bk"))
        s.commit()
    saved = backup.backup_book(book, tmp_path / "saved.bak")
    _rename(book, "改过的名字")
    url = book.url
    book.close()
    where = backup.restore_book(url, saved)
    b = open_book(url)
    try:
        assert _name(b) == "测试行业协会"
        replaced = backup.list_backups(b)
        assert len(replaced) == 1 and "before-restore" in replaced[0].name
    finally:
        b.close()
    if not PG:
        assert where == book.path
        kept = open_book(replaced[0])
        assert _name(kept) == "改过的名字"
        kept.close()


@sqlite_only
def test_restore_refuses_bad_sources_and_changes_nothing(book, tmp_path):
    saved = backup.backup_book(book, tmp_path / "saved.sqlite")
    book.close()
    before = book.path.read_bytes()
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(saved.read_bytes()[: len(saved.read_bytes()) // 2])
    corrupt = tmp_path / "corrupt.sqlite"
    data = bytearray(saved.read_bytes())
    for i in range(4096, len(data), 97):
        data[i] = (data[i] + 101) % 256
    corrupt.write_bytes(bytes(data))
    newer = tmp_path / "newer.sqlite"
    shutil.copyfile(saved, newer)
    c = sqlite3.connect(newer)
    c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    c.commit()
    c.close()
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a book")
    other = tmp_path / "other.sqlite"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t (x)")
    c.commit()
    c.close()
    for bad in (truncated, corrupt, newer, text_file, other, tmp_path / "missing.sqlite", tmp_path):
        with pytest.raises(BookError) as e:
            backup.restore_book(book.path, bad)
        assert str(e.value)
        assert book.path.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp")) and not (tmp_path / "backups").exists()


@sqlite_only
def test_restore_refuses_while_the_book_is_open(book, tmp_path):
    saved = backup.backup_book(book, tmp_path / "saved.sqlite")
    with book.engine.connect() as c:  # another program holds the book open
        c.execute(text("SELECT 1"))
        with pytest.raises(BookError) as e:
            backup.restore_book(book.path, saved)
    assert "another program" in str(e.value) or "其他程序" in str(e.value) or "另一" in str(e.value)


@sqlite_only
def test_restore_will_not_overwrite_a_file_that_is_not_a_book(book, tmp_path):
    saved = backup.backup_book(book, tmp_path / "saved.sqlite")
    victim = tmp_path / "thesis.docx"
    victim.write_bytes(b"PK\x03\x04" + b"x" * 5000)
    with pytest.raises(BookError):
        backup.restore_book(victim, saved)
    assert victim.read_bytes()[:4] == b"PK\x03\x04"


@sqlite_only
def test_restore_to_a_new_path(book, tmp_path):
    saved = backup.backup_book(book, tmp_path / "saved.sqlite")
    target = tmp_path / "fresh" / "b.sqlite"
    target.parent.mkdir()
    backup.restore_book(target, saved)
    b = open_book(target)
    assert _name(b) == "测试行业协会"
    b.close()


def test_auto_backup_keeps_the_last_n(book, tmp_path):
    folder = tmp_path / "my backups"
    with book.session() as s:
        set_value(s, "backup.folder", str(folder))
        set_value(s, "backup.keep", "3")
        s.commit()
    made = [backup.auto_backup(book, "close") for _ in range(5)]
    assert all(p.parent == folder for p in made)
    kept = backup.list_backups(book)
    assert len(kept) == 3 and set(kept) == set(made[-3:])
    assert backup.backups_folder(book) == folder and backup.backups_kept(book) == 3


@sqlite_only
def test_default_backups_folder_is_beside_the_book(book):
    assert backup.backups_folder(book) == book.path.parent / "backups"
    p = backup.auto_backup(book, "close")
    assert p.parent == book.path.parent / "backups" and p.name.endswith("-close.sqlite")


def test_missing_pg_tools_are_reported(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("SECRETARIAT_PG_BIN", raising=False)
    from secretariat_app.db import backup_pg

    monkeypatch.setattr(backup_pg, "PG_TOOL_GLOBS", [])
    with pytest.raises(BookError) as e:
        backup_pg.find_pg_tool("pg_dump")
    assert "pg_dump" in str(e.value) and "SECRETARIAT_PG_BIN" in str(e.value)


@pytest.mark.skipif(not PG, reason="PostgreSQL only (SECRETARIAT_TEST_PG)")
def test_pg_restore_refuses_a_non_dump(book, tmp_path):
    bad = tmp_path / "x.dump"
    bad.write_bytes(b"hello")
    with pytest.raises(BookError):
        backup.restore_book(book.url, bad)
    assert _name(book) == "测试行业协会"


@sqlite_only
def test_backup_on_close_only_when_changed(book):
    import time

    first = backup.backup_on_close(book)
    assert first is not None and "close" in first.name
    assert backup.backup_on_close(book) is None  # nothing changed since
    time.sleep(0.02)
    _rename(book, "又改了")
    assert backup.backup_on_close(book) is not None


@sqlite_only
def test_backup_completes_while_the_book_is_written(book, tmp_path, monkeypatch):
    """Steps of the backup API restart after every write by another connection unless the copy
    holds one read snapshot; with it, the copy ends and is consistent."""
    import threading

    monkeypatch.setattr(backup, "STEP_PAGES", 1)
    stop = threading.Event()

    def writer():
        with book.session() as s:
            i = 0
            while not stop.is_set():
                set_value(s, "bench.counter", str(i))
                s.commit()
                i += 1

    th = threading.Thread(target=writer)
    th.start()
    try:
        out = backup.backup_book(book, tmp_path / "busy.sqlite")
    finally:
        stop.set()
        th.join()
    copy = open_book(out)
    with copy.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    copy.close()
