"""Benchmark of dues (issue 5) on a book of 10,000 members.

Targets: the billing run for 10,000 members (bills and nothing else) ≤ 2 s; 10,000 payments
posted with their vouchers (and receipts) ≤ 10 s; 500 reminder letters in one PDF ≤ 5 s.

    .venv/bin/python bench/bench_dues.py [--n 10000] [--singles 200]

The roll is bulk-loaded as in ``bench_members.py`` (bench/out/dues-<n>.sqlite, rebuilt each run);
the fee schedule is the first fiscal year's existing rate (no meeting needed). The billing run is
``core.dues.billing.bill_year``; the payments go through ``core.dues.bulk.record_payments`` (one
posted voucher, one receipt each); ``--singles`` more are recorded one at a time with
``record_payment`` for comparison. The book is checked afterwards (dues checks, ledger totals).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

TARGET_BILL = 2.0
TARGET_PAY = 10.0
TARGET_LETTERS = 5.0
FEES = {"president": 50000, "vice_president": 30000, "standing_director": 10000, "director": 5000, "member": 2000}


def line(what: str, seconds: float, target: float | None = None, extra: str = "") -> None:
    verdict = "" if target is None else ("  OK" if seconds <= target else "  SLOW")
    limit = f" (target ≤ {target:.1f} s)" if target is not None else ""
    print(f"{what:<52} {seconds:7.2f} s{limit}{verdict} {extra}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--singles", type=int, default=200)
    args = ap.parse_args()
    from bench_members import build_big_book

    from secretariat_app.core.book_settings import update_settings
    from secretariat_app.core.dues import billing, bulk, payments, schedule
    from secretariat_app.core.dues.checks import dues_problems
    from secretariat_app.core.dues.documents import reminder_batch
    from secretariat_app.core.ledger import totals
    from secretariat_app.core.members.levels import levels
    from secretariat_app.core.money import from_fen
    from secretariat_app.i18n import set_language
    from secretariat_app.pdf.reminders import write_reminders

    set_language("zh_CN")
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"dues-{args.n}.sqlite"
    t0 = time.perf_counter()
    book = build_big_book(path, args.n)
    print(f"book with {args.n:,} members built in {time.perf_counter() - t0:.1f} s: {path}")
    today = date.today()
    year = today.year
    with book.session() as s:
        update_settings(s, first_fiscal_year=year)
        amounts = {lv.id: Decimal(FEES.get(lv.code, 1000) // (10 if lv.kind == "individual" else 1))
                   for lv in levels(s)}
        schedule.set_schedule(s, year, amounts, note="基准测试：原有会费标准")

    with book.session() as s:
        t = time.perf_counter()
        res = billing.bill_year(s, year, today=today)
        line(f"billing run: {res.count:,} bills", time.perf_counter() - t, TARGET_BILL,
             f"({from_fen(res.total):,} yuan)")
        t = time.perf_counter()
        again = billing.bill_year(s, year, today=today)
        line(f"billing run again: {again.count} new bills", time.perf_counter() - t)

    with book.session() as s:
        t = time.perf_counter()
        batch = reminder_batch(s, year, limit=500)  # everybody owes after the run: the first 500
        q = time.perf_counter() - t
        pdf = out / "dues-reminders-500.pdf"
        t = time.perf_counter()
        pages = write_reminders(batch, pdf)
        line(f"{pages} reminder letters in one PDF", time.perf_counter() - t + q, TARGET_LETTERS,
             f"(query {q:.2f} s; {pdf.stat().st_size // 1024} KiB)")

    with book.session() as s:
        from sqlalchemy import select

        from secretariat_app.core.dues.models import Bill
        from secretariat_app.core.members.models import Member

        owed = s.execute(select(Member.no, Bill.amount).join(Bill, Bill.member_id == Member.id)
                         .where(Bill.year == year).order_by(Member.seq)).all()
    methods = ["bank"] * 7 + ["cash", "wechat", "alipay"]
    start = date(year, 1, 1)
    span = max((today - start).days, 1)
    items = []
    for i in range(args.n):
        no, fen = owed[i % len(owed)]
        fen = fen if i < len(owed) else fen // 2  # past the roll: a second payment, half of it prepaid
        items.append(bulk.PaymentIn(no, from_fen(fen), start + timedelta(days=i * span // args.n), methods[i % 10],
                                    reference=f"B{i:06d}"))
    with book.session() as s:
        t = time.perf_counter()
        r = bulk.record_payments(s, items, issuer="出纳")
        line(f"{r.payments:,} payments with vouchers and receipts", time.perf_counter() - t, TARGET_PAY,
             f"({r.vouchers:,} vouchers)")
    if args.singles:
        with book.session() as s:
            nos = [no for no, _f in owed[: args.singles]]
            t = time.perf_counter()
            for no in nos:
                payments.record_payment(s, no, "100", today, "cash")
            el = time.perf_counter() - t
            line(f"{len(nos)} payments one at a time (record_payment)", el, None,
                 f"({el / len(nos) * 1000:.1f} ms each)")

    with book.session() as s:
        t = time.perf_counter()
        problems = dues_problems(s)
        same = totals.recompute(s) == totals.stored(s)
        line("checks (dues, ledger totals)", time.perf_counter() - t, None,
             "ok" if not problems and same else f"PROBLEMS {problems[:3]} totals={same}")
    book.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
