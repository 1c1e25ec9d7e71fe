"""The printed member roll (会员名册): A4 landscape, grouped by level.

It renders a ``core.members.roll.Roll`` as given: the members action hands it over with ID and
phone numbers already masked (``610402********1234``, ``139****5678``) unless the user may see them
and asked for the full values (个人信息保护法, DOMAIN.md §1); the note at the end says which.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm

from secretariat_app.core.members.models import LEFT_REASONS
from secretariat_app.core.members.roll import Roll
from secretariat_app.i18n import _, format_date
from secretariat_app.pdf.kit import Column, PdfStory, build_pdf, spacer


def build_story(roll: Roll) -> PdfStory:
    story = PdfStory()
    note = _("ID and phone numbers are partly hidden (Personal Information Protection Law).") if roll.masked else \
        _("Contains full ID and phone numbers: personal information, do not pass on.")
    story.title(_("Roll of members"), left=_("Association: {name}").format(name=roll.association),
                center=_("As of {date}").format(date=format_date(roll.on_date)),
                right=_("{n} members").format(n=roll.total))
    columns = [Column(_("No."), "center", 11 * mm), Column(_("Member number"), "center", 17 * mm),
               Column(_("Member name"), "text", "3*"), Column(_("Credit code / ID number"), "center", 40 * mm),
               Column(_("Contact"), "center", 17 * mm), Column(_("Mobile"), "center", 23 * mm),
               Column(_("Industry"), "text", "2*"), Column(_("Date joined"), "date", 21 * mm),
               Column(_("Post"), "center", 17 * mm)]
    if roll.status != "active":
        columns.append(Column(_("Left on"), "text", 27 * mm))
    for level, entries in roll.groups:
        story.heading(_("{level} ({n})").format(level=level, n=len(entries)), 2)
        rows = []
        for i, e in enumerate(entries, start=1):
            row = [i, e.no, e.name, e.identifier, e.contact, e.mobile, e.industry, e.joined, e.posts]
            if roll.status != "active":
                row.append(f"{e.left_on.isoformat()} {_(LEFT_REASONS.get(e.left_reason or '', ''))}"
                           if e.left_on else "")
            rows.append(row)
        story.table(columns, rows, font_size=8.5)
        story.append(spacer(3))
    if not roll.groups:
        story.para(_("There are no members to list."))
    story.para(note, "small")
    return story


def write_roll(path: str | Path, roll: Roll) -> int:
    """Write the roll PDF; returns the number of members listed."""
    build_pdf(Path(path), build_story(roll), title=_("Roll of members"), association=roll.association,
              orientation="landscape", subject=_("Roll of members"))
    return roll.total
