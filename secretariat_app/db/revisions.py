"""The schema's revisions: the Alembic migrations in ``db/migrations/versions``, the revision of a
book, and the upgrade of a book to the head (STYLE.md convention 5)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def _scanned_revisions() -> dict[str, str | None] | None:
    """revision -> down_revision read from the migration files, without importing Alembic (it costs
    ~0.2 s of the program's start); ``None`` when a file does not have the usual shape."""
    import re

    chain: dict[str, str | None] = {}
    for f in (MIGRATIONS / "versions").glob("*.py"):
        text_ = f.read_text(encoding="utf-8")
        rev = re.search(r"^revision\s*=\s*[\"']([^\"']+)[\"']\s*$", text_, re.M)
        down = re.search(r"^down_revision\s*=\s*(?:[\"']([^\"']+)[\"']|None)\s*$", text_, re.M)
        if not rev or not down:
            return None
        chain[rev.group(1)] = down.group(1)
    return chain or None


def head_revision() -> str:
    chain = _scanned_revisions()
    heads = set(chain) - set(chain.values()) if chain else set()
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("the migrations have no single head revision")
    return head


def known_revisions() -> set[str]:
    chain = _scanned_revisions()
    if chain:
        return set(chain)
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to ``revision`` in one transaction."""
    from alembic import command

    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
