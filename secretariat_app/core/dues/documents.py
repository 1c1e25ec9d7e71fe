"""What the dues documents print, as plain data (the PDFs in ``pdf/receipts.py`` and
``pdf/reminders.py`` only lay it out).

A receipt (收据, DOMAIN.md §2): its number (gapless per year), the association, the payer, the
member number and name, the period covered (the years of the bills settled; money paid ahead
counts for its year), the amount in figures and in Chinese capitals
(``core.capitals.rmb_capitals``), the method, the issuer and the date; ``cancelled`` prints 作废,
``reprint`` prints 补打.

A reminder letter (催缴通知) goes to the member's primary contact (a corporate member's contact
person, an individual member in person) with the years and amounts outstanding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_settings
from secretariat_app.core.capitals import rmb_capitals
from secretariat_app.core.dues.arrears import arrears
from secretariat_app.core.dues.models import OPEN, Bill, Payment, Receipt, receipt_label
from secretariat_app.core.dues.plan import Share, period_text
from secretariat_app.core.members.models import Member
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


@dataclass
class ReceiptData:
    receipt_id: int
    number: str
    association: str
    payer: str
    member_no: str
    member_name: str
    period: str
    amount: int
    capitals: str
    method: str
    reference: str
    issuer: str
    date: date
    cancelled: bool
    reprint: bool
    payment_id: int


def receipt_data(session: Session, receipt_id: int, *, reprint: bool | None = None) -> ReceiptData:
    from secretariat_app.core.dues.payments import method_label

    r = session.get(Receipt, receipt_id)
    if r is None:
        raise DomainError(_("there is no receipt {id}").format(id=receipt_id), field=_("Receipt"))
    p = session.get_one(Payment, r.payment_id)
    m = session.get_one(Member, p.member_id)
    shares = [Share(a.bill_id, a.year, a.amount) for a in p.allocations]
    return ReceiptData(
        receipt_id=r.id, number=receipt_label(r.year, r.number), association=get_settings(session).name,
        payer=p.payer or m.name, member_no=m.no, member_name=m.name, period=period_text(shares), amount=p.amount,
        capitals=rmb_capitals(p.amount), method=method_label(p.method), reference=p.reference,
        issuer=r.issuer or p.issuer, date=p.date, cancelled=r.cancelled or p.cancelled,
        reprint=(r.reprints > 0) if reprint is None else reprint, payment_id=p.id)


def receipts_of_payment(session: Session, payment_id: int) -> list[int]:
    return list(session.scalars(select(Receipt.id).where(Receipt.payment_id == payment_id).order_by(Receipt.id)))


@dataclass
class ReminderData:
    member_no: str
    member_name: str
    addressee: str
    address: str
    mobile: str
    years: list[tuple[int, int]] = field(default_factory=list)  # (year, due fen)
    due: int = 0
    capitals: str = ""


@dataclass
class ReminderBatch:
    association: str
    phone: str
    address: str
    year: int
    issued: date
    letters: list[ReminderData] = field(default_factory=list)


def reminder_batch(session: Session, year: int, *, level=None, min_years_overdue: int | None = None,
                   member_ids: list[int] | None = None, issued: date | None = None,
                   limit: int | None = None) -> ReminderBatch:
    """One letter per member in arrears for ``year`` (filters as ``arrears``; ``limit``: the first
    so many by member number); two queries in all."""
    s = get_settings(session)
    rows = arrears(session, year, level=level, min_years_overdue=min_years_overdue)
    if member_ids is not None:
        wanted = set(member_ids)
        rows = [r for r in rows if r.member_id in wanted]
    if limit is not None:
        rows = rows[:limit]
    by_member: dict[int, list[tuple[int, int]]] = {}
    q = (select(Bill.member_id, Bill.year, Bill.amount - Bill.reduction - Bill.paid)
         .where(Bill.year <= year, Bill.status == OPEN).order_by(Bill.member_id, Bill.year))
    for mid, y, due in session.execute(q):
        by_member.setdefault(mid, []).append((y, int(due)))
    letters = []
    for r in rows:
        addressee = r.contact if (r.kind == "corporate" and r.contact) else r.name
        letters.append(ReminderData(r.no, r.name, addressee, r.address, r.mobile, by_member.get(r.member_id, []),
                                    r.due, rmb_capitals(r.due)))
    return ReminderBatch(s.name, s.phone, s.address, int(year), issued or date.today(), letters)


def payments_of_member(session: Session, member_id: int) -> list[dict]:
    """A member's payments, newest first, with their allocations (years) — the page's detail."""
    out = []
    for p in session.scalars(select(Payment).where(Payment.member_id == member_id)
                             .order_by(Payment.date.desc(), Payment.id.desc())):
        out.append({"id": p.id, "date": p.date, "amount": p.amount, "method": p.method, "cancelled": p.cancelled,
                    "years": sorted({a.year for a in p.allocations})})
    return out

