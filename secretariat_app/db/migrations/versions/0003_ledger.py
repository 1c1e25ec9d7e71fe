"""Books (ledger).

Revision ID: 0003_ledger
Revises: 0002_members

Owned by the Books (ledger) capability; its tables are created here.
"""
from alembic import op
import sqlalchemy as sa

revision = "0003_ledger"
down_revision = "0002_members"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled by the capability that owns this migration


def downgrade() -> None:
    pass  # PLACEHOLDER
