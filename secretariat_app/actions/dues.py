"""Dues (会费): the fee schedule, the billing run, changes to one bill, the dues settings, the figures.

Payments, cancellations and receipts are in ``dues_payments``; arrears, reminder letters and the
arrears export in ``dues_arrears``. Rules: DOMAIN.md §2, ``core/dues``.

Rights (``rights.py``): the fee schedule needs ``dues.schedule`` (treasurers and the secretariat:
the schedule is the general assembly's decision, which the secretary records); every other write
needs ``dues.write`` (treasurers); reads need ``read``. The schedule touches two areas — the dues
table and the resolution that adopted it (meetings) — which no single role but the administrator
may write at the core's flush-time check, so once the action has checked ``dues.schedule`` the core
runs as a system action (its audit entries are still written, under the acting user).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator

from sqlalchemy import func, select

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.actions.paging import Page, PageRequest, fetch_page
from secretariat_app.core.dues import billing, schedule
from secretariat_app.core.dues import settings as dues_settings
from secretariat_app.core.dues.billing import BillingResult
from secretariat_app.core.dues.dashboard import DuesDashboard, dues_dashboard
from secretariat_app.core.dues.models import Bill
from secretariat_app.core.dues.schedule import ScheduleRow
from secretariat_app.core.members.levels import levels as member_levels
from secretariat_app.core.members.models import Level, Member


@contextmanager
def _as_system(uow: Uow) -> Iterator[None]:
    """The core's area check passes for a write this action has allowed already (flushed inside)."""
    from secretariat_app.core.auth import system_action

    with system_action():
        yield
        uow.session.flush()


# ---- the fee schedule -----------------------------------------------------------------------------

@query()
def schedule_editor(uow: Uow, year: int) -> dict[str, Any]:
    """The schedule tab: the levels ``(id, kind, name)``, the year's rows by level id as
    ``(amount fen, status, resolution id, note, bills)``, the dues resolutions ``(id, text)``,
    the years that have a schedule and the book's first fiscal year."""
    s = uow.session
    rows = {r.level_id: r for r in schedule.list_schedules(s, year)}
    return {"levels": [(lv.id, lv.kind, lv.name) for lv in member_levels(s)],
            "rows": {lid: (r.amount, r.status, r.resolution_id, r.note, r.bills) for lid, r in rows.items()},
            "resolutions": schedule.dues_resolutions(s),
            "years": schedule.schedule_years(s),
            "first_year": schedule.first_fiscal_year(s)}


@query()
def schedule_rows(uow: Uow, year: int | None = None) -> list[ScheduleRow]:
    """The schedule's rows (of ``year``), newest year first, in level order, with their status."""
    return schedule.list_schedules(uow.session, year)


@action("dues.schedule")
def set_schedule(uow: Uow, year: int, amounts: dict, resolution_id: int | None = None, note: str = "") -> None:
    """Set the fee of levels for ``year`` (``{level id/name/code: yuan}``), adopted by ``resolution_id``."""
    with _as_system(uow):
        schedule.set_schedule(uow.session, year, amounts, resolution_id=resolution_id, note=note)
    uow.changes.add("dues")
    if resolution_id is not None:
        _record_meeting_of(uow, resolution_id)


@action("dues.schedule")
def copy_schedule(uow: Uow, from_year: int, to_year: int) -> None:
    """Carry ``from_year``'s rows (amount, resolution, note) to ``to_year``."""
    with _as_system(uow):
        schedule.copy_schedule(uow.session, from_year, to_year)
    uow.changes.add("dues")


def _record_meeting_of(uow: Uow, resolution_id: int) -> None:
    from secretariat_app.core.meetings.models import Resolution

    meeting_id = uow.session.scalar(select(Resolution.meeting_id).where(Resolution.id == resolution_id))
    uow.changes.record("meetings", meeting_id)


# ---- the billing run ------------------------------------------------------------------------------

@query()
def bill_years(uow: Uow) -> list[int]:
    """Years with bills or a schedule, and this year, newest first."""
    s = uow.session
    years = set(s.scalars(select(Bill.year).distinct())) | set(schedule.schedule_years(s))
    return sorted(years | {date.today().year}, reverse=True)


@query()
def preview_billing(uow: Uow, year: int, today: date | None = None) -> BillingResult:
    """The bills a run for ``year`` would make (nothing is written; a refusal says why)."""
    return billing.bill_year(uow.session, year, preview=True, today=today)


