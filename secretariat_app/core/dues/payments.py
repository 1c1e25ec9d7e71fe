"""Payments of dues (缴费), their voucher and receipt, and cancellation (DOMAIN.md §2, issue 5).

``record_payment`` validates everything first and refuses — nothing written — an unknown member,
an amount ≤ 0 or with more than two decimals, a date in a closed period (or before the book's
opening balances), an unknown method or an unusable account, and a member who had left before
the period the money would pay for (a member who left may still settle the bills of the years
they were a member, but not pay ahead). Then, in one transaction:

1. the payment settles the member's open bills **oldest first** (bills of the payment's year
   and earlier; a bill of a later year waits for the billing run, see below); the rest is
   prepaid dues (预收会费) for the next year without a bill;
2. it posts **one voucher** (``plan.payment_lines``): Dr the cash account with cash-flow row 2,
   Cr 420101 for what settles bills, Cr 2203 预收账款 for what is paid ahead; the billing run of a
   later year applies the prepaid money and moves it Dr 2203 / Cr 420101;
3. it issues a receipt (收据) numbered without gaps within the payment's year.

``cancel_payment`` never touches the posted voucher: it posts the reversing voucher (红字冲销),
and — when prepaid money of the payment had already been applied to a later bill — a voucher
Dr 420101 / Cr 2203 that takes that income back; the receipt is marked 作废 (it keeps its
number), the bills are reopened and the prepaid balance reduced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.dues.models import (
    METHOD_LABELS,
    METHODS,
    OPEN,
    Allocation,
    Bill,
    Payment,
    Prepaid,
    Receipt,
    receipt_label,
)
from secretariat_app.core.dues.plan import OpenBill, Share, allocate, payment_lines, period_text, prepaid_year_for
from secretariat_app.core.dues.settings import INCOME_ACCOUNT, PREPAID_ACCOUNT, account_for, check_account
from secretariat_app.core.dues.unit import acting_name
from secretariat_app.core.members.models import Member
from secretariat_app.core.money import fen_str, parse_amount
from secretariat_app.db.session import action
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


@dataclass
class PaymentResult:
    payment_id: int
    member_no: str
    amount: int
    receipt_id: int
    receipt_no: str
    voucher_id: int
    shares: list[Share]
    changes: Changes = field(default_factory=lambda: Changes({"dues", "ledger"}))

    @property
    def prepaid(self) -> int:
        return sum(s.amount for s in self.shares if s.bill_id is None)

    def to_json(self) -> dict:
        return {"payment": self.payment_id, "member": self.member_no, "amount": fen_str(self.amount),
                "receipt": self.receipt_no, "voucher": self.voucher_id,
                "settled": [{"year": s.year, "amount": fen_str(s.amount)} for s in self.shares if s.bill_id],
                "prepaid": fen_str(self.prepaid)}


# ---- validation ---------------------------------------------------------------------------------

def parse_day(value, field: str | None = None) -> date:
    from secretariat_app.core.validate import parse_date

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(str(value or ""), field or _("Date"))


def parse_payment_amount(value) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    return parse_amount(value, field=_("Amount"))


def find_member(session: Session, member_no: str) -> Member:
    from secretariat_app.core.members.queries import member_by_no

    m = member_by_no(session, str(member_no or ""))
    if m is None:
        raise DomainError(_("there is no member {no}").format(no=member_no or "—"), field=_("Member"))
    return m


def check_method(method: str) -> str:
    method = (method or "").strip().lower()
    if method not in METHODS:
        raise DomainError(_("the method is one of: {methods}").format(methods=", ".join(METHODS)), field=_("Method"))
    return method


def open_bills(session: Session, member_id: int, up_to_year: int | None = None) -> list[OpenBill]:
    q = select(Bill.id, Bill.year, Bill.amount - Bill.reduction - Bill.paid).where(
        Bill.member_id == member_id, Bill.status == OPEN)
    if up_to_year is not None:
        q = q.where(Bill.year <= up_to_year)
    return [OpenBill(i, y, int(d)) for i, y, d in session.execute(q.order_by(Bill.year, Bill.id)) if d > 0]


def open_due(session: Session, member_id: int, up_to_year: int | None = None) -> int:
    return sum(b.due for b in open_bills(session, member_id, up_to_year))


def prepaid_year(session: Session, member_id: int, day: date) -> int:
    """The year money paid ahead is for: the oldest open bill of a later year, else the year
    after the member's last bill (not before the payment's year)."""
    later = session.scalar(select(func.min(Bill.year)).where(Bill.member_id == member_id, Bill.status == OPEN,
                                                             Bill.year > day.year))
    if later is not None:
        return int(later)
    last = session.scalar(select(func.max(Bill.year)).where(Bill.member_id == member_id))
    return prepaid_year_for(int(last) if last is not None else None, day)


def check_left(m: Member, shares: list[Share], day: date) -> None:
    """A member who left pays only for the years they were a member (DOMAIN.md §1 life cycle)."""
    if m.left_on is None:
        return
    ahead = sum(s.amount for s in shares if s.bill_id is None)
    if ahead:
        raise DomainError(_("{no} left on {left}: {amount} would be dues paid ahead for a period after leaving; "
                            "only {due} is open").format(no=m.no, left=m.left_on.isoformat(), amount=fen_str(ahead),
                                                         due=fen_str(sum(s.amount for s in shares if s.bill_id))),
                          field=_("Amount"))


def plan_payment(session: Session, m: Member, fen: int, day: date) -> list[Share]:
    shares = allocate(open_bills(session, m.id, day.year), fen, prepaid_year(session, m.id, day))
    check_left(m, shares, day)
    return shares


class Named(Protocol):
    """What ``summaries`` reads of a member (a ``Member``, or the bulk path's plain row)."""

    @property
    def name(self) -> str: ...

    @property
    def no(self) -> str: ...


def summaries(m: Named, shares: list[Share]) -> tuple[str, str]:
    period = period_text([s for s in shares if s.bill_id is not None]) or period_text(shares)
    main = _("Dues from {name} ({no}) for {period}").format(name=m.name, no=m.no, period=period)
    ahead = sorted({s.year for s in shares if s.bill_id is None})
    pre = _("Dues paid in advance by {name} ({no}) for {year}").format(name=m.name, no=m.no,
                                                                       year=ahead[0] if ahead else "")
    return main[:200], pre[:200]


def next_receipt_number(session: Session, year: int) -> int:
    from secretariat_app.core.audit import lock_for_write

    lock_for_write(session)  # concurrent entry on a shared server stays gapless (issue 8)
    n = session.scalar(select(func.max(Receipt.number)).where(Receipt.year == year))
    return int(n or 0) + 1


# ---- services -------------------------------------------------------------------------------------

@action
def record_payment(session: Session, member_no: str, amount, date, method: str, *, bank_account: str | None = None,
                   payer: str | None = None, reference: str | None = None, issuer: str | None = None) -> PaymentResult:
    """Record a payment of dues (see the module docstring). ``amount`` is yuan (``Decimal``/``str``;
    an ``int`` counts as whole yuan); ``date`` a ``datetime.date`` or ISO text."""
    from secretariat_app.core.ledger.periods import check_date_open
    from secretariat_app.core.ledger.vouchers import create_voucher

    m = find_member(session, member_no)
    fen = parse_payment_amount(amount)
    day = parse_day(date)
    method = check_method(method)
    check_date_open(session, day, field=_("Date"))
    account = check_account(session, method, account_for(session, method, bank_account))
    payer = (payer or "").strip() or m.name
    reference = (reference or "").strip()
    if len(payer) > 200 or len(reference) > 100:
        raise DomainError(_("the payer has at most 200 characters, the reference 100"), field=_("Payer"))
    shares = plan_payment(session, m, fen, day)
    who = acting_name(session, issuer)

    p = Payment(member_id=m.id, date=day, amount=fen, method=method, payer=payer, reference=reference,
                bank_account=account, issuer=who, created_at=datetime.now())
    session.add(p)
    session.flush()
    main, ahead = summaries(m, shares)
    v = create_voucher(session, day, payment_lines(account, shares, main, ahead), attachments=1, preparer=who,
                       post=True, source="dues", source_ref=f"payment:{p.id}")
    p.voucher_id = v.id
    _apply_shares(session, p, shares)
    r = Receipt(year=day.year, number=next_receipt_number(session, day.year), payment_id=p.id,
                issued_at=datetime.now(), issuer=who)
    session.add(r)
    session.flush()
    return PaymentResult(p.id, m.no, fen, r.id, r.label, v.id, shares)


def _apply_shares(session: Session, p: Payment, shares: list[Share]) -> None:
    for s in shares:
        session.add(Allocation(payment_id=p.id, bill_id=s.bill_id, member_id=p.member_id, year=s.year,
                               amount=s.amount))
        if s.bill_id is not None:
            b = session.get_one(Bill, s.bill_id)
            b.paid += s.amount
            b.settle_status()
        else:
            pre = session.get(Prepaid, p.member_id)
            if pre is None:
                session.add(Prepaid(member_id=p.member_id, amount=s.amount, updated_at=datetime.now()))
            else:
                pre.amount += s.amount
                pre.updated_at = datetime.now()


@action
def cancel_payment(session: Session, payment_id: int, *, day=None, reason: str = "", user: str | None = None
                   ) -> Changes:
    """Cancel a payment by its reversing voucher (see the module docstring); ``day`` (default
    today) dates the reversal and must be in an open period."""
    from secretariat_app.core.ledger.periods import check_date_open
    from secretariat_app.core.ledger.vouchers import create_voucher
    from secretariat_app.core.ledger.workflow import reverse_voucher

    p = session.get(Payment, payment_id)
    if p is None:
        raise DomainError(_("there is no payment {id}").format(id=payment_id), field=_("Payment"))
    if p.cancelled:
        raise DomainError(_("payment {id} is cancelled already").format(id=p.id), field=_("Payment"))
    day = parse_day(day) if day else date.today()
    if day < p.date:
        raise DomainError(_("the cancellation cannot be dated before the payment ({date})").format(
            date=p.date.isoformat()), field=_("Date"))
    check_date_open(session, day, field=_("Date"))
    reason = (reason or "").strip()[:300]
    who = acting_name(session, user)
    allocations = list(p.allocations)
    carried = sum(a.amount for a in allocations if a.carried_voucher_id is not None)
    if p.voucher_id is None:  # every payment posts its voucher (record_payment, bulk)
        raise DomainError(_("payment {id} has no voucher to reverse").format(id=p.id), field=_("Payment"))
    rev = reverse_voucher(session, p.voucher_id, day, preparer=who, post=True)
    if carried:
        m = session.get_one(Member, p.member_id)
        text = _("Prepaid dues of {name} ({no}) taken back: payment cancelled").format(name=m.name, no=m.no)[:200]
        create_voucher(session, day, [(text, INCOME_ACCOUNT, carried, 0, None), (text, PREPAID_ACCOUNT, 0, carried, None)],
                       preparer=who, post=True, source="dues", source_ref=f"payment:{p.id}")
    for a in allocations:
        if a.bill_id is not None:
            b = session.get_one(Bill, a.bill_id)
            b.paid -= a.amount
            b.settle_status()
        else:
            pre = session.get(Prepaid, p.member_id)
            if pre is not None:
                pre.amount -= a.amount
                pre.updated_at = datetime.now()
    p.cancelled, p.cancelled_on, p.cancel_reason, p.reversal_voucher_id = True, day, reason, rev.id
    now = datetime.now()
    for r in session.scalars(select(Receipt).where(Receipt.payment_id == p.id, Receipt.cancelled.is_(False))):
        r.cancelled, r.cancelled_at = True, now
    return Changes({"dues", "ledger"})


def find_receipt(session: Session, year: int, number: int) -> Receipt:
    r = session.scalar(select(Receipt).where(Receipt.year == int(year), Receipt.number == int(number)))
    if r is None:
        raise DomainError(_("there is no receipt {label}").format(label=receipt_label(int(year), int(number))),
                          field=_("Receipt"))
    return r


@action
def mark_reprint(session: Session, receipt_id: int) -> Receipt:
    """A receipt printed again (补打): counted, the copy says so."""
    r = session.get(Receipt, receipt_id)
    if r is None:
        raise DomainError(_("there is no receipt {id}").format(id=receipt_id), field=_("Receipt"))
    r.reprints += 1
    r.last_printed_at = datetime.now()
    return r


@action
def reissue_receipt(session: Session, receipt_id: int, *, issuer: str | None = None) -> Receipt:
    """A spoiled receipt: marked 作废 (it keeps its number) and a new number issued for the payment."""
    r = session.get(Receipt, receipt_id)
    if r is None:
        raise DomainError(_("there is no receipt {id}").format(id=receipt_id), field=_("Receipt"))
    if r.cancelled:
        raise DomainError(_("receipt {label} is cancelled already").format(label=r.label), field=_("Receipt"))
    p = session.get_one(Payment, r.payment_id)
    if p.cancelled:
        raise DomainError(_("the payment of receipt {label} is cancelled").format(label=r.label), field=_("Receipt"))
    r.cancelled, r.cancelled_at = True, datetime.now()
    new = Receipt(year=r.year, number=next_receipt_number(session, r.year), payment_id=p.id,
                  issued_at=datetime.now(), issuer=acting_name(session, issuer))
    session.add(new)
    session.flush()
    return new


def method_label(method: str) -> str:
    return _(METHOD_LABELS.get(method, method))
