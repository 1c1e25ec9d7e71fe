"""The printed member roll (会员名册): A4 landscape, grouped by level, masked by default.

ID and phone numbers are personal data (个人信息保护法, DOMAIN.md §1): the roll masks them
(``610402********1234``, ``139****5678``) unless the caller asks for the full values.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_settings
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import LEFT_REASONS, Member, OfficerPost
from secretariat_app.core.members.queries import active_filter
from secretariat_app.core.validate import mask_id, mask_phone
from secretariat_app.i18n import _, format_date
from reportlab.lib.units import mm

from secretariat_app.pdf.kit import Column, PdfStory, build_pdf, spacer


def roll_rows(session: Session, *, status: str = "active", on_date: date | None = None):
    """Members grouped by level: ``[(level name, [Member, …]), …]`` in level order."""
    on_date = on_date or date.today()
    q = select(Member)
    if status == "active":
        q = q.where(active_filter(on_date))
    elif status == "left":
        q = q.where(Member.left_on.is_not(None), Member.left_on <= on_date)
    else:
        q = q.where(Member.joined <= on_date)
    by_level: dict[int, list[Member]] = {}
    for m in session.scalars(q.order_by(Member.seq, Member.id)):
        by_level.setdefault(m.level_id, []).append(m)
    return [(lv, by_level[lv.id]) for lv in levels(session, include_inactive=True) if lv.id in by_level]


def _posts(session: Session, on_date: date) -> dict[int, str]:
    rows = session.execute(select(OfficerPost.member_id, OfficerPost.post).where(
        OfficerPost.start_on <= on_date, or_(OfficerPost.end_on.is_(None), OfficerPost.end_on > on_date))
        .order_by(OfficerPost.id)).all()
    out: dict[int, str] = {}
    for mid, post in rows:
        out[mid] = f"{out[mid]}、{post}" if mid in out else post
    return out


def build_story(session: Session, *, masked: bool = True, status: str = "active",
                on_date: date | None = None) -> tuple[PdfStory, int, str]:
    from secretariat_app.core.auth import may_see_personal_data

    masked = masked or not may_see_personal_data()  # viewers never see them unmasked (PIPL)
    on_date = on_date or date.today()
    settings = get_settings(session)
    groups = roll_rows(session, status=status, on_date=on_date)
    posts = _posts(session, on_date)
    total = sum(len(ms) for _lv, ms in groups)
    title = _("Roll of members")
    story = PdfStory()
    note = _("ID and phone numbers are partly hidden (Personal Information Protection Law).") if masked else \
        _("Contains full ID and phone numbers: personal information, do not pass on.")
    story.title(title, left=_("Association: {name}").format(name=settings.name),
                center=_("As of {date}").format(date=format_date(on_date)),
                right=_("{n} members").format(n=total))
    columns = [Column(_("No."), "center", 11 * mm), Column(_("Member number"), "center", 17 * mm),
               Column(_("Member name"), "text", "3*"), Column(_("Credit code / ID number"), "center", 40 * mm),
               Column(_("Contact"), "center", 17 * mm), Column(_("Mobile"), "center", 23 * mm),
               Column(_("Industry"), "text", "2*"), Column(_("Date joined"), "date", 21 * mm),
               Column(_("Post"), "center", 17 * mm)]
    if status != "active":
        columns.append(Column(_("Left on"), "text", 27 * mm))
    for lv, members in groups:
        story.heading(_("{level} ({n})").format(level=lv.name, n=len(members)), 2)
        rows = []
        for i, m in enumerate(members, start=1):
            ident = m.credit_code if m.is_corporate else (mask_id(m.id_number) if masked else m.id_number)
            mobile = mask_phone(m.mobile) if masked else m.mobile
            contact = m.contact_name if m.is_corporate else ""
            row = [i, m.no, m.name, ident or "", contact, mobile, m.industry or m.employer, m.joined,
                   posts.get(m.id, "")]
            if status != "active":
                row.append(f"{m.left_on.isoformat()} {_(LEFT_REASONS.get(m.left_reason or '', ''))}"
                           if m.left_on else "")
            rows.append(row)
        story.table(columns, rows, font_size=8.5)
        story.append(spacer(3))
    if not groups:
        story.para(_("There are no members to list."))
    story.para(note, "small")
    return story, total, settings.name


def write_roll(session: Session, path: str | Path, *, masked: bool = True, status: str = "active",
               on_date: date | None = None) -> int:
    """Write the roll PDF; returns the number of members listed."""
    story, total, association = build_story(session, masked=masked, status=status, on_date=on_date)
    build_pdf(Path(path), story, title=_("Roll of members"), association=association, orientation="landscape",
              subject=_("Roll of members"))
    return total
