"""Meetings: assemblies, councils, attendance, votes, elections, minutes, notices (DOMAIN.md §4, issue 6).

Revision ID: 0005_meetings
Revises: 0004_dues

Owned by the Meetings capability; its tables are created here.

``meeting_attendance`` holds one row per member whose attendance was recorded. For the general
assembly, the council, the standing council, the supervisors and the presidents' office the body
(应到) is derived from the roll and the officer posts at the meeting's date; for a
representatives' assembly and an "other" meeting the body is the members listed here
(``status`` NULL = listed, not yet recorded). ``meeting_minutes`` keeps every version: an approved
version is locked for good, a correction is the next version.
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_meetings"
down_revision = "0004_dues"
branch_labels = None
depends_on = None


def _fk(table: str, col: str, ref: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{ref}.id", name=f"fk_{table}_{col}_{ref}")


def upgrade() -> None:
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("representatives", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(16), nullable=False, server_default=""),
        sa.Column("end_time", sa.String(16), nullable=False, server_default=""),
        sa.Column("place", sa.String(300), nullable=False, server_default=""),
        sa.Column("convener", sa.String(100), nullable=False, server_default=""),
        sa.Column("chair", sa.String(100), nullable=False, server_default=""),
        sa.Column("recorder", sa.String(100), nullable=False, server_default=""),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_meetings_date", "meetings", ["date", "id"])
    op.create_index("ix_meetings_kind", "meetings", ["kind", "date"])

    op.create_table(
        "meeting_agenda_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_agenda_items", "meeting_id", "meetings"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("presenter", sa.String(100), nullable=False, server_default=""),
        sa.Column("description", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_meeting_agenda_items_meeting", "meeting_agenda_items", ["meeting_id", "position"])

    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_attendance", "meeting_id", "meetings"), nullable=False),
        sa.Column("member_id", sa.Integer(), _fk("meeting_attendance", "member_id", "members"), nullable=False),
        sa.Column("status", sa.String(16), nullable=True),
        sa.Column("proxy_to_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_meeting_attendance_proxy_to_members"),
                  nullable=True),
        sa.Column("person", sa.String(64), nullable=False, server_default=""),
        sa.Column("note", sa.String(300), nullable=False, server_default=""),
        sa.UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_meeting_member"),
    )

    op.create_table(
        "meeting_guests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_guests", "meeting_id", "meetings"), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("organization", sa.String(200), nullable=False, server_default=""),
        sa.Column("title", sa.String(100), nullable=False, server_default=""),
    )
    op.create_index("ix_meeting_guests_meeting", "meeting_guests", ["meeting_id"])

    op.create_table(
        "meeting_resolutions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_resolutions", "meeting_id", "meetings"), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(),
                  _fk("meeting_resolutions", "agenda_item_id", "meeting_agenda_items"), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False, server_default=""),
        sa.Column("subject", sa.String(32), nullable=False),
        sa.Column("ballot", sa.String(16), nullable=False),
        sa.Column("majority", sa.String(16), nullable=False),
        sa.Column("voters", sa.Integer(), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("adopted", sa.Boolean(), nullable=True),
        sa.Column("target_type", sa.String(32), nullable=True),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_meeting_resolutions_meeting", "meeting_resolutions", ["meeting_id", "position"])
    op.create_index("ix_meeting_resolutions_subject", "meeting_resolutions", ["subject", "adopted"])
    op.create_index("ix_meeting_resolutions_target", "meeting_resolutions", ["target_type", "target_id"])

    op.create_table(
        "meeting_elections",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_elections", "meeting_id", "meetings"), nullable=False),
        sa.Column("resolution_id", sa.Integer(),
                  _fk("meeting_elections", "resolution_id", "meeting_resolutions"), nullable=True),
        sa.Column("office", sa.String(32), nullable=False),
        sa.Column("body", sa.String(32), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("ballot", sa.String(16), nullable=False),
        sa.Column("voters", sa.Integer(), nullable=True),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("applied_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_meeting_elections_meeting", "meeting_elections", ["meeting_id"])

    op.create_table(
        "meeting_candidates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("election_id", sa.Integer(), _fk("meeting_candidates", "election_id", "meeting_elections"),
                  nullable=False),
        sa.Column("member_id", sa.Integer(), _fk("meeting_candidates", "member_id", "members"), nullable=False),
        sa.Column("person", sa.String(64), nullable=False, server_default=""),
        sa.Column("votes", sa.Integer(), nullable=True),
        sa.Column("elected", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("post_id", sa.Integer(), nullable=True),  # the officer post it started (officer_posts.id)
        sa.UniqueConstraint("election_id", "member_id", name="uq_meeting_candidates_election_member"),
    )

    op.create_table(
        "meeting_minutes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_minutes", "meeting_id", "meetings"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("approved_by", sa.String(100), nullable=True),
        sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("meeting_id", "version", name="uq_meeting_minutes_meeting_version"),
    )

    op.create_table(
        "meeting_notices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("meeting_id", sa.Integer(), _fk("meeting_notices", "meeting_id", "meetings"), nullable=False),
        sa.Column("number", sa.String(64), nullable=False, server_default=""),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("recipients", sa.String(300), nullable=False, server_default=""),
        sa.Column("body", sa.Text(), nullable=False, server_default=""),
        sa.Column("reply_by", sa.Date(), nullable=True),
        sa.Column("contact", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_meeting_notices_meeting", "meeting_notices", ["meeting_id"])


def downgrade() -> None:
    for table in ("meeting_notices", "meeting_minutes", "meeting_candidates", "meeting_elections",
                  "meeting_resolutions", "meeting_guests", "meeting_attendance", "meeting_agenda_items", "meetings"):
        op.drop_table(table)
