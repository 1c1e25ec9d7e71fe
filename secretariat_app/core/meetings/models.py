"""ORM models of meetings (tables created by migration 0005_meetings; DOMAIN.md §4)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from secretariat_app.db.base import Base
from secretariat_app.i18n import N_

# Meeting kinds (DOMAIN.md §4, CLI.md ``meetings list``).
GENERAL_ASSEMBLY = "general_assembly"
COUNCIL = "council"
STANDING_COUNCIL = "standing_council"
SUPERVISORS = "supervisors"
PRESIDENTS = "presidents"
OTHER = "other"
KINDS = (GENERAL_ASSEMBLY, COUNCIL, STANDING_COUNCIL, SUPERVISORS, PRESIDENTS, OTHER)
KIND_LABELS = {
    GENERAL_ASSEMBLY: N_("General assembly"),
    COUNCIL: N_("Council"),
    STANDING_COUNCIL: N_("Standing council"),
    SUPERVISORS: N_("Board of supervisors"),
    PRESIDENTS: N_("Presidents' office meeting"),
    OTHER: N_("Other meeting"),
}
REPRESENTATIVES_LABEL = N_("Representatives' assembly")

# Attendance (DOMAIN.md §4): present / by proxy / absent with leave / absent.
PRESENT = "present"
PROXY = "proxy"
LEAVE = "leave"
ABSENT = "absent"
STATUSES = (PRESENT, PROXY, LEAVE, ABSENT)
STATUS_LABELS = {PRESENT: N_("Present in person"), PROXY: N_("By proxy"), LEAVE: N_("Absent with leave"),
                 ABSENT: N_("Absent")}
UNRECORDED_LABEL = N_("Not recorded")

# What a resolution decides.
ORDINARY = "ordinary"
CHARTER = "charter"
DISSOLUTION = "dissolution"
DUES_SCHEDULE = "dues_schedule"
ADMIT_MEMBER = "admit_member"
ELECTION = "election"
OTHER_SUBJECT = "other"
SUBJECTS = (ORDINARY, CHARTER, DISSOLUTION, DUES_SCHEDULE, ADMIT_MEMBER, ELECTION, OTHER_SUBJECT)
SUBJECT_LABELS = {
    ORDINARY: N_("Ordinary matter"),
    CHARTER: N_("Charter amendment"),
    DISSOLUTION: N_("Dissolution"),
    DUES_SCHEDULE: N_("Dues schedule"),
    ADMIT_MEMBER: N_("Admission of a member"),
    ELECTION: N_("Election"),
    OTHER_SUBJECT: N_("Other"),
}

OPEN = "open"
SECRET = "secret"
BALLOTS = (OPEN, SECRET)
BALLOT_LABELS = {OPEN: N_("Open vote"), SECRET: N_("Secret ballot")}

HALF = "half"             # more than 1/2 of those present
TWO_THIRDS = "two_thirds"  # at least 2/3 of those present
MAJORITIES = (HALF, TWO_THIRDS)
MAJORITY_LABELS = {HALF: N_("More than 1/2 of those present"), TWO_THIRDS: N_("At least 2/3 of those present")}


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_date", "date", "id"),
        Index("ix_meetings_kind", "kind", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    representatives: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(16), default="")
    end_time: Mapped[str] = mapped_column(String(16), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    convener: Mapped[str] = mapped_column(String(100), default="")
    chair: Mapped[str] = mapped_column(String(100), default="")
    recorder: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    agenda: Mapped[list["AgendaItem"]] = relationship(order_by="AgendaItem.position", back_populates="meeting")
    guests: Mapped[list["Guest"]] = relationship(order_by="Guest.id")
    resolutions: Mapped[list["Resolution"]] = relationship(order_by="Resolution.position", back_populates="meeting")

    @property
    def listed_body(self) -> bool:
        """The body is the members listed on the meeting (representatives, "other"), not the roll."""
        return self.representatives or self.kind == OTHER

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.kind} {self.date}>"


class AgendaItem(Base):
    __tablename__ = "meeting_agenda_items"
    __table_args__ = (
        Index("ix_meeting_agenda_items_meeting", "meeting_id", "position"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str] = mapped_column(String(100), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class Attendance(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_meeting_attendance_meeting_member"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    proxy_to_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    person: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(String(300), default="")


class Guest(Base):
    __tablename__ = "meeting_guests"
    __table_args__ = (
        Index("ix_meeting_guests_meeting", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    name: Mapped[str] = mapped_column(String(100))
    organization: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")


class Resolution(Base):
    __tablename__ = "meeting_resolutions"
    __table_args__ = (
        Index("ix_meeting_resolutions_meeting", "meeting_id", "position"),
        Index("ix_meeting_resolutions_subject", "subject", "adopted"),
        Index("ix_meeting_resolutions_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_agenda_items.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[str] = mapped_column(String(32), default=ORDINARY)
    ballot: Mapped[str] = mapped_column(String(16), default=OPEN)
    majority: Mapped[str] = mapped_column(String(16), default=HALF)
    voters: Mapped[int | None] = mapped_column(Integer, nullable=True)
    votes_for: Mapped[int | None] = mapped_column(Integer, nullable=True)
    votes_against: Mapped[int | None] = mapped_column(Integer, nullable=True)
    votes_abstain: Mapped[int | None] = mapped_column(Integer, nullable=True)
    adopted: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    target_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    meeting: Mapped[Meeting] = relationship(back_populates="resolutions")

    @property
    def voted(self) -> bool:
        return self.votes_for is not None


class Election(Base):
    __tablename__ = "meeting_elections"
    __table_args__ = (
        Index("ix_meeting_elections_meeting", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    resolution_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_resolutions.id"), nullable=True)
    office: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(String(32))
    seats: Mapped[int] = mapped_column(Integer, default=1)
    ballot: Mapped[str] = mapped_column(String(16), default=SECRET)
    voters: Mapped[int | None] = mapped_column(Integer, nullable=True)
    term_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    applied_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    candidates: Mapped[list["Candidate"]] = relationship(order_by="Candidate.id", back_populates="election")


class Candidate(Base):
    __tablename__ = "meeting_candidates"
    __table_args__ = (
        UniqueConstraint("election_id", "member_id", name="uq_meeting_candidates_election_member"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("meeting_elections.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    person: Mapped[str] = mapped_column(String(64), default="")
    votes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    elected: Mapped[bool] = mapped_column(Boolean, default=False)
    post_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    election: Mapped[Election] = relationship(back_populates="candidates")


class Minutes(Base):
    __tablename__ = "meeting_minutes"
    __table_args__ = (
        UniqueConstraint("meeting_id", "version", name="uq_meeting_minutes_meeting_version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    version: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)


class Notice(Base):
    __tablename__ = "meeting_notices"
    __table_args__ = (
        Index("ix_meeting_notices_meeting", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    number: Mapped[str] = mapped_column(String(64), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    recipients: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    reply_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
