"""ORM models of the reports capability (tables created by migration 0006_reports; DOMAIN.md §5).

Only what the secretariat types in is stored; every figure the book already holds is read live
from its own service when a report is assembled (``core/reports/data.py``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from secretariat_app.db.base import Base
from secretariat_app.i18n import N_

# The documents of DOMAIN.md §5 (and issue 7), in the order of the submission package.
ANNUAL = "annual"
STATEMENTS = "statements"
CSR = "csr"
MINUTES = "minutes"
GRADE = "grade"
PARTY = "party"
ROLL = "roll"
ATTACHMENTS = "attachments"
DOCUMENT_LABELS = {
    ANNUAL: N_("Annual work report"),
    STATEMENTS: N_("Financial statements"),
    CSR: N_("Social-responsibility report"),
    MINUTES: N_("Minutes of the year's meetings"),
    GRADE: N_("Grade self-evaluation"),
    PARTY: N_("Party-building report"),
    ROLL: N_("Member roll (masked)"),
    ATTACHMENTS: N_("Attached documents"),
}
PACKAGE_DOCUMENTS = (ANNUAL, STATEMENTS, CSR, MINUTES, GRADE, PARTY, ROLL, ATTACHMENTS)
DEFAULT_PACKAGE = (ANNUAL, STATEMENTS, CSR, MINUTES, GRADE, ROLL, ATTACHMENTS)
# Documents with narrative sections edited in the program.
NARRATIVE_DOCUMENTS = (ANNUAL, CSR, PARTY)

ACTIVITY_KINDS = {
    "training": N_("Training"),
    "service": N_("Service to members"),
    "standards": N_("Standards work"),
    "mediation": N_("Dispute mediation"),
    "public_welfare": N_("Public welfare"),
    "government": N_("Government purchased service"),
    "party_building": N_("Party building"),
    "other": N_("Other"),
}

STANDARD_LEVELS = {
    "group": N_("Group standard"),
    "industry": N_("Industry standard"),
    "local": N_("Local standard"),
    "national": N_("National standard"),
}
STANDARD_ROLES = {"lead": N_("Lead drafter"), "participant": N_("Participant")}
STANDARD_STATUSES = {"drafting": N_("Drafting"), "published": N_("Published")}

PARTY_ORGS = {
    "none": N_("No party organization"),
    "branch": N_("Party branch of its own"),
    "joint_branch": N_("Joint party branch"),
    "instructor": N_("Party-building instructor assigned"),
}


class ReportText(Base):
    __tablename__ = "report_texts"
    __table_args__ = (
        UniqueConstraint("year", "document", "section_key", name="uq_report_texts_year_document_section"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(String(32))
    section_key: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class StaffRecord(Base):
    __tablename__ = "report_staff"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    staff_count: Mapped[int] = mapped_column(Integer, default=0)
    full_time: Mapped[int] = mapped_column(Integer, default=0)
    part_time: Mapped[int] = mapped_column(Integer, default=0)
    social_insured: Mapped[int] = mapped_column(Integer, default=0)
    degree_holders: Mapped[int] = mapped_column(Integer, default=0)
    party_members: Mapped[int] = mapped_column(Integer, default=0)
    party_org: Mapped[str] = mapped_column(String(32), default="none")
    note: Mapped[str] = mapped_column(Text, default="")


class Activity(Base):
    __tablename__ = "report_activities"
    __table_args__ = (
        Index("ix_report_activities_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    on_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    participants: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class Standard(Base):
    __tablename__ = "report_standards"
    __table_args__ = (
        Index("ix_report_standards_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(64), default="")
    level: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")


class Disclosure(Base):
    __tablename__ = "report_disclosures"
    __table_args__ = (
        Index("ix_report_disclosures_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    on_date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(100), default="")


class Survey(Base):
    __tablename__ = "report_surveys"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    respondents: Mapped[int] = mapped_column(Integer)
    satisfied: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class GradeScore(Base):
    __tablename__ = "report_grade_scores"
    __table_args__ = (
        UniqueConstraint("year", "indicator", name="uq_report_grade_scores_year_indicator"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(String(64))
    score: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class Attachment(Base):
    __tablename__ = "report_attachments"
    __table_args__ = (
        Index("ix_report_attachments_year", "year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(260))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # loaded only when the package is made
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(DateTime)


class PackageSettings(Base):
    __tablename__ = "report_packages"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    limit_kb: Mapped[int] = mapped_column(Integer, default=2048)
    documents: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime)
