"""Declarative ORM base shared by every domain model.

Domain models live beside their services in ``secretariat_app/core/<area>/models.py``; tables are
created only by the Alembic migrations in ``db/migrations/versions`` (STYLE.md convention 5),
never by ``metadata.create_all``.
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import BigInteger, Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Money in integer fen: BIGINT on PostgreSQL, INTEGER (64-bit anyway) on SQLite.
Fen = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # Every model maps one table (no joined or selectable mappings): Core statements on it type-check.
    __table__: ClassVar[Table]
