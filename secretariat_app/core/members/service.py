"""Services of the member roll: admit, edit, change level, leave, posts, contacts (DOMAIN.md §1).

Each function is one user action in one transaction: it validates everything first and raises a
``DomainError`` before writing. Nothing is ever deleted: a member who leaves stays as ``left``,
an ended post keeps its dates, a replaced contact is kept inactive. Every change is written to
the member's history (``member_events``).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_value
from secretariat_app.core.members.levels import resolve_level
from secretariat_app.core.members.models import (
    ACTIVE,
    BODIES,
    BODY_LABELS,
    CORPORATE,
    LEFT,
    LEFT_REASONS,
    Contact,
    Level,
    Member,
    MemberEvent,
    MemberSearch,
    OfficerPost,
    level_rank,
)
from secretariat_app.core.members.queries import (  # noqa: F401  (re-exported API)
    active_members,
    body_members,
    current_posts,
    history,
    level_on,
    member_by_identifier,
    member_by_no,
    member_posts,
    posts_on,
)
from secretariat_app.core.members.validation import (
    EMAIL_RE,
    FIELD_LABELS,
    clean_fields,
    label,
    name_key,
    raise_problems,
    search_text,
)
from secretariat_app.core.trust.locking import expect_version
from secretariat_app.core.validate import check_phone, parse_date
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

PREFIX_KEY = "members.number_prefix"
DEFAULT_PREFIX = "M"
# Posts only one person holds at a time.
SINGLE_POSTS = {"会长", "监事长", "秘书长"}
EDITABLE = ("name", "credit_code", "id_number", "contact_name", "mobile", "phone", "address", "industry",
            "legal_representative", "size", "gender", "employer", "title", "email", "note")


# ---- numbers -------------------------------------------------------------------------------

def number_prefix(session: Session) -> str:
    return get_value(session, PREFIX_KEY, DEFAULT_PREFIX) or ""


def format_no(prefix: str, seq: int) -> str:
    return f"{prefix}{seq:04d}"


def next_seq(session: Session) -> int:
    return (session.scalar(select(func.max(Member.seq))) or 0) + 1


def next_member_no(session: Session) -> str:
    """The number the next member gets: prefix + the next sequence number (M0001, M0002 …)."""
    return format_no(number_prefix(session), next_seq(session))


@action
def set_number_prefix(session: Session, prefix: str) -> str:
    """Setting ``members.number_prefix``: letters (or 会) and an optional dash, at most 8 characters.

    Members keep their numbers; the next member gets the new prefix and the next sequence number.
    """
    from secretariat_app.core.book_settings import set_value

    prefix = (prefix or "").strip().upper()
    if len(prefix) > 8 or (prefix and (prefix[-1].isdigit() or not re.fullmatch(r"[\w\-]+", prefix))):
        raise DomainError(_("a number prefix is up to 8 letters, e.g. M or XH-, and does not end with a digit"),
                          field=_("Member number prefix"))
    set_value(session, PREFIX_KEY, prefix)
    return prefix


def parse_no(no: str) -> int | None:
    m = re.search(r"(\d+)$", no or "")
    return int(m.group(1)) if m else None


# ---- helpers -------------------------------------------------------------------------------

def get_member(session: Session, member_id: int) -> Member:
    m = session.get(Member, member_id)
    if m is None:
        raise DomainError(_("no such member"))
    return m


def _event(session: Session, member: Member, kind: str, on_date: date, *, level_id: int | None = None,
           meeting_id: int | None = None, **detail) -> None:
    session.add(MemberEvent(member=member, kind=kind, on_date=on_date, level_id=level_id, meeting_id=meeting_id,
                            detail=json.dumps(detail, ensure_ascii=False) if detail else "",
                            recorded_at=datetime.now()))


def refresh_search(session: Session, member: Member) -> None:
    """Keep the member's search row and sort keys in step with its fields."""
    text = search_text(no=member.no, name=member.name, credit_code=member.credit_code, id_number=member.id_number,
                       contact_name=member.contact_name, mobile=member.mobile, phone=member.phone)
    row = session.get(MemberSearch, member.id) if member.id is not None else None
    if row is None:
        session.add(MemberSearch(member=member, text=text))
    elif row.text != text:
        row.text = text
    member.name_key = name_key(member.name)


