"""Ledgers: trial balance (科目余额表), general ledger (总账), detail ledger (明细账), voucher lists.

All read from the summary tables where they can (``balances.py``) and page through the lines by
index where they must, so that a book of a million postings answers at once. The trial balance
counts every voucher whatever its state unless ``posted_only`` (CLI.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true, tuple_
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.balances import balances_at_month_start, movements
from secretariat_app.core.ledger.models import POSTED, Line, Voucher
from secretariat_app.core.money import fen_str


@dataclass(frozen=True)
class TBRow:
    code: str
    name: str
    opening: int
    debit: int
    credit: int
    closing: int


@dataclass
class TrialBalance:
    year: int
    from_month: int
    to_month: int
    accounts: list[TBRow]

    @property
    def totals(self) -> TBRow:
        return TBRow("", "", sum(r.opening for r in self.accounts), sum(r.debit for r in self.accounts),
                     sum(r.credit for r in self.accounts), sum(r.closing for r in self.accounts))

    def to_json(self) -> dict:
        """The CLI.md document (signed, debit-positive; leaves only)."""
        def row(r: TBRow) -> dict:
            return {"opening": fen_str(r.opening), "debit": fen_str(r.debit), "credit": fen_str(r.credit),
                    "closing": fen_str(r.closing)}

        return {"year": self.year, "to": f"{self.year}-{self.to_month:02d}",
                "accounts": [{"code": r.code, "name": r.name, **row(r)} for r in self.accounts],
                "totals": row(self.totals)}


def trial_balance(session: Session, year: int, to_month: int | None = None, *, from_month: int = 1,
                  posted_only: bool = False) -> TrialBalance:
    """科目余额表 for months ``from_month..to_month`` of ``year`` (leaf accounts with a figure)."""
    to_month = to_month or 12
    chart = load_chart(session)
    opening = balances_at_month_start(session, year, from_month, posted_only=posted_only)
    moves = movements(session, year, from_month, to_month, posted_only=posted_only)
    rows = []
    for code in chart.sorted_codes():
        a = chart.by_code[code]
        o = opening.get(a.id, 0)
        d, c = moves.get(a.id, (0, 0))
        if o or d or c:
            rows.append(TBRow(code, chart.full_name(code), o, d, c, o + d - c))
    return TrialBalance(year, from_month, to_month, rows)


def rollup(tb: TrialBalance, level: int | None = None) -> list[TBRow]:
    """Trial-balance rows with every parent account added (for the GUI tree / xlsx), by code."""
    agg: dict[str, list[int]] = {}
    for r in tb.accounts:
        for n in range(4, len(r.code) + 1, 2):
            key = r.code[:n]
            s = agg.setdefault(key, [0, 0, 0, 0])
            s[0] += r.opening
            s[1] += r.debit
            s[2] += r.credit
            s[3] += r.closing
    names: dict[str, str] = {}
    for r in tb.accounts:
        parts = r.name.split("—")
        for i, n in enumerate(range(4, len(r.code) + 1, 2)):
            names.setdefault(r.code[:n], "—".join(parts[:i + 1]))
    out = []
    for code in sorted(agg):
        if level is not None and (len(code) - 2) // 2 > level:
            continue
        o, d, c, cl = agg[code]
        out.append(TBRow(code, names.get(code, code), o, d, c, cl))
    return out


@dataclass(frozen=True)
class GLRow:
    month: int | None  # None: the opening line
    debit: int
    credit: int
    balance: int
    ytd_debit: int
    ytd_credit: int


def general_ledger(session: Session, code: str, year: int, *, posted_only: bool = False) -> list[GLRow]:
    """总账 of ``code`` (with its sub-accounts): opening, then each month's movement and balance."""
    chart = load_chart(session)
    ids = {a.id for a in chart.leaves_under(code)}
    bal = sum(v for k, v in balances_at_month_start(session, year, 1, posted_only=posted_only).items() if k in ids)
    out = [GLRow(None, 0, 0, bal, 0, 0)]
    yd = yc = 0
    for m in range(1, 13):
        mv = movements(session, year, m, m, posted_only=posted_only)
        d = sum(v[0] for k, v in mv.items() if k in ids)
        c = sum(v[1] for k, v in mv.items() if k in ids)
        bal += d - c
        yd += d
        yc += c
        out.append(GLRow(m, d, c, bal, yd, yc))
    return out


@dataclass(frozen=True)
class DetailRow:
    date: date
    voucher_id: int
    number: int
    summary: str
    account: str
    debit: int
    credit: int
    balance: int
    state: str
    seq: int = 0


@dataclass
class DetailPage:
    total: int
    opening: int
    rows: list[DetailRow]

    @property
    def cursor(self) -> tuple | None:
        """Pass as ``after=`` to get the next page in O(page) (keyset paging for lazy models)."""
        if not self.rows:
            return None
        r = self.rows[-1]
        return (r.date, r.number, r.voucher_id, r.seq, r.balance)


