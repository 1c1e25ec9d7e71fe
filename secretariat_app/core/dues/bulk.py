"""Many payments at once (a bank statement's dues, the demo, benchmarks): the same rules as
``payments.record_payment`` — oldest bills first, the rest prepaid, one posted voucher per payment
(Dr cash account with cash-flow row 2 / Cr 420101 / Cr 2203), one receipt per payment numbered
without gaps per year — written with Core ``executemany`` and the ledger's ``BulkWriter`` instead
of one ORM flush per row (10,000 payments with their vouchers ≤ 10 s).

Everything is validated first; one bad row refuses the whole batch with every bad row named
(``DomainError.problems``) and nothing is written. Payments are applied in date order (then in
the order given). Audit: one ``record_bulk`` entry per table written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.dues.models import OPEN, Allocation, Bill, Payment, Prepaid, Receipt, status_of
from secretariat_app.core.dues.payments import check_method, parse_day, parse_payment_amount, summaries
from secretariat_app.core.dues.plan import OpenBill, Share, allocate, payment_lines, prepaid_year_for
from secretariat_app.core.dues.settings import account_for, check_account
from secretariat_app.core.dues.unit import acting_name
from secretariat_app.core.members.models import Member
from secretariat_app.core.money import fen_str
from secretariat_app.db.session import action
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _


@dataclass
class PaymentIn:
    member_no: str
    amount: object          # yuan: Decimal / str (an int counts as whole yuan)
    date: object            # date or ISO text
    method: str = "bank"
    bank_account: str | None = None
    payer: str | None = None
    reference: str | None = None


@dataclass
class BulkResult:
    payments: int
    total: int
    vouchers: int
    receipts: tuple[int, int] | None = None  # first and last receipt number of the batch's first year
    changes: Changes = field(default_factory=lambda: Changes({"dues", "ledger"}))


@dataclass
class _Row:
    index: int
    member: tuple          # (id, no, name, left_on)
    fen: int
    day: date
    method: str
    account: str
    payer: str
    reference: str
    shares: list[Share] = field(default_factory=list)


def _validate(session: Session, items: list[PaymentIn]) -> list[_Row]:
    from secretariat_app.core.ledger.periods import check_date_open

    members = {no: (mid, no, name, left) for mid, no, name, left in session.execute(
        select(Member.id, Member.no, Member.name, Member.left_on))}
    accounts: dict[tuple[str, str | None], str] = {}
    open_days: dict[tuple[int, int], str | None] = {}
    rows, problems = [], []
    for i, it in enumerate(items, start=1):
        try:
            m = members.get(str(it.member_no or "").strip().upper())
            if m is None:
                raise DomainError(_("there is no member {no}").format(no=it.member_no or "—"), field=_("Member"))
            fen = parse_payment_amount(it.amount)
            day = parse_day(it.date)
            method = check_method(it.method)
            key = (day.year, day.month)
            if key not in open_days:
                try:
                    check_date_open(session, day, field=_("Date"))
                    open_days[key] = None
                except DomainError as exc:
                    open_days[key] = exc.message
            refusal = open_days[key]
            if refusal:
                raise DomainError(refusal, field=_("Date"))
            akey = (method, it.bank_account)
            if akey not in accounts:
                accounts[akey] = check_account(session, method, account_for(session, method, it.bank_account))
            payer = (it.payer or "").strip() or m[2]
            rows.append(_Row(i, m, fen, day, method, accounts[akey], payer[:200], (it.reference or "").strip()[:100]))
        except DomainError as exc:
            problems.append(Problem(exc.message, row=i, field=exc.field))
    if problems:
        raise DomainError(_("The payments were not recorded:"), problems=problems[:50])
    return rows


def _allocate(session: Session, rows: list[_Row]) -> dict[int, int]:
    """Shares of every row, oldest bills first, in date order; returns ``{bill_id: added paid}``."""
    ids = {r.member[0] for r in rows}
    bills: dict[int, list[OpenBill]] = {}
    for bid, mid, year, due in session.execute(select(Bill.id, Bill.member_id, Bill.year,
                                                      Bill.amount - Bill.reduction - Bill.paid)
                                               .where(Bill.status == OPEN).order_by(Bill.year, Bill.id)):
        if mid in ids and due > 0:
            bills.setdefault(mid, []).append(OpenBill(bid, year, int(due)))
    last = {mid: y for mid, y in session.execute(select(Bill.member_id, func.max(Bill.year)).group_by(Bill.member_id))
            if mid in ids}
    added: dict[int, int] = {}
    problems = []
    for r in sorted(rows, key=lambda r: (r.day, r.index)):
        mid = r.member[0]
        mine = bills.get(mid, [])
        usable = [b for b in mine if b.year <= r.day.year and b.due > 0]
        later = [b.year for b in mine if b.year > r.day.year and b.due > 0]
        pyear = min(later) if later else prepaid_year_for(last.get(mid), r.day)
        r.shares = allocate(usable, r.fen, pyear)
        for s in r.shares:
            if s.bill_id is not None:
                for b in usable:
                    if b.id == s.bill_id:
                        b.due -= s.amount
                added[s.bill_id] = added.get(s.bill_id, 0) + s.amount
        left = r.member[3]
        ahead = sum(s.amount for s in r.shares if s.bill_id is None)
        if left is not None and ahead:
            problems.append(Problem(_("{no} left on {left}: {amount} would be dues paid ahead for a period after "
                                      "leaving").format(no=r.member[1], left=left.isoformat(), amount=fen_str(ahead)),
                                    row=r.index, field=_("Amount")))
    if problems:
        raise DomainError(_("The payments were not recorded:"), problems=problems[:50])
    return added


@action
def record_payments(session: Session, items: list[PaymentIn], *, issuer: str | None = None) -> BulkResult:
    """Record ``items`` (see the module docstring); one action, all or nothing."""
    from secretariat_app.core.audit import lock_for_write, record_bulk
    from secretariat_app.core.ledger.accounts import load_chart
    from secretariat_app.core.ledger.bulk import BulkWriter
    from secretariat_app.core.ledger.models import NORMAL, POSTED, Voucher, bucket_of
    from secretariat_app.core.ledger.periods import ensure_year

    if not items:
        return BulkResult(0, 0, 0, changes=Changes())
    rows = _validate(session, list(items))
    lock_for_write(session)
    added = _allocate(session, rows)
    rows.sort(key=lambda r: (r.day, r.index))
    who = acting_name(session, issuer)
    total = sum(r.fen for r in rows)
    for table in ("dues_payments", "dues_allocations", "dues_receipts", "ledger_vouchers"):
        record_bulk(session, table, "insert", {"payments": len(rows), "total": fen_str(total),
                                               "from": rows[0].day, "to": rows[-1].day})
    for y in sorted({r.day.year for r in rows}):
        ensure_year(session, y)
    session.flush()
    chart = load_chart(session)
    now = datetime.now()

    def next_id(table: str) -> int:
        return int(session.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one()) + 1

    pid, aid = next_id("dues_payments"), next_id("dues_allocations")
    receipt_no = {y: int(n or 0) for y, n in session.execute(select(Receipt.year, func.max(Receipt.number))
                                                             .group_by(Receipt.year))}
    voucher_no = {(y, m): int(n or 0) for y, m, n in session.execute(
        select(Voucher.year, Voucher.month, func.max(Voucher.number)).group_by(Voucher.year, Voucher.month))}
    w = BulkWriter(session)
    vid = w.next_voucher_id()
    members = {r.member[0]: r.member for r in rows}
    payments, allocations, receipts, refs = [], [], [], []
    acc_tot: dict[tuple, list[int]] = {}
    cash_tot: dict[tuple, list[int]] = {}
    prepaid: dict[int, int] = {}
    first_receipt = None
    stamp = w.dt(now)
    for r in rows:
        mid = r.member[0]
        y, mo = r.day.year, r.day.month
        payments.append(dict(id=pid, member_id=mid, date=r.day, amount=r.fen, method=r.method, payer=r.payer,
                             reference=r.reference, bank_account=r.account, voucher_id=vid, cancelled=False,
                             cancel_reason="", issuer=who, created_at=now))
        for s in r.shares:
            allocations.append(dict(id=aid, payment_id=pid, bill_id=s.bill_id, member_id=mid, year=s.year,
                                    amount=s.amount))
            aid += 1
            if s.bill_id is None:
                prepaid[mid] = prepaid.get(mid, 0) + s.amount
        receipt_no[y] = receipt_no.get(y, 0) + 1
        first_receipt = first_receipt or (y, receipt_no[y])
        receipts.append(dict(year=y, number=receipt_no[y], payment_id=pid, issued_at=now, issuer=who,
                             cancelled=False, reprints=0))
        voucher_no[(y, mo)] = voucher_no.get((y, mo), 0) + 1
        main, ahead = summaries(_Member(members[mid]), r.shares)
        lines = payment_lines(r.account, r.shares, main, ahead)
        dtext = w.d(r.day)
        w.add_voucher((vid, y, mo, voucher_no[(y, mo)], dtext, 1, POSTED, NORMAL, "dues", main, r.fen, who, None, who,
                       stamp, None, stamp))
        for seq, (summ, code, d, c, row) in enumerate(lines, start=1):
            acc = chart.by_code[code].id
            w.add_line((vid, seq, dtext, acc, summ, d, c, row))
            t = acc_tot.setdefault((acc, y, mo), [0, 0])
            t[0] += d
            t[1] += c
            if row is not None:
                ct = cash_tot.setdefault((y, mo, row), [0, 0])
                ct[0] += d
                ct[1] += c
        refs.append({"ref": f"payment:{pid}", "vid": vid})
        pid += 1
        vid += 1
    w.finish(acc_tot, cash_tot, bucket_of(POSTED, NORMAL))
    _set_refs(session, refs)
    session.execute(insert(Payment.__table__), payments)
    session.execute(insert(Allocation.__table__), allocations)
    session.execute(insert(Receipt.__table__), receipts)
    _update_bills(session, added)
    _add_prepaid(session, prepaid, now)
    _fix_sequences(session)
    return BulkResult(len(rows), total, len(rows), first_receipt)


class _Member:
    """What ``payments.summaries`` reads of a member."""

    def __init__(self, m: tuple):
        self.id, self.no, self.name = m[0], m[1], m[2]


def _set_refs(session: Session, refs: list[dict]) -> None:
    session.execute(text("UPDATE ledger_vouchers SET source_ref = :ref WHERE id = :vid"), refs)


def _update_bills(session: Session, added: dict[int, int]) -> None:
    if not added:
        return
    ids = list(added)
    current = {}
    for k in range(0, len(ids), 5000):
        chunk = ids[k:k + 5000]
        for bid, amount, reduction, paid, waived in session.execute(
                select(Bill.id, Bill.amount, Bill.reduction, Bill.paid, Bill.waived).where(Bill.id.in_(chunk))):
            current[bid] = (amount, reduction, paid, waived)
    params = []
    for bid, plus in added.items():
        amount, reduction, paid, waived = current[bid]
        params.append({"p": paid + plus, "s": status_of(amount, reduction, paid + plus, waived), "i": bid})
    session.execute(text("UPDATE dues_bills SET paid = :p, status = :s WHERE id = :i"), params)


def _add_prepaid(session: Session, prepaid: dict[int, int], now: datetime) -> None:
    if not prepaid:
        return
    have = {mid: amt for mid, amt in session.execute(select(Prepaid.member_id, Prepaid.amount)
                                                     .where(Prepaid.member_id.in_(list(prepaid))))}
    new = [dict(member_id=m, amount=a, updated_at=now) for m, a in prepaid.items() if m not in have]
    old = [{"a": have[m] + a, "m": m} for m, a in prepaid.items() if m in have]
    if new:
        session.execute(insert(Prepaid.__table__), new)
    if old:
        session.execute(text("UPDATE dues_prepaid SET amount = :a WHERE member_id = :m"), old)


def _fix_sequences(session: Session) -> None:
    """Explicit ids were written: move PostgreSQL's id sequences past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in ("dues_payments", "dues_allocations"):
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
