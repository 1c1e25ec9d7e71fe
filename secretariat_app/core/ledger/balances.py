"""Balances from the stored opening balances and the per-account monthly totals.

A year's opening balance (年初数) is the stored opening of the latest "base" year at or before it
(the book's first year, entered once, or a year opened into a new edition) plus every movement
of the years between: balances carry over to the next year by construction, and stay right when
an earlier period is reopened and corrected. All figures are signed, debit-positive fen, per
leaf account id.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.models import POSTED, Account, FiscalYear, Line, OpeningBalance, Total, Voucher

ALL = (0, 1, 2, 3)
POSTED_ONLY = (1, 3)
NOT_CLOSING = (0, 1)
POSTED_NOT_CLOSING = (1,)


def buckets(posted_only: bool = False, closing: bool = True) -> tuple[int, ...]:
    if closing:
        return POSTED_ONLY if posted_only else ALL
    return POSTED_NOT_CLOSING if posted_only else NOT_CLOSING


def base_year(session: Session, year: int) -> int | None:
    """The latest year ≤ ``year`` whose opening balances are stored."""
    return session.scalar(select(func.max(FiscalYear.year)).where(FiscalYear.opening_base.is_(True),
                                                                FiscalYear.year <= year))


def opening_balances(session: Session, year: int, *, posted_only: bool = False) -> dict[int, int]:
    """Leaf balances at 1 January of ``year`` (before any voucher of that year)."""
    base = base_year(session, year)
    out: dict[int, int] = defaultdict(int)
    if base is not None:
        for acc_id, amount in session.execute(select(OpeningBalance.account_id, OpeningBalance.amount)
                                              .where(OpeningBalance.year == base)):
            out[acc_id] += amount
    q = (select(Total.account_id, func.sum(Total.debit - Total.credit))
         .where(Total.year < year, Total.bucket.in_(buckets(posted_only))).group_by(Total.account_id))
    if base is not None:
        q = q.where(Total.year >= base)
    for acc_id, amount in session.execute(q):
        out[acc_id] += int(amount or 0)
    return dict(out)


def movements(session: Session, year: int, from_month: int, to_month: int, *, posted_only: bool = False,
              closing: bool = True) -> dict[int, tuple[int, int]]:
    """Debit and credit movements per leaf in months ``from_month..to_month`` of ``year``."""
    q = (select(Total.account_id, func.sum(Total.debit), func.sum(Total.credit))
         .where(Total.year == year, Total.month >= from_month, Total.month <= to_month,
                Total.bucket.in_(buckets(posted_only, closing)))
         .group_by(Total.account_id))
    return {a: (int(d or 0), int(c or 0)) for a, d, c in session.execute(q)}


def balances_at_month_start(session: Session, year: int, month: int, *, posted_only: bool = False) -> dict[int, int]:
    out = dict(opening_balances(session, year, posted_only=posted_only))
    if month > 1:
        for acc_id, (d, c) in movements(session, year, 1, month - 1, posted_only=posted_only).items():
            out[acc_id] = out.get(acc_id, 0) + d - c
    return out


def balances_at_month_end(session: Session, year: int, month: int, *, posted_only: bool = False) -> dict[int, int]:
    return balances_at_month_start(session, year, month + 1, posted_only=posted_only) if month < 12 else \
        _year_end(session, year, posted_only)


def _year_end(session: Session, year: int, posted_only: bool) -> dict[int, int]:
    out = dict(opening_balances(session, year, posted_only=posted_only))
    for acc_id, (d, c) in movements(session, year, 1, 12, posted_only=posted_only).items():
        out[acc_id] = out.get(acc_id, 0) + d - c
    return out


def subtree_ids(session: Session, code: str) -> list[int]:
    """The leaf accounts under ``code`` (itself included): the ones that carry postings."""
    return list(session.scalars(select(Account.id).where(Account.code.startswith(code), Account.is_leaf)))


def account_balance(session: Session, code: str, on_date: date, *, posted_only: bool = False) -> int:
    """Balance of account ``code`` (with its sub-accounts) at the end of ``on_date``, debit-positive."""
    ids = subtree_ids(session, code)
    if not ids:
        return 0
    start = balances_at_month_start(session, on_date.year, on_date.month, posted_only=posted_only)
    total = sum(start.get(i, 0) for i in ids)
    q = (select(func.sum(Line.debit - Line.credit))
         .where(Line.account_id.in_(ids), Line.date >= on_date.replace(day=1), Line.date <= on_date))
    if posted_only:
        q = q.join(Voucher, Voucher.id == Line.voucher_id).where(Voucher.state == POSTED)
    return total + int(session.scalar(q) or 0)


def current_balance_of(session: Session, code: str) -> int:
    """Balance of ``code`` over every voucher in the book (whatever the date)."""
    ids = subtree_ids(session, code)
    if not ids:
        return 0
    latest = session.scalar(select(func.max(Total.year))) or date.today().year
    bal = opening_balances(session, latest + 1)
    return sum(bal.get(i, 0) for i in ids)
