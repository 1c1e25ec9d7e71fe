"""Demo dues (``init --demo``): this year's fee schedule adopted by the general assembly, the year
billed (pro rata by month for this year's newcomers), most members paid — by bank transfer, some
in cash, by WeChat Pay or Alipay — on dates spread over the months so far, some in arrears,
a few of them still owing last year's dues (brought forward when the book was opened), one
overpayment carried as prepaid dues, one payment entered twice and cancelled, one receipt
reprinted. Payments go through ``bulk.record_payments`` (one voucher each), so the whole builder
stays well under 1.5 s for 130 members.

Reads ``ctx["dues_resolution"]`` (meetings demo) and ``ctx["today"]``; puts ``ctx["dues"]``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import set_value
from secretariat_app.core.dues import billing, bulk, payments, schedule
from secretariat_app.core.dues.models import OPEN, Bill
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import Member
from secretariat_app.core.money import from_fen

CASHIER = "张敏"
# Annual fee per level code (yuan): corporate members, then individual members.
FEES = {"corporate": {"president": 50000, "vice_president": 30000, "standing_director": 10000, "director": 5000,
                      "member": 2000},
        "individual": {"president": 3000, "vice_president": 2000, "standing_director": 1000, "director": 500,
                       "member": 300}}
METHODS = ["bank"] * 14 + ["cash"] * 3 + ["wechat"] * 2 + ["alipay"]


def build(session: Session, ctx: dict) -> None:
    res = ctx.get("dues_resolution")
    if not res:
        return
    rng = ctx["rng"]
    today: date = min(ctx.get("today") or date.today(), date.today())
    year = today.year
    set_value(session, "dues.pro_rata", "by_month")
    amounts = {lv.id: Decimal(FEES.get(lv.kind, {}).get(lv.code, 1000)) for lv in levels(session)}
    schedule.set_schedule(session, year, amounts, resolution_id=res["id"],
                          note=f"{res['date'].year}年度会员大会无记名投票通过")
    start = min(res["date"] + timedelta(days=2), today)
    billing.bill_year(session, year, today=start, user=CASHIER)
    billing.bill_year(session, year, today=today, user=CASHIER)  # this year's newcomers since
    _brought_forward(session, rng, year, amounts)
    _payments(session, rng, year, start, today)
    ctx["dues"] = {"year": year}


def _brought_forward(session: Session, rng, year: int, amounts: dict) -> None:
    """Last year's dues still owed by a few members (entered when the book was opened)."""
    old = list(session.execute(select(Member.no, Member.level_id).where(
        Member.joined < date(year - 1, 1, 1), Member.left_on.is_(None)).order_by(Member.seq)))
    for no, level_id in rng.sample(old[20:], min(5, max(len(old) - 20, 0))):
        billing.record_opening_arrears(session, no, year - 1, amounts[level_id], note="期初欠缴会费")


def _day(rng, start: date, today: date) -> date:
    span = max((today - start).days, 0)
    return start + timedelta(days=rng.randint(0, span)) if span else start


def _payments(session: Session, rng, year: int, start: date, today: date) -> None:
    rows = list(session.execute(select(Member.no, Member.name, Bill.amount - Bill.reduction - Bill.paid)
                                .join(Bill, Bill.member_id == Member.id)
                                .where(Bill.year == year, Bill.status == OPEN).order_by(Member.seq)))
    owing_last_year = set(session.scalars(select(Member.no).join(Bill, Bill.member_id == Member.id)
                                          .where(Bill.year == year - 1)))
    items: list[bulk.PaymentIn] = []
    paying = [r for r in rows if r[0] not in owing_last_year]
    rng.shuffle(paying)
    n_paid = int(len(paying) * 0.78)
    for no, name, due in paying[:n_paid]:
        fen = int(due)
        if rng.random() < 0.06:  # a part payment
            fen = fen // 2 // 100 * 100 or fen
        method = rng.choice(METHODS)
        items.append(bulk.PaymentIn(no, from_fen(fen), _day(rng, start, today), method,
                                    payer=name, reference=f"DUES{year}{len(items) + 1:04d}" if method == "bank" else None))
    # Someone settles last year's arrears together with this year's.
    for no in sorted(owing_last_year)[:1]:
        items.append(bulk.PaymentIn(no, from_fen(_due_of(session, no)), _day(rng, start, today), "bank"))
    items.sort(key=lambda it: str(it.date))  # dates here; ISO text sorts the same
    bulk.record_payments(session, items, issuer=CASHIER)
    late = paying[n_paid:]
    if len(late) >= 2:
        # An overpayment: this year and next year at once (the rest becomes prepaid dues, 2203).
        no, _name, due = late[0]
        payments.record_payment(session, no, from_fen(int(due) * 2), today, "bank", reference=f"DUES{year}P",
                                issuer=CASHIER)
        # A payment entered twice by mistake: the duplicate is cancelled by a reversing voucher.
        no, _name, due = late[1]
        day = _day(rng, start, today)
        first = payments.record_payment(session, no, from_fen(int(due)), day, "cash", issuer=CASHIER)
        dup = payments.record_payment(session, no, from_fen(int(due)), day, "cash", issuer=CASHIER)
        payments.cancel_payment(session, dup.payment_id, day=min(day + timedelta(days=1), today),
                                reason="重复录入", user=CASHIER)
        payments.mark_reprint(session, first.receipt_id)  # the member lost the original


def _due_of(session: Session, no: str) -> int:
    from secretariat_app.core.dues.arrears import member_balance

    m = session.scalar(select(Member.id).where(Member.no == no))
    if m is None:
        raise LookupError(f"no member {no}")
    return member_balance(session, m)["due"]
