"""Maintenance of the summary tables ``ledger_totals`` and ``ledger_cashflow_totals``.

Every write of a voucher goes through ``apply_voucher(session, voucher, sign)``: +1 adds its lines
to the totals of its bucket (posted / closing), −1 takes them out. A change of state or content
is "take out the old, add the new". The upsert (``INSERT … ON CONFLICT … DO UPDATE``) works on
SQLite ≥ 3.24 and PostgreSQL alike. ``recompute`` rebuilds the figures from the lines and is what
``checks.py`` compares against.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.models import Line, Voucher, bucket_of

_UPSERT_TOTAL = text(
    "INSERT INTO ledger_totals (account_id, year, month, bucket, debit, credit) "
    "VALUES (:a, :y, :m, :b, :d, :c) "
    "ON CONFLICT (account_id, year, month, bucket) DO UPDATE SET "
    "debit = ledger_totals.debit + excluded.debit, credit = ledger_totals.credit + excluded.credit")
_UPSERT_CASH = text(
    "INSERT INTO ledger_cashflow_totals (year, month, row, bucket, debit, credit) "
    "VALUES (:y, :m, :r, :b, :d, :c) "
    "ON CONFLICT (year, month, row, bucket) DO UPDATE SET "
    "debit = ledger_cashflow_totals.debit + excluded.debit, credit = ledger_cashflow_totals.credit + excluded.credit")


def voucher_deltas(year: int, month: int, bucket: int, lines, sign: int):
    """(account totals, cash-flow totals) of one voucher as upsert parameter lists."""
    acc: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    cash: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for ln in lines:
        acc[ln.account_id][0] += sign * ln.debit
        acc[ln.account_id][1] += sign * ln.credit
        if ln.cashflow_row is not None:
            cash[ln.cashflow_row][0] += sign * ln.debit
            cash[ln.cashflow_row][1] += sign * ln.credit
    a = [dict(a=k, y=year, m=month, b=bucket, d=v[0], c=v[1]) for k, v in acc.items()]
    c = [dict(y=year, m=month, r=k, b=bucket & 1, d=v[0], c=v[1]) for k, v in cash.items()]
    return a, c


def apply_voucher(session: Session, voucher: Voucher, sign: int, lines=None) -> None:
    """Add (+1) or take out (−1) ``voucher``'s lines in the totals of its current bucket."""
    lines = voucher.lines if lines is None else lines
    a, c = voucher_deltas(voucher.year, voucher.month, bucket_of(voucher.state, voucher.kind), lines, sign)
    upsert(session, a, c)


def upsert(session: Session, acc_params: list[dict], cash_params: list[dict]) -> None:
    if acc_params:
        session.execute(_UPSERT_TOTAL, acc_params)
    if cash_params:
        session.execute(_UPSERT_CASH, cash_params)


def recompute(session: Session) -> tuple[dict, dict]:
    """Totals recomputed from the lines: ({(acc, y, m, bucket): (d, c)}, {(y, m, row, bucket): (d, c)})."""
    acc: dict = {}
    q = (select(Line.account_id, Voucher.year, Voucher.month, Voucher.state, Voucher.kind,
                func.sum(Line.debit), func.sum(Line.credit))
         .join(Voucher, Voucher.id == Line.voucher_id)
         .group_by(Line.account_id, Voucher.year, Voucher.month, Voucher.state, Voucher.kind))
    for a, y, m, st, kind, d, c in session.execute(q):
        key = (a, y, m, bucket_of(st, kind))
        old = acc.get(key, (0, 0))
        acc[key] = (old[0] + int(d or 0), old[1] + int(c or 0))
    cash: dict = {}
    cq = (select(Voucher.year, Voucher.month, Line.cashflow_row, Voucher.state, Voucher.kind,
                 func.sum(Line.debit), func.sum(Line.credit))
          .join(Voucher, Voucher.id == Line.voucher_id).where(Line.cashflow_row.is_not(None))
          .group_by(Voucher.year, Voucher.month, Line.cashflow_row, Voucher.state, Voucher.kind))
    for y, m, r, st, kind, d, c in session.execute(cq):
        ckey = (y, m, r, bucket_of(st, kind) & 1)
        old = cash.get(ckey, (0, 0))
        cash[ckey] = (old[0] + int(d or 0), old[1] + int(c or 0))
    return ({k: v for k, v in acc.items() if v != (0, 0)}, {k: v for k, v in cash.items() if v != (0, 0)})


def stored(session: Session) -> tuple[dict, dict]:
    acc = {(a, y, m, b): (int(d), int(c)) for a, y, m, b, d, c in session.execute(
        text("SELECT account_id, year, month, bucket, debit, credit FROM ledger_totals"))
        if d or c}
    cash = {(y, m, r, b): (int(d), int(c)) for y, m, r, b, d, c in session.execute(
        text("SELECT year, month, row, bucket, debit, credit FROM ledger_cashflow_totals"))
        if d or c}
    return acc, cash


def rebuild(session: Session) -> None:
    """Rebuild both summary tables from the lines (repair; the caller holds the transaction)."""
    acc, cash = recompute(session)
    session.execute(text("DELETE FROM ledger_totals"))
    session.execute(text("DELETE FROM ledger_cashflow_totals"))
    upsert(session, [dict(a=k[0], y=k[1], m=k[2], b=k[3], d=v[0], c=v[1]) for k, v in acc.items()],
           [dict(y=k[0], m=k[1], r=k[2], b=k[3], d=v[0], c=v[1]) for k, v in cash.items()])
