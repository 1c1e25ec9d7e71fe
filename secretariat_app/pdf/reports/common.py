"""Pieces shared by the report documents: numbered section headings, key/value tables, the cover
page, the truthfulness pledge and the signature/seal page (DOMAIN.md §5)."""

from __future__ import annotations

from datetime import date
from typing import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from secretariat_app.core.reports.narrative import section_title
from secretariat_app.i18n import _, format_date
from secretariat_app.pdf.kit import (
    Bookmark,
    KitStyles,
    SealBox,
    SignatureLines,
    heading,
    kit_table,
    markup,
    new_page,
    para,
    spacer,
)
from secretariat_app.pdf.reports.narrative import narrative_flowables

CN_NUMERALS = "一二三四五六七八九十"


def ordinal(n: int, lang: str) -> str:
    """``一、`` … ``十、`` in Chinese, ``1. `` in English (section numbers)."""
    if lang.startswith("zh"):
        if n <= 10:
            return CN_NUMERALS[n - 1] + "、"
        if n < 20:
            return "十" + CN_NUMERALS[n - 11] + "、"
        return f"{n}、"
    return f"{n}. "


class Sections:
    """Numbers the sections of one document as they are added."""

    def __init__(self, st: KitStyles):
        self.st = st
        self.n = 0

    def heading(self, title: str) -> list[Flowable]:
        self.n += 1
        return [CondPageBreak(40 * mm), heading(ordinal(self.n, self.st.lang) + title, 1, styles=self.st)]


def sub_heading(title: str, st: KitStyles) -> Flowable:
    return heading(title, 2, styles=st, bookmark=False)


def narrative(texts: dict[str, str], key: str, document: str, st: KitStyles, *, titled: bool = False,
              empty: str | None = None) -> list[Flowable]:
    """The flowables of one narrative section (its title as a sub-heading when ``titled``)."""
    text = texts.get(key, "")
    out: list[Flowable] = []
    if titled and (text.strip() or empty is not None):
        out.append(sub_heading(section_title(document, key), st))
    if text.strip():
        out += narrative_flowables(text, styles=st)
    elif empty is not None:
        out.append(para(empty, "body_indent", styles=st))
    return out


def key_value_table(pairs: Sequence[tuple[str, str]], st: KitStyles, *, columns: int = 2) -> Flowable:
    """Label/value pairs, ``columns`` pairs a row (labels shaded)."""
    rows = []
    for i in range(0, len(pairs), columns):
        row: list[str] = []
        for label, value in pairs[i:i + columns]:
            row += [label, value or "—"]
        row += [""] * (2 * columns - len(row))
        rows.append(row)
    widths: list = []
    for _i in range(columns):
        widths += [None, "1*"]  # labels at their natural width, values share the rest
    style = [("BACKGROUND", (c, 0), (c, -1), "#eef0f3") for c in range(0, 2 * columns, 2)]
    style += [("FONT", (c, 0), (c, -1), st.bold, 9.5) for c in range(0, 2 * columns, 2)]
    return kit_table(rows, widths=widths, header_rows=0, zebra=False, font_size=9.5, styles=st, style=style)


def counts_table(head: Sequence[str], rows: Sequence[Sequence], st: KitStyles, *, total: Sequence | None = None,
                 widths: Sequence | None = None, labelled: bool = True) -> Flowable:
    """A small table of counts (right-aligned); the first column holds labels when ``labelled``."""
    from secretariat_app.i18n import format_number

    def cell(v):
        return format_number(v) if isinstance(v, int) and not isinstance(v, bool) else ("" if v is None else str(v))

    data = [list(head)] + [[cell(v) for v in r] for r in rows]
    totals = []
    if total is not None:
        data.append([cell(v) for v in total])
        totals = [len(data) - 1]
    def numeric(c: int) -> bool:
        return all(isinstance(r[c], int) or r[c] in ("", None) for r in rows) and (c > 0 or not labelled)

    align = ["right" if numeric(c) else "left" for c in range(len(head))]
    return kit_table(data, header_rows=1, total_rows=totals, align=align, styles=st, widths=widths,
                     font_size=9.5)


