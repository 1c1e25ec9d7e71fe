"""Queries behind the lazy member table and ``members list`` (STYLE.md convention 4, issue 3).

The database filters and sorts; callers fetch one page at a time (LIMIT/OFFSET) as plain tuples.
Search matches every word of the text against ``member_search.text`` (number, name, pinyin
initials, credit code, ID number, contact, phones — lower-cased by the service). ``plan`` picks
the way per query: on SQLite, words of ≥ 3 characters go through the FTS5 trigram index; other
words scan the narrow search rows once. When few members match, the page reads just them and
sorts; when many match, the page walks the sort column's index and stops after one page. The
same SQL (without the trigram index) runs on PostgreSQL.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ARRAY, Integer, String, and_, bindparam, exists, func, literal_column, select, text
from sqlalchemy.orm import Session

from secretariat_app.core.members.models import Level, Member, MemberSearch

# Table columns: (key, header (English source text), SQL expression used to sort).
COLUMNS = [
    ("no", "No.", (Member.seq,)),
    ("name", "Name", (Member.name_key,)),
    ("kind", "Kind", (Member.kind, Member.seq)),
    ("level", "Level", (Member.level_rank, Member.seq)),
    ("contact", "Contact", (Member.contact_name,)),
    ("mobile", "Mobile", (Member.mobile,)),
    ("identifier", "Credit code / ID number", (Member.credit_code, Member.id_number)),
    ("industry", "Industry", (Member.industry,)),
    ("joined", "Joined", (Member.joined,)),
    ("status", "Status", (Member.status, Member.seq)),
]
COLUMN_KEYS = [c[0] for c in COLUMNS]

# The row tuple every page returns, in this order.
ROW_FIELDS = ("id", "no", "name", "kind", "level", "contact", "mobile", "credit_code", "id_number", "industry",
              "joined", "status", "left_on", "level_position")
_SELECT = (Member.id, Member.no, Member.name, Member.kind, Level.name, Member.contact_name, Member.mobile,
           Member.credit_code, Member.id_number, Member.industry, Member.joined, Member.status, Member.left_on,
           Level.position)


@dataclass
class MemberQuery:
    """What the user asked the table for: search text, filters and sort."""

    text: str = ""
    status: str | None = None  # "active" | "left" | None (all)
    kind: str | None = None
    level_id: int | None = None
    industry: str | None = None
    joined_year: int | None = None
    sort: str = "no"
    descending: bool = False
    extra: dict = field(default_factory=dict)


# Above this many text matches the page is read along a sort index, probing each member's search
# row and stopping at a page; below it the matches are read first and sorted (issue 3 benchmark).
SELECTIVE = 10000
_fts_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def words(text: str) -> list[str]:
    return [w for w in (text or "").lower().split() if w]


def has_fts(session: Session) -> bool:
    """The SQLite trigram index of migration 0002 exists in this book (not on PostgreSQL)."""
    engine = session.get_bind().engine if hasattr(session.get_bind(), "engine") else session.get_bind()
    if engine not in _fts_cache:
        ok = False
        if engine.dialect.name == "sqlite":
            ok = session.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'member_search_fts'")).scalar() > 0
        _fts_cache[engine] = ok
    return _fts_cache[engine]


def filter_conditions(q: MemberQuery) -> list:
    """Conditions of the filters (everything but the search text)."""
    cond = []
    if q.status in ("active", "left", "applied"):
        cond.append(Member.status == q.status)
    if q.kind:
        cond.append(Member.kind == q.kind)
    if q.level_id:
        cond.append(Member.level_id == q.level_id)
    if q.industry:
        cond.append(Member.industry == q.industry)
    if q.joined_year:
        cond.append(Member.joined >= date(q.joined_year, 1, 1))
        cond.append(Member.joined < date(q.joined_year + 1, 1, 1))
    return cond


def _like_all(ws: list[str]):
    return and_(*[MemberSearch.text.like(f"%{_escape_like(w)}%", escape="\\") for w in ws])


def _fts_match(ws: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in ws)


@dataclass
class Plan:
    """How one query is answered: the SQL condition for the text, and the total."""

    cond: list
    total: int


def plan(session: Session, q: MemberQuery) -> Plan:
    """Choose the cheapest way to apply the search text, and count the rows (DOMAIN-free)."""
    filters = filter_conditions(q)
    ws = words(q.text)
    if not ws:
        return Plan(filters, _count(session, filters))
    probe = exists().where(MemberSearch.member_id == Member.id, _like_all(ws))
    if has_fts(session) and all(len(w) >= 3 for w in ws):
        # Trigram index: the matches are known without reading the table.
        fts_ids = select(literal_column("rowid")).select_from(text("member_search_fts")).where(
            text("member_search_fts MATCH :fts_q").bindparams(fts_q=_fts_match(ws)))
        n = session.scalar(select(func.count()).select_from(fts_ids.subquery())) or 0
        if filters:
            n = _count(session, filters + [Member.id.in_(fts_ids)])
        return Plan(filters + [Member.id.in_(fts_ids) if n <= SELECTIVE else probe], n)
    # One scan of the narrow search rows counts the matches and, when few, collects their ids.
    n, ids = _scan(session, _like_all(ws), filters)
    return Plan(filters + [ids if n <= SELECTIVE else probe], n)


def _scan(session: Session, like, filters: list):
    """(number of matches, condition ``members.id IN matches``) from one pass over member_search."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    agg = func.json_group_array(MemberSearch.member_id) if sqlite else func.array_agg(MemberSearch.member_id)
    stmt = select(func.count(), agg).select_from(MemberSearch).where(like)
    if filters:
        stmt = stmt.join(Member, Member.id == MemberSearch.member_id).where(*filters)
    n, ids = session.execute(stmt).one()
    if sqlite:
        cond = Member.id.in_(select(literal_column("value")).select_from(
            func.json_each(bindparam("ids_json", ids, type_=String))))
    else:
        cond = Member.id == func.any(bindparam("ids_arr", list(ids or []), type_=ARRAY(Integer)))
    return n, cond


