"""ORM models of dues (tables created by migration 0004_dues; DOMAIN.md §2, issue 5).

Money is integer fen. A bill's amount due is ``amount - reduction - paid``; ``paid`` is kept equal
to the allocations of live (not cancelled) payments, ``status`` follows (``checks.py`` verifies).
An allocation with ``bill_id`` NULL is prepaid dues (预收会费, account 2203) waiting for the bill
of its ``year``; ``dues_prepaid`` holds each member's prepaid balance (their sum).
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from secretariat_app.db.base import Base, Fen
from secretariat_app.i18n import N_

ANNUAL = "annual"
FEE_KINDS = {ANNUAL: N_("Annual dues")}

# Bill status.
OPEN = "open"
PAID = "paid"
WAIVED = "waived"
BILL_STATUS_LABELS = {OPEN: N_("Not fully paid"), PAID: N_("Paid"), WAIVED: N_("Waived")}

# Where a bill comes from: the billing run, or arrears brought forward when the book was opened.
RUN = "run"
OPENING = "opening"

# Payment methods (DOMAIN.md §2).
BANK = "bank"
CASH = "cash"
WECHAT = "wechat"
ALIPAY = "alipay"
METHODS = (BANK, CASH, WECHAT, ALIPAY)
METHOD_LABELS = {BANK: N_("Bank transfer"), CASH: N_("Cash"), WECHAT: N_("WeChat Pay"), ALIPAY: N_("Alipay")}


class FeeSchedule(Base):
    """会费标准: the annual amount of one level for one year, and the resolution that adopted it."""

    __tablename__ = "dues_fee_schedules"
    __table_args__ = (
        UniqueConstraint("year", "level_id", "kind", name="uq_dues_fee_schedules_year_level_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    level_id: Mapped[int] = mapped_column(ForeignKey("member_levels.id"))
    kind: Mapped[str] = mapped_column(String(16), default=ANNUAL)
    amount: Mapped[int] = mapped_column(Fen)
    resolution_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    draft: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)


class Bill(Base):
    __tablename__ = "dues_bills"
    __table_args__ = (
        UniqueConstraint("member_id", "year", name="uq_dues_bills_member_year"),
        Index("ix_dues_bills_year_status", "year", "status"),
        Index("ix_dues_bills_status_member", "status", "member_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    year: Mapped[int] = mapped_column(Integer)
    level_id: Mapped[int | None] = mapped_column(ForeignKey("member_levels.id"), nullable=True)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("dues_fee_schedules.id"), nullable=True)
    origin: Mapped[str] = mapped_column(String(12), default=RUN)
    months: Mapped[int] = mapped_column(SmallInteger, default=12)
    amount: Mapped[int] = mapped_column(Fen)
    reduction: Mapped[int] = mapped_column(Fen, default=0)
    reduction_reason: Mapped[str] = mapped_column(String(300), default="")
    waived: Mapped[bool] = mapped_column(Boolean, default=False)
    paid: Mapped[int] = mapped_column(Fen, default=0)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    note: Mapped[str] = mapped_column(String(300), default="")
    billed_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    # Optimistic locking (issue 8, core/trust/locking.py): a save over someone else's is refused.
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}

    @property
    def net(self) -> int:
        """What the member owes for the year after a reduction or waiver."""
        return self.amount - self.reduction

    @property
    def due(self) -> int:
        return max(self.net - self.paid, 0)

    def settle_status(self) -> None:
        self.status = status_of(self.amount, self.reduction, self.paid, self.waived)


def status_of(amount: int, reduction: int, paid: int, waived: bool) -> str:
    if amount - reduction - paid > 0:
        return OPEN
    return WAIVED if waived and paid == 0 else PAID


class Payment(Base):
    __tablename__ = "dues_payments"
    __table_args__ = (
        Index("ix_dues_payments_member", "member_id", "date"),
        Index("ix_dues_payments_date", "date"),
        Index("ix_dues_payments_voucher", "voucher_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    date: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Fen)
    method: Mapped[str] = mapped_column(String(8))
    payer: Mapped[str] = mapped_column(String(200), default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    bank_account: Mapped[str] = mapped_column(String(20))
    voucher_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_vouchers.id"), nullable=True)
    reversal_voucher_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_vouchers.id"), nullable=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)  # ``date`` is the column above
    cancel_reason: Mapped[str] = mapped_column(String(300), default="")
    issuer: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)

    allocations: Mapped[list["Allocation"]] = relationship(back_populates="payment", order_by="Allocation.id")


class Allocation(Base):
    __tablename__ = "dues_allocations"
    __table_args__ = (
        Index("ix_dues_allocations_payment", "payment_id"),
        Index("ix_dues_allocations_bill", "bill_id"),
        Index("ix_dues_allocations_prepaid", "member_id", "bill_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payments.id"))
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("dues_bills.id"), nullable=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    year: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Fen)
    # Set when prepaid money was applied to the bill by a billing run: the Dr 2203 / Cr 420101
    # voucher that moved it (cancelling the payment must move it back).
    carried_voucher_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_vouchers.id"), nullable=True)

    payment: Mapped[Payment] = relationship(back_populates="allocations")


class Receipt(Base):
    """收据: numbered without gaps per year; a cancelled one keeps its number (作废)."""

    __tablename__ = "dues_receipts"
    __table_args__ = (
        UniqueConstraint("year", "number", name="uq_dues_receipts_year_number"),
        Index("ix_dues_receipts_payment", "payment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payments.id"))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=datetime.now)
    issuer: Mapped[str] = mapped_column(String(64), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    reprints: Mapped[int] = mapped_column(Integer, default=0)
    last_printed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    @property
    def label(self) -> str:
        return receipt_label(self.year, self.number)


def receipt_label(year: int, number: int) -> str:
    """The printed receipt number: ``2026-000123``."""
    return f"{year}-{number:06d}"


class Prepaid(Base):
    __tablename__ = "dues_prepaid"

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, autoincrement=False)
    amount: Mapped[int] = mapped_column(Fen, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, default=datetime.now)
