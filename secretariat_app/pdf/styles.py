"""Paragraph styles of every Secretariat document, set in the registered CJK font.

Sizes follow Chinese office practice (字号): title 小二 18 pt, h1 三号 16 pt, h2 四号 14 pt,
h3 小四 12 pt, body 五号 10.5 pt, table cells 9 pt, small print 8 pt. Chinese text wraps between
any two characters (reportlab ``wordWrap='CJK'``); English documents wrap at spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from secretariat_app.i18n import current_language, normalize_language
from secretariat_app.pdf.fonts import register_fonts

TEXT_COLOR = colors.HexColor("#1a1a1a")
MUTED_COLOR = colors.HexColor("#555555")
RULE_COLOR = colors.HexColor("#888888")
GRID_COLOR = colors.HexColor("#9a9a9a")
HEADER_FILL = colors.HexColor("#e6e9ef")
ZEBRA_FILL = colors.HexColor("#f0f2f5")
TOTAL_FILL = colors.HexColor("#eef0f3")


@dataclass(frozen=True)
class KitStyles:
    """The styles of one document language. ``font``/``bold`` are reportlab font names."""

    lang: str
    font: str
    bold: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle         # plain running text, no indent
    body_indent: ParagraphStyle  # Chinese prose: first line indented by two characters
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_bold: ParagraphStyle
    header_cell: ParagraphStyle
    meta_left: ParagraphStyle    # title-block lines: 编制单位 / period / 单位：元
    meta_center: ParagraphStyle
    meta_right: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]

    def heading(self, level: int) -> ParagraphStyle:
        return {0: self.title, 1: self.h1, 2: self.h2}.get(level, self.h3)

    def cell_style(self, align: str = "left", bold: bool = False, size: float | None = None) -> ParagraphStyle:
        """A table-cell style with the given alignment, weight and (optionally) font size."""
        base = self.cell_bold if bold else {"right": self.cell_right, "center": self.cell_center}.get(align, self.cell)
        if bold and align != "left":
            base = ParagraphStyle(f"{base.name}-{align}", parent=base,
                                  alignment=TA_RIGHT if align == "right" else TA_CENTER)
        if size and size != base.fontSize:
            base = ParagraphStyle(f"{base.name}-{size}", parent=base, fontSize=size, leading=round(size * 1.25, 1))
        return base


def get_styles(lang: str | None = None) -> KitStyles:
    """The styles for ``lang`` (default: the current language); registers the fonts first."""
    return _styles(normalize_language(lang or current_language()))


@lru_cache(maxsize=4)
def _styles(lang: str) -> KitStyles:
    fonts = register_fonts()
    wrap = "CJK" if lang.startswith("zh") else None
    f, b = fonts.normal, fonts.bold

    def ps(name: str, size: float, *, font: str = f, leading: float | None = None, align=TA_LEFT,
           before: float = 0, after: float = 0, color=TEXT_COLOR, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading or round(size * 1.45, 1),
                              alignment=align, spaceBefore=before, spaceAfter=after, textColor=color,
                              wordWrap=wrap, **kw)

    body = ps("body", 10.5, after=4, align=TA_JUSTIFY if wrap else TA_LEFT)
    cell = ps("cell", 9, leading=11.5)
    return KitStyles(
        lang=lang, font=f, bold=b,
        title=ps("title", 18, font=b, align=TA_CENTER, leading=24, after=4, keepWithNext=1),
        subtitle=ps("subtitle", 11, align=TA_CENTER, after=6, color=MUTED_COLOR, keepWithNext=1),
        h1=ps("h1", 16, font=b, leading=22, before=10, after=6, keepWithNext=1),
        h2=ps("h2", 14, font=b, leading=19, before=8, after=4, keepWithNext=1),
        h3=ps("h3", 12, font=b, leading=16, before=6, after=3, keepWithNext=1),
        body=body,
        body_indent=ParagraphStyle("body_indent", parent=body, firstLineIndent=2 * 10.5 if wrap else 0),
        small=ps("small", 8, leading=10.5, color=MUTED_COLOR),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=b),
        header_cell=ParagraphStyle("header_cell", parent=cell, fontName=b, alignment=TA_CENTER),
        meta_left=ps("meta_left", 9.5, leading=12),
        meta_center=ps("meta_center", 9.5, leading=12, align=TA_CENTER),
        meta_right=ps("meta_right", 9.5, leading=12, align=TA_RIGHT),
        toc=tuple(ps(f"toc{i}", size, font=b if i == 0 else f, leading=size * 1.6, leftIndent=18 * i,
                     firstLineIndent=0) for i, size in enumerate((11, 10.5, 10))),
    )
