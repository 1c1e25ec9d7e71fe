"""等级评估自评表: the grade self-evaluation as a table (DOMAIN.md §5, ``core/reports/grade.py``)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from secretariat_app.core.reports.grade import GradeEvaluation
from secretariat_app.core.reports.indicators import GRADES
from secretariat_app.i18n import _, format_number
from secretariat_app.pdf.kit import (
    KitStyles,
    SignatureLines,
    get_styles,
    kit_table,
    para,
    render_pdf,
    spacer,
    title_block,
)


def grade_story(ev: GradeEvaluation, association: str, st: KitStyles) -> list[Flowable]:
    story: list[Flowable] = []
    story += title_block(_("Grade self-evaluation"), subtitle=_("Year {year}").format(year=ev.year),
                         left=_("Association: {name}").format(name=association),
                         right=_("Total points: {points}").format(points=1000), styles=st)
    head = [_("Indicator group"), _("Indicator"), _("Points"), _("Score"), _("Basis"), _("Source")]
    data: list[list] = [head]
    spans = []
    group_rows = []
    for g in ev.groups:
        first = len(data)
        for i in g.indicators:
            score = "" if i.score is None else format_number(i.score)
            source = _("Book data") if i.source == "data" else _("Staff")
            basis = i.note or ("" if i.score is not None else _("not scored yet"))
            data.append(["", i.title, format_number(i.points), score, basis, source])
        data[first][0] = g.title
        spans.append(((0, first), (0, len(data) - 1)))
        data.append(["", _("Subtotal: {group}").format(group=g.title), format_number(g.points),
                     format_number(g.score), "", ""])
        group_rows.append(len(data) - 1)
        spans.append(((0, len(data) - 1), (1, len(data) - 1)))
        data[-1][0] = data[-1][1]
        data[-1][1] = ""
    data.append([_("Total"), "", format_number(sum(g.points for g in ev.groups)), format_number(ev.total),
                 _("Grade reached: {grade}").format(grade=ev.grade or _("none")), ""])
    spans.append(((0, len(data) - 1), (1, len(data) - 1)))
    style = [("VALIGN", (0, 1), (0, -1), "MIDDLE")]
    for r in group_rows:
        style += [("FONT", (0, r), (-1, r), st.bold, 8.5), ("BACKGROUND", (0, r), (-1, r), "#f0f2f5")]
    story.append(kit_table(data, header_rows=1, total_rows=[len(data) - 1], spans=spans, font_size=8.5, styles=st,
                           align=["center", "left", "right", "right", "left", "center"],
                           widths=[None, "3*", None, None, "5*", None], zebra=False, style=style))
    story.append(spacer(3))
    scale = "；".join(_("{grade} at least {points} points").format(grade=g, points=p) for p, g in GRADES) \
        if st.lang.startswith("zh") else "; ".join(f"{g} ≥ {p}" for p, g in GRADES)
    story.append(para(_("Grades on the 1000-point scale: {scale}.").format(scale=scale), "small", styles=st))
    if ev.unscored:
        story.append(para(_("{n} indicator(s) scored by staff are not scored yet and count as zero.").format(
            n=ev.unscored), "small", styles=st))
    story.append(SignatureLines([_("Filled in by"), _("Reviewed by"), _("Date")], styles=st))
    return story


def grade_pdf(ev: GradeEvaluation, association: str, *, footer: bool = True, lang: str | None = None) -> bytes:
    """The self-evaluation table (``core.reports.grade.grade_evaluation``) as PDF bytes."""
    st = get_styles(lang)
    data, _pages = render_pdf(grade_story(ev, association, st), title=_("Grade self-evaluation"), association=association,
                              footer=footer, lang=st.lang)
    return data
