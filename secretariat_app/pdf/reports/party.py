"""党建工作报告: the party-building report (issue 7), narrative with the figures the book holds."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secretariat_app.core.reports.data import PartyBuildingData
from secretariat_app.core.reports.models import PARTY
from secretariat_app.i18n import _, format_number
from secretariat_app.pdf.kit import KitStyles, SealBox, get_styles, render_pdf
from secretariat_app.pdf.reports.common import Sections, activity_table, cover_page, key_value_table, narrative


def party_story(d: PartyBuildingData, st: KitStyles) -> list[Flowable]:
    name = d.settings.name
    story: list[Flowable] = cover_page(_("Party-building report"), name, d.year, st)
    sec = Sections(st)
    story += sec.heading(_("Party organization"))
    story.append(key_value_table([
        (_("Party organization"), d.party_org_label),
        (_("Party members among staff"), format_number(d.staff.party_members)),
        (_("Staff"), format_number(d.staff.staff_count)),
        (_("Members at the end of the year"), format_number(d.members.total)),
        (_("Meetings held"), format_number(d.meetings_held)),
        (_("Party activities"), format_number(len(d.activities))),
    ], st))
    story += narrative(d.texts, "organization", PARTY, st)
    story += sec.heading(_("Political study"))
    story += narrative(d.texts, "study", PARTY, st)
    story += sec.heading(_("Party activities"))
    story += narrative(d.texts, "activities", PARTY, st)
    if d.activities:
        story.append(activity_table(d.activities, st))
    story += sec.heading(_("Party building and the association's work"))
    story += narrative(d.texts, "integration", PARTY, st)
    story += sec.heading(_("Plans for next year"))
    story += narrative(d.texts, "plans", PARTY, st)
    story.append(SealBox(caption=[name], styles=st))
    return story


def party_report_pdf(d: PartyBuildingData, *, footer: bool = True, lang: str | None = None) -> bytes:
    """The report of ``core.reports.data.party_building_data``; ``footer=False`` inside a package."""
    st = get_styles(lang)
    data, _pages = render_pdf(party_story(d, st), title=_("Party-building report"), association=d.settings.name,
                              footer=footer, cover=True, lang=st.lang)
    return data
