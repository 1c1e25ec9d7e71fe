"""Shared fixtures: a real book per test, on SQLite (default) or PostgreSQL.

Set ``SECRETARIAT_TEST_PG`` to a server URL (``postgresql+psycopg://postgres@127.0.0.1:5433/postgres``)
to run the same tests against a throwaway database per test on that server.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_SERVER = os.environ.get("SECRETARIAT_TEST_PG")


@pytest.fixture(autouse=True)
def _chinese_by_default():
    from secretariat_app.i18n import set_language

    set_language("zh_CN")
    yield
    set_language("zh_CN")


def _pg_database(template: str | None = None):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "sec_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    url = make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)

    def drop():
        with admin.connect() as c:
            c.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"))
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()

    return url, drop


@pytest.fixture
def book_url(tmp_path):
    """Where a new book goes: a SQLite path in tmp_path, or a fresh PostgreSQL database."""
    if PG_SERVER:
        url, drop = _pg_database()
        yield url
        drop()
    else:
        yield str(tmp_path / "book.sqlite")


@pytest.fixture
def book(book_url):
    """An empty book (all migrations run) with the association's name set."""
    from secretariat_app.core.book_settings import update_settings
    from secretariat_app.db.book import create_book

    b = create_book(book_url)
    with b.session() as s:
        update_settings(s, name="测试行业协会")
    yield b
    b.close()


@pytest.fixture
def session(book):
    with book.session() as s:
        yield s


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory):
    from secretariat_app.actions.book import create

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    create(str(path), "西咸新区智能制造行业协会", demo=True).book.close()
    return path


@pytest.fixture(scope="session")
def _pg_demo_template():
    """On PostgreSQL: the demo built once, in a database each ``demo_book`` copies (CREATE DATABASE
    … TEMPLATE takes a fraction of a second; building the demo over the wire takes seconds)."""
    from sqlalchemy.engine import make_url

    from secretariat_app.actions.book import create

    url, drop = _pg_database()
    create(url, "西咸新区智能制造行业协会", demo=True).book.close()
    yield make_url(url).database
    drop()


@pytest.fixture
def demo_book(request, tmp_path):
    """The demo association (``init --demo``): copied from a session-wide template (SQLite file or
    PostgreSQL template database)."""
    from secretariat_app.db.book import open_book

    if PG_SERVER:
        url, drop = _pg_database(template=request.getfixturevalue("_pg_demo_template"))
        b = open_book(url)
        yield b
        b.close()
        drop()
        return
    _demo_template = request.getfixturevalue("_demo_template")
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(_demo_template, target)
    b = open_book(str(target))
    yield b
    b.close()


@pytest.fixture
def actions_only(monkeypatch):
    """Any session opened on a book outside an action fails the test: the front ends must reach
    the book only through ``secretariat_app.actions`` (issue 12). Opening the book itself
    (``actions.book.open_for_use``, and the GUI's two steps ``before_login`` and ``log_in``) is
    allowed; what it reads there it reads before anyone acts."""
    from secretariat_app.actions.base import inside_action
    from secretariat_app.db import book as db_book

    original = db_book.Book.session
    allowed = {"open_for_use", "before_login", "log_in"}

    def guarded(self):
        import traceback

        if inside_action() is None:
            stack = traceback.extract_stack()
            if not any(f.name in allowed for f in stack):
                where = "".join(traceback.format_list(stack[-6:-1]))
                raise AssertionError("a book session was opened outside every action:\n" + where)
        return original(self)

    monkeypatch.setattr(db_book.Book, "session", guarded)
    yield
