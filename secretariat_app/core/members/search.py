"""Queries behind the lazy member table and ``members list`` (STYLE.md convention 4, issue 3).

The database filters and sorts; callers fetch one page at a time (LIMIT/OFFSET) as plain tuples.
Search matches every word of the text against ``member_search.text`` (number, name, pinyin
initials, credit code, ID number, contact, phones — folded by ``validation.fold``: lower case,
Chinese characters tripled). ``plan`` picks the way per query: on SQLite, words of ≥ 3 folded
characters (any word with a Chinese character, or three letters or digits) go through the FTS5
trigram index; shorter words (m1, 13) scan the narrow search rows once. When few members match, the page reads just them and
sorts; when many match, the page walks the sort column's index and stops after one page, and
the count is left to a worker. The same SQL (without the trigram index) runs on PostgreSQL.
"""

from __future__ import annotations

import json
import weakref
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    ARRAY,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from secretariat_app.core.members.models import Level, Member, MemberSearch
from secretariat_app.core.members.validation import fold

# Table columns: (key, header (English source text), SQL expression used to sort).
COLUMNS = [
    ("no", "Member number", (Member.seq,)),
    ("name", "Member name", (Member.name_key,)),
    ("kind", "Kind", (Member.kind, Member.seq)),
    ("level", "Member level", (Member.level_rank, Member.seq)),
    ("contact", "Contact", (Member.contact_name,)),
    ("mobile", "Mobile", (Member.mobile,)),
    ("identifier", "Credit code / ID number", (Member.credit_code, Member.id_number)),
    ("industry", "Industry", (Member.industry,)),
    ("joined", "Date joined", (Member.joined,)),
    ("status", "Status", (Member.status, Member.seq)),
]
COLUMN_KEYS = [c[0] for c in COLUMNS]

# The row tuple every page returns, in this order: the table's columns first, then hidden ones.
ROW_FIELDS = ("no", "name", "kind", "level", "contact", "mobile", "identifier", "industry", "joined", "status",
              "id", "left_on", "credit_code", "id_number")
ID_INDEX = ROW_FIELDS.index("id")
_SELECT = (Member.no, Member.name, Member.kind, Level.name, Member.contact_name, Member.mobile,
           func.coalesce(Member.credit_code, Member.id_number), Member.industry, Member.joined, Member.status,
           Member.id, Member.left_on, Member.credit_code, Member.id_number)


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
    # False for a user who may not see personal data: a word with a digit then matches only the
    # number, name and credit code, never an ID or phone number (confirming a guess is seeing it)
    personal: bool = True


# Above this many text matches the page is read along a sort index, probing each member's search
# row and stopping at a page; below it the matches are read first and sorted (issue 3 benchmark).
SELECTIVE = 2000
SELECTIVE_OTHER_SORT = 20000
FTS = table("member_search_fts", column("rowid", Integer))
_fts_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def words(text: str) -> list[str]:
    """The search text's words in the folded form of ``member_search.text`` (validation.fold)."""
    return [fold(w) for w in (text or "").split() if w]


def has_fts(session: Session) -> bool:
    """The SQLite trigram index of migration 0002 exists in this book (not on PostgreSQL)."""
    engine = session.get_bind().engine if hasattr(session.get_bind(), "engine") else session.get_bind()
    if engine not in _fts_cache:
        ok = False
        if engine.dialect.name == "sqlite":
            ok = (session.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'member_search_fts'"))
                  .scalar() or 0) > 0
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


def _public_match(word: str):
    """A search word matched against what is not personal data: number, name, credit code."""
    pattern = f"%{_escape_like(word)}%"
    return or_(*[col.ilike(pattern, escape="\\") for col in (Member.no, Member.name, Member.credit_code)])


def _fts_match(ws: list[str]) -> str:
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in ws)


@dataclass
class Plan:
    """How one query is answered: the page's conditions, and the total (None: not counted yet,
    ``count_stmt`` counts it)."""

    cond: list
    total: int | None
    count_stmt: Select[int] | None = None


