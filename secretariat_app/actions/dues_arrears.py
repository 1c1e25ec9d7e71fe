"""Arrears (欠缴会费): who owes what, reminder letters (催缴通知) and the arrears export.

Reads (right ``read``). The lists carry each member's contact, mobile number and address; for a
role without ``personal_data`` they leave here masked (``139****5678``; an individual member's
address cut to its district, a corporate member's registered address kept) — in the table, in
``dues arrears``, in the xlsx export and in the reminder letters alike (PIPL, DOMAIN.md §1).
The table's search looks at member numbers and names only, so it cannot confirm a phone number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy import func, or_, select

from secretariat_app.actions.base import Uow, query
from secretariat_app.actions.paging import Page, PageRequest, fetch_page
from secretariat_app.actions.privacy import mask_value
from secretariat_app.core.dues import arrears as core_arrears
from secretariat_app.core.dues.arrears import ArrearsRow
from secretariat_app.core.dues.documents import ReminderBatch, ReminderData, reminder_batch
from secretariat_app.core.members.models import Member

# positions in ``core.dues.arrears.arrears_query``'s rows
_MOBILE, _ADDRESS, _KIND, _DUE = 9, 10, 12, 5


def _level_id(uow: Uow, level) -> int | None:
    """A level given by id, name or code (None: every level)."""
    if level is None or level == "":
        return None
    from secretariat_app.core.dues.schedule import resolve_level

    return resolve_level(uow.session, level).id


def _masked(uow: Uow, row: ArrearsRow) -> ArrearsRow:
    if uow.sees_personal_data:
        return row
    individual = row.kind == "individual"
    return replace(row, mobile=mask_value("mobile", row.mobile),
                   address=mask_value("address", row.address, individual=individual))


def _rows(uow: Uow, year: int, level, min_years: int | None) -> list[ArrearsRow]:
    rows = core_arrears.arrears(uow.session, year, level=_level_id(uow, level), min_years_overdue=min_years)
    return [_masked(uow, r) for r in rows]


@query()
def arrears(uow: Uow, year: int, level=None, min_years: int | None = None) -> list[ArrearsRow]:
    """Members with dues outstanding for ``year`` and before (``level``: id, name or code)."""
    return _rows(uow, year, level, min_years)


def _query_of(uow: Uow, request: PageRequest):
    f = request.filters
    year = int(f.get("year") or date.today().year)
    return core_arrears.arrears_query(year, level=_level_id(uow, f.get("level")),
                                      min_years_overdue=f.get("min_years") or None)


@query()
def arrears_page(uow: Uow, request: PageRequest) -> Page:
    """The arrears table (filters ``year``, ``level`` id, ``min_years``): number, name, level,
    billed, paid, due, years overdue, oldest year, contact, mobile, then address, status, kind
    and the member id (hidden)."""
    sees = uow.sees_personal_data

    def mask(row: tuple) -> tuple:
        if sees:
            return row
        out = list(row)
        out[_MOBILE] = mask_value("mobile", row[_MOBILE])
        out[_ADDRESS] = mask_value("address", row[_ADDRESS], individual=row[_KIND] == "individual")
        return tuple(out)

    return fetch_page(uow.session, _query_of(uow, request), request, search_columns=[0, 1], key_index=13,
                      sortable=range(10), transform=mask)


@query()
def arrears_figures(uow: Uow, request: PageRequest) -> tuple[int, int]:
    """``(members, total due fen)`` of what ``arrears_page`` shows for the same filters and search."""
    q = _query_of(uow, request)
    text = (request.search or "").strip()
    if text:  # as fetch_page searches: ILIKE %text% over the member number and name
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        q = q.where(or_(Member.no.ilike(pattern, escape="\\"), Member.name.ilike(pattern, escape="\\")))
    sub = q.order_by(None).subquery()
    n, due = uow.session.execute(select(func.count(), func.sum(list(sub.c)[_DUE])).select_from(sub)).one()
    return int(n or 0), int(due or 0)


@query()
def export_arrears(uow: Uow, path: str, year: int, level=None, min_years: int | None = None) -> int:
    """The arrears of ``year`` to an xlsx file at ``path``; returns the number of members written."""
    from secretariat_app.io.dues_xlsx import write_arrears_xlsx

    return write_arrears_xlsx(_rows(uow, year, level, min_years), path, int(year))


@query()
def write_reminders(uow: Uow, path: str, year: int, level=None, min_years: int | None = None,
                    issued: date | None = None) -> int:
    """Reminder letters to every member in arrears for ``year`` (filters as ``arrears``), one PDF at
    ``path``; returns the number of letters."""
    from secretariat_app.pdf.reminders import write_reminders as write_pdf

    batch = reminders_of(uow, year, level=level, min_years=min_years, issued=issued)
    write_pdf(batch, path)
    return len(batch.letters)


def reminders_of(uow: Uow, year: int, *, level=None, min_years: int | None = None,
                 issued: date | None = None) -> ReminderBatch:
    """The letters' plain data, personal data masked for the role."""
    batch = reminder_batch(uow.session, year, level=_level_id(uow, level), min_years_overdue=min_years, issued=issued)
    if not uow.sees_personal_data:
        batch.letters = [_masked_letter(r) for r in batch.letters]
    return batch


def _masked_letter(r: ReminderData) -> ReminderData:
    # the kind is not on the letter: an address may be an individual's, so it is masked either way
    return replace(r, mobile=mask_value("mobile", r.mobile), address=mask_value("address", r.address))
