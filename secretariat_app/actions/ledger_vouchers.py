"""The books, part 2: vouchers — entry, the workflow 制单 → 审核 → 记账, corrections, the list.

DOMAIN.md §3 Vouchers: numbered per month without gaps; reviewed by someone other than the
preparer, then posted; a posted voucher never changes — it is corrected by a reversing (红字) or an
adjusting voucher. 反记账 (unpost) needs the right to reopen ("ledger.reopen") and is logged. Each
write records the vouchers it touched (``changes.vouchers``).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select, tuple_

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.ledger import chart_ready, operator
from secretariat_app.actions.paging import Page, PageRequest
from secretariat_app.core import ledger
from secretariat_app.core.ledger.models import Voucher

#: the filters a voucher list understands (``PageRequest.filters``)
FILTERS = ("year", "from_month", "to_month", "state", "text", "account", "source", "kind")


class VoucherListRow(NamedTuple):
    """A row of the voucher list, in the order of its columns (then what the list keeps hidden)."""

    date: date
    number: int
    summary: str
    total: int
    attachments: int
    state: str
    kind: str
    preparer: str
    reviewer: str | None
    poster: str | None
    id: int
    year: int
    month: int
    source: str


def voucher_filters(values: dict) -> dict:
    """The known, non-empty filters of a request (anything else is ignored)."""
    return {k: v for k, v in values.items() if k in FILTERS and v not in (None, "")}


@query()
def voucher_page(uow: Uow, request: PageRequest) -> Page:
    """A page of the voucher list in number order (filters: ``FILTERS``), counted when asked.

    The database filters, counts and pages (``core.ledger.voucher_page``; the drill-down from a
    figure counts through one index range), so 100,000 vouchers open at once."""
    chart_ready(uow)
    total, rows = ledger.voucher_page(uow.session, offset=max(0, request.offset), limit=max(1, min(request.limit, 5000)),
                                 count=request.count, **voucher_filters(request.filters))
    return Page([VoucherListRow(r.date, r.number, r.summary, r.total, r.attachments, r.state, r.kind, r.preparer,
                                r.reviewer, r.poster, r.id, r.year, r.month, r.source) for r in rows],
                int(total) if total is not None else None)


@query()
def get_voucher(uow: Uow, voucher_id: int) -> ledger.VoucherInfo:
    """One voucher with its lines (DomainError when it does not exist)."""
    chart_ready(uow)
    return ledger.get_voucher(uow.session, voucher_id)


@query()
def next_number(uow: Uow, year: int, month: int) -> int:
    """The number the next voucher of the month gets (numbers are gapless, DOMAIN.md §3)."""
    n = uow.session.scalar(select(func.max(Voucher.number)).where(Voucher.year == year, Voucher.month == month))
    return int(n or 0) + 1


@query()
def neighbour(uow: Uow, year: int, month: int, number: int, step: int) -> int | None:
    """The id of the voucher before (``step`` −1) or after (+1) 记-``number`` of ``year-month``."""
    key = tuple_(Voucher.year, Voucher.month, Voucher.number)
    here = (year, month, number)
    q = select(Voucher.id)
    if step > 0:
        q = q.where(key > here).order_by(Voucher.year, Voucher.month, Voucher.number)
    else:
        q = q.where(key < here).order_by(Voucher.year.desc(), Voucher.month.desc(), Voucher.number.desc())
    return uow.session.scalar(q.limit(1))


class VoucherLinks(NamedTuple):
    corrects: tuple[int, int, int, int] | None       # (id, year, month, number) of the voucher it corrects
    corrections: list[tuple[int, str, int, int, int]]  # (id, kind, year, month, number) correcting it


@query()
def voucher_links(uow: Uow, voucher_id: int) -> VoucherLinks:
    """The voucher a correction corrects, and the vouchers that correct this one."""
    s = uow.session
    corrects_id = s.scalar(select(Voucher.corrects_id).where(Voucher.id == voucher_id))
    corrects = None
    if corrects_id is not None:
        row = s.execute(select(Voucher.id, Voucher.year, Voucher.month, Voucher.number)
                        .where(Voucher.id == corrects_id)).first()
        corrects = (row[0], row[1], row[2], row[3]) if row else None
    rows = s.execute(select(Voucher.id, Voucher.kind, Voucher.year, Voucher.month, Voucher.number)
                     .where(Voucher.corrects_id == voucher_id).order_by(Voucher.id))
    return VoucherLinks(corrects, [(r[0], r[1], r[2], r[3], r[4]) for r in rows])


@query()
def voucher_brief(uow: Uow, voucher_id: int) -> tuple[int, int, int] | None:
    """(year, month, number) of a voucher, for "corrects 记-N of 2026-05" links."""
    row = uow.session.execute(select(Voucher.year, Voucher.month, Voucher.number)
                              .where(Voucher.id == voucher_id)).first()
    return (row[0], row[1], row[2]) if row else None


@query()
def adjustment_template(uow: Uow, voucher_id: int) -> list[tuple]:
    """Lines to prefill an adjusting voucher for a posted one (the user edits the amounts)."""
    chart_ready(uow)
    return [tuple(ln) for ln in ledger.adjustment_template(uow.session, voucher_id)]


# ---- writes ---------------------------------------------------------------------------------------

def _done(uow: Uow, info: ledger.VoucherInfo) -> ledger.VoucherInfo:
    uow.changes.record("vouchers", info.id)
    uow.changes.record("periods", f"{info.year}-{info.month:02d}")
    return info


@action("ledger.write")
def save_voucher(uow: Uow, voucher_id: int | None, day: date, lines: list, attachments: int = 0,
                 preparer: str = "", adjusting_of: int | None = None,
                 expected_version: int | None = None) -> ledger.VoucherInfo:
    """制单: create a voucher (or change an unposted one; an adjusting voucher is linked to its original).

    Lines are ``(summary, account code, debit fen, credit fen, cash-flow row)``; ``expected_version``
    is the version the form read (changed since, the save is refused)."""
    s, who = uow.session, operator(uow, preparer)
    if voucher_id is not None:
        before = ledger.get_voucher(s, voucher_id)
        uow.changes.record("periods", f"{before.year}-{before.month:02d}")
        info = ledger.update_voucher(s, voucher_id, day=day, lines=lines, attachments=attachments, editor=who,
                                expected_version=expected_version)
    elif adjusting_of is not None:
        info = ledger.create_adjusting_voucher(s, adjusting_of, day, lines, preparer=who, attachments=attachments)
        uow.changes.record("vouchers", adjusting_of)
    else:
        info = ledger.create_voucher(s, day, lines, attachments=attachments, preparer=who)
    return _done(uow, info)


@action("ledger.write")
def review(uow: Uow, voucher_id: int, reviewer: str = "", expected_version: int | None = None) -> ledger.VoucherInfo:
    """审核 (by someone other than the preparer)."""
    return _done(uow, ledger.review_voucher(uow.session, voucher_id, operator(uow, reviewer),
                                       expected_version=expected_version))


@action("ledger.write")
def unreview(uow: Uow, voucher_id: int, user: str = "") -> ledger.VoucherInfo:
    """取消审核 (by the reviewer)."""
    return _done(uow, ledger.unreview_voucher(uow.session, voucher_id, operator(uow, user)))


@action("ledger.write")
def post(uow: Uow, voucher_id: int, poster: str = "", expected_version: int | None = None) -> ledger.VoucherInfo:
    """记账: a reviewed voucher is posted and never changes again."""
    return _done(uow, ledger.post_voucher(uow.session, voucher_id, operator(uow, poster),
                                     expected_version=expected_version))


@action("ledger.reopen")
def unpost(uow: Uow, voucher_id: int, user: str = "", note: str = "") -> ledger.VoucherInfo:
    """反记账: needs the right to reopen (this action's right); logged."""
    uow.require("ledger.write")
    return _done(uow, ledger.unpost_voucher(uow.session, voucher_id, operator(uow, user), can_unpost=True, note=note))


@action("ledger.write")
def reverse(uow: Uow, voucher_id: int, day: date, preparer: str = "") -> ledger.VoucherInfo:
    """红字冲销: the reversing voucher of a posted voucher (same lines, negative amounts), prepared."""
    uow.changes.record("vouchers", voucher_id)
    return _done(uow, ledger.reverse_voucher(uow.session, voucher_id, day, preparer=operator(uow, preparer)))


@action("ledger.write")
def delete(uow: Uow, voucher_id: int, user: str = "") -> None:
    """Delete an unposted voucher; the later numbers of its month close up."""
    info = ledger.get_voucher(uow.session, voucher_id)
    ledger.delete_voucher(uow.session, voucher_id, user=operator(uow, user))
    uow.changes.record("vouchers", voucher_id)
    uow.changes.record("periods", f"{info.year}-{info.month:02d}")


def _many(uow: Uow, ids: list[int], progress, state: str, fn) -> int:
    todo = [vid for (vid,) in uow.session.execute(select(Voucher.id).where(Voucher.id.in_(list(ids)),
                                                                           Voucher.state == state)
                                                  .order_by(Voucher.year, Voucher.month, Voucher.number))]
    for i, vid in enumerate(todo):
        if progress is not None:
            progress(i, len(todo))
        _done(uow, fn(vid))
    return len(todo)


@action("ledger.write")
def review_many(uow: Uow, ids: list[int], reviewer: str = "", progress=None) -> int:
    """审核 several vouchers as one action (all or none); only the prepared ones are touched. Returns
    how many were reviewed."""
    who = operator(uow, reviewer)
    return _many(uow, ids, progress, ledger.PREPARED, lambda vid: ledger.review_voucher(uow.session, vid, who))


@action("ledger.write")
def post_many(uow: Uow, ids: list[int], poster: str = "", progress=None) -> int:
    """记账 several reviewed vouchers as one action (all or none); returns how many were posted."""
    who = operator(uow, poster)
    return _many(uow, ids, progress, ledger.REVIEWED, lambda vid: ledger.post_voucher(uow.session, vid, who))
