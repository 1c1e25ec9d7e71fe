"""The billing run (开票/应收会费) and changes to bills: waivers, reductions, arrears brought forward.

``bill_year(session, year, preview=False)`` — DOMAIN.md §2, issue 5:

- one bill per member **active on the run's date** (``min(today, 31 December)`` of the year; a
  past year: 31 December; a future year: today) at the fee of the level the member held on
  1 January (or on the day of joining, for a newcomer) — ``core.members`` history;
- pro rata by month for members admitted during the year when setting ``dues.pro_rata`` is
  ``by_month`` (``plan.pro_rata``: months remaining including the month of joining / 12, rounded
  half-up to the fen);
- running it again bills nobody twice (one bill per member and year, a unique key): a later run
  bills only the members admitted since;
- the fee schedule of the year must be billable (``schedule.billable_schedule``): a draft row, or
  an active member at a level with no fee for the year, refuses the run with every problem named;
- prepaid dues (预收, 2203) of the members billed are applied to their new bills — and to any
  open bill of the year — posting one voucher Dr 2203 预收账款 / Cr 420101 会费收入 for the amount
  consumed, dated the run's date (1 January for a year not begun yet);
- bills are written with Core ``executemany`` (10,000 bills ≤ 2 s) and audited with one
  ``record_bulk`` entry.

Due date: 31 March of the year, or 30 days after the run when it is later than that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Row, insert, select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.dues.models import OPEN, OPENING, PAID, RUN, WAIVED, Allocation, Bill, Prepaid, status_of
from secretariat_app.core.dues.plan import pro_rata
from secretariat_app.core.dues.schedule import billable_schedule, check_year
from secretariat_app.core.dues.settings import INCOME_ACCOUNT, PREPAID_ACCOUNT, pro_rata_mode
from secretariat_app.core.dues.unit import acting_name
from secretariat_app.core.members.models import Level, Member, MemberEvent
from secretariat_app.core.members.queries import active_filter
from secretariat_app.core.money import fen_str, parse_amount
from secretariat_app.db.session import action
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _


@dataclass
class BillLine:
    member_id: int
    no: str
    name: str
    level: str
    months: int
    amount: int
    prepaid: int = 0  # prepaid dues applied to it


@dataclass
class BillingResult:
    year: int
    as_of: date
    preview: bool
    bills: list[BillLine] = field(default_factory=list)
    already_billed: int = 0
    prepaid_applied: int = 0
    voucher_id: int | None = None
    changes: Changes = field(default_factory=Changes)

    @property
    def count(self) -> int:
        return len(self.bills)

    @property
    def total(self) -> int:
        return sum(b.amount for b in self.bills)

    def to_json(self) -> dict:
        return {"year": self.year, "as_of": self.as_of.isoformat(), "preview": self.preview, "bills": self.count,
                "total": fen_str(self.total), "already_billed": self.already_billed,
                "prepaid_applied": fen_str(self.prepaid_applied),
                "members": [{"no": b.no, "name": b.name, "level": b.level, "months": b.months,
                             "amount": fen_str(b.amount)} for b in self.bills]}


def run_date(year: int, today: date | None = None) -> date:
    today = today or date.today()
    if year < today.year:
        return date(year, 12, 31)
    return today


def default_due(year: int, as_of: date) -> date:
    march = date(year, 3, 31)
    return march if as_of <= march else as_of + timedelta(days=30)


def levels_on(session: Session, year: int, members: list[tuple]) -> dict[int, int]:
    """``{member_id: level_id}`` held on 1 January of ``year`` (or on joining): one query over the
    roll's history (admitted / level_changed events); the member's current level when none."""
    start = date(year, 1, 1)
    ref = {mid: max(start, joined) for mid, joined, _lv in members}
    out = {mid: lv for mid, _j, lv in members}
    best: dict[int, date] = {}
    q = (select(MemberEvent.member_id, MemberEvent.on_date, MemberEvent.level_id)
         .where(MemberEvent.level_id.is_not(None), MemberEvent.on_date <= date(year, 12, 31))
         .order_by(MemberEvent.on_date, MemberEvent.id))
    for mid, on, lv in session.execute(q):
        r = ref.get(mid)
        if r is not None and on <= r and on >= best.get(mid, date.min):
            best[mid] = on
            out[mid] = lv
    return out


def _plan(session: Session, year: int, as_of: date) -> tuple[Sequence[Row[int, str, str, int, date]], int, dict]:
    """Members to bill as ``(member_id, no, name, level_id, joined)``, how many are billed already,
    and the billable schedule; refuses when the schedule cannot bill them."""
    billed = select(Bill.member_id).where(Bill.year == year)
    rows = session.execute(select(Member.id, Member.no, Member.name, Member.level_id, Member.joined)
                           .where(active_filter(as_of), Member.id.not_in(billed))
                           .order_by(Member.seq, Member.id)).all()
    already = session.scalar(select(Bill.id).where(Bill.year == year).limit(1)) is not None
    n_already = 0
    if already:
        from sqlalchemy import func

        n_already = int(session.scalar(select(func.count()).select_from(Bill).where(Bill.year == year)) or 0)
    schedule, problems = billable_schedule(session, year)
    return rows, n_already, {"schedule": schedule, "problems": problems}


@action
def bill_year(session: Session, year: int, *, preview: bool = False, today: date | None = None,
              due_date: date | None = None, user: str | None = None) -> BillingResult:
    """Bill ``year`` (see the module docstring). ``preview`` computes the same bills, writes nothing."""
    year = check_year(year)
    as_of = run_date(year, today)
    rows, n_already, sched = _plan(session, year, as_of)
    schedule, drafts = sched["schedule"], sched["problems"]
    mode = pro_rata_mode(session)
    level_of = levels_on(session, year, [(r[0], r[4], r[3]) for r in rows])
    names = dict(session.execute(select(Level.id, Level.name)).all())
    lines: list[BillLine] = []
    plan: list[tuple] = []
    missing: dict[int, int] = {}
    problems: list[str] = []
    for mid, no, name, _lv, joined in rows:
        lv = level_of[mid]
        fs = schedule.get(lv)
        if fs is None:
            if lv in drafts:
                if drafts[lv] not in problems:
                    problems.append(drafts[lv])
            else:
                missing[lv] = missing.get(lv, 0) + 1
            continue
        months, fen = pro_rata(fs.amount, joined, year, mode)
        lines.append(BillLine(mid, no, name, names.get(lv, ""), months, fen))
        plan.append((mid, lv, fs.id, months, fen))
    for lv, n in missing.items():
        problems.append(_("no fee for {level} in {year} ({n} members at that level)").format(
            level=names.get(lv, lv), year=year, n=n))
    if problems:
        raise DomainError(_("The dues of {year} cannot be billed:").format(year=year),
                          problems=[Problem(p) for p in problems])
    result = BillingResult(year=year, as_of=as_of, preview=preview, bills=lines, already_billed=n_already)
    prepaid = _prepaid_of(session, [p[0] for p in plan], year)
    for b in lines:
        b.prepaid = min(b.amount, prepaid.get(b.member_id, 0))
    if preview:
        result.prepaid_applied = sum(b.prepaid for b in lines)
        return result
    if plan:
        _insert_bills(session, year, plan, due_date or default_due(year, as_of))
    result.prepaid_applied, result.voucher_id = apply_prepaid(session, year, today=today, user=user)
    result.changes = Changes({"dues", "ledger"} if result.voucher_id else {"dues"})
    return result


def _prepaid_of(session: Session, member_ids: list[int], year: int) -> dict[int, int]:
    """Prepaid money (not yet applied) of these members, usable for ``year``."""
    if not member_ids:
        return {}
    wanted = set(member_ids)
    out: dict[int, int] = {}
    from secretariat_app.core.dues.models import Payment

    q = (select(Allocation.member_id, Allocation.amount).join(Payment, Payment.id == Allocation.payment_id)
         .where(Allocation.bill_id.is_(None), Allocation.year <= year, Payment.cancelled.is_(False)))
    for mid, amount in session.execute(q):
        if mid in wanted:
            out[mid] = out.get(mid, 0) + amount
    return out


def _insert_bills(session: Session, year: int, plan: list[tuple], due: date) -> None:
    from secretariat_app.core.audit import record_bulk

    now = datetime.now()
    record_bulk(session, "dues_bills", "insert", {"year": year, "count": len(plan),
                                                  "total": fen_str(sum(p[4] for p in plan))})
    params = [dict(member_id=mid, year=year, level_id=lv, schedule_id=sid, origin=RUN, months=months, amount=fen,
                   reduction=0, reduction_reason="", waived=False, paid=0, due_date=due,
                   status=OPEN if fen > 0 else PAID, note="", billed_at=now)
              for mid, lv, sid, months, fen in plan]
    session.execute(insert(Bill), params)


def apply_prepaid(session: Session, year: int, *, today: date | None = None, user: str | None = None,
                  member_ids: list[int] | None = None) -> tuple[int, int | None]:
    """Apply prepaid dues to the open bills of ``year`` (oldest prepaid first); post Dr 2203 /
    Cr 420101 for the amount applied. Returns ``(fen applied, voucher id or None)``."""
    from secretariat_app.core.dues.models import Payment
    from secretariat_app.core.ledger.vouchers import create_voucher

    q = (select(Allocation).join(Payment, Payment.id == Allocation.payment_id)
         .where(Allocation.bill_id.is_(None), Allocation.year <= year, Payment.cancelled.is_(False))
         .order_by(Allocation.member_id, Allocation.id))
    if member_ids is not None:
        q = q.where(Allocation.member_id.in_(member_ids))
    waiting = list(session.scalars(q))
    if not waiting:
        return 0, None
    bills = {b.member_id: b for b in session.scalars(select(Bill).where(
        Bill.year == year, Bill.status == OPEN, Bill.member_id.in_({a.member_id for a in waiting})))}
    applied = 0
    carried: list[Allocation] = []
    for a in waiting:
        b = bills.get(a.member_id)
        if b is None or b.due <= 0:
            continue
        take = min(b.due, a.amount)
        if take == a.amount:
            a.bill_id, a.year = b.id, year
            carried.append(a)
        else:
            a.amount -= take
            a.year = year + 1
            part = Allocation(payment_id=a.payment_id, bill_id=b.id, member_id=a.member_id, year=year, amount=take)
            session.add(part)
            carried.append(part)
        b.paid += take
        b.settle_status()
        pre = session.get(Prepaid, a.member_id)
        if pre is not None:
            pre.amount -= take
            pre.updated_at = datetime.now()
        applied += take
    if not applied:
        return 0, None
    day = max(today or date.today(), date(year, 1, 1))
    summary = _("Prepaid dues applied to the dues of {year}").format(year=year)
    v = create_voucher(session, day, [(summary, PREPAID_ACCOUNT, applied, 0, None),
                                      (summary, INCOME_ACCOUNT, 0, applied, None)],
                       preparer=acting_name(session, user), post=True, source="dues",
                       source_ref=f"prepaid:{year}")
    for a in carried:
        a.carried_voucher_id = v.id
    return applied, v.id


# ---- changes to one bill ------------------------------------------------------------------------

def get_bill(session: Session, bill_id: int) -> Bill:
    b = session.get(Bill, bill_id)
    if b is None:
        raise DomainError(_("there is no bill {id}").format(id=bill_id))
    return b


def bill_of(session: Session, member_no: str, year: int) -> Bill:
    from secretariat_app.core.members.queries import member_by_no

    m = member_by_no(session, member_no)
    if m is None:
        raise DomainError(_("there is no member {no}").format(no=member_no), field=_("Member"))
    b = session.scalar(select(Bill).where(Bill.member_id == m.id, Bill.year == int(year)))
    if b is None:
        raise DomainError(_("{no} has no bill for {year}").format(no=m.no, year=year), field=_("Year"))
    return b


@action
def reduce_bill(session: Session, bill_id: int, reduction, reason: str) -> Changes:
    """Reduce a bill by ``reduction`` (yuan; 0 takes a reduction back) with a reason. A reduction
    below what has been paid is refused (cancel the payment first)."""
    b = get_bill(session, bill_id)
    fen = parse_amount(reduction, field=_("Reduction"), allow_zero=True)
    reason = (reason or "").strip()
    if fen and not reason:
        raise DomainError(_("a reduction or waiver needs a reason"), field=_("Reason"))
    if len(reason) > 300:
        raise DomainError(_("at most 300 characters"), field=_("Reason"))
    if fen > b.amount:
        raise DomainError(_("the reduction {reduction} is more than the bill {amount}").format(
            reduction=fen_str(fen), amount=fen_str(b.amount)), field=_("Reduction"))
    if b.amount - fen < b.paid:
        raise DomainError(_("{paid} has been paid on this bill; it cannot be reduced below that").format(
            paid=fen_str(b.paid)), field=_("Reduction"))
    b.reduction, b.reduction_reason = fen, reason if fen else ""
    b.waived = fen == b.amount and fen > 0
    b.settle_status()
    return Changes({"dues"})


def waive_bill(session: Session, bill_id: int, reason: str) -> Changes:
    """Waive a bill entirely (免缴) with a reason; refused once anything has been paid on it."""
    b = get_bill(session, bill_id)
    return reduce_bill(session, bill_id, fen_str(b.amount), reason)


@action
def record_opening_arrears(session: Session, member_no: str, year: int, amount, note: str = "",
                           due_date: date | None = None) -> Changes:
    """Dues a member still owed for a year **before the book's first year** (期初欠缴会费), entered
    once when the book is opened: a bill of origin ``opening``. Later years are billed by the run."""
    from secretariat_app.core.dues.schedule import first_fiscal_year
    from secretariat_app.core.ledger.periods import first_year
    from secretariat_app.core.members.queries import member_by_no

    year = check_year(year)
    m = member_by_no(session, member_no)
    if m is None:
        raise DomainError(_("there is no member {no}").format(no=member_no), field=_("Member"))
    fen = parse_amount(amount, field=_("Amount"))
    start = first_year(session) or first_fiscal_year(session)
    if year >= start:
        raise DomainError(_("arrears brought forward are for years before {year}, the book's first year; bill "
                            "later years with the billing run").format(year=start), field=_("Year"))
    if m.joined.year > year:
        raise DomainError(_("{no} joined in {joined}, after {year}").format(no=m.no, joined=m.joined.year, year=year),
                          field=_("Year"))
    if session.scalar(select(Bill.id).where(Bill.member_id == m.id, Bill.year == year)) is not None:
        raise DomainError(_("{no} has a bill for {year} already").format(no=m.no, year=year), field=_("Year"))
    session.add(Bill(member_id=m.id, year=year, level_id=m.level_id, origin=OPENING, months=12, amount=fen,
                     due_date=due_date or date(year, 12, 31), status=OPEN, billed_at=datetime.now(),
                     note=(note or _("Arrears brought forward"))[:300]))
    return Changes({"dues"})


BILL_STATES = (OPEN, PAID, WAIVED)
__all__ = ["bill_year", "apply_prepaid", "reduce_bill", "waive_bill", "record_opening_arrears", "BillingResult",
           "BillLine", "status_of", "BILL_STATES"]
