"""ORM models of the member roll (tables created by migration 0002_members; DOMAIN.md §1)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from secretariat_app.db.base import Base
from secretariat_app.i18n import N_

CORPORATE = "corporate"
INDIVIDUAL = "individual"
KINDS = (CORPORATE, INDIVIDUAL)
KIND_LABELS = {CORPORATE: N_("Corporate"), INDIVIDUAL: N_("Individual")}

ACTIVE = "active"
LEFT = "left"
APPLIED = "applied"
STATUS_LABELS = {ACTIVE: N_("Active"), LEFT: N_("Has left"), APPLIED: N_("Applied")}

# Why a member left (DOMAIN.md §1): 退会 / 除名 / 注销.
LEFT_REASONS = {"resigned": N_("Resigned"), "removed": N_("Removed"), "dissolved": N_("Dissolved")}

# Officer bodies, highest first; a higher body sits inside the lower ones (see service.body_members).
BODIES = ("presidents", "standing_council", "council", "supervisors")
BODY_LABELS = {
    "presidents": N_("Presidents' office"),
    "standing_council": N_("Standing council"),
    "council": N_("Council"),
    "supervisors": N_("Board of supervisors"),
}
# Usual posts and the body each belongs to (DOMAIN.md §4 glossary); others may be typed freely.
POSTS = {
    "会长": "presidents", "副会长": "presidents", "秘书长": "presidents",
    "常务理事": "standing_council", "理事": "council",
    "监事长": "supervisors", "监事": "supervisors",
}

EVENT_LABELS = {
    "admitted": N_("Admitted"),
    "level_changed": N_("Level changed"),
    "post_assigned": N_("Post assigned"),
    "post_ended": N_("Post ended"),
    "contact_changed": N_("Contact changed"),
    "edited": N_("Details changed"),
    "left": N_("Left the association"),
}


class Level(Base):
    __tablename__ = "member_levels"
    __table_args__ = (
        UniqueConstraint("kind", "code", name="uq_member_levels_kind_code"),
        UniqueConstraint("kind", "name", name="uq_member_levels_kind_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self) -> str:
        return f"<Level {self.kind}/{self.code} {self.name}>"


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("no", name="uq_members_no"),
        UniqueConstraint("credit_code", name="uq_members_credit_code"),
        UniqueConstraint("id_number", name="uq_members_id_number"),
        Index("ix_members_seq", "seq"),
        Index("ix_members_name_key", "name_key", "id"),
        Index("ix_members_joined", "joined", "id"),
        Index("ix_members_level", "level_id", "seq"),
        Index("ix_members_level_rank", "level_rank", "seq"),
        Index("ix_members_contact", "contact_name", "id"),
        Index("ix_members_mobile", "mobile", "id"),
        Index("ix_members_status", "status", "seq"),
        Index("ix_members_kind", "kind", "seq"),
        Index("ix_members_industry", "industry", "id"),
        Index("ix_members_identifier", "credit_code", "id_number", "id"),
        Index("ix_members_left_on", "left_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18), nullable=True)
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("member_levels.id"))
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    joined: Mapped[date] = mapped_column(Date)
    admitted_meeting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    left_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    left_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    left_note: Mapped[str] = mapped_column(String(500), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    contact_name: Mapped[str] = mapped_column(String(64), default="")
    mobile: Mapped[str] = mapped_column(String(32), default="")
    legal_representative: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[str] = mapped_column(String(32), default="")
    gender: Mapped[str] = mapped_column(String(8), default="")
    employer: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    level_rank: Mapped[int] = mapped_column(Integer, default=0)
    name_key: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    # Optimistic locking (issue 8, core/trust/locking.py): a save over someone else's is refused.
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}

    level: Mapped[Level] = relationship(lazy="joined")
    contacts: Mapped[list["Contact"]] = relationship(back_populates="member", order_by="Contact.id")

    @property
    def is_corporate(self) -> bool:
        return self.kind == CORPORATE

    @property
    def identifier(self) -> str:
        """The credit code of a corporate member, the ID number of an individual."""
        return (self.credit_code if self.is_corporate else self.id_number) or ""

    def active_on(self, on_date: date) -> bool:
        return (self.status != APPLIED and self.joined <= on_date
                and (self.left_on is None or self.left_on > on_date))

    def __repr__(self) -> str:
        return f"<Member {self.no} {self.name}>"


class MemberSearch(Base):
    """One narrow row per member: the lower-cased text the table's search matches."""

    __tablename__ = "member_search"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True)
    text: Mapped[str] = mapped_column(Text)

    member: Mapped[Member] = relationship()


def level_rank(level: Level) -> int:
    """Sort key of a level across kinds: corporate levels first, then by position."""
    return (KINDS.index(level.kind) if level.kind in KINDS else 9) * 1000 + level.position


class Contact(Base):
    __tablename__ = "member_contacts"
    __table_args__ = (
        Index("ix_member_contacts_member_id", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    name: Mapped[str] = mapped_column(String(64))
    mobile: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    position: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    member: Mapped[Member] = relationship(back_populates="contacts")


class MemberEvent(Base):
    __tablename__ = "member_events"
    __table_args__ = (
        Index("ix_member_events_member", "member_id", "on_date"),
        Index("ix_member_events_kind", "kind", "on_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(32))
    on_date: Mapped[date] = mapped_column(Date)
    level_id: Mapped[int | None] = mapped_column(ForeignKey("member_levels.id"), nullable=True)
    meeting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    member: Mapped[Member] = relationship()


class OfficerPost(Base):
    __tablename__ = "officer_posts"
    __table_args__ = (
        Index("ix_officer_posts_body", "body", "start_on"),
        Index("ix_officer_posts_member", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    post: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(String(32))
    person: Mapped[str] = mapped_column(String(64), default="")
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    source_meeting_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")

    member: Mapped[Member] = relationship(lazy="joined")

    def held_on(self, on_date: date) -> bool:
        return self.start_on <= on_date and (self.end_on is None or self.end_on > on_date)