def _count(session: Session, cond: list) -> int:
    stmt = select(func.count()).select_from(Member)
    if cond:
        stmt = stmt.where(and_(*cond))
    return session.scalar(stmt) or 0


def order_by(q: MemberQuery) -> list:
    cols = dict((k, e) for k, _h, e in COLUMNS).get(q.sort, (Member.seq,))
    out = [c.desc() if q.descending else c for c in cols]
    tie = Member.id.desc() if q.descending else Member.id
    return out + [tie]


def page_select(q: MemberQuery, cond: list, offset: int = 0, limit: int = 200):
    stmt = select(*_SELECT).join(Level, Level.id == Member.level_id)
    if cond:
        stmt = stmt.where(and_(*cond))
    return stmt.order_by(*order_by(q)).offset(offset).limit(limit)


def fetch_page(session: Session, q: MemberQuery, offset: int = 0, limit: int = 200,
               plan_: Plan | None = None) -> list[tuple]:
    """One page of plain row tuples (``ROW_FIELDS`` order); pass the ``plan`` to skip counting."""
    p = plan_ or plan(session, q)
    return [tuple(r) for r in session.execute(page_select(q, p.cond, offset, limit)).all()]


def count(session: Session, q: MemberQuery) -> int:
    return plan(session, q).total


def industries(session: Session) -> list[str]:
    """Industries in use, for the filter box."""
    return [r for r in session.scalars(select(Member.industry).where(Member.industry != "").distinct()
                                       .order_by(Member.industry))]


def joined_years(session: Session) -> list[int]:
    lo, hi = session.execute(select(func.min(Member.joined), func.max(Member.joined))).one()
    if lo is None:
        return []
    return list(range(hi.year, lo.year - 1, -1))


def list_members(session: Session, *, status: str | None = None, search: str = "") -> list[dict]:
    """``members list --json`` (CLI.md shape), in number order."""
    q = MemberQuery(text=search, status=None if status in (None, "all") else status)
    p = plan(session, q)
    out = []
    offset = 0
    while True:
        rows = fetch_page(session, q, offset, 5000, p)
        for r in rows:
            d = dict(zip(ROW_FIELDS, r))
            out.append({"no": d["no"], "kind": d["kind"], "name": d["name"],
                        "credit_code": d["credit_code"] or "", "id_number": d["id_number"] or "",
                        "level": d["level"],
                        "joined": d["joined"].isoformat(), "status": d["status"]})
        if len(rows) < 5000:
            return out
        offset += 5000
