"""Trust (users, audit, optimistic locking).

Revision ID: 0007_trust
Revises: 0006_reports

Owned by the Trust (users, audit, optimistic locking) capability; its tables are created here.
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_trust"
down_revision = "0006_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled by the capability that owns this migration


def downgrade() -> None:
    pass  # PLACEHOLDER
