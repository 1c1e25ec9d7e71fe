"""The ORM models and the Alembic head agree (issue 12): autogenerate, run on a fresh book, finds
nothing to change — so a migration written with ``alembic revision --autogenerate`` starts from a
clean slate, and a model edited without its migration (or the reverse) fails here.

Compared: tables, columns, types, nullability, indexes, unique constraints and foreign keys (the
autogenerate defaults, with ``compare_type``). Not compared: server defaults (the migrations give
most columns one for rows written by raw SQL; the models rely on Python defaults, and Alembic's
comparison of them is dialect noise), and the search accelerators that migration 0002 builds outside
the ORM, one per database: SQLite's FTS5 table ``member_search_fts`` (with its shadow tables) and
PostgreSQL's optional pg_trgm index ``ix_member_search_trgm``. Runs on PostgreSQL too
(``SECRETARIAT_TEST_PG``).
"""

from __future__ import annotations

import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from secretariat_app.db.base import Base
from secretariat_app.db.book import make_engine
from secretariat_app.db.location import book_url as url_of
from secretariat_app.db.revisions import upgrade

MODEL_MODULES = ["secretariat_app.core.audit", "secretariat_app.core.auth", "secretariat_app.core.book_settings",
                 "secretariat_app.core.dues.models", "secretariat_app.core.ledger.models",
                 "secretariat_app.core.meetings.models", "secretariat_app.core.members.models",
                 "secretariat_app.core.reports.models"]
OUTSIDE_THE_ORM = ("member_search_fts", "ix_member_search_trgm")


def _include_name(name, type_, parent_names) -> bool:
    return not (name or "").startswith(OUTSIDE_THE_ORM)


def test_every_model_module_is_compared():
    for name in MODEL_MODULES:
        importlib.import_module(name)
    mapped = {m.class_.__module__ for m in Base.registry.mappers}
    assert mapped == set(MODEL_MODULES), "a module with models is missing from MODEL_MODULES (or gone)"


def test_models_and_migrations_agree(book):
    for name in MODEL_MODULES:
        importlib.import_module(name)
    with book.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _include_name})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], "\n".join(map(repr, diff))


def test_0008_keeps_the_rows_and_names_the_users_constraint(book_url):
    """A book of revision 0007 with a user and a fee schedule row lacking its timestamps."""
    engine = make_engine(url_of(book_url))
    try:
        upgrade(engine, "0007_trust")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO users (name, full_name, role, password_hash, active, failed_logins, created) "
                              "VALUES ('alice', '', 'admin', 'x', :t, 0, CURRENT_TIMESTAMP)"), {"t": True})
            level = conn.execute(text("SELECT id FROM member_levels ORDER BY id LIMIT 1")).scalar_one()
            conn.execute(text("INSERT INTO dues_fee_schedules (year, level_id, kind, amount, draft, note) "
                              "VALUES (2026, :lv, 'annual', 100000, :t, '')"), {"lv": level, "t": True})
        upgrade(engine)
        with engine.connect() as conn:
            ui = inspect(conn)
            assert [uc["name"] for uc in ui.get_unique_constraints("users")] == ["uq_users_name"]
            cols = {c["name"]: c for c in ui.get_columns("dues_fee_schedules")}
            assert not cols["created_at"]["nullable"] and not cols["updated_at"]["nullable"]
            row = conn.execute(text("SELECT amount, created_at, updated_at FROM dues_fee_schedules")).one()
            assert row[0] == 100000 and row[1] is not None and row[2] is not None
            assert conn.execute(text("SELECT name FROM users")).scalars().all() == ["alice"]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text("INSERT INTO users (name, full_name, role, password_hash, active, failed_logins, "
                              "created) VALUES ('alice', '', 'viewer', 'x', :t, 0, CURRENT_TIMESTAMP)"), {"t": True})
    finally:
        engine.dispose()
