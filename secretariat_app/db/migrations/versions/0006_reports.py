"""Reports: narrative texts and the yearly facts the reports need (DOMAIN.md §5, issue 7).

Revision ID: 0006_reports
Revises: 0005_meetings

Owned by the Reports capability; its tables are created here. Figures the book already holds
(members, books, meetings, dues) are never stored here: the reports read them live from their
services. These tables keep only what the secretariat types in:

- ``report_texts``: narrative sections per year and document, in the small markup of
  ``core/reports/markup.py`` (headings, paragraphs, lists);
- ``report_staff``: staff of the secretariat for the year (work report, party-building report);
- ``report_activities``: activities held (training, services, standards, mediation, …);
- ``report_standards``: standards drafted or taking part in;
- ``report_disclosures``: information disclosed (grade evaluation 信息公开);
- ``report_surveys``: the member satisfaction survey of the year;
- ``report_grade_scores``: staff scores of the self-evaluation indicators the data cannot answer;
- ``report_attachments``: external PDFs of the submission package, stored as bytes in the book
  so that the package can be rebuilt anywhere (size capped by the service);
- ``report_packages``: the package's size limit and chosen documents per year.
"""
from alembic import op
import sqlalchemy as sa

revision = "0006_reports"
down_revision = "0005_meetings"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_texts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("document", sa.String(32), nullable=False),
        sa.Column("section_key", sa.String(64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("year", "document", "section_key", name="uq_report_texts_year_document_section"),
    )
    op.create_table(
        "report_staff",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("staff_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("full_time", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("part_time", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("social_insured", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("degree_holders", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("party_members", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("party_org", sa.String(32), nullable=False, server_default="none"),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "report_activities",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "report_standards",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("code", sa.String(64), nullable=False, server_default=""),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "report_disclosures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(100), nullable=False, server_default=""),
    )
    op.create_table(
        "report_surveys",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.Column("satisfied", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
    )
    op.create_table(
        "report_grade_scores",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("year", "indicator", name="uq_report_grade_scores_year_indicator"),
    )
    op.create_table(
        "report_attachments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False, index=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(260), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "report_packages",
        sa.Column("year", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("limit_kb", sa.Integer(), nullable=False, server_default="2048"),
        sa.Column("documents", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    for table in ("report_packages", "report_attachments", "report_grade_scores", "report_surveys",
                  "report_disclosures", "report_standards", "report_activities", "report_staff",
                  "report_texts"):
        op.drop_table(table)
