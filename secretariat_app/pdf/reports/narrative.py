"""Narrative sections (``core/reports/markup.py``) as reportlab flowables in the kit's styles."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph

from secretariat_app.core.reports.markup import BULLETS, HEADING, PARAGRAPH, parse, to_reportlab
from secretariat_app.pdf.kit import KitStyles, get_styles


def narrative_flowables(text: str, *, styles: KitStyles | None = None, base_level: int = 2) -> list[Flowable]:
    """The flowables of one section's text. Markup headings ``#``/``##``/``###`` print at
    ``base_level`` and below (h2, h3 by default) without bookmarks of their own."""
    st = styles or get_styles()
    out: list[Flowable] = []
    item_style = ParagraphStyle("narrative_item", parent=st.body, firstLineIndent=0, spaceAfter=1.5)
    for block in parse(text):
        if block.kind == HEADING:
            level = min(base_level + block.level - 1, 3)
            p = Paragraph(to_reportlab(block.text), st.heading(level))
            p.keepWithNext = 1
            out.append(p)
        elif block.kind == PARAGRAPH:
            out.append(Paragraph(to_reportlab(block.text), st.body_indent))
        else:
            items = [ListItem(Paragraph(to_reportlab(it), item_style)) for it in block.items]
            if block.kind == BULLETS:
                lf = ListFlowable(items, bulletType="bullet", start="•", bulletFontName=st.font,
                                  bulletFontSize=st.body.fontSize, leftIndent=18, bulletOffsetY=0)
            else:
                lf = ListFlowable(items, bulletType="1", bulletFormat="%s.", bulletFontName=st.font,
                                  bulletFontSize=st.body.fontSize, leftIndent=20)
            lf.spaceAfter = st.body.spaceAfter
            out.append(lf)
    return out