@action("dues.write")
def bill_year(uow: Uow, year: int, today: date | None = None) -> BillingResult:
    """Bill ``year``: one bill per active member, prepaid dues applied (one voucher)."""
    res = billing.bill_year(uow.session, year, today=today)
    uow.changes.add("dues")
    uow.changes.record("vouchers", res.voucher_id)
    return res


@dataclass(frozen=True)
class BillFigures:
    count: int
    billed: int
    paid: int

    @property
    def due(self) -> int:
        return self.billed - self.paid


@query()
def bill_figures(uow: Uow, year: int) -> BillFigures:
    """How many bills ``year`` has, what they bill after reductions and what is paid on them (fen)."""
    n, billed, paid = uow.session.execute(select(func.count(Bill.id), func.sum(Bill.amount - Bill.reduction),
                                                 func.sum(Bill.paid)).where(Bill.year == int(year))).one()
    return BillFigures(int(n or 0), int(billed or 0), int(paid or 0))


@query()
def bills_page(uow: Uow, request: PageRequest) -> Page:
    """The bills of ``filters["year"]``: member number, name, level, months, billed, reduction, paid,
    due, status, reason, and the bill id (hidden)."""
    year = int(request.filters.get("year") or date.today().year)
    due = Bill.amount - Bill.reduction - Bill.paid
    q = (select(Member.no, Member.name, Level.name, Bill.months, Bill.amount, Bill.reduction, Bill.paid, due,
                Bill.status, Bill.reduction_reason, Bill.id)
         .join(Member, Member.id == Bill.member_id).outerjoin(Level, Level.id == Bill.level_id)
         .where(Bill.year == year).order_by(Member.seq, Bill.id))
    return fetch_page(uow.session, q, request, search_columns=[0, 1], key_index=10, sortable=range(10))


# ---- one bill -----------------------------------------------------------------------------------

@action("dues.write")
def reduce_bill(uow: Uow, member_no: str, year: int, reduction, reason: str) -> None:
    """Reduce the member's bill of ``year`` by ``reduction`` (yuan; 0 takes it back), with a reason."""
    b = billing.bill_of(uow.session, member_no, year)
    billing.reduce_bill(uow.session, b.id, reduction, reason)
    uow.changes.record("bills", b.id)


@action("dues.write")
def waive_bill(uow: Uow, member_no: str, year: int, reason: str) -> None:
    """Waive the member's bill of ``year`` entirely (免缴), with a reason."""
    b = billing.bill_of(uow.session, member_no, year)
    billing.waive_bill(uow.session, b.id, reason)
    uow.changes.record("bills", b.id)


# ---- settings and figures -------------------------------------------------------------------------

@query()
def settings_form(uow: Uow) -> dict[str, Any]:
    """The dues preferences (keys without ``dues.``) and, per payment method, the leaf accounts it
    may be received into: ``(code, full name)``."""
    from secretariat_app.core.ledger.accounts import load_chart

    s = uow.session
    chart = load_chart(s)
    accounts = {}
    for method, roots in dues_settings.METHOD_ROOTS.items():
        accounts[method] = [(code, chart.full_name(code)) for code in chart.sorted_codes()
                            if code[:4] in roots and chart.by_code[code].is_leaf and not chart.by_code[code].disabled
                            and not chart.entrusted(code)]
    return {"values": dues_settings.dues_settings(s), "accounts": accounts}


@action("dues.write")
def save_settings(uow: Uow, values: dict[str, str]) -> None:
    """Save dues preferences (``pro_rata``, ``receipt_format``, the methods' accounts); all or none."""
    dues_settings.save_dues_settings(uow.session, **values)
    uow.changes.record("settings", *("dues." + k for k in values))
    uow.changes.add("dues")


@query()
def receipt_format(uow: Uow) -> str:
    """The book's receipt paper (``a4x2`` or ``241``)."""
    return dues_settings.receipt_format(uow.session)


@query()
def dashboard(uow: Uow, year: int | None = None) -> DuesDashboard:
    """Billed and collected of ``year`` (by level, by month), arrears, members owing."""
    return dues_dashboard(uow.session, year)


@query()
def level_choices(uow: Uow) -> list[tuple[int, str]]:
    """The active member levels as ``(id, name)``, in order (the filters of the dues tabs)."""
    return [(lv.id, lv.name) for lv in member_levels(uow.session)]
