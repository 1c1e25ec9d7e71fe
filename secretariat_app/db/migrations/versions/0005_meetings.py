"""Meetings.

Revision ID: 0005_meetings
Revises: 0004_dues

Owned by the Meetings capability; its tables are created here.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_meetings"
down_revision = "0004_dues"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled by the capability that owns this migration


def downgrade() -> None:
    pass  # PLACEHOLDER
