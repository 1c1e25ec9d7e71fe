
import pytest

from secretariat_app.db.book import create_book, open_book
from secretariat_app.db.revisions import current_revision, head_revision
from secretariat_app.errors import BookError

pytestmark = []


def test_new_book_is_at_head(book):
    assert current_revision(book.engine) == head_revision()


def test_random_bytes_is_not_a_book(tmp_path):
    p = tmp_path / "x.sqlite"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(BookError) as e:
        open_book(p)
    assert "不是" in str(e.value) or "not" in str(e.value)
    assert p.read_bytes() == bytes(range(256)) * 40


def test_missing_book(tmp_path):
    with pytest.raises(BookError):
        open_book(tmp_path / "none.sqlite")


def test_sqlite_pragmas(tmp_path):
    b = create_book(tmp_path / "b.sqlite")
    with b.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    b.close()


def test_other_sqlite_database_is_refused(tmp_path):
    import sqlite3

    p = tmp_path / "other.db"
    c = sqlite3.connect(p)
    c.execute("create table t(x)")
    c.commit()
    c.close()
    with pytest.raises(BookError):
        open_book(p)


def test_newer_book_is_refused_and_untouched(tmp_path):
    import sqlite3

    p = tmp_path / "b.sqlite"
    create_book(p).close()
    c = sqlite3.connect(p)
    c.execute("UPDATE alembic_version SET version_num = '9999_future'")
    c.commit()
    c.close()
    before = p.read_bytes()
    with pytest.raises(BookError) as e:
        open_book(p)
    assert "新版本" in str(e.value) or "newer" in str(e.value)
    assert p.read_bytes() == before


def test_older_book_is_upgraded_after_backup(tmp_path):
    from secretariat_app.db.book import make_engine
    from secretariat_app.db.revisions import upgrade

    p = tmp_path / "old.sqlite"
    engine = make_engine("sqlite:///" + str(p))
    upgrade(engine, "0001_foundation")
    engine.dispose()
    b = open_book(p)
    assert current_revision(b.engine) == head_revision()
    b.close()
    backups = list(tmp_path.glob("backups/old-*-before-upgrade-0001_foundation.sqlite"))
    assert len(backups) == 1
