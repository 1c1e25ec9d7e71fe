"""ORM models of the ledger tables (created by migration 0003_ledger; DOMAIN.md §3).

Amounts are integer fen (``Fen``). A voucher line carries its voucher's date (``date``) so that a
detail ledger reads one index in order. Bulk paths (import, totals) use SQL on these tables, not
ORM objects.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from secretariat_app.db.base import Base, Fen

# Voucher states (DOMAIN.md §3: 制单 → 审核 → 记账).
PREPARED, REVIEWED, POSTED = "prepared", "reviewed", "posted"
STATES = (PREPARED, REVIEWED, POSTED)
# Voucher kinds: a reversal (红字) carries negative amounts; closing vouchers (结转) are left out
# of the statement of activities.
NORMAL, REVERSAL, ADJUSTING, CLOSING, RELEASE = "normal", "reversal", "adjusting", "closing", "release"
KINDS = (NORMAL, REVERSAL, ADJUSTING, CLOSING, RELEASE)


class Account(Base):
    __tablename__ = "ledger_accounts"
    __table_args__ = (
        Index("ix_ledger_accounts_parent", "parent_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_accounts.id"), nullable=True)
    level: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[str] = mapped_column(String(12))
    normal: Mapped[str] = mapped_column(String(1))
    restriction: Mapped[str | None] = mapped_column(String(1), nullable=True)
    entrusted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_leaf: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    official: Mapped[bool] = mapped_column(Boolean, default=False)
    edition: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class FiscalYear(Base):
    __tablename__ = "ledger_fiscal_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    edition: Mapped[str] = mapped_column(String(16))
    # True when this year's opening balances are stored (first year of the book, or a year
    # opened into a new edition); otherwise they follow from the years before.
    opening_base: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)


class OpeningBalance(Base):
    __tablename__ = "ledger_opening_balances"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), primary_key=True, autoincrement=False)
    amount: Mapped[int] = mapped_column(Fen)  # debit-positive


class Period(Base):
    __tablename__ = "ledger_periods"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LogEntry(Base):
    __tablename__ = "ledger_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    month: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    voucher_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Voucher(Base):
    __tablename__ = "ledger_vouchers"
    __table_args__ = (
        UniqueConstraint("year", "month", "number", name="uq_ledger_vouchers_number"),
        Index("ix_ledger_vouchers_date", "date"),
        Index("ix_ledger_vouchers_state", "state", "year", "month"),
        Index("ix_ledger_vouchers_source", "source", "source_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(SmallInteger)
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[date] = mapped_column(Date)
    attachments: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(10), default=PREPARED)
    kind: Mapped[str] = mapped_column(String(10), default=NORMAL)
    source: Mapped[str] = mapped_column(String(32), default="manual")
    source_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    summary: Mapped[str] = mapped_column(String(200), default="")
    total: Mapped[int] = mapped_column(Fen)
    preparer: Mapped[str] = mapped_column(String(64), default="")
    reviewer: Mapped[str | None] = mapped_column(String(64), nullable=True)
    poster: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    posted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_vouchers.id"), nullable=True)
    # Optimistic locking (issue 8, core/trust/locking.py): a save over someone else's is refused.
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}

    lines: Mapped[list["Line"]] = relationship(back_populates="voucher", order_by="Line.seq",
                                               cascade="all, delete-orphan", passive_deletes=True)

    @property
    def label(self) -> str:
        """记-N, the voucher's number inside its month."""
        return f"记-{self.number}"


class Line(Base):
    __tablename__ = "ledger_lines"
    __table_args__ = (
        Index("ix_ledger_lines_voucher", "voucher_id", "seq", unique=True),
        Index("ix_ledger_lines_account_date", "account_id", "date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    voucher_id: Mapped[int] = mapped_column(ForeignKey("ledger_vouchers.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(SmallInteger)
    date: Mapped[date] = mapped_column(Date)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"))
    summary: Mapped[str] = mapped_column(String(200), default="")
    debit: Mapped[int] = mapped_column(Fen, default=0)
    credit: Mapped[int] = mapped_column(Fen, default=0)
    cashflow_row: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)

    voucher: Mapped[Voucher] = relationship(back_populates="lines")


class Total(Base):
    __tablename__ = "ledger_totals"
    __table_args__ = (
        Index("ix_ledger_totals_year", "year", "month"),
    )

    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), primary_key=True, autoincrement=False)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    bucket: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    debit: Mapped[int] = mapped_column(Fen, default=0)
    credit: Mapped[int] = mapped_column(Fen, default=0)


class CashflowTotal(Base):
    __tablename__ = "ledger_cashflow_totals"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    row: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    bucket: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    debit: Mapped[int] = mapped_column(Fen, default=0)
    credit: Mapped[int] = mapped_column(Fen, default=0)


def bucket_of(state: str, kind: str) -> int:
    """The ``ledger_totals`` bucket of a voucher: bit 0 posted, bit 1 closing voucher."""
    return (1 if state == POSTED else 0) | (2 if kind == CLOSING else 0)
