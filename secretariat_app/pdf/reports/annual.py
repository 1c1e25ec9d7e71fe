"""年度工作报告: the annual work report for the registration authority's inspection (DOMAIN.md §5).

Sections: basic information (book settings), governance (officers, meetings held by kind, charter
changes), members (by kind and level, joined, left), staff, activities, services to members and
government purchased services, standards, finances (dues, key figures and the three statements as
the ledger prints them), problems and next year's plan; then the truthfulness pledge
(真实性承诺书) and the signature/seal page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from secretariat_app.core.book_settings import label as setting_label
from secretariat_app.core.members.models import BODY_LABELS, KIND_LABELS
from secretariat_app.core.reports.data import AnnualReportData
from secretariat_app.core.reports.models import ANNUAL
from secretariat_app.i18n import _, format_amount, format_date, format_number
from secretariat_app.pdf.kit import Column, KitStyles, data_table, get_styles, new_page, para, render_pdf
from secretariat_app.pdf.reports.common import (
    Sections,
    activity_table,
    counts_table,
    cover_page,
    empty_note,
    key_value_table,
    narrative,
    pledge_page,
    seal_page,
    sub_heading,
)

SETTINGS_SHOWN = ("name", "credit_code", "registration_number", "registration_date", "registration_authority",
                  "supervising_department", "address", "legal_representative", "secretary_general", "phone")
# Key figures of the statements (row numbers of the official forms, NPO-FORMS-2004.md).
BALANCE_ROWS = (60, 100, 110)
ACTIVITY_ROWS = (11, 35, 45)


def basic_info(d: AnnualReportData) -> list[tuple[str, str]]:
    s = d.settings
    out = []
    for key in SETTINGS_SHOWN:
        value = getattr(s, key)
        if key == "registration_date":
            value = format_date(value) if value else ""
        out.append((setting_label(key), str(value or "")))
    return out


def financial_figures(stmts) -> list[tuple[str, int]]:
    """(official line name, fen) of the key figures, straight from the ledger's statements."""
    out = []
    for row in BALANCE_ROWS:
        line = stmts.line("balance_sheet", row)
        out.append((line.item, line.values["closing"]))
    for row in ACTIVITY_ROWS:
        line = stmts.line("activities", row)
        out.append((line.item.split("（")[0].lstrip("一二三四五六七八九十、"), line.values["ytd_T"]))
    return out


def _governance(d: AnnualReportData, st: KitStyles) -> list[Flowable]:
    out: list[Flowable] = [sub_heading(_("Officers"), st)]
    if d.officers:
        cols = [Column(_("Post"), "center"), Column(_("Body"), "center"), Column(_("Member"), "text", "3*"),
                Column(_("Representative"), "center")]
        out.append(data_table(cols, [(o.post, _(BODY_LABELS.get(o.body, o.body)), o.name, o.person)
                                     for o in d.officers], styles=st))
    else:
        out.append(empty_note(st, _("No officers are recorded in the roll.")))
    out.append(sub_heading(_("Meetings held"), st))
    if d.meetings:
        out.append(counts_table([_("Kind"), _("Meetings held (number)")], d.meetings_by_kind, st,
                                total=[_("Total"), len(d.meetings)]))
        cols = [Column(_("Date"), "date"), Column(_("Kind"), "center"), Column(_("Meeting"), "text", "3*"),
                Column(_("Expected"), "integer"), Column(_("Present"), "integer"), Column(_("Quorum"), "center")]
        out.append(data_table(cols, [(m.date, m.kind_label, m.title, m.expected, m.present,
                                      _("met") if m.quorum_met else _("not met")) for m in d.meetings], styles=st))
    else:
        out.append(empty_note(st, _("No meetings were held in {year}.").format(year=d.year)))
    out.append(sub_heading(_("Charter changes"), st))
    if d.charter_changes:
        cols = [Column(_("Date"), "date"), Column(_("Meeting"), "text", "2*"), Column(_("Resolution"), "text", "3*")]
        out.append(data_table(cols, [(c.date, c.meeting, c.title) for c in d.charter_changes], styles=st))
    else:
        out.append(empty_note(st, _("The charter was not changed in {year}.").format(year=d.year)))
    out += narrative(d.texts, "governance", ANNUAL, st)
    return out


def _members(d: AnnualReportData, st: KitStyles) -> list[Flowable]:
    m = d.members
    out: list[Flowable] = [counts_table(
        [_("Members at the start of the year"), _("Joined"), _("Left"), _("Members at the end of the year")],
        [[m.at_start, m.joined, m.left, m.total]], st, labelled=False)]
    out.append(sub_heading(_("By kind and level"), st))
    rows = [[lc.kind_label, lc.level, lc.count] for lc in m.by_level]
    out.append(counts_table([_("Kind"), _("Level"), _("Members")], rows, st, total=[_("Total"), "", m.total]))
    out.append(para("；".join(f"{_(KIND_LABELS.get(k, k))} {format_number(n)}" for k, n in m.by_kind.items())
                    if st.lang.startswith("zh") else
                    "; ".join(f"{_(KIND_LABELS.get(k, k))}: {n}" for k, n in m.by_kind.items()), "small", styles=st))
    return out


