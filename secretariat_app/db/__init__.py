"""Database: engine and sessions, ORM base, SQLite/PostgreSQL settings, Alembic migrations."""
