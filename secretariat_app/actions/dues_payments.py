"""Dues payments (缴费), cancellations and receipts (收据): DOMAIN.md §2, ``core/dues/payments.py``.

Every write needs ``dues.write``. A payment posts its voucher and issues its receipt in the
action's one transaction; printing the receipt (``receipt_path``) happens in it too, so a receipt
that cannot be written leaves no payment behind. Receipts carry no phone number or address; the
member picker refuses to confirm a whole ID or phone number to a role without ``personal_data``
(such a search finds nobody).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.paging import Page, PageRequest, fetch_page
from secretariat_app.actions.privacy import is_full_identifier
from secretariat_app.core.dues import payments
from secretariat_app.core.dues.documents import ReceiptData, receipt_data
from secretariat_app.core.dues.models import OPEN, Allocation, Bill, Payment, Receipt
from secretariat_app.core.dues.payments import PaymentResult
from secretariat_app.core.dues.settings import receipt_format
from secretariat_app.core.members.models import Member, MemberSearch

# ---- picking the member ---------------------------------------------------------------------------

@query()
def member_choices(uow: Uow, text: str, limit: int = 20) -> list[tuple[str, str, int]]:
    """Members matching what was typed — number, name, pinyin initials, contact (the roll's search
    text) — as ``(no, name, open due fen)``, active members first, in roll order."""
    from secretariat_app.core.members.validation import fold

    words = [w for w in (text or "").split() if w]
    if not words or (not uow.sees_personal_data and any(is_full_identifier(w) for w in words)):
        return []
    s = uow.session
    q = select(Member.id, Member.no, Member.name).join(MemberSearch, MemberSearch.member_id == Member.id)
    for w in words:
        q = q.where(MemberSearch.text.like("%" + fold(w).replace("%", "").replace("_", "") + "%"))
    rows = s.execute(q.order_by(Member.status, Member.seq).limit(limit)).all()
    if not rows:
        return []
    due = {mid: d for mid, d in s.execute(select(Bill.member_id, func.sum(Bill.amount - Bill.reduction - Bill.paid))
                                          .where(Bill.member_id.in_([r[0] for r in rows]), Bill.status == OPEN)
                                          .group_by(Bill.member_id))}
    return [(no, name, int(due.get(mid) or 0)) for mid, no, name in rows]


@query()
def open_due_of(uow: Uow, member_no: str) -> tuple[str, int] | None:
    """``(name, open due up to this year in fen)`` of a member number, or None."""
    m = uow.session.scalar(select(Member).where(Member.no == (member_no or "").strip().upper()))
    if m is None:
        return None
    return m.name, payments.open_due(uow.session, m.id, date.today().year)


# ---- payments -------------------------------------------------------------------------------------

@action("dues.write")
def pay(uow: Uow, member_no: str, amount, day, method: str, *, bank_account: str | None = None,
        payer: str | None = None, reference: str | None = None, issuer: str | None = None,
        receipt_path: str | None = None, receipt_paper: str | None = None) -> PaymentResult:
    """Record a payment (oldest bills first, the rest prepaid; one posted voucher; a receipt), and
    print its receipt to ``receipt_path`` on ``receipt_paper`` (default: the book's setting)."""
    s = uow.session
    res = payments.record_payment(s, member_no, amount, day, method, bank_account=bank_account, payer=payer,
                                  reference=reference, issuer=issuer)
    uow.changes.record("payments", res.payment_id)
    uow.changes.record("receipts", res.receipt_id)
    uow.changes.record("vouchers", res.voucher_id)
    uow.changes.record("bills", *(sh.bill_id for sh in res.shares))
    if receipt_path:
        _print([receipt_data(s, res.receipt_id, reprint=False)], receipt_path, receipt_paper or receipt_format(s))
    return res


@action("dues.write")
def cancel_payment(uow: Uow, payment_id: int, day=None, reason: str = "") -> None:
    """Cancel a payment: its reversing voucher (红字冲销), its receipt void, its bills open again."""
    s = uow.session
    bills = list(s.scalars(select(Allocation.bill_id).where(Allocation.payment_id == payment_id)))
    payments.cancel_payment(s, payment_id, day=day, reason=reason)
    p = s.get(Payment, payment_id)
    uow.changes.record("payments", payment_id)
    uow.changes.record("bills", *bills)
    if p is not None:
        uow.changes.record("vouchers", p.voucher_id, p.reversal_voucher_id)
    uow.changes.record("receipts", *s.scalars(select(Receipt.id).where(Receipt.payment_id == payment_id)))
    uow.changes.add("ledger")


@query()
def payments_page(uow: Uow, request: PageRequest) -> Page:
    """Payments, newest first: date, member number, name, amount, method, reference, receipt number,
    cancelled, issuer, and the payment id (hidden)."""
    number = select(func.max(Receipt.number)).where(Receipt.payment_id == Payment.id).scalar_subquery()
    q = (select(Payment.date, Member.no, Member.name, Payment.amount, Payment.method, Payment.reference, number,
                Payment.cancelled, Payment.issuer, Payment.id)
         .join(Member, Member.id == Payment.member_id).order_by(Payment.date.desc(), Payment.id.desc()))
    return fetch_page(uow.session, q, request, search_columns=[1, 2], key_index=9, sortable=range(9))


# ---- receipts -------------------------------------------------------------------------------------

@query()
def receipts_page(uow: Uow, request: PageRequest) -> Page:
    """The receipts register, newest first: number, date, member number, name, amount, issuer, void,
    reprints, year, and the receipt and payment ids (hidden)."""
    state = case((Receipt.cancelled.is_(True), "void"), else_="")
    q = (select(Receipt.number, Payment.date, Member.no, Member.name, Payment.amount, Receipt.issuer, state,
                Receipt.reprints, Receipt.year, Receipt.id, Receipt.payment_id)
         .join(Payment, Payment.id == Receipt.payment_id).join(Member, Member.id == Payment.member_id)
         .order_by(Receipt.year.desc(), Receipt.number.desc()))
    return fetch_page(uow.session, q, request, search_columns=[2, 3], key_index=9, sortable=range(8))


@action("dues.write")
def reprint_receipt(uow: Uow, path: str, *, receipt_id: int | None = None, year: int | None = None,
                    number: int | None = None, paper: str | None = None) -> str:
    """Print a receipt again (补打: counted, the copy says so) — by id, or by year and number;
    returns its label (``2026-000123``)."""
    s = uow.session
    if receipt_id is None:
        receipt_id = payments.find_receipt(s, int(year or 0), int(number or 0)).id
    r = payments.mark_reprint(s, receipt_id)
    uow.changes.record("receipts", r.id)
    _print([receipt_data(s, r.id, reprint=True)], path, paper or receipt_format(s))
    return r.label


@action("dues.write")
def reissue_receipt(uow: Uow, receipt_id: int) -> str:
    """A spoiled receipt: void (it keeps its number), and a new number for its payment; returns the new label."""
    new = payments.reissue_receipt(uow.session, receipt_id)
    uow.changes.record("receipts", receipt_id, new.id)
    return new.label


def _print(receipts: list[ReceiptData], path: str, paper: str) -> None:
    from secretariat_app.pdf.receipts import write_receipts

    write_receipts(receipts, path, paper)
