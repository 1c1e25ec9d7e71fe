"""Paged lists for big tables (STYLE.md convention 4), done by the database inside a query action.

A screen's lazy table (``gui/widgets/lazy_table.py``) asks a page at a time with a ``PageRequest``
(offset, limit, sort column, search text, plain filter values) and gets a ``Page`` (the rows as
plain tuples and, when asked, the count of matching rows). The capability's query action builds
its ``Select`` and hands it to ``fetch_page``, which filters, searches, sorts and pages it::

    @query()
    def roll_page(uow: Uow, request: PageRequest) -> Page:
        q = select(Member.no, Member.name, ..., Member.id)
        if request.filters.get("status"):
            q = q.where(Member.status == request.filters["status"])
        return fetch_page(uow.session, q, request, search_columns=[0, 1], key_index=5)

The front end never builds SQL: it knows columns by position and filters by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select


@dataclass(frozen=True)
class PageRequest:
    offset: int = 0
    limit: int = 200
    sort_column: int | None = None
    descending: bool = False
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    count: bool = True  # also count the matching rows (the first page after a reload)


@dataclass(frozen=True)
class Page:
    rows: list[tuple]
    total: int | None = None  # None when the request did not ask for the count


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fetch_page(session: Session, query: Select, request: PageRequest, *, search_columns: Sequence[int] = (),
               key_index: int | None = None, sortable: Sequence[int] | None = None,
               transform: Callable[[tuple], tuple] | None = None) -> Page:
    """Run ``query`` filtered by the request's search text, sorted by its column, one page long.

    ``search_columns``: the positions a plain ``ILIKE %text%`` looks in; ``key_index``: a unique
    column that breaks sort ties (stable paging); ``sortable``: the positions a user may sort by
    (default: all); ``transform``: applied to each row (masking personal data, say)."""
    q = query
    text = (request.search or "").strip()
    cols = list(q.selected_columns)
    if text and search_columns:
        pattern = _like(text)
        q = q.where(or_(*[cast(cols[i], String).ilike(pattern, escape="\\") for i in search_columns]))
    total = None
    if request.count:
        total = int(session.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar() or 0)
    sc = request.sort_column
    if sc is not None and 0 <= sc < len(cols) and (sortable is None or sc in sortable):
        col = cols[sc]
        order = [col.desc() if request.descending else col.asc()]
        if key_index is not None and key_index != sc:
            order.append(cols[key_index].asc())
        q = q.order_by(None).order_by(*order)
    q = q.limit(max(1, min(int(request.limit), 5000))).offset(max(0, int(request.offset)))
    rows = [tuple(r) for r in session.execute(q).all()]
    if transform is not None:
        rows = [transform(r) for r in rows]
    return Page(rows, total)
