"""The schema as the models declare it (tests/db/test_schema.py compares them).

Revision ID: 0008_schema_agrees
Revises: 0007_trust

- ``dues_fee_schedules.created_at`` / ``updated_at`` are NOT NULL, as every schedule row has been
  written with both (a NULL left by a hand edit becomes the time of the upgrade).
- The one unique constraint created without a name (``users.name``, 0007) gets the name of the
  naming convention, ``uq_users_name`` (PostgreSQL had called it ``users_name_key``; SQLite gave it
  none), so that later migrations can address it by name on both.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_schema_agrees"
down_revision = "0007_trust"
branch_labels = None
depends_on = None

UQ = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _users_name_constraint() -> str | None:
    for uc in sa.inspect(op.get_bind()).get_unique_constraints("users"):
        if uc["column_names"] == ["name"]:
            return uc["name"]
    return None


def upgrade() -> None:
    op.execute(sa.text("UPDATE dues_fee_schedules SET created_at = CURRENT_TIMESTAMP WHERE created_at IS NULL"))
    op.execute(sa.text("UPDATE dues_fee_schedules SET updated_at = COALESCE(created_at, CURRENT_TIMESTAMP) "
                       "WHERE updated_at IS NULL"))
    with op.batch_alter_table("dues_fee_schedules") as batch:
        batch.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)
        batch.alter_column("updated_at", existing_type=sa.DateTime(), nullable=False)
    old = _users_name_constraint()
    if old == "uq_users_name":
        return
    # On SQLite the unnamed constraint is reflected under the convention's name, then rebuilt with it.
    with op.batch_alter_table("users", naming_convention=UQ) as batch:
        batch.drop_constraint(old or "uq_users_name", type_="unique")
        batch.create_unique_constraint("uq_users_name", ["name"])


def downgrade() -> None:
    with op.batch_alter_table("users", naming_convention=UQ) as batch:
        batch.drop_constraint("uq_users_name", type_="unique")
        batch.create_unique_constraint("users_name_key", ["name"])  # PostgreSQL's name of 0007's constraint
    with op.batch_alter_table("dues_fee_schedules") as batch:
        batch.alter_column("created_at", existing_type=sa.DateTime(), nullable=True)
        batch.alter_column("updated_at", existing_type=sa.DateTime(), nullable=True)