def check_unique(session: Session, *, credit_code: str | None = None, id_number: str | None = None,
                 exclude_id: int | None = None) -> list[tuple[str, str]]:
    """Problems when the identifier is already in the roll (DOMAIN.md §1: never twice)."""
    problems = []
    for key, value, col in (("credit_code", credit_code, Member.credit_code), ("id_number", id_number, Member.id_number)):
        if not value:
            continue
        other = session.scalar(select(Member).where(col == value))
        if other is not None and other.id != exclude_id:
            problems.append((key, _("{code} is already in the roll ({no} {name})").format(
                code=value, no=other.no, name=other.name)))
    return problems


def _check_no(session: Session, no: str) -> tuple[str, int]:
    no = (no or "").strip().upper()
    seq = parse_no(no)
    if not no or len(no) > 32 or seq is None:
        raise DomainError(_("a member number ends with digits, e.g. M0001"), field=label("no"))
    if member_by_no(session, no) is not None:
        raise DomainError(_("the member number {no} is already taken").format(no=no), field=label("no"))
    return no, seq


# ---- admission and edits -------------------------------------------------------------------

@action
def admit_member(session: Session, *, kind: str, name: str, level, joined, credit_code: str | None = None,
                 id_number: str | None = None, contact_name: str = "", mobile: str = "", phone: str = "",
                 address: str = "", industry: str = "", no: str | None = None, meeting_id: int | None = None,
                 status: str = ACTIVE, **more) -> Member:
    """Admit a member (DOMAIN.md §1 life cycle): validated, numbered, history started."""
    values = dict(kind=kind, name=name, credit_code=credit_code, id_number=id_number, joined=joined,
                  contact_name=contact_name, mobile=mobile, phone=phone, address=address, industry=industry, **more)
    clean, problems = clean_fields(values)
    lv: Level | None = None
    if "kind" in clean:
        try:
            lv = resolve_level(session, level, clean["kind"])
        except DomainError as exc:
            problems.append(("level", exc.message))
        problems += check_unique(session, credit_code=clean.get("credit_code"), id_number=clean.get("id_number"))
    raise_problems(problems)
    assert lv is not None  # else resolve_level or clean_fields reported a problem, raised just above
    with transaction(session):
        if no:
            no, seq = _check_no(session, no)
        else:
            seq = next_seq(session)
            no = format_no(number_prefix(session), seq)
        now = datetime.now()
        # Everything is added before one flush (each flush also writes the audit trail).
        m = Member(no=no, seq=seq, level_id=lv.id, status=status, admitted_meeting_id=meeting_id,
                   created_at=now, updated_at=now, left_note="", **clean)
        m.level = lv
        m.level_rank = level_rank(lv)
        session.add(m)
        refresh_search(session, m)
        if m.kind == CORPORATE and m.contact_name:
            session.add(Contact(member=m, name=m.contact_name, mobile=m.mobile, is_primary=True,
                                active=True, created_at=now))
        _event(session, m, "admitted", m.joined, level_id=lv.id, meeting_id=meeting_id, level=lv.name)
        session.flush()
    return m


