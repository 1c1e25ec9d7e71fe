"""Books (ledger): chart of accounts, fiscal years, periods, vouchers, opening balances.

Revision ID: 0003_ledger
Revises: 0002_members

Owned by the Books (ledger) capability (DOMAIN.md §3). Amounts are integer fen. Two summary
tables (``ledger_totals`` per account/month, ``ledger_cashflow_totals`` per cash-flow row/month)
are maintained on every write so that a trial balance or a statement over a million postings
reads a few thousand rows; ``secretariat check`` verifies them against the lines.
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_ledger"
down_revision = "0002_members"
branch_labels = None
depends_on = None

FEN = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ledger_accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("ledger_accounts.id", name="fk_ledger_accounts_parent"), nullable=True),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("category", sa.String(12), nullable=False),
        sa.Column("normal", sa.String(1), nullable=False),
        sa.Column("restriction", sa.String(1), nullable=True),
        sa.Column("entrusted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("is_leaf", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("official", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("edition", sa.String(16), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("code", name="uq_ledger_accounts_code"),
    )
    op.create_index("ix_ledger_accounts_parent", "ledger_accounts", ["parent_id"])

    op.create_table(
        "ledger_fiscal_years",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("edition", sa.String(16), nullable=False),
        sa.Column("opening_base", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()),
    )

    op.create_table(
        "ledger_opening_balances",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("ledger_accounts.id", name="fk_ledger_opening_account"),
                  primary_key=True, autoincrement=False),
        sa.Column("amount", FEN, nullable=False),
    )

    op.create_table(
        "ledger_periods",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("month", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(64), nullable=True),
    )

    op.create_table(
        "ledger_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False, server_default=""),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("month", sa.SmallInteger(), nullable=True),
        sa.Column("voucher_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )

    op.create_table(
        "ledger_vouchers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("attachments", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False, server_default="normal"),
        sa.Column("source", sa.String(32), nullable=False, server_default="manual"),
        sa.Column("source_ref", sa.String(64), nullable=True),
        sa.Column("summary", sa.String(200), nullable=False, server_default=""),
        sa.Column("total", FEN, nullable=False),
        sa.Column("preparer", sa.String(64), nullable=False, server_default=""),
        sa.Column("reviewer", sa.String(64), nullable=True),
        sa.Column("poster", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=True),
        sa.Column("corrects_id", sa.Integer(), sa.ForeignKey("ledger_vouchers.id", name="fk_ledger_vouchers_corrects"),
                  nullable=True),
        sa.UniqueConstraint("year", "month", "number", name="uq_ledger_vouchers_number"),
    )
    op.create_index("ix_ledger_vouchers_date", "ledger_vouchers", ["date"])
    op.create_index("ix_ledger_vouchers_state", "ledger_vouchers", ["state", "year", "month"])
    op.create_index("ix_ledger_vouchers_source", "ledger_vouchers", ["source", "source_ref"])

    op.create_table(
        "ledger_lines",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("voucher_id", sa.Integer(), sa.ForeignKey("ledger_vouchers.id", name="fk_ledger_lines_voucher",
                                                            ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),  # the voucher's date, kept for ledger order
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("ledger_accounts.id", name="fk_ledger_lines_account"),
                  nullable=False),
        sa.Column("summary", sa.String(200), nullable=False, server_default=""),
        sa.Column("debit", FEN, nullable=False, server_default="0"),
        sa.Column("credit", FEN, nullable=False, server_default="0"),
        sa.Column("cashflow_row", sa.SmallInteger(), nullable=True),
    )
    op.create_index("ix_ledger_lines_voucher", "ledger_lines", ["voucher_id", "seq"], unique=True)
    op.create_index("ix_ledger_lines_account_date", "ledger_lines", ["account_id", "date"])

    op.create_table(
        "ledger_totals",
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("ledger_accounts.id", name="fk_ledger_totals_account"),
                  primary_key=True, autoincrement=False),
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("month", sa.SmallInteger(), primary_key=True, autoincrement=False),
        # bucket: 0 unposted, 1 posted, 2 unposted closing voucher, 3 posted closing voucher
        sa.Column("bucket", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("debit", FEN, nullable=False, server_default="0"),
        sa.Column("credit", FEN, nullable=False, server_default="0"),
    )
    op.create_index("ix_ledger_totals_year", "ledger_totals", ["year", "month"])

    op.create_table(
        "ledger_cashflow_totals",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("month", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("row", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("bucket", sa.SmallInteger(), primary_key=True, autoincrement=False),
        sa.Column("debit", FEN, nullable=False, server_default="0"),
        sa.Column("credit", FEN, nullable=False, server_default="0"),
    )


def downgrade() -> None:
    for name in ("ledger_cashflow_totals", "ledger_totals", "ledger_lines", "ledger_vouchers", "ledger_log",
                 "ledger_periods", "ledger_opening_balances", "ledger_fiscal_years", "ledger_accounts"):
        op.drop_table(name)
