"""Trust: users and roles, the hash-chained audit log, optimistic locking.

Revision ID: 0007_trust
Revises: 0006_reports

Owned by the Trust capability (core/auth.py, core/audit.py). ``audit_log`` is append-only: each
entry carries the sha256 of its content and of the previous entry's hash (``core/audit.py``);
``audit_head`` is the one row holding the chain's last id and hash (it is locked while an entry is
appended, so that concurrent writers on PostgreSQL never fork the chain).
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_trust"
down_revision = "0006_reports"
branch_labels = None
depends_on = None

# Members (0002), vouchers (0003) and dues bills (0004) edited by several users at once.
VERSIONED_TABLES = ("members", "ledger_vouchers", "dues_bills")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("full_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_login", sa.DateTime(), nullable=True),
        sa.Column("created", sa.DateTime(), nullable=False),
    )
    # ``content`` is what the hash covers (core/audit.py): at, user, OS user, table, record, action,
    # before and after joined by U+001F. The other columns repeat its first fields for filtering;
    # `secretariat check` verifies they agree with it.
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("user_name", sa.String(64), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(128), nullable=False, server_default=""),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_record", "audit_log", ["table_name", "record_id"])
    op.create_index("ix_audit_log_user_name", "audit_log", ["user_name"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
    )
    op.execute(sa.text("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000')"))
    # Optimistic locking (core/trust/locking.py): the version each save expects to find.
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("row_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("row_version")
    op.drop_table("audit_head")
    op.drop_index("ix_audit_log_user_name", "audit_log")
    op.drop_index("ix_audit_log_record", "audit_log")
    op.drop_index("ix_audit_log_at", "audit_log")
    op.drop_table("audit_log")
    op.drop_table("users")
