"""Reports.

Revision ID: 0006_reports
Revises: 0005_meetings

Owned by the Reports capability; its tables are created here.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_reports"
down_revision = "0005_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # PLACEHOLDER: filled by the capability that owns this migration


def downgrade() -> None:
    pass  # PLACEHOLDER