@action
def update_member(session: Session, member_id: int, *, expected_version: int | None = None, **fields) -> Member:
    """Edit a member's details (not its kind, level or status: those have their own actions).

    ``expected_version``: the ``row_version`` the form read; a save over someone else's change is
    refused, naming who made it (issue 8, core/trust/locking.py)."""
    m = get_member(session, member_id)
    expect_version(session, m, expected_version)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(_("these fields cannot be edited here: {fields}").format(fields=", ".join(sorted(unknown))))
    clean, problems = clean_fields(dict(fields, kind=m.kind), partial=True)
    clean.pop("kind", None)
    problems += check_unique(session, credit_code=clean.get("credit_code"), id_number=clean.get("id_number"),
                             exclude_id=m.id)
    raise_problems(problems)
    changed = [k for k, v in clean.items() if getattr(m, k) != v]
    if not changed:
        return m
    with transaction(session):
        contact_changed = any(k in ("contact_name", "mobile") for k in changed)
        for k in changed:
            setattr(m, k, clean[k])
        m.updated_at = datetime.now()
        refresh_search(session, m)
        if contact_changed and m.kind == CORPORATE:
            _sync_primary_contact(session, m)
        others = [k for k in changed if k not in ("contact_name", "mobile")]
        if others:
            _event(session, m, "edited", date.today(), fields=[FIELD_LABELS[k] for k in others])
        if contact_changed:
            _event(session, m, "contact_changed", date.today(), name=m.contact_name, mobile=m.mobile)
    return m


def _sync_primary_contact(session: Session, m: Member) -> None:
    """The member row's contact/mobile were edited: update (or start) the primary contact."""
    primary = session.scalar(select(Contact).where(Contact.member_id == m.id, Contact.is_primary.is_(True),
                                                   Contact.active.is_(True)))
    if primary is not None and primary.name == m.contact_name:
        primary.mobile = m.mobile
        return
    if primary is not None:
        primary.is_primary = False
    if m.contact_name:
        session.add(Contact(member_id=m.id, name=m.contact_name, mobile=m.mobile, is_primary=True, active=True,
                            created_at=datetime.now()))


@action
def change_level(session: Session, member_id: int, level, on_date, *, meeting_id: int | None = None,
                 note: str = "") -> Member:
    """Move a member to another level from ``on_date``; the history keeps the old one."""
    m = get_member(session, member_id)
    on_date = parse_date(on_date, _("Date"))
    lv = resolve_level(session, level, m.kind)
    if m.status == LEFT:
        raise DomainError(_("{no} {name} has left the association").format(no=m.no, name=m.name))
    if lv.id == m.level_id:
        raise DomainError(_("{no} is already at level {level}").format(no=m.no, level=lv.name), field=label("level"))
    if on_date < m.joined:
        raise DomainError(_("the date is before the member joined ({date})").format(date=m.joined.isoformat()),
                          field=_("Date"))
    last = session.scalar(select(func.max(MemberEvent.on_date)).where(
        MemberEvent.member_id == m.id, MemberEvent.level_id.is_not(None)))
    if last and on_date < last:
        raise DomainError(_("the date is before the last level change ({date})").format(date=last.isoformat()),
                          field=_("Date"))
    with transaction(session):
        old = m.level.name
        m.level_id = lv.id
        m.level = lv
        m.level_rank = level_rank(lv)
        m.updated_at = datetime.now()
        _event(session, m, "level_changed", on_date, level_id=lv.id, meeting_id=meeting_id,
               **{"from": old, "to": lv.name, "note": note})
    return m


@action
def record_leaving(session: Session, member_id: int, on_date, reason: str, note: str = "") -> Member:
    """A member leaves (退会 / 除名 / 注销): kept in the roll as ``left``; their posts end."""
    m = get_member(session, member_id)
    on_date = parse_date(on_date, _("Date"))
    if reason not in LEFT_REASONS:
        raise DomainError(_("the reason is one of: resigned, removed, dissolved"), field=label("left_reason"))
    if m.status == LEFT:
        raise DomainError(_("{no} {name} left on {date}").format(no=m.no, name=m.name,
                                                                date=m.left_on.isoformat() if m.left_on else "?"))
    if on_date < m.joined:
        raise DomainError(_("the date is before the member joined ({date})").format(date=m.joined.isoformat()),
                          field=_("Date"))
    if on_date > date.today():
        raise DomainError(_("the leaving date {date} is in the future").format(date=on_date.isoformat()),
                          field=_("Date"))
    with transaction(session):
        for p in current_posts(session, m.id):
            p.end_on = max(on_date, p.start_on)
            _event(session, m, "post_ended", p.end_on, post=p.post, body=p.body, body_label=BODY_LABELS[p.body])
        m.status = LEFT
        m.left_on = on_date
        m.left_reason = reason
        m.left_note = (note or "").strip()[:500]
        m.updated_at = datetime.now()
        _event(session, m, "left", on_date, reason=reason, note=m.left_note)
    return m