def _staff(d: AnnualReportData, st: KitStyles) -> list[Flowable]:
    s = d.staff
    if not s.entered:
        return [empty_note(st, _("No staff record entered for {year}.").format(year=d.year))]
    out: list[Flowable] = [counts_table(
        [_("Staff"), _("Full-time"), _("Part-time"), _("With social insurance"), _("With a college degree"),
         _("Party members")],
        [[s.staff_count, s.full_time, s.part_time, s.social_insured, s.degree_holders, s.party_members]], st,
        labelled=False)]
    if s.note:
        out.append(para(s.note, "body_indent", styles=st))
    return out


def _activities(d: AnnualReportData, st: KitStyles) -> list[Flowable]:
    if not d.activities:
        return [empty_note(st, _("No activities entered for {year}.").format(year=d.year))]
    out: list[Flowable] = [counts_table([_("Kind"), _("Activities"), _("Participants")],
                                        [[a.kind_label, a.count, a.participants] for a in d.activity_summary], st,
                                        total=[_("Total"), len(d.activities), sum(a.participants for a in d.activities)])]
    out.append(activity_table(d.activities, st, with_kind=True))
    return out


def _finances(d: AnnualReportData, st: KitStyles) -> list[Flowable]:
    from secretariat_app.pdf.statements import statements_story

    out: list[Flowable] = []
    if d.dues is not None:
        out.append(sub_heading(_("Dues"), st))
        out.append(key_value_table([(_("Dues billed (yuan)"), format_amount(d.dues.billed, fen=True)),
                                    (_("Dues received (yuan)"), format_amount(d.dues.paid, fen=True)),
                                    (_("Dues outstanding (yuan)"), format_amount(d.dues.due, fen=True)),
                                    (_("Members in arrears"), format_number(d.dues.members_in_arrears))], st))
    out.append(sub_heading(_("Key figures (yuan)"), st))
    out.append(key_value_table([(k, format_amount(v, fen=True)) for k, v in financial_figures(d.statements)], st))
    out.append(para(_("The three financial statements follow."), "small", styles=st))
    # the three statements as the ledger prints them, starting on a landscape page
    out += new_page("landscape") + statements_story(d.statements, d.settings.name or "")
    return out


def annual_story(d: AnnualReportData, st: KitStyles) -> list[Flowable]:
    name = d.settings.name
    story: list[Flowable] = cover_page(_("Annual work report"), name, d.year, st,
                                       lines=[(_("Registration authority"), d.settings.registration_authority),
                                              (_("Supervising department"), d.settings.supervising_department)])
    sec = Sections(st)
    story += sec.heading(_("Basic information"))
    story.append(key_value_table(basic_info(d), st))
    story += narrative(d.texts, "overview", ANNUAL, st, titled=True)
    story += sec.heading(_("Governance"))
    story += _governance(d, st)
    story += sec.heading(_("Members"))
    story += _members(d, st)
    story += sec.heading(_("Staff"))
    story += _staff(d, st)
    story += sec.heading(_("Activities"))
    story += _activities(d, st)
    story += sec.heading(_("Services to members and government purchased services"))
    story += narrative(d.texts, "services", ANNUAL, st, titled=True)
    story += narrative(d.texts, "government", ANNUAL, st, titled=True)
    story += sec.heading(_("Standards"))
    if d.standards:
        cols = [Column(_("Standard"), "text", "3*"), Column(_("Number"), "center"), Column(_("Level"), "center"),
                Column(_("Role"), "center"), Column(_("Status"), "center")]
        story.append(data_table(cols, [(s.title, s.code, s.level, s.role, s.status) for s in d.standards], styles=st))
    else:
        story.append(empty_note(st, _("No standards drafted in {year}.").format(year=d.year)))
    story += narrative(d.texts, "standards", ANNUAL, st)
    story += sec.heading(_("Problems and next year's plan"))
    story += narrative(d.texts, "problems", ANNUAL, st, titled=True)
    story += narrative(d.texts, "plans", ANNUAL, st, titled=True)
    story += sec.heading(_("Finances"))
    story += _finances(d, st)
    story += pledge_page(name, d.year, st)
    story += seal_page(name, st, supervising=d.settings.supervising_department)
    return story


def annual_report_pdf(d: AnnualReportData, *, footer: bool = True, lang: str | None = None) -> bytes:
    """The report of ``core.reports.data.annual_report_data``; ``footer=False`` inside a package."""
    st = get_styles(lang)
    data, _pages = render_pdf(annual_story(d, st), title=_("Annual work report"),
                              association=d.settings.name, footer=footer, cover=True, lang=st.lang)
    return data
