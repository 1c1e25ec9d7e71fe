"""社会责任报告: the social-responsibility report with a cover page (DOMAIN.md §5, issue 7).

Narrative sections written by the secretariat (``core/reports/narrative.py``, document ``csr``),
with the figures the book holds: members, meetings held, trainings, mediations, public welfare,
donations received and given (from the books), the satisfaction survey.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable

from secretariat_app.core.reports.data import CsrReportData
from secretariat_app.core.reports.models import CSR
from secretariat_app.i18n import _, format_amount, format_number, format_percent
from secretariat_app.pdf.kit import Column, KitStyles, data_table, get_styles, render_pdf, title_block
from secretariat_app.pdf.reports.common import (
    Sections,
    activity_table,
    cover_page,
    key_value_table,
    narrative,
    sub_heading,
)


def key_figures(d: CsrReportData) -> list[tuple[str, str]]:
    """The figures at the head of the report (label, printed value)."""
    trainings, trained = d.count("training")
    mediations, _n = d.count("mediation")
    welfare, _p = d.count("public_welfare")
    rate = "—"
    if d.survey is not None and d.survey.respondents:
        rate = format_percent(Decimal(d.survey.satisfied) / Decimal(d.survey.respondents))
    return [
        (_("Members at the end of the year"), format_number(d.members.total)),
        (_("Members joined in the year"), format_number(d.members.joined)),
        (_("Meetings held"), format_number(d.meetings_held)),
        (_("Trainings"), _("{n} sessions, {people} participants").format(
            n=format_number(trainings), people=format_number(trained))),
        (_("Disputes mediated"), format_number(mediations)),
        (_("Public welfare activities"), format_number(welfare)),
        (_("Donations received (yuan)"), format_amount(d.donations.received, fen=True)),
        (_("Donations given (yuan)"), format_amount(d.donations.given, fen=True)),
        (_("Member satisfaction"), rate),
    ]


def csr_story(d: CsrReportData, st: KitStyles) -> list[Flowable]:
    name = d.settings.name
    story: list[Flowable] = cover_page(_("Social-responsibility report"), name, d.year, st)
    story += title_block(_("Social-responsibility report of {year}").format(year=d.year), styles=st,
                         bookmark=False)
    story += narrative(d.texts, "foreword", CSR, st)
    sec = Sections(st)
    story += sec.heading(_("Key figures of the year"))
    story.append(key_value_table(key_figures(d), st))
    story += sec.heading(_("Industry self-discipline"))
    story += narrative(d.texts, "self_discipline", CSR, st)
    story += sec.heading(_("Standards work"))
    story += narrative(d.texts, "standards", CSR, st)
    if d.standards:
        cols = [Column(_("Standard"), "text", "3*"), Column(_("Number"), "center"), Column(_("Level"), "center"),
                Column(_("Role"), "center"), Column(_("Status"), "center")]
        story.append(data_table(cols, [(s.title, s.code, s.level, s.role, s.status) for s in d.standards], styles=st))
    story += sec.heading(_("Service commitments"))
    story += narrative(d.texts, "commitments", CSR, st)
    story += sec.heading(_("Training"))
    story += narrative(d.texts, "training", CSR, st)
    if d.trainings:
        story.append(activity_table(d.trainings, st))
    story += sec.heading(_("Dispute mediation"))
    story += narrative(d.texts, "mediation", CSR, st)
    if d.mediations:
        story.append(activity_table(d.mediations, st))
    story += sec.heading(_("Public welfare and donations"))
    story += narrative(d.texts, "public_welfare", CSR, st)
    story.append(key_value_table([(_("Donations received (yuan)"), format_amount(d.donations.received, fen=True)),
                                  (_("Donations given (yuan)"), format_amount(d.donations.given, fen=True))], st))
    if d.public_welfare:
        story.append(sub_heading(_("Public welfare activities"), st))
        story.append(activity_table(d.public_welfare, st))
    story += sec.heading(_("Environmental governance"))
    story += narrative(d.texts, "environment", CSR, st)
    story += sec.heading(_("Outlook"))
    story += narrative(d.texts, "outlook", CSR, st)
    return story


def csr_report_pdf(d: CsrReportData, *, footer: bool = True, lang: str | None = None) -> bytes:
    """The report of ``core.reports.data.csr_report_data``; ``footer=False`` inside a package."""
    st = get_styles(lang)
    data, _pages = render_pdf(csr_story(d, st), title=_("Social-responsibility report"),
                              association=d.settings.name, footer=footer, cover=True, lang=st.lang)
    return data
