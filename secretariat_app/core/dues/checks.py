"""Integrity checks of dues (``secretariat check``; DOMAIN.md §2):

- every live payment is allocated exactly (its allocations add up to its amount);
- every live payment has a posted voucher of ``source`` dues whose total is the payment's amount,
  and every cancelled one a posted reversal;
- each bill's ``paid`` equals the allocations of live payments to it, and its status follows;
- each member's prepaid balance equals their prepaid allocations;
- receipt numbers run 1, 2, 3 … within each year, without gaps or repeats.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from secretariat_app.core.checks import register_check
from secretariat_app.core.dues.models import Allocation, Bill, Payment, Prepaid, Receipt, receipt_label, status_of
from secretariat_app.core.money import fen_str
from secretariat_app.i18n import N_, _

MAX_REPORTED = 20


def dues_problems(session) -> list[str]:
    """Every problem found (translated), at most ``MAX_REPORTED``."""
    from secretariat_app.core.ledger.models import POSTED, Voucher

    problems: list[str] = []
    alloc = dict(session.execute(select(Allocation.payment_id, func.sum(Allocation.amount))
                                 .group_by(Allocation.payment_id)).all())
    vouchers = {vid: (state, total, source) for vid, state, total, source in session.execute(
        select(Voucher.id, Voucher.state, Voucher.total, Voucher.source).where(Voucher.source == "dues"))}
    for pid, amount, vid, rev, cancelled in session.execute(
            select(Payment.id, Payment.amount, Payment.voucher_id, Payment.reversal_voucher_id, Payment.cancelled)):
        if int(alloc.get(pid, 0)) != amount:
            problems.append(_("payment {id}: allocations {alloc} differ from the amount {amount}").format(
                id=pid, alloc=fen_str(int(alloc.get(pid, 0))), amount=fen_str(amount)))
        v = vouchers.get(vid)
        if v is None or v[0] != POSTED or v[1] != amount:
            problems.append(_("payment {id}: no posted voucher of {amount}").format(id=pid, amount=fen_str(amount)))
        if cancelled:
            r = vouchers.get(rev)
            if r is None or r[0] != POSTED or r[1] != -amount:
                problems.append(_("payment {id} is cancelled without a posted reversing voucher").format(id=pid))
    live = select(Payment.id).where(Payment.cancelled.is_(False))
    paid: defaultdict[int, int] = defaultdict(int)
    pre: defaultdict[int, int] = defaultdict(int)
    for bill_id, mid, amount in session.execute(select(Allocation.bill_id, Allocation.member_id, Allocation.amount)
                                                .where(Allocation.payment_id.in_(live))):
        if bill_id is None:
            pre[mid] += amount
        else:
            paid[bill_id] += amount
    for bid, year, no_id, amount, reduction, bpaid, waived, status in session.execute(
            select(Bill.id, Bill.year, Bill.member_id, Bill.amount, Bill.reduction, Bill.paid, Bill.waived,
                   Bill.status)):
        if bpaid != paid.get(bid, 0):
            problems.append(_("bill {id} ({year}): paid {paid} but allocations say {alloc}").format(
                id=bid, year=year, paid=fen_str(bpaid), alloc=fen_str(paid.get(bid, 0))))
        elif status != status_of(amount, reduction, bpaid, waived):
            problems.append(_("bill {id} ({year}): the status {status} does not match the amounts").format(
                id=bid, year=year, status=status))
        if bpaid > amount - reduction:
            problems.append(_("bill {id} ({year}): more paid than billed").format(id=bid, year=year))
    stored = dict(session.execute(select(Prepaid.member_id, Prepaid.amount)).all())
    for mid in set(stored) | set(pre):
        if int(stored.get(mid, 0)) != pre.get(mid, 0):
            problems.append(_("member {id}: prepaid balance {stored} but prepaid allocations {alloc}").format(
                id=mid, stored=fen_str(int(stored.get(mid, 0))), alloc=fen_str(pre.get(mid, 0))))
    problems += receipt_gaps(session)
    return problems[:MAX_REPORTED]


def receipt_gaps(session) -> list[str]:
    out = []
    for year, lo, hi, n in session.execute(select(Receipt.year, func.min(Receipt.number), func.max(Receipt.number),
                                                  func.count()).group_by(Receipt.year)):
        if lo != 1 or hi != n:
            numbers = set(session.scalars(select(Receipt.number).where(Receipt.year == year)))
            missing = [k for k in range(1, hi + 1) if k not in numbers][:5]
            out.append(_("receipts of {year}: numbers missing {numbers}").format(
                year=year, numbers=", ".join(receipt_label(year, k) for k in missing)))
    return out


@register_check(N_("Dues"))
def check_dues(book) -> list[str]:
    with book.session() as s:
        return dues_problems(s)
