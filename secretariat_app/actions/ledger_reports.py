"""The books, part 4: trial balance (科目余额表), general and detail ledgers (总账 / 明细账), statements.

Reads only. The trial balance and the ledgers count every voucher whatever its state unless
``posted_only``; the statements refuse (DomainError) when one of their identities does not hold.
The detail ledger is a paged query for a lazy table: one page of lines with the running balance,
the opening line first and 本月合计 / 本年累计 after each month's last line (DOMAIN.md §3).
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from secretariat_app.actions.base import Uow, query
from secretariat_app.actions.ledger import chart_ready
from secretariat_app.actions.paging import Page, PageRequest
from secretariat_app.core import ledger

OPEN, LINE, MONTH, YTD = "open", "line", "month", "ytd"


@query()
def trial_balance(uow: Uow, year: int, to_month: int | None = None, from_month: int = 1,
                  posted_only: bool = False) -> ledger.TrialBalance:
    """科目余额表 of months ``from_month..to_month`` of ``year`` (leaf accounts with a figure)."""
    chart_ready(uow)
    return ledger.trial_balance(uow.session, year, to_month, from_month=from_month, posted_only=posted_only)


@query()
def general_ledger(uow: Uow, code: str, year: int, posted_only: bool = False) -> list:
    """总账 of ``code`` (with its sub-accounts): the opening line, then each month (``GLRow``)."""
    chart_ready(uow)
    return ledger.general_ledger(uow.session, code, year, posted_only=posted_only)


@query()
def statements(uow: Uow, year: int, month: int | None = None, posted_only: bool = False) -> ledger.Statements:
    """The three statements (会民非01–03表) to the end of ``month`` (default December)."""
    chart_ready(uow)
    return ledger.statements(uow.session, year, month, posted_only=posted_only)


class DetailLine(NamedTuple):
    """A row of the detail ledger. ``kind``: ``open`` (the balance brought forward; ``lines`` holds the
    number of lines the ledger has), ``line`` (a voucher line), ``month`` / ``ytd`` (the month's totals
    and the year to date after the month's last line; ``date`` is the month's last day)."""

    kind: str
    date: date
    number: int
    summary: str
    account: str
    account_name: str
    debit: int
    credit: int
    balance: int
    voucher_id: int | None = None
    seq: int = 0
    lines: int = 0

    @property
    def cursor(self) -> tuple:
        """What the next page starts after (``filters["after"]``), for a line."""
        return (self.date, self.number, self.voucher_id, self.seq, self.balance)


def _month_rows(gl: dict, year: int, month: int) -> list[DetailLine]:
    g = gl.get(month)
    if g is None:
        return []
    end = date(year, month, calendar.monthrange(year, month)[1])
    return [DetailLine(MONTH, end, 0, "", "", "", g.debit, g.credit, g.balance),
            DetailLine(YTD, end, 0, "", "", "", g.ytd_debit, g.ytd_credit, g.balance)]


def _months_with_lines(uow: Uow, code: str, year: int, from_month: int, to_month: int, posted_only: bool) -> int:
    from secretariat_app.core.ledger.accounts import load_chart
    from secretariat_app.core.ledger.models import POSTED, Line, Voucher

    ids = [a.id for a in load_chart(uow.session).leaves_under(code)]
    if not ids:
        return 0
    q = (select(func.count(func.distinct(Voucher.month))).select_from(Line).join(Voucher, Voucher.id == Line.voucher_id)
         .where(Line.account_id.in_(ids), Voucher.year == year, Voucher.month >= from_month, Voucher.month <= to_month))
    if posted_only:
        q = q.where(Voucher.state == POSTED)
    return int(uow.session.scalar(q) or 0)


@query()
def detail_page(uow: Uow, request: PageRequest) -> Page:
    """A page of the detail ledger of ``filters["code"]`` (with its sub-accounts) in ``year``,
    ``from_month``..``to_month``, ``posted_only``; the first page has the opening line and the count
    of rows; the next pages start after ``filters["after"]`` (the ``cursor`` of the last line shown,
    keyset paging: O(page) however deep)."""
    chart_ready(uow)
    from secretariat_app.core.ledger.accounts import load_chart

    f = request.filters
    code = f.get("code")
    if not code:
        return Page([], 0)
    year = int(f.get("year") or date.today().year)
    first, last = int(f.get("from_month") or 1), int(f.get("to_month") or 12)
    last = max(first, last)
    posted = bool(f.get("posted_only"))
    after = f.get("after")
    limit = max(1, min(int(request.limit), 5000))
    s = uow.session
    page = ledger.detail_ledger(s, code, year, from_month=first, to_month=last, limit=limit + 1, posted_only=posted,
                           after=tuple(after) if after else None, count=after is None)
    lines, more = page.rows[:limit], len(page.rows) > limit
    chart = load_chart(s)
    gl: dict = {}
    if lines:
        gl = {g.month: g for g in ledger.general_ledger(s, code, year, posted_only=posted) if g.month is not None}
    out: list[DetailLine] = []
    if after is None:
        text = ""  # the screen words the opening line (brought forward, or the balance at the first month)
        out.append(DetailLine(OPEN, date(year, first, 1), 0, text, "", "", 0, 0, page.opening, lines=page.total))
    month = None
    for r in lines:
        if month is not None and r.date.month != month:
            out += _month_rows(gl, year, month)
        month = r.date.month
        out.append(DetailLine(LINE, r.date, r.number, r.summary, r.account, chart.full_name(r.account), r.debit,
                              r.credit, r.balance, r.voucher_id, r.seq))
    if month is not None and (not more or page.rows[limit].date.month != month):
        out += _month_rows(gl, year, month)  # the month ends on this page
    total = None
    if after is None:
        total = 1 + page.total + 2 * _months_with_lines(uow, code, year, first, last, posted)
    return Page(out, total)  # type: ignore[arg-type]
