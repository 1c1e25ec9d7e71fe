"""Alembic environment: runs on the connection the program hands over (db/book.py)."""

from alembic import context

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - command-line alembic on a URL
    from sqlalchemy import create_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("set sqlalchemy.url to the book's URL to run the migrations from the command line")
    connection = create_engine(url).connect()

context.configure(connection=connection, target_metadata=None, render_as_batch=True,
                  transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
if connection.in_transaction():
    connection.commit()