# ---- officer posts -------------------------------------------------------------------------

@action
def assign_post(session: Session, member_id: int, post: str, body: str, start_on, *, person: str = "",
                meeting_id: int | None = None, note: str = "") -> OfficerPost:
    """Give a member a post in a body from ``start_on`` (e.g. after an election, DOMAIN.md §4)."""
    m = get_member(session, member_id)
    start_on = parse_date(start_on, _("Date"))
    post = (post or "").strip()
    if not post or len(post) > 32:
        raise DomainError(_("a post needs a name such as 理事"), field=_("Post"))
    if body not in BODIES:
        raise DomainError(_("unknown body {body}").format(body=body), field=_("Body"))
    if not m.active_on(start_on):
        raise DomainError(_("{no} {name} is not a member on {date}").format(no=m.no, name=m.name,
                                                                           date=start_on.isoformat()))
    for p in posts_on(session, start_on, body):
        if p.member_id == m.id and p.post == post:
            raise DomainError(_("{no} already holds the post {post}").format(no=m.no, post=post), field=_("Post"))
        if post in SINGLE_POSTS and p.post == post:
            raise DomainError(_("{post} is held by {no} {name}; end that post first").format(
                post=post, no=p.member.no, name=p.member.name), field=_("Post"))
    with transaction(session):
        op = OfficerPost(member_id=m.id, post=post, body=body, person=(person or "").strip()[:64], start_on=start_on,
                         end_on=None, source_meeting_id=meeting_id, note=(note or "")[:500])
        session.add(op)
        session.flush()
        _event(session, m, "post_assigned", start_on, meeting_id=meeting_id, post=post, body=body,
               body_label=BODY_LABELS[body])
    return op


@action
def end_post(session: Session, post_id: int, end_on, *, meeting_id: int | None = None) -> OfficerPost:
    """End a post: it is no longer held on or after ``end_on``."""
    p = session.get(OfficerPost, post_id)
    if p is None:
        raise DomainError(_("no such post"))
    end_on = parse_date(end_on, _("Date"))
    if p.end_on is not None:
        raise DomainError(_("the post ended on {date}").format(date=p.end_on.isoformat()))
    if end_on < p.start_on:
        raise DomainError(_("the end is before the start ({date})").format(date=p.start_on.isoformat()),
                          field=_("Date"))
    with transaction(session):
        p.end_on = end_on
        _event(session, p.member, "post_ended", end_on, meeting_id=meeting_id, post=p.post, body=p.body,
               body_label=BODY_LABELS[p.body])
    return p


@action
def end_body_posts(session: Session, body: str, end_on, *, meeting_id: int | None = None) -> int:
    """End every current post of a body (换届); returns how many ended."""
    end_on = parse_date(end_on, _("Date"))
    with transaction(session):
        rows = session.scalars(select(OfficerPost).where(OfficerPost.body == body, OfficerPost.end_on.is_(None),
                                                         OfficerPost.start_on <= end_on)).all()
        for p in rows:
            end_post(session, p.id, end_on, meeting_id=meeting_id)
    return len(rows)


# ---- contacts ------------------------------------------------------------------------------

