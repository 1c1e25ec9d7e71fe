"""Dues: fee schedules, bills, payments, allocations, receipts, prepaid balances.

Revision ID: 0004_dues
Revises: 0003_ledger

Owned by the Dues capability (DOMAIN.md §2, issue 5). Amounts are integer fen. A schedule's
``resolution_id`` names the general assembly's resolution (``meeting_resolutions``) without a
foreign key: the meetings migration comes later in the chain, so the service validates it.
Indexes are chosen for books of 10,000 members: bills by (year, status) and by member, payments
by member and by date, allocations by payment and by bill, receipts unique per (year, number).
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_dues"
down_revision = "0003_ledger"
branch_labels = None
depends_on = None

FEN = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "dues_fee_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), sa.ForeignKey("member_levels.id", name="fk_dues_fee_schedules_level"),
                  nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, server_default="annual"),
        sa.Column("amount", FEN, nullable=False),
        sa.Column("resolution_id", sa.Integer(), nullable=True),  # meeting_resolutions.id, checked by the service
        sa.Column("draft", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("year", "level_id", "kind", name="uq_dues_fee_schedules_year_level_kind"),
    )

    op.create_table(
        "dues_bills",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_dues_bills_member"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), sa.ForeignKey("member_levels.id", name="fk_dues_bills_level"),
                  nullable=True),
        sa.Column("schedule_id", sa.Integer(), sa.ForeignKey("dues_fee_schedules.id", name="fk_dues_bills_schedule"),
                  nullable=True),
        sa.Column("origin", sa.String(12), nullable=False, server_default="run"),  # run | opening
        sa.Column("months", sa.SmallInteger(), nullable=False, server_default="12"),
        sa.Column("amount", FEN, nullable=False),      # billed (after pro rata), before any reduction
        sa.Column("reduction", FEN, nullable=False, server_default="0"),
        sa.Column("reduction_reason", sa.String(300), nullable=False, server_default=""),
        sa.Column("waived", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("paid", FEN, nullable=False, server_default="0"),  # Σ allocations of live payments
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(10), nullable=False, server_default="open"),  # open | paid | waived
        sa.Column("note", sa.String(300), nullable=False, server_default=""),
        sa.Column("billed_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("member_id", "year", name="uq_dues_bills_member_year"),
    )
    op.create_index("ix_dues_bills_year_status", "dues_bills", ["year", "status"])
    op.create_index("ix_dues_bills_status_member", "dues_bills", ["status", "member_id"])

    op.create_table(
        "dues_payments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_dues_payments_member"),
                  nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", FEN, nullable=False),
        sa.Column("method", sa.String(8), nullable=False),  # bank | cash | wechat | alipay
        sa.Column("payer", sa.String(200), nullable=False, server_default=""),
        sa.Column("reference", sa.String(100), nullable=False, server_default=""),
        sa.Column("bank_account", sa.String(20), nullable=False),  # the account code debited
        sa.Column("voucher_id", sa.Integer(), sa.ForeignKey("ledger_vouchers.id", name="fk_dues_payments_voucher"),
                  nullable=True),
        sa.Column("reversal_voucher_id", sa.Integer(),
                  sa.ForeignKey("ledger_vouchers.id", name="fk_dues_payments_reversal"), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.String(300), nullable=False, server_default=""),
        sa.Column("issuer", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_dues_payments_member", "dues_payments", ["member_id", "date"])
    op.create_index("ix_dues_payments_date", "dues_payments", ["date"])
    op.create_index("ix_dues_payments_voucher", "dues_payments", ["voucher_id"])

    op.create_table(
        "dues_allocations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("payment_id", sa.Integer(), sa.ForeignKey("dues_payments.id", name="fk_dues_allocations_payment"),
                  nullable=False),
        sa.Column("bill_id", sa.Integer(), sa.ForeignKey("dues_bills.id", name="fk_dues_allocations_bill"),
                  nullable=True),  # NULL: prepaid dues (预收) waiting for the bill of ``year``
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_dues_allocations_member"),
                  nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", FEN, nullable=False),
        # the Dr 2203 / Cr 420101 voucher of the billing run that applied this prepaid money
        sa.Column("carried_voucher_id", sa.Integer(),
                  sa.ForeignKey("ledger_vouchers.id", name="fk_dues_allocations_carried"), nullable=True),
    )
    op.create_index("ix_dues_allocations_payment", "dues_allocations", ["payment_id"])
    op.create_index("ix_dues_allocations_bill", "dues_allocations", ["bill_id"])
    op.create_index("ix_dues_allocations_prepaid", "dues_allocations", ["member_id", "bill_id"])

    op.create_table(
        "dues_receipts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), sa.ForeignKey("dues_payments.id", name="fk_dues_receipts_payment"),
                  nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issuer", sa.String(64), nullable=False, server_default=""),
        sa.Column("cancelled", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("reprints", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_printed_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("year", "number", name="uq_dues_receipts_year_number"),
    )
    op.create_index("ix_dues_receipts_payment", "dues_receipts", ["payment_id"])

    op.create_table(
        "dues_prepaid",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_dues_prepaid_member"),
                  primary_key=True, autoincrement=False),
        sa.Column("amount", FEN, nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
    )


def downgrade() -> None:
    for name in ("dues_prepaid", "dues_receipts", "dues_allocations", "dues_payments", "dues_bills",
                 "dues_fee_schedules"):
        op.drop_table(name)