def plan(session: Session, q: MemberQuery, *, exact: bool = True) -> Plan:
    """Choose the cheapest way to apply the search text, and count the rows.

    With ``exact=False`` a count that would need a second pass over the search rows is left out
    (``total`` None); the table asks ``count_plan`` for it afterwards, off the keystroke.
    """
    filters = filter_conditions(q)
    ws = words(q.text)
    if not q.personal:
        guarded = [w for w in (q.text or "").split() if any(ch.isdigit() for ch in w)]
        filters += [_public_match(w) for w in guarded]
        ws = words(" ".join(w for w in (q.text or "").split() if w not in guarded))
    if not ws:
        if q.personal or exact or not q.text.strip():
            return Plan(filters, _count(session, filters))
        # a viewer's digits scan number, name and credit code: the page stops early, the count waits
        return Plan(filters, None, select(func.count()).select_from(Member).where(and_(*filters)))
    # Numbers follow admission, not names: walking the number index finds a page of matches
    # soon. Other sort orders can cluster the matches (all 西咸… names sort together), so they
    # read more matches first.
    limit = SELECTIVE if q.sort == "no" else SELECTIVE_OTHER_SORT
    probe = exists().where(MemberSearch.member_id == Member.id, _like_all(ws))
    long_ = [w for w in ws if len(w) >= 3] if has_fts(session) else []
    short = [w for w in ws if w not in long_]
    if long_:
        # Trigram index: the matches of the long words are found without reading the table;
        # short words (a single character) are checked on those candidates only.
        match = text("member_search_fts MATCH :fts_q").bindparams(fts_q=_fts_match(long_))
        stmt = select(FTS.c.rowid).where(match)
        counter = select(func.count()).select_from(FTS).where(match)
        if short:
            on = MemberSearch.member_id == FTS.c.rowid
            stmt = stmt.join(MemberSearch, on).where(_like_all(short))
            counter = counter.join(MemberSearch, on).where(_like_all(short))
        if not filters and not short:
            n = session.scalar(counter) or 0
            return Plan([Member.id.in_(stmt) if n <= limit else probe], n)
        if filters:
            stmt = stmt.join(Member, Member.id == FTS.c.rowid)
            counter = counter.join(Member, Member.id == FTS.c.rowid)
    else:
        stmt = select(MemberSearch.member_id).where(_like_all(ws))
        counter = select(func.count()).select_from(MemberSearch).where(_like_all(ws))
        if filters:
            stmt = stmt.join(Member, Member.id == MemberSearch.member_id)
            counter = counter.join(Member, Member.id == MemberSearch.member_id)
    # One pass over the narrow search rows: when few match, their ids are all the page needs.
    if filters:
        stmt, counter = stmt.where(*filters), counter.where(*filters)
    ids = list(session.scalars(stmt.limit(limit + 1)))
    if len(ids) <= limit:
        return Plan(filters + [_ids_in(session, ids)], len(ids))
    # Many match: the page walks the sort index and stops after one page; counting is a pass more.
    p = Plan(filters + [probe], None, counter)
    if exact:
        p.total = count_plan(session, p)
    return p


def count_plan(session: Session, p: Plan) -> int:
    """The total of a plan (a full pass when it was left out; safe in a worker thread)."""
    if p.total is not None:
        return p.total
    assert p.count_stmt is not None  # a plan without a total has its count statement
    return session.scalar(p.count_stmt) or 0


def _ids_in(session: Session, ids: list[int]):
    """``members.id IN ids`` as one parameter (thousands of ids, no limit on bound variables)."""
    if session.get_bind().dialect.name == "sqlite":
        return Member.id.in_(select(literal_column("value")).select_from(
            func.json_each(bindparam("ids_json", json.dumps(ids), type_=String))))
    return Member.id == func.any(bindparam("ids_arr", ids, type_=ARRAY(Integer)))


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
    return count_plan(session, plan(session, q))


def industries(session: Session) -> list[str]:
    """Industries in use, for the filter box."""
    return [r for r in session.scalars(select(Member.industry).where(Member.industry != "").distinct()
                                       .order_by(Member.industry))]


def joined_years(session: Session) -> list[int]:
    lo, hi = session.execute(select(func.min(Member.joined), func.max(Member.joined))).one()
    if lo is None:
        return []
    return list(range(hi.year, lo.year - 1, -1))


def list_members(session: Session, *, status: str | None = None, search: str = "", personal: bool = True) -> list[dict]:
    """``members list --json`` (CLI.md shape), in number order (full values: the caller masks)."""
    q = MemberQuery(text=search, status=None if status in (None, "all") else status, personal=personal)
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