def cover_page(title: str, association: str, year: int, st: KitStyles, *, subtitle: str | None = None,
               issued: date | None = None, lines: Sequence[tuple[str, str]] = ()) -> list[Flowable]:
    """A cover: the association, the document's title and year, a few label lines, the date.

    Built on the kit's plain first page (``build_pdf(cover=True)``); ends with a page break.
    """
    big = ParagraphStyle("cover_title", parent=st.title, fontSize=26, leading=36, alignment=TA_CENTER,
                         spaceAfter=6 * mm)
    mid = ParagraphStyle("cover_assoc", parent=st.title, fontSize=16, leading=24, alignment=TA_CENTER)
    year_style = ParagraphStyle("cover_year", parent=st.subtitle, fontSize=14, leading=20, alignment=TA_CENTER)
    out: list[Flowable] = [Bookmark(title, 0), Spacer(1, 45 * mm), Paragraph(markup(association), mid),
                           Spacer(1, 10 * mm), Paragraph(markup(title), big)]
    out.append(Paragraph(markup(subtitle or (_("Year {year}").format(year=year))), year_style))
    if lines:
        out.append(Spacer(1, 45 * mm))
        data = [[label + ("：" if st.lang.startswith("zh") else ": "), value] for label, value in lines]
        t = Table(data, colWidths=[45 * mm, 80 * mm], hAlign="CENTER")
        t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), st.font, 12, 18),
                               ("ALIGN", (0, 0), (0, -1), "RIGHT"),
                               ("LINEBELOW", (1, 0), (1, -1), 0.6, "#333333"),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        out.append(t)
    out.append(Spacer(1, 20 * mm))
    out.append(Paragraph(markup(format_date(issued or date.today(), lang=st.lang)), year_style))
    out += new_page()
    return out


def pledge_page(association: str, year: int, st: KitStyles) -> list[Flowable]:
    """真实性承诺书: the association vouches for the report; signed by the legal representative."""
    out: list[Flowable] = new_page("portrait")
    out.append(heading(_("Pledge of truthfulness"), 0, styles=st))  # a title of its own, centred
    out.append(spacer(4))
    text = _("{association} solemnly pledges that the annual work report of {year} and all the materials "
             "submitted with it are true, accurate and complete, with no false records, misleading statements "
             "or material omissions; the association accepts the registration authority's inspection and bears "
             "the legal responsibility for the truthfulness of what it submits.").format(
        association=association, year=year)
    out.append(para(text, "body_indent", styles=st))
    out.append(spacer(20))
    out.append(SignatureLines([_("Legal representative (signature)"), _("Date")], styles=st, blank=40 * mm))
    out.append(SealBox(caption=[association, _("(seal of the association)")], styles=st))
    return out


def seal_page(association: str, st: KitStyles, *, supervising: str = "") -> list[Flowable]:
    """签章页: the association's seal and signatures, the supervising department's opinion."""
    out: list[Flowable] = new_page("portrait")
    out.append(heading(_("Signatures and seals"), 0, styles=st))
    out.append(sub_heading(_("The association"), st))
    out.append(SignatureLines([_("Legal representative"), _("Secretary-general"), _("Date")], styles=st,
                              blank=32 * mm))
    out.append(SealBox(caption=[association], styles=st))
    out.append(spacer(6))
    out.append(sub_heading(_("Opinion of the supervising department"), st))
    box = Table([[""]], colWidths=["100%"], rowHeights=[38 * mm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, "#555555"),
                             ("FONT", (0, 0), (-1, -1), st.font, 10)]))  # else reportlab's Helvetica, not embedded
    out.append(box)
    out.append(SealBox(caption=[supervising or _("Supervising department"), _("(seal)")], styles=st))
    return out


def empty_note(st: KitStyles, text: str) -> Flowable:
    return para(text, "body_indent", styles=st)


def activity_table(rows, st: KitStyles, *, with_kind: bool = False) -> Flowable:
    """Activities (``data.ActivityRow``): date, (kind,) title, participants, and notes when any."""
    from secretariat_app.pdf.kit import Column, data_table

    notes = any(a.note for a in rows)
    cols = [Column(_("Date"), "date")] + ([Column(_("Kind"), "center")] if with_kind else []) + [
        Column(_("Activity"), "text", "3*"), Column(_("Participants"), "integer")]
    if notes:
        cols.append(Column(_("Note"), "text", "2*"))
    body = [(a.on_date, *([a.kind_label] if with_kind else []), a.title, a.participants, *([a.note] if notes else []))
            for a in rows]
    return data_table(cols, body, styles=st)
