"""Member roll: levels, members, contacts, history, officer posts (DOMAIN.md §1, issue 3).

Revision ID: 0002_members
Revises: 0001_foundation

Owned by the Member roll capability; its tables are created here.

Search over 100,000 members (issue 3: a keystroke ≤ 50 ms) runs on ``member_search``, one narrow
row per member holding a lower-cased concatenation of number, name, pinyin initials, identifiers,
contact and phones (kept by the service), so a ``LIKE`` scan reads little and works alike on
SQLite and PostgreSQL. On SQLite an FTS5 trigram index over it (kept by triggers) answers words of
three or more characters without a scan. ``name_key`` (pinyin) sorts names the way a Chinese
reader expects, ``seq`` sorts numbers numerically (M10000 after M9999) and ``level_rank`` sorts
levels in their configured order.
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_members"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

# Seeded levels (DOMAIN.md §1): same codes for both kinds, highest first.
LEVELS = [
    ("corporate", "president", "会长单位", 1),
    ("corporate", "vice_president", "副会长单位", 2),
    ("corporate", "standing_director", "常务理事单位", 3),
    ("corporate", "director", "理事单位", 4),
    ("corporate", "member", "会员单位", 5),
    ("individual", "president", "会长", 1),
    ("individual", "vice_president", "副会长", 2),
    ("individual", "standing_director", "常务理事", 3),
    ("individual", "director", "理事", 4),
    ("individual", "member", "会员", 5),
]


def upgrade() -> None:
    levels = op.create_table(
        "member_levels",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.UniqueConstraint("kind", "code", name="uq_member_levels_kind_code"),
        sa.UniqueConstraint("kind", "name", name="uq_member_levels_kind_name"),
    )
    op.bulk_insert(levels, [dict(kind=k, code=c, name=n, position=p, active=True) for k, c, n, p in LEVELS])

    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("no", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("credit_code", sa.String(18), nullable=True),
        sa.Column("id_number", sa.String(18), nullable=True),
        sa.Column("level_id", sa.Integer(), sa.ForeignKey("member_levels.id", name="fk_members_level_id_member_levels"),
                  nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("joined", sa.Date(), nullable=False),
        sa.Column("admitted_meeting_id", sa.Integer(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.String(16), nullable=True),
        sa.Column("left_note", sa.String(500), nullable=False, server_default=""),
        sa.Column("industry", sa.String(100), nullable=False, server_default=""),
        sa.Column("address", sa.String(300), nullable=False, server_default=""),
        sa.Column("phone", sa.String(32), nullable=False, server_default=""),
        sa.Column("contact_name", sa.String(64), nullable=False, server_default=""),
        sa.Column("mobile", sa.String(32), nullable=False, server_default=""),
        sa.Column("legal_representative", sa.String(64), nullable=False, server_default=""),
        sa.Column("size", sa.String(32), nullable=False, server_default=""),
        sa.Column("gender", sa.String(8), nullable=False, server_default=""),
        sa.Column("employer", sa.String(200), nullable=False, server_default=""),
        sa.Column("title", sa.String(100), nullable=False, server_default=""),
        sa.Column("email", sa.String(200), nullable=False, server_default=""),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("level_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("name_key", sa.String(400), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("no", name="uq_members_no"),
        sa.UniqueConstraint("credit_code", name="uq_members_credit_code"),
        sa.UniqueConstraint("id_number", name="uq_members_id_number"),
    )
    # Sort columns of the lazy table (each with id as tie-breaker for stable paging).
    op.create_index("ix_members_seq", "members", ["seq"])
    op.create_index("ix_members_name_key", "members", ["name_key", "id"])
    op.create_index("ix_members_joined", "members", ["joined", "id"])
    op.create_index("ix_members_level", "members", ["level_id", "seq"])
    op.create_index("ix_members_level_rank", "members", ["level_rank", "seq"])
    op.create_index("ix_members_contact", "members", ["contact_name", "id"])
    op.create_index("ix_members_mobile", "members", ["mobile", "id"])
    op.create_index("ix_members_status", "members", ["status", "seq"])
    op.create_index("ix_members_kind", "members", ["kind", "seq"])
    op.create_index("ix_members_industry", "members", ["industry", "id"])
    op.create_index("ix_members_identifier", "members", ["credit_code", "id_number", "id"])
    op.create_index("ix_members_left_on", "members", ["left_on"])

    op.create_table(
        "member_search",
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_search_member_id_members"),
                  primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite" and _sqlite_has_trigram(op.get_bind()):
        for stmt in FTS_SQL:
            op.execute(stmt)
    elif op.get_bind().dialect.name == "postgresql":
        _pg_trigram_index(op.get_bind())

    op.create_table(
        "member_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_contacts_member_id_members"),
                  nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("mobile", sa.String(32), nullable=False, server_default=""),
        sa.Column("phone", sa.String(32), nullable=False, server_default=""),
        sa.Column("position", sa.String(64), nullable=False, server_default=""),
        sa.Column("email", sa.String(200), nullable=False, server_default=""),
        sa.Column("is_primary", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_member_contacts_member_id", "member_contacts", ["member_id"])

    op.create_table(
        "member_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_member_events_member_id_members"),
                  nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.Column("level_id", sa.Integer(),
                  sa.ForeignKey("member_levels.id", name="fk_member_events_level_id_member_levels"), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_member_events_member", "member_events", ["member_id", "on_date"])
    op.create_index("ix_member_events_kind", "member_events", ["kind", "on_date"])

    op.create_table(
        "officer_posts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("members.id", name="fk_officer_posts_member_id_members"),
                  nullable=False),
        sa.Column("post", sa.String(32), nullable=False),
        sa.Column("body", sa.String(32), nullable=False),
        sa.Column("person", sa.String(64), nullable=False, server_default=""),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=True),
        sa.Column("source_meeting_id", sa.Integer(), nullable=True),  # meetings come later: no FK
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
    )
    op.create_index("ix_officer_posts_body", "officer_posts", ["body", "start_on"])
    op.create_index("ix_officer_posts_member", "officer_posts", ["member_id"])


def _sqlite_has_trigram(bind) -> bool:
    """FTS5 with the trigram tokenizer: SQLite ≥ 3.34 built with FTS5 (Python's usually is)."""
    version = tuple(int(x) for x in bind.exec_driver_sql("select sqlite_version()").scalar().split("."))
    if version < (3, 34):
        return False
    options = {r[0] for r in bind.exec_driver_sql("PRAGMA compile_options").all()}
    return "ENABLE_FTS5" in options


def _pg_trigram_index(bind) -> None:
    """PostgreSQL: a pg_trgm GIN index lets ``LIKE '%…%'`` on member_search use an index.

    pg_trgm is a trusted extension (PostgreSQL ≥ 13: the database owner may create it); where it
    is missing or not allowed, the search still works by scanning, so a failure is not fatal.
    """
    available = bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first()
    if not available:
        return
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql("CREATE INDEX ix_member_search_trgm ON member_search USING gin (text gin_trgm_ops)")
    except Exception:  # noqa: BLE001 — no privilege: the search scans instead
        pass


# External-content FTS5 index over member_search, kept in step by triggers (SQLite FTS5 docs §4.4.3).
FTS_SQL = [
    "CREATE VIRTUAL TABLE member_search_fts USING fts5(text, content='member_search', "
    "content_rowid='member_id', tokenize='trigram')",
    "CREATE TRIGGER member_search_ai AFTER INSERT ON member_search BEGIN "
    "INSERT INTO member_search_fts(rowid, text) VALUES (new.member_id, new.text); END",
    "CREATE TRIGGER member_search_ad AFTER DELETE ON member_search BEGIN "
    "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.member_id, old.text); END",
    "CREATE TRIGGER member_search_au AFTER UPDATE ON member_search BEGIN "
    "INSERT INTO member_search_fts(member_search_fts, rowid, text) VALUES ('delete', old.member_id, old.text); "
    "INSERT INTO member_search_fts(rowid, text) VALUES (new.member_id, new.text); END",
]


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("member_search_ai", "member_search_ad", "member_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS member_search_fts")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_member_search_trgm")
    op.drop_table("member_search")
    op.drop_table("officer_posts")
    op.drop_table("member_events")
    op.drop_table("member_contacts")
    op.drop_table("members")
    op.drop_table("member_levels")