def detail_ledger(session: Session, code: str, year: int, *, from_month: int = 1, to_month: int = 12,
                  offset: int = 0, limit: int = 200, posted_only: bool = False, after: tuple | None = None,
                  count: bool = True) -> DetailPage:
    """明细账 of ``code``: lines in date order with the running balance, one page at a time.

    Page by ``offset`` (the balance before it is summed) or, faster, by ``after=page.cursor``.
    """
    chart = load_chart(session)
    leaves = chart.leaves_under(code)
    ids = [a.id for a in leaves]
    start = date(year, from_month, 1)
    end = date(year + 1, 1, 1) if to_month == 12 else date(year, to_month + 1, 1)
    opening = sum(v for k, v in balances_at_month_start(session, year, from_month, posted_only=posted_only).items()
                  if k in set(ids))
    cond = [Line.account_id.in_(ids), Line.date >= start, Line.date < end]
    if posted_only:
        cond.append(Voucher.state == POSTED)
    count_q = select(func.count()).select_from(Line)
    if posted_only:
        count_q = count_q.join(Voucher, Voucher.id == Line.voucher_id)
    total = session.scalar(count_q.where(*cond)) if (ids and count) else 0
    order = (Line.date, Voucher.number, Line.voucher_id, Line.seq)
    before = 0
    if after is not None:
        cond.append(tuple_(*order) > tuple_(*after[:4]))
        before = after[4] - opening
        offset = 0
    if offset and ids:
        sub = (select(Line.debit, Line.credit).join(Voucher, Voucher.id == Line.voucher_id).where(*cond)
               .order_by(*order).limit(offset).subquery())
        before = int(session.scalar(select(func.sum(sub.c.debit - sub.c.credit))) or 0)
    rows = []
    if ids:
        q = (select(Line.date, Line.voucher_id, Voucher.number, Line.summary, Line.account_id, Line.debit, Line.credit,
                    Voucher.state, Line.seq)
             .join(Voucher, Voucher.id == Line.voucher_id).where(*cond).order_by(*order).offset(offset).limit(limit))
        bal = opening + before
        for d, vid, num, summ, acc, deb, cre, st, sq in session.execute(q):
            bal += deb - cre
            rows.append(DetailRow(d, vid, num, summ, chart.by_id[acc].code, deb, cre, bal, st, sq))
    return DetailPage(int(total or 0), opening, rows)


@dataclass(frozen=True)
class VoucherRow:
    id: int
    date: date
    year: int
    month: int
    number: int
    summary: str
    total: int
    state: str
    kind: str
    source: str
    attachments: int
    preparer: str
    reviewer: str | None
    poster: str | None

    @property
    def label(self) -> str:
        return f"记-{self.number}"


def _voucher_filters(session: Session, *, year=None, from_month=None, to_month=None, state=None, text=None,
                     account=None, source=None, kind=None) -> list[ColumnElement[bool]]:
    cond: list[ColumnElement[bool]] = []
    if year is not None:
        cond.append(Voucher.year == year)
        if from_month:
            cond.append(Voucher.month >= from_month)
        if to_month:
            cond.append(Voucher.month <= to_month)
    if state:
        cond.append(Voucher.state.in_([state] if isinstance(state, str) else list(state)))
    if source:
        cond.append(Voucher.source == source)
    if kind:
        cond.append(Voucher.kind == kind)
    if account:
        # EXISTS on the voucher's own lines; "+ 0" keeps SQLite from probing the account index once
        # per voucher instead (the page stops after ``limit`` vouchers in number order).
        ids = [a.id for a in load_chart(session).leaves_under(account)] or [-1]
        cond.append(exists().where(Line.voucher_id == Voucher.id, (Line.account_id + 0).in_(ids)))
    if text:
        t = text.strip()
        like = f"%{t}%"
        alts: list[ColumnElement[bool]] = [Voucher.summary.like(like), Voucher.id.in_(select(Line.voucher_id).where(Line.summary.like(like)))]
        digits = t.replace("记", "").replace("-", "").strip()
        if digits.isdigit():
            alts.append(Voucher.number == int(digits))
        cond.append(or_(*alts))
    return cond


def voucher_page(session: Session, *, offset: int = 0, limit: int = 200, count: bool = True, **filters):
    """A page of the voucher list (date order) and the number of vouchers matching the filters.

    Filters: year, from_month, to_month, state (one or several), text (summaries, 记-N), account
    (with its sub-accounts), source, kind. Returns ``(total, [VoucherRow])``.
    """
    cond = _voucher_filters(session, **filters)
    where = and_(*cond) if cond else true()
    total = None
    if count and filters.get("account") and not set(k for k, v in filters.items() if v) - {"year", "from_month",
                                                                                          "to_month", "account"}:
        total = _count_by_account(session, **filters)  # the drill-down case: one index range
    elif count:
        total = session.scalar(select(func.count()).select_from(Voucher).where(where))
    q = (select(Voucher.id, Voucher.date, Voucher.year, Voucher.month, Voucher.number, Voucher.summary, Voucher.total,
                Voucher.state, Voucher.kind, Voucher.source, Voucher.attachments, Voucher.preparer, Voucher.reviewer,
                Voucher.poster)
         .where(where).order_by(Voucher.year, Voucher.month, Voucher.number).offset(offset).limit(limit))
    return total, [VoucherRow(**r._mapping) for r in session.execute(q)]


def _count_by_account(session: Session, *, account: str, year=None, from_month=None, to_month=None) -> int:
    ids = [a.id for a in load_chart(session).leaves_under(account)] or [-1]
    cond: list[ColumnElement[bool]] = [Line.account_id.in_(ids)]
    if year is not None:
        cond += [Line.date >= date(year, from_month or 1, 1),
                 Line.date < (date(year + 1, 1, 1) if (to_month or 12) == 12 else date(year, to_month + 1, 1))]
    return int(session.scalar(select(func.count(func.distinct(Line.voucher_id))).where(*cond)) or 0)


def drill_down(session: Session, code: str, year: int, from_month: int = 1, to_month: int = 12, *,
               offset: int = 0, limit: int = 200):
    """The vouchers behind a trial-balance figure of ``code`` in the month range."""
    return voucher_page(session, year=year, from_month=from_month, to_month=to_month, account=code,
                        offset=offset, limit=limit)
