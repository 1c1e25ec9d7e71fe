"""Checking a member's fields (DOMAIN.md §1): kinds, identifiers, phones, dates.

``clean_fields`` is shared by the services (one member typed in a dialog) and the import (every
row of a file): it returns the normalized values and a list of ``(field, message)`` problems, so
that an import can name the spreadsheet column of each problem.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from secretariat_app.core.members.models import CORPORATE, INDIVIDUAL, KINDS
from secretariat_app.core.validate import check_phone, check_ric, check_uscc, parse_date
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import N_, _

# Field labels (the import header names are in io/members_import.py).
FIELD_LABELS = {
    "no": N_("Member number"),
    "kind": N_("Kind"),
    "name": N_("Member name"),
    "credit_code": N_("Unified social credit code"),
    "id_number": N_("ID number"),
    "level": N_("Member level"),
    "joined": N_("Date joined"),
    "contact_name": N_("Contact"),
    "mobile": N_("Mobile"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "industry": N_("Industry"),
    "legal_representative": N_("Legal representative"),
    "size": N_("Size"),
    "gender": N_("Gender"),
    "employer": N_("Employer"),
    "title": N_("Job title"),
    "email": N_("Email"),
    "note": N_("Note"),
    "status": N_("Status"),
    "left_on": N_("Left on"),
    "left_reason": N_("Reason for leaving"),
}

TEXT_LIMITS = {"name": 200, "contact_name": 64, "address": 300, "industry": 100, "legal_representative": 64,
               "size": 32, "employer": 200, "title": 100, "email": 200, "note": 4000}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
KIND_WORDS = {
    CORPORATE: {"corporate", "单位", "单位会员", "企业", "团体", "团体会员"},
    INDIVIDUAL: {"individual", "个人", "个人会员"},
}
GENDER_WORDS = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女"}


def label(field: str) -> str:
    return _(FIELD_LABELS.get(field, field))


def parse_kind(value) -> str | None:
    text = str(value or "").strip().lower()
    for kind, words in KIND_WORDS.items():
        if text in words:
            return kind
    return None


def clean_fields(values: dict, *, partial: bool = False, today: date | None = None) -> tuple[dict, list[tuple[str, str]]]:
    """Normalize ``values`` (kind, name, credit_code, id_number, joined, phones, texts).

    Returns ``(clean, problems)`` with problems as ``(field, translated message)``. With
    ``partial`` only the keys present are checked (an edit), and ``kind`` must be given.
    The level is resolved by the caller (it needs the book's levels).
    """
    today = today or date.today()
    out: dict = {}
    problems: list[tuple[str, str]] = []

    kind = values.get("kind")
    kind = kind if kind in KINDS else parse_kind(kind)
    if kind is None:
        problems.append(("kind", _("the kind is 单位 (corporate) or 个人 (individual), not {value}").format(
            value=values.get("kind") or "''")))
        return out, problems
    out["kind"] = kind

    def want(key: str) -> bool:
        return not partial or key in values

    def text(key: str) -> str:
        v = values.get(key)
        if v is None:
            return ""
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        return str(v).strip()

    if want("name"):
        name = re.sub(r"\s+", " ", text("name"))
        if not name:
            problems.append(("name", _("a name is required")))
        out["name"] = name

    for key, limit in TEXT_LIMITS.items():
        if key == "name" or not want(key):
            continue
        v = text(key)
        if len(v) > limit:
            problems.append((key, _("at most {n} characters").format(n=limit)))
        out[key] = v

    ident_keys = ("credit_code", "id_number") if kind == CORPORATE else ("id_number", "credit_code")
    own, other = ident_keys
    if want(own):
        raw = text(own)
        if not raw:
            problems.append((own, _("a corporate member needs its unified social credit code") if kind == CORPORATE
                             else _("an individual member needs an ID number")))
            out[own] = None
        else:
            try:
                out[own] = check_uscc(raw) if kind == CORPORATE else check_ric(raw)
            except DomainError as exc:
                problems.append((own, exc.message))
    if want(other):
        if text(other):
            problems.append((other, _("a corporate member has no ID number") if kind == CORPORATE
                             else _("an individual member has no credit code")))
        out[other] = None

    if want("joined"):
        try:
            joined = parse_date(values.get("joined"), label("joined"))
            if joined > today:
                problems.append(("joined", _("the joining date {date} is in the future").format(date=joined.isoformat())))
            elif joined.year < 1949:
                problems.append(("joined", _("{date} is an impossible date").format(date=joined.isoformat())))
            out["joined"] = joined
        except DomainError as exc:
            problems.append(("joined", exc.message))

    for key in ("mobile", "phone"):
        if want(key):
            v = text(key)
            if v:
                try:
                    v = check_phone(v)
                except DomainError as exc:
                    problems.append((key, exc.message))
            out[key] = v

    if out.get("email") and not EMAIL_RE.match(out["email"]):
        problems.append(("email", _("{value} is not an e-mail address").format(value=out["email"])))
    if out.get("gender"):
        g = GENDER_WORDS.get(out["gender"].lower())
        if g is None:
            problems.append(("gender", _("the gender is 男 or 女")))
        out["gender"] = g or out["gender"]
    return out, problems


def raise_problems(problems: list[tuple[str, str]], message: str | None = None) -> None:
    """One DomainError listing every bad field (nothing has been written)."""
    if not problems:
        return
    if len(problems) == 1:
        key, msg = problems[0]
        raise DomainError(msg, field=label(key))
    raise DomainError(message or _("The member was not saved."),
                      problems=[Problem(msg, field=label(key)) for key, msg in problems])


# ---- search keys ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def pinyin_keys(name: str) -> tuple[str, str]:
    """(full pinyin for sorting, initials for search) of a Chinese name: 西咸 → ('xixian', 'xx')."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name or "", style=Style.NORMAL, errors="default")
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s).lower()
    return full, initials


def fold(text: str) -> str:
    """Search form of a text: lower case, every non-ASCII character written three times.

    Tripling makes even a one-character Chinese word (王) three characters long, so the
    trigram index answers every Chinese search without a scan; the query is folded the same
    way, and a folded word matches exactly where the word matches (a run of one character
    changes only at a triple's edge, so triples cannot match out of step).
    """
    return "".join(c * 3 if ord(c) > 127 else c for c in (text or "").lower())


def search_text(*, no: str, name: str, credit_code: str | None, id_number: str | None,
                contact_name: str, mobile: str, phone: str) -> str:
    """The text the table's search box matches (LIKE '%term%' on folded words)."""
    _full, initials = pinyin_keys(name or "")
    parts = [no, name, initials, credit_code or "", id_number or "", contact_name, mobile, phone]
    return fold("|".join(p for p in parts if p))


def name_key(name: str) -> str:
    full, _initials = pinyin_keys(name or "")
    return (full + "|" + (name or "").lower())[:400]
