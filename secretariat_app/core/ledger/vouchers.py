"""Vouchers (记账凭证) and their workflow 制单 → 审核 → 记账 (DOMAIN.md §3 Vouchers).

Rules enforced here:
- numbered per month without gaps (记-1, 记-2 …): a voucher takes the next number of its month;
  deleting an unposted voucher (or moving it to another month) closes the gap, which is refused
  when a later voucher of the month is already posted (its printed number may not change);
- dated in an open period; at least two lines; a summary per line (an empty summary repeats the
  line above); every line exactly one side; Σdebit = Σcredit > 0; leaf, enabled accounts only;
- cash lines carry a cash-flow row (``cashflow.py``);
- a reviewer is not the preparer; a reviewed voucher cannot be edited by its own preparer (edited
  by someone else it goes back to prepared); a posted voucher is never edited — it is corrected
  by a reversing voucher (红字冲销: the same lines with negative amounts) or an adjusting one;
- vouchers made by another capability (``source`` other than manual/import, e.g. dues) are only
  changed or deleted by that capability (``allow_source=True``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Iterable, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from secretariat_app.core.changes import Changes
from secretariat_app.core.ledger import cashflow as cf
from secretariat_app.core.ledger import totals
from secretariat_app.core.ledger.accounts import Chart, load_chart
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.core.ledger.models import KINDS, NORMAL, POSTED, PREPARED, REVERSAL, REVIEWED, Line, Voucher
from secretariat_app.core.ledger.periods import check_date_open, ensure_year, log, year_edition
from secretariat_app.core.money import fen_str
from secretariat_app.core.trust.locking import expect_version
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, PermissionDenied, Problem
from secretariat_app.i18n import _

USER_SOURCES = ("manual", "import")


class VoucherLineIn(NamedTuple):
    summary: str
    account: str
    debit: int = 0
    credit: int = 0
    cashflow_row: int | None = None


@dataclass
class LineInfo:
    seq: int
    summary: str
    account: str
    account_name: str
    debit: int
    credit: int
    cashflow_row: int | None


@dataclass
class VoucherInfo:
    id: int
    year: int
    month: int
    number: int
    date: date
    attachments: int
    state: str
    kind: str
    source: str
    source_ref: str | None
    summary: str
    total: int
    preparer: str
    reviewer: str | None
    poster: str | None
    corrects_id: int | None
    lines: list[LineInfo] = field(default_factory=list)
    row_version: int = 0  # what the form read; pass back as expected_version (issue 8)

    @property
    def label(self) -> str:
        return f"记-{self.number}"


def _coerce_line(raw: Any) -> list:
    if isinstance(raw, dict):
        vals = [raw.get("summary", ""), raw.get("account", raw.get("account_code", "")), raw.get("debit", 0) or 0,
                raw.get("credit", 0) or 0, raw.get("cashflow_row")]
    else:
        vals = list(raw) + [None] * (5 - len(raw)) if len(raw) < 5 else list(raw)[:5]
        vals[2] = vals[2] or 0
        vals[3] = vals[3] or 0
    for v in vals[2:4]:
        if isinstance(v, float) or not isinstance(v, int):
            raise TypeError("voucher amounts are integer fen")
    vals[0] = (vals[0] or "").strip()
    vals[1] = str(vals[1] or "").strip()
    vals[4] = int(vals[4]) if vals[4] not in (None, "") else None
    return vals


def normalize_lines(session: Session, chart: Chart, lines: Iterable, day: date, kind: str = NORMAL) -> list[list]:
    """Check voucher lines (DOMAIN.md rules) and return them normalized, rows filled.

    Raises one DomainError listing every bad line.
    """
    edition = load_edition(year_edition(session, day.year))
    rows = [_coerce_line(x) for x in lines]
    problems: list[Problem] = []
    red = kind == REVERSAL
    prev = ""
    for i, ln in enumerate(rows, 1):
        if not ln[0]:
            ln[0] = prev
        prev = ln[0]
        where = dict(row=i)
        if not ln[0]:
            problems.append(Problem(_("a summary is required"), field=_("Summary"), **where))
        if len(ln[0]) > 200:
            problems.append(Problem(_("a summary has at most 200 characters"), field=_("Summary"), **where))
        acc = chart.by_code.get(ln[1])
        if acc is None:
            problems.append(Problem(_("there is no account {code}").format(code=ln[1] or "—"), field=_("Account"), **where))
        elif not acc.is_leaf:
            problems.append(Problem(_("{code} has sub-accounts; post to one of them").format(code=ln[1]), field=_("Account"), **where))
        elif acc.disabled:
            problems.append(Problem(_("account {code} is disabled").format(code=ln[1]), field=_("Account"), **where))
        d, c = ln[2], ln[3]
        if (d != 0) == (c != 0):
            problems.append(Problem(_("a line has an amount on exactly one side"), field=_("Amount"), **where))
        elif (d < 0 or c < 0) and not red:
            problems.append(Problem(_("amounts are positive (a reversal is made from the posted voucher)"),
                                    field=_("Amount"), **where))
        elif red and (d > 0 or c > 0):
            problems.append(Problem(_("a reversing voucher has negative amounts only"), field=_("Amount"), **where))
        if ln[4] is not None and ln[4] not in edition.cashflow_rows:
            problems.append(Problem(_("{row} is not a row of the cash-flow statement").format(row=ln[4]),
                                    field=_("Cash-flow row"), **where))
    if len(rows) < 2:
        problems.append(Problem(_("a voucher has at least two lines")))
    sd, sc = sum(r[2] for r in rows), sum(r[3] for r in rows)
    if sd != sc:
        problems.append(Problem(_("debits {debit} and credits {credit} differ").format(debit=fen_str(sd), credit=fen_str(sc))))
    elif rows and ((sd <= 0) if not red else (sd >= 0)):
        problems.append(Problem(_("the voucher's total must not be zero")))
    if problems:
        raise DomainError(_("The voucher cannot be saved:"), problems=problems)
    cf.fill_rows(edition, lambda code: chart.is_cash(code, edition.cash_accounts), rows)
    return rows


def _next_number(session: Session, year: int, month: int) -> int:
    from secretariat_app.core.audit import lock_for_write

    lock_for_write(session)  # concurrent entry on a shared server stays gapless (issue 8)
    n = session.scalar(select(func.max(Voucher.number)).where(Voucher.year == year, Voucher.month == month))
    return int(n or 0) + 1


def _write_lines(session: Session, chart: Chart, v: Voucher, rows: list[list]) -> None:
    v.lines = [Line(seq=i, date=v.date, account_id=chart.by_code[r[1]].id, summary=r[0], debit=r[2], credit=r[3],
                    cashflow_row=r[4]) for i, r in enumerate(rows, 1)]
    v.total = sum(r[2] for r in rows)
    v.summary = rows[0][0][:200]


def create_voucher(session: Session, day: date, lines: Iterable, *, attachments: int = 0, preparer: str = "",
                   post: bool = False, source: str = "manual", source_ref: str | None = None, kind: str = NORMAL,
                   corrects: int | None = None, reviewer: str | None = None, poster: str | None = None) -> VoucherInfo:
    """Create a voucher (prepared; posted at once with ``post=True`` for automatic postings).

    With ``post=True`` a ``reviewer`` (≠ preparer) may be recorded — the approval of the source
    document — and the ``poster`` (default: the preparer). Joins the caller's transaction.
    Returns the voucher with its number.
    """
    if kind not in KINDS:
        raise ValueError(kind)
    if reviewer is not None and (not post or reviewer == preparer):
        raise PermissionDenied(_("A voucher must be reviewed by someone other than its preparer."))
    if attachments < 0:
        raise DomainError(_("The number of attachments cannot be negative."), field=_("Attachments"))
    with transaction(session):
        check_date_open(session, day)
        chart = load_chart(session)
        rows = normalize_lines(session, chart, lines, day, kind)
        ensure_year(session, day.year)
        now = datetime.now()
        v = Voucher(year=day.year, month=day.month, number=_next_number(session, day.year, day.month), date=day,
                    attachments=int(attachments), state=POSTED if post else PREPARED, kind=kind, source=source,
                    source_ref=source_ref, preparer=preparer or "",
                    poster=(poster if poster is not None else preparer or "") if post else None,
                    posted_at=now if post else None, created_at=now, corrects_id=corrects,
                    reviewer=reviewer, reviewed_at=now if reviewer else None)
        _write_lines(session, chart, v, rows)
        session.add(v)
        session.flush()
        totals.apply_voucher(session, v, +1)
        return voucher_info(session, v, chart)


def _load(session: Session, voucher_id: int) -> Voucher:
    v = session.get(Voucher, voucher_id)
    if v is None:
        raise DomainError(_("There is no voucher {id}.").format(id=voucher_id))
    return v


def _who(v: Voucher) -> str:
    return f"{v.year}-{v.month:02d} 记-{v.number}"


def _guard_source(v: Voucher, allow_source: bool) -> None:
    if v.source not in USER_SOURCES and not allow_source:
        raise DomainError(_("Voucher {voucher} was made by {source}; change it there.").format(
            voucher=_who(v), source=v.source))


def update_voucher(session: Session, voucher_id: int, *, day: date | None = None, lines: Iterable | None = None,
                   attachments: int | None = None, editor: str = "", allow_source: bool = False,
                   expected_version: int | None = None) -> VoucherInfo:
    """Edit an unposted voucher (see the module docstring for who may edit a reviewed one).

    ``expected_version``: the ``row_version`` the entry form loaded; a save over someone else's
    change is refused, naming who made it (issue 8, core/trust/locking.py)."""
    with transaction(session):
        v = _load(session, voucher_id)
        expect_version(session, v, expected_version)
        _guard_source(v, allow_source)
        if v.state == POSTED:
            raise DomainError(_("Voucher {voucher} is posted and cannot be changed; correct it with a reversing or "
                                "an adjusting voucher.").format(voucher=_who(v)))
        if v.state == REVIEWED and editor == v.preparer:
            raise PermissionDenied(_("Voucher {voucher} is reviewed; its preparer cannot change it any more.")
                                   .format(voucher=_who(v)))
        check_date_open(session, v.date)
        new_day = day or v.date
        check_date_open(session, new_day)
        chart = load_chart(session)
        old_lines = [VoucherLineIn(ln.summary, chart.by_id[ln.account_id].code, ln.debit, ln.credit, ln.cashflow_row)
                     for ln in v.lines]
        rows = normalize_lines(session, chart, lines if lines is not None else old_lines, new_day, v.kind)
        if attachments is not None and attachments < 0:
            raise DomainError(_("The number of attachments cannot be negative."), field=_("Attachments"))
        totals.apply_voucher(session, v, -1)
        if (new_day.year, new_day.month) != (v.year, v.month):
            old = (v.year, v.month, v.number)
            _check_gap_can_close(session, *old)
            ensure_year(session, new_day.year)
            v.year, v.month, v.number = new_day.year, new_day.month, _next_number(session, new_day.year, new_day.month)
            session.flush()
            _close_gap(session, *old)
        v.date = new_day
        if attachments is not None:
            v.attachments = int(attachments)
        v.lines.clear()
        session.flush()
        _write_lines(session, chart, v, rows)
        if v.state == REVIEWED:
            v.state, v.reviewer, v.reviewed_at = PREPARED, None, None
            log(session, "edit_reviewed", user=editor, voucher_id=v.id, note=_who(v))
        if editor and v.state == PREPARED and not v.preparer:
            v.preparer = editor
        flag_modified(v, "summary")  # lines live in another table: bump row_version on every save
        session.flush()
        totals.apply_voucher(session, v, +1)
        return voucher_info(session, v, chart)


def _check_gap_can_close(session: Session, year: int, month: int, number: int) -> None:
    later_posted = session.scalar(select(func.min(Voucher.number)).where(
        Voucher.year == year, Voucher.month == month, Voucher.number > number, Voucher.state == POSTED))
    if later_posted is not None:
        raise DomainError(_("Voucher 记-{number} of {period} cannot be removed from its month: the later voucher "
                            "记-{later} is posted and its number may not change. Change its lines instead.")
                          .format(number=number, period=f"{year}-{month:02d}", later=later_posted))


def _close_gap(session: Session, year: int, month: int, number: int) -> None:
    """Renumber the later (unposted) vouchers of the month down by one: numbers stay gapless."""
    where = (Voucher.year == year, Voucher.month == month, Voucher.number > number)
    session.execute(update(Voucher).where(*where).values(number=-(Voucher.number - 1)))
    session.execute(update(Voucher).where(Voucher.year == year, Voucher.month == month, Voucher.number < 0)
                    .values(number=-Voucher.number))


def delete_voucher(session: Session, voucher_id: int, *, user: str = "", allow_source: bool = False) -> Changes:
    """Delete an unposted voucher; later numbers of the month close up."""
    with transaction(session):
        v = _load(session, voucher_id)
        _guard_source(v, allow_source)
        if v.state != PREPARED:
            raise DomainError(_("Voucher {voucher} is {state}; only a prepared voucher can be deleted.")
                              .format(voucher=_who(v), state=_state(v.state)))
        check_date_open(session, v.date)
        _check_gap_can_close(session, v.year, v.month, v.number)
        totals.apply_voucher(session, v, -1)
        key = (v.year, v.month, v.number)
        log(session, "delete_voucher", user=user, year=v.year, month=v.month, voucher_id=v.id,
            note=f"{_who(v)} {v.summary} {fen_str(v.total)}")
        session.execute(update(Voucher).where(Voucher.corrects_id == v.id).values(corrects_id=None))
        session.delete(v)
        session.flush()
        _close_gap(session, *key)
    return Changes({"ledger"})


def _state(state: str) -> str:
    from secretariat_app.core.ledger.periods import state_label

    return state_label(state)


def get_voucher(session: Session, voucher_id: int) -> VoucherInfo:
    return voucher_info(session, _load(session, voucher_id))


def find_voucher(session: Session, year: int, month: int, number: int) -> VoucherInfo | None:
    v = session.scalar(select(Voucher).where(Voucher.year == year, Voucher.month == month, Voucher.number == number))
    return voucher_info(session, v) if v is not None else None


def voucher_info(session: Session, v: Voucher, chart: Chart | None = None) -> VoucherInfo:
    session.flush()  # a pending change bumps row_version at flush: report the version saved (issue 8)
    chart = chart or load_chart(session)
    lines = [LineInfo(ln.seq, ln.summary, chart.by_id[ln.account_id].code, chart.full_name(chart.by_id[ln.account_id].code),
                      ln.debit, ln.credit, ln.cashflow_row) for ln in v.lines]
    return VoucherInfo(id=v.id, year=v.year, month=v.month, number=v.number, date=v.date, attachments=v.attachments,
                       state=v.state, kind=v.kind, source=v.source, source_ref=v.source_ref, summary=v.summary,
                       total=v.total, preparer=v.preparer, reviewer=v.reviewer, poster=v.poster,
                       corrects_id=v.corrects_id, lines=lines, row_version=v.row_version)


def suggest_cashflow_row(session: Session, lines: Iterable, index: int, day: date | None = None) -> int | None:
    """The suggested cash-flow row of line ``index`` (0-based) of a voucher being entered."""
    chart = load_chart(session)
    edition = load_edition(year_edition(session, (day or date.today()).year))
    rows = [_coerce_line(x) for x in lines]
    for r in rows:
        r[4] = None
    cf.fill_rows(edition, lambda code: chart.is_cash(code, edition.cash_accounts), rows)
    return rows[index][4]
