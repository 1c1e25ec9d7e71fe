"""Dues.

Revision ID: 0004_dues
Revises: 0003_ledger

Owned by the Dues capability; its tables are created here.
"""
from alembic import op
import sqlalchemy as sa

revision = "0004_dues"
down_revision = "0003_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled by the capability that owns this migration


def downgrade() -> None:
    pass  # PLACEHOLDER
