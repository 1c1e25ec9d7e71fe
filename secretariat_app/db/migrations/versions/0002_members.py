"""Member roll.

Revision ID: 0002_members
Revises: 0001_foundation

Owned by the Member roll capability; its tables are created here.
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_members"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled by the capability that owns this migration


def downgrade() -> None:
    pass  # PLACEHOLDER
