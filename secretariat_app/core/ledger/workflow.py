"""The voucher workflow 制单 → 审核 → 记账, and corrections (DOMAIN.md §3 Vouchers).

- 审核: by someone other than the preparer; cancelled only by the reviewer.
- 记账: a reviewed voucher is posted and never changes again; 反记账 (unpost) needs the right
  (as reopening a period does) and is logged.
- A posted voucher is corrected by a reversing voucher (红字冲销: the same lines with negative
  amounts, one call) or by an adjusting voucher linked to it (prefilled from ``adjustment_template``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.ledger import totals
from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.models import ADJUSTING, CLOSING, NORMAL, POSTED, PREPARED, REVERSAL, REVIEWED, Voucher
from secretariat_app.core.ledger.periods import check_date_open, log
from secretariat_app.core.ledger.vouchers import (
    USER_SOURCES,
    VoucherInfo,
    VoucherLineIn,
    _load,
    _state,
    _who,
    create_voucher,
    voucher_info,
)
from secretariat_app.core.trust.locking import expect_version
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, PermissionDenied
from secretariat_app.i18n import _


def review_voucher(session: Session, voucher_id: int, reviewer: str, *,
                   expected_version: int | None = None) -> VoucherInfo:
    """审核: prepared → reviewed, by someone other than the preparer. ``expected_version``: the
    version the reviewer looked at; changed since, the review is refused (issue 8)."""
    with transaction(session):
        v = _load(session, voucher_id)
        expect_version(session, v, expected_version)
        if v.state != PREPARED:
            raise DomainError(_("Voucher {voucher} is {state}; only a prepared voucher can be reviewed.")
                              .format(voucher=_who(v), state=_state(v.state)))
        if not reviewer or reviewer == v.preparer:
            raise PermissionDenied(_("Voucher {voucher} must be reviewed by someone other than its preparer.")
                                   .format(voucher=_who(v)))
        check_date_open(session, v.date)
        v.state, v.reviewer, v.reviewed_at = REVIEWED, reviewer, datetime.now()
        return voucher_info(session, v)


def unreview_voucher(session: Session, voucher_id: int, user: str = "") -> VoucherInfo:
    """取消审核: reviewed → prepared (by the reviewer)."""
    with transaction(session):
        v = _load(session, voucher_id)
        if v.state != REVIEWED:
            raise DomainError(_("Voucher {voucher} is {state}; only a reviewed voucher can lose its review.")
                              .format(voucher=_who(v), state=_state(v.state)))
        if user and v.reviewer and user != v.reviewer:
            raise PermissionDenied(_("Only the reviewer {name} can cancel the review.").format(name=v.reviewer))
        check_date_open(session, v.date)
        v.state, v.reviewer, v.reviewed_at = PREPARED, None, None
        return voucher_info(session, v)


def post_voucher(session: Session, voucher_id: int, poster: str = "", *,
                 expected_version: int | None = None) -> VoucherInfo:
    """记账: reviewed → posted. From now on the voucher never changes. ``expected_version``: the
    version the poster looked at; changed since, posting is refused (issue 8)."""
    with transaction(session):
        v = _load(session, voucher_id)
        expect_version(session, v, expected_version)
        if v.state != REVIEWED:
            raise DomainError(_("Voucher {voucher} is {state}; it must be reviewed before it is posted.")
                              .format(voucher=_who(v), state=_state(v.state)))
        check_date_open(session, v.date)
        totals.apply_voucher(session, v, -1)
        v.state, v.poster, v.posted_at = POSTED, poster or "", datetime.now()
        session.flush()
        totals.apply_voucher(session, v, +1)
        return voucher_info(session, v)


def unpost_voucher(session: Session, voucher_id: int, user: str = "", *, can_unpost: bool = False,
                   note: str = "") -> VoucherInfo:
    """反记账: posted → reviewed, in an open period, with the right (as for reopening a period: the
    caller's decision, refused without it); logged."""
    if not can_unpost:
        raise PermissionDenied(_("Unposting a voucher needs the right to do so."))
    with transaction(session):
        v = _load(session, voucher_id)
        if v.state != POSTED:
            raise DomainError(_("Voucher {voucher} is not posted.").format(voucher=_who(v)))
        check_date_open(session, v.date)
        if v.kind == CLOSING or v.source not in USER_SOURCES:
            raise DomainError(_("Voucher {voucher} was made by {source}; reverse it instead.").format(
                voucher=_who(v), source=v.source))
        totals.apply_voucher(session, v, -1)
        v.state, v.poster, v.posted_at = REVIEWED, None, None
        session.flush()
        totals.apply_voucher(session, v, +1)
        log(session, "unpost_voucher", user=user, year=v.year, month=v.month, voucher_id=v.id, note=note or _who(v))
        return voucher_info(session, v)


def reverse_voucher(session: Session, voucher_id: int, day: date, *, preparer: str = "", post: bool = False,
                    allow_source: bool = True) -> VoucherInfo:
    """The reversing voucher (红字冲销) of a posted voucher: same lines, negative amounts."""
    with transaction(session):
        v = _load(session, voucher_id)
        if v.state != POSTED:
            raise DomainError(_("Voucher {voucher} is not posted; change or delete it instead of reversing it.")
                              .format(voucher=_who(v)))
        done = session.scalar(select(Voucher.id).where(Voucher.corrects_id == v.id, Voucher.kind == REVERSAL))
        if done is not None and v.kind != REVERSAL:
            raise DomainError(_("Voucher {voucher} has already been reversed.").format(voucher=_who(v)))
        chart = load_chart(session)
        head = _("Reversal of {voucher}").format(voucher=_who(v))
        lines = [(f"{head} {ln.summary}"[:200], chart.by_id[ln.account_id].code, -ln.debit, -ln.credit, ln.cashflow_row)
                 for ln in v.lines]
        kind = NORMAL if v.kind == REVERSAL else REVERSAL
        return create_voucher(session, day, lines, attachments=0, preparer=preparer, post=post,
                              source=v.source if allow_source else "manual", source_ref=v.source_ref, kind=kind,
                              corrects=v.id)


def adjustment_template(session: Session, voucher_id: int) -> list[VoucherLineIn]:
    """Lines to prefill an adjusting voucher for a posted one (the user edits the amounts)."""
    v = _load(session, voucher_id)
    chart = load_chart(session)
    head = _("Adjustment of {voucher}").format(voucher=_who(v))
    return [VoucherLineIn(f"{head} {ln.summary}"[:200], chart.by_id[ln.account_id].code, ln.debit, ln.credit,
                          ln.cashflow_row) for ln in v.lines]


def create_adjusting_voucher(session: Session, voucher_id: int, day: date, lines: Iterable, *, preparer: str = "",
                             attachments: int = 0) -> VoucherInfo:
    """An adjusting voucher (补充/更正) linked to the posted voucher it corrects."""
    with transaction(session):
        v = _load(session, voucher_id)
        if v.state != POSTED:
            raise DomainError(_("Voucher {voucher} is not posted; change it instead.").format(voucher=_who(v)))
        return create_voucher(session, day, lines, attachments=attachments, preparer=preparer, kind=ADJUSTING,
                              corrects=v.id)