@action
def add_contact(session: Session, member_id: int, name: str, *, mobile: str = "", phone: str = "",
                position: str = "", email: str = "", primary: bool = False) -> Contact:
    m = get_member(session, member_id)
    name, mobile, phone, email = _clean_contact(name, mobile, phone, email)
    with transaction(session):
        c = Contact(member_id=m.id, name=name[:64], mobile=mobile, phone=phone, position=(position or "")[:64],
                    email=(email or "")[:200], is_primary=False, active=True, created_at=datetime.now())
        session.add(c)
        session.flush()
        if primary or not m.contact_name:
            set_primary_contact(session, c.id, record=False)
        _event(session, m, "contact_changed", date.today(), name=name, mobile=mobile)
    return c


def _clean_contact(name, mobile, phone, email) -> tuple[str, str, str, str]:
    """A contact's name is required; phones as DOMAIN.md §1; every bad field reported at once."""
    problems: list[tuple[str, str]] = []
    name = (name or "").strip()
    if not name:
        problems.append(("contact_name", _("a contact needs a name")))
    out = {}
    for key, value in (("mobile", mobile), ("phone", phone)):
        value = (value or "").strip()
        try:
            out[key] = check_phone(value, label(key)) if value else ""
        except DomainError as e:
            problems.append((key, e.message))
    email = (email or "").strip()
    if email and not EMAIL_RE.match(email):
        problems.append(("email", _("{value} is not an e-mail address").format(value=email)))
    raise_problems(problems, _("The contact was not saved."))
    return name[:64], out["mobile"], out["phone"], email[:200]


@action
def update_contact(session: Session, contact_id: int, *, name: str, mobile: str = "", phone: str = "",
                   position: str = "", email: str = "") -> Contact:
    """Correct a contact's details; the member row follows when it is the primary one (DOMAIN.md §1)."""
    c = session.get(Contact, contact_id)
    if c is None:
        raise DomainError(_("no such contact"))
    name, mobile, phone, email = _clean_contact(name, mobile, phone, email)
    new = {"name": name, "mobile": mobile, "phone": phone, "position": (position or "").strip()[:64], "email": email}
    if all(getattr(c, k) == v for k, v in new.items()):
        return c
    with transaction(session):
        for k, v in new.items():
            setattr(c, k, v)
        if c.is_primary and c.active:
            m = c.member
            m.contact_name, m.mobile = c.name, c.mobile
            refresh_search(session, m)
        _event(session, c.member, "contact_changed", date.today(), name=name, mobile=mobile)
    return c


@action
def set_primary_contact(session: Session, contact_id: int, *, record: bool = True) -> Contact:
    """Make one active contact the primary one: the others are un-marked in the same transaction and the
    member row's contact/mobile follow it (DOMAIN.md §1)."""
    c = session.get(Contact, contact_id)
    if c is None or not c.active:
        raise DomainError(_("no such contact"))
    with transaction(session):
        for other in session.scalars(select(Contact).where(Contact.member_id == c.member_id)):
            other.is_primary = other.id == c.id
        m = c.member
        m.contact_name, m.mobile = c.name, c.mobile
        refresh_search(session, m)
        if record:
            _event(session, m, "contact_changed", date.today(), name=c.name, mobile=c.mobile,
                   note=_("now the primary contact"))
    return c


@action
def retire_contact(session: Session, contact_id: int) -> Contact:
    """A contact who no longer serves: kept, inactive (never deleted)."""
    c = session.get(Contact, contact_id)
    if c is None:
        raise DomainError(_("no such contact"))
    with transaction(session):
        c.active = False
        if c.is_primary:
            c.is_primary = False
            nxt = session.scalar(select(Contact).where(Contact.member_id == c.member_id, Contact.active.is_(True),
                                                       Contact.id != c.id).order_by(Contact.id))
            if nxt is not None:
                set_primary_contact(session, nxt.id, record=False)
        _event(session, c.member, "contact_changed", date.today(), name=c.name, note=_("no longer a contact"))
    return c


def contacts(session: Session, member_id: int) -> list[Contact]:
    return list(session.scalars(select(Contact).where(Contact.member_id == member_id)
                                .order_by(Contact.active.desc(), Contact.is_primary.desc(), Contact.id)))
