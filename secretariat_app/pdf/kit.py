"""The PDF kit: page templates, page numbering, metadata and bookmarks — one call to build a PDF.

``build_pdf(target, story, title=…, association=…)`` lays ``story`` out on A4 portrait (or
landscape, or any page size: the 241 mm continuous form, voucher paper), with the association's
name in the header, ``第 N 页 共 M 页`` (``Page N of M``) in the footer, the title and author in
the PDF's metadata, and every heading as a bookmark; it returns the number of pages.
:func:`pdf_bytes` / :func:`render_pdf` make the PDF in memory (packages assemble documents).

One pass is enough for ``共 M 页``: :class:`KitCanvas` writes the page labels into the finished
pages when the document is saved, so bookmarks keep pointing at the right pages. A story with a
table of contents is built with reportlab's multi-pass ``multiBuild``.

Page templates in every document: ``portrait`` and ``landscape`` (switch with
:func:`new_page`), and ``plain-portrait`` / ``plain-landscape`` without header and footer (a
cover; the page still counts). Everything else a story needs is re-exported here: styles
(:func:`get_styles`), tables (:func:`data_table`, :func:`kit_table`, :class:`Column`), headings and
bookmarks, :func:`title_block`, :class:`SignatureLines`, :class:`SealBox`.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Any, BinaryIO, Callable, Sequence

from reportlab.lib.pagesizes import A4, A5, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from secretariat_app.i18n import N_, normalize_language
from secretariat_app.pdf.flowables import (  # noqa: F401 — re-exported: the kit is one import
    Bookmark,
    Heading,
    MetaRow,
    OutlineShift,
    SealBox,
    SignatureLines,
    heading,
    hr,
    markup,
    outline_section,
    para,
    spacer,
    table_of_contents,
    title_block,
)
from secretariat_app.pdf.fonts import FontMissing, register_fonts  # noqa: F401
from secretariat_app.pdf.styles import MUTED_COLOR, RULE_COLOR, KitStyles, get_styles  # noqa: F401
from secretariat_app.pdf.tables import Column, data_table, format_cell, kit_table  # noqa: F401

# Paper. 241 mm continuous form (9.5" × 11") and its half sheet, the usual voucher paper (凭证纸).
CONTINUOUS_241 = (241 * mm, 279.4 * mm)
VOUCHER_241 = (241 * mm, 139.7 * mm)
PAGE_SIZES = {"A4": A4, "A5": A5, "continuous-241": CONTINUOUS_241, "voucher-241": VOUCHER_241,
              "voucher-a5": landscape(A5)}

PAGE_LABEL = N_("Page {page} of {total}")
SEAL_LABEL = N_("(Seal)")
# Signers of financial statements (制度 第七十五条; DOMAIN.md §3).
STATEMENT_SIGNERS = (N_("Head of the organization"), N_("Head in charge of accounting"),
                     N_("Head of the accounting office"), N_("Prepared by"))


def tr(message: str, lang: str | None = None) -> str:
    """``message`` translated into ``lang`` (default: the current language) without switching."""
    from secretariat_app import i18n

    if lang is None:
        return i18n._(message)
    return i18n._load(normalize_language(lang)).gettext(message)


def statement_signers(lang: str | None = None) -> list[str]:
    """单位负责人, 主管会计工作的负责人, 会计机构负责人（会计主管人员）, 制表人 — translated."""
    return [tr(label, lang) for label in STATEMENT_SIGNERS]


@dataclass(frozen=True)
class PageSetup:
    """A page size (points) and margins (top, right, bottom, left) in points."""

    size: tuple[float, float]
    margins: tuple[float, float, float, float]

    @property
    def frame_width(self) -> float:
        return self.size[0] - self.margins[1] - self.margins[3]

    @property
    def frame_height(self) -> float:
        return self.size[1] - self.margins[0] - self.margins[2]

    def turned(self) -> "PageSetup":
        t, r, b, l = self.margins
        w, h = self.size
        # The same margins on the turned page: the binding stays on the left.
        return PageSetup((h, w), (t, r, b, l))


def resolve_pagesize(pagesize: str | tuple[float, float] | None, orientation: str | None) -> tuple[float, float]:
    """A page size from a name (``A4``, ``continuous-241``, ``voucher-241``…) or ``(w, h)`` points;
    ``orientation`` forces portrait/landscape, ``None`` keeps it as given (A4 portrait by default)."""
    if isinstance(pagesize, str):
        try:
            size = PAGE_SIZES[pagesize]
        except KeyError:
            raise ValueError(f"unknown page size {pagesize!r}; known: {', '.join(PAGE_SIZES)}") from None
    else:
        size = tuple(pagesize) if pagesize else A4  # type: ignore[assignment]
    if orientation == "landscape":
        return landscape(size)
    if orientation == "portrait":
        return portrait(size)
    if orientation is not None:
        raise ValueError("orientation is 'portrait' or 'landscape'")
    return size  # type: ignore[return-value]


def page_setup(orientation: str | None = None, pagesize=None, margins: Sequence[float] | None = None) -> PageSetup:
    """Page size and margins: generous for A4 (22/18/20/25 mm, binding on the left), narrow for
    small forms such as vouchers."""
    size = resolve_pagesize(pagesize, orientation)
    if margins is not None:
        return PageSetup(size, tuple(margins))  # type: ignore[arg-type]
    if min(size) < 160 * mm:
        return PageSetup(size, (12 * mm, 10 * mm, 12 * mm, 14 * mm))
    if size[0] > size[1]:
        return PageSetup(size, (20 * mm, 15 * mm, 18 * mm, 20 * mm))
    return PageSetup(size, (22 * mm, 18 * mm, 20 * mm, 25 * mm))


def frame_width(orientation: str | None = None, pagesize=None, margins=None) -> float:
    """The width (points) a flowable gets on such a page."""
    return page_setup(orientation, pagesize, margins).frame_width


def new_page(template: str | None = None) -> list[Flowable]:
    """Start a new page, optionally on another template (``landscape``, ``portrait``,
    ``plain-portrait``…). ``story += new_page("landscape")``."""
    return ([NextPageTemplate(template)] if template else []) + [PageBreak()]


# ---- canvas: page label with the total ----------------------------------------------------

class KitCanvas(Canvas):
    """A canvas that writes ``第 N 页 共 M 页`` once M is known.

    During layout each page only notes where its label goes; when the document is saved (M is
    known) the labels are drawn and put at the start of each page's content stream, before the
    stream is formatted. Pages are still shown as they are finished, so bookmarks and links point
    at the right pages, and the label is ordinary text on the page (text extraction reads
    ``第 1 页 共 3 页`` in one piece).
    """

    def __init__(self, *args, kit_font: str = "", kit_label: str = "", kit_color=MUTED_COLOR, **kwargs):
        super().__init__(*args, **kwargs)
        self.kit_font = kit_font
        self.kit_label = kit_label or "{page} / {total}"
        self.kit_color = kit_color
        self.page_count = 0
        self._kit_labels: dict[int, tuple[float, float, float]] = {}
        self._kit_pages: dict[int, Any] = {}

    def draw_page_label(self, x_center: float, y: float, size: float = 8.5) -> None:
        """Put the page label of the current page, centred at ``x_center``, baseline ``y``."""
        self._kit_labels[self._pageNumber] = (x_center, y, size)

    def showPage(self) -> None:  # noqa: N802 — reportlab's name
        number = self._pageNumber
        super().showPage()
        self._kit_pages[number] = self._doc.Pages.pages[-1]

    def _label_ops(self, number: int, total: int) -> str:
        x, y, size = self._kit_labels[number]
        saved = self._code
        self._code = []
        try:
            self.saveState()
            self.setFillColor(self.kit_color)
            self.setFont(self.kit_font, size)
            self.drawCentredString(x, y, self.kit_label.format(page=number, total=total))
            self.restoreState()
            return "\n".join(self._code) + "\n"
        finally:
            self._code = saved

    def save(self) -> None:
        if len(self._code):
            self.showPage()
        self.page_count = self._pageNumber - 1
        for number in sorted(self._kit_labels):
            page = self._kit_pages.get(number)
            if page is not None and isinstance(getattr(page, "stream", None), str):
                page.stream = self._label_ops(number, self.page_count) + page.stream
        self._code = []
        super().save()


# ---- document template --------------------------------------------------------------------

class KitDocTemplate(BaseDocTemplate):
    """Page templates with header and footer, bookmarks and table-of-contents entries."""

    def __init__(self, target, *, setup: PageSetup, title: str, association: str, lang: str,
                 header: bool, footer: bool, on_page: Callable | None, cover: bool, styles: KitStyles, **meta):
        self.kit_setup = setup
        self.kit_title = title or ""
        self.association = association or ""
        self.kit_lang = lang
        self.kit_styles = styles
        self.kit_header = header
        self.kit_footer = footer
        self.kit_on_page = on_page
        super().__init__(target, pagesize=setup.size, title=title or "", author=association or "",
                         creator="Secretariat", producer="Secretariat (reportlab)",
                         initialFontName=styles.font, initialFontSize=10,
                         lang="zh-CN" if lang.startswith("zh") else "en", **meta)
        main = setup
        other = setup.turned()
        portrait_setup, landscape_setup = (main, other) if main.size[0] <= main.size[1] else (other, main)
        templates = {
            "portrait": self._template("portrait", portrait_setup, header, footer),
            "landscape": self._template("landscape", landscape_setup, header, footer),
            "plain-portrait": self._template("plain-portrait", portrait_setup, False, False),
            "plain-landscape": self._template("plain-landscape", landscape_setup, False, False),
        }
        first = "portrait" if main is portrait_setup else "landscape"
        order = [first] + [k for k in templates if k != first]
        if cover:
            plain = "plain-" + first
            templates[plain].autoNextPageTemplate = first
            order = [plain] + [k for k in order if k != plain]
        self.addPageTemplates([templates[k] for k in order])

    def _template(self, name: str, setup: PageSetup, header: bool, footer: bool) -> PageTemplate:
        t, r, b, l = setup.margins
        w, h = setup.size
        frame = Frame(l, b, w - l - r, h - t - b, id=name, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        return PageTemplate(id=name, frames=[frame], pagesize=setup.size,
                            onPage=lambda canv, doc: self._decorate(canv, setup, header, footer))

    def _decorate(self, canv: Canvas, setup: PageSetup, header: bool, footer: bool) -> None:
        t, r, b, l = setup.margins
        w, h = setup.size
        font = self.kit_styles.font
        canv.saveState()
        if header and (self.association or self.kit_title):
            y = h - t + min(6 * mm, t / 3)
            canv.setFont(font, 8)
            canv.setFillColor(MUTED_COLOR)
            canv.drawString(l, y + 2.5, self.association)
            if self.kit_title and self.kit_title != self.association:
                canv.drawRightString(w - r, y + 2.5, self.kit_title)
            canv.setStrokeColor(RULE_COLOR)
            canv.setLineWidth(0.5)
            canv.line(l, y, w - r, y)
        if footer and isinstance(canv, KitCanvas):
            canv.draw_page_label(l + (w - l - r) / 2, max(b - 10 * mm, 5 * mm))
        canv.restoreState()
        if self.kit_on_page is not None:
            canv.saveState()
            self.kit_on_page(canv, self)
            canv.restoreState()

    def beforeDocument(self) -> None:
        self._outline_last = -1
        self._outline_shift = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        shift = getattr(flowable, "outline_shift", None)
        if shift is not None:
            self._outline_shift = shift
            return
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        # reportlab refuses an entry more than one level below the previous one.
        level = max(0, min(level + self._outline_shift, self._outline_last + 1))
        self._outline_last = level
        title = getattr(flowable, "outline_title", None) or (
            flowable.getPlainText() if hasattr(flowable, "getPlainText") else "")
        key = getattr(flowable, "outline_key", None) or f"o{id(flowable)}"
        canv = self.canv
        top = self.frame._y + flowable.getSpaceAfter() + getattr(flowable, "height", 0) + 4
        canv.bookmarkHorizontalAbsolute(key, min(top, canv._pagesize[1]))
        canv.addOutlineEntry(title, key, level=level, closed=level >= 1)
        if getattr(flowable, "outline_toc", True):
            self.notify("TOCEntry", (level, markup(title), self.page, key))


# ---- building -----------------------------------------------------------------------------

def _has_index(story: Sequence[Flowable]) -> bool:
    return any(getattr(f, "isIndexing", lambda: 0)() for f in story)


def build_pdf(target: str | os.PathLike | BinaryIO, story: Sequence[Flowable], *, title: str,
              association: str | None = None, orientation: str | None = None, pagesize=None,
              header: bool = True, footer: bool = True, lang: str | None = None,
              on_page: Callable[[Canvas, KitDocTemplate], None] | None = None, cover: bool = False,
              margins: Sequence[float] | None = None, subject: str | None = None,
              keywords: Sequence[str] | None = None) -> int:
    """Lay out ``story`` into a PDF at ``target`` (a path or a binary file object); return the
    number of pages.

    ``orientation`` ``'portrait'``/``'landscape'`` (default: as ``pagesize`` is; A4 portrait);
    ``pagesize`` a name from PAGE_SIZES or ``(w, h)`` in points; ``header`` prints the
    association's name and the title on every page, ``footer`` ``第 N 页 共 M 页``; ``lang`` the
    document's language (default: the current one); ``on_page(canvas, doc)`` draws extra things
    on every page (a watermark); ``cover`` makes the first page plain. ``story`` is not consumed.
    """
    lang = normalize_language(lang) if lang else None
    styles = get_styles(lang)
    lang = styles.lang
    setup = page_setup(orientation, pagesize, margins)
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    doc = KitDocTemplate(target, setup=setup, title=title, association=association or "", lang=lang,
                         header=header, footer=footer, on_page=on_page, cover=cover, styles=styles,
                         subject=subject or "", keywords=list(keywords or []))
    label = tr(PAGE_LABEL, lang)

    def canvasmaker(*args, **kwargs):
        return KitCanvas(*args, kit_font=styles.font, kit_label=label, **kwargs)

    flowables = list(story)
    if _has_index(flowables):
        doc.multiBuild(flowables, canvasmaker=canvasmaker, maxPasses=6)
    else:
        doc.build(flowables, canvasmaker=canvasmaker)
    return doc.canv.page_count


def render_pdf(story: Sequence[Flowable], **options: Any) -> tuple[bytes, int]:
    """``(pdf bytes, page count)`` — the same options as :func:`build_pdf`."""
    buf = io.BytesIO()
    pages = build_pdf(buf, story, **options)
    return buf.getvalue(), pages


def pdf_bytes(story: Sequence[Flowable], **options: Any) -> bytes:
    """The PDF as bytes (options as :func:`build_pdf`)."""
    return render_pdf(story, **options)[0]


class PdfStory(list):
    """A story (list of flowables) with helpers in the kit's styles; pass it to build_pdf.

    ``PdfStory(lang="zh_CN").title("会员名册", right="单位：元").table(cols, rows).signatures([...])``
    """

    def __init__(self, *, lang: str | None = None, styles: KitStyles | None = None):
        super().__init__()
        self.styles = styles or get_styles(lang)

    def title(self, title: str, **kw) -> "PdfStory":
        self.extend(title_block(title, styles=self.styles, **kw))
        return self

    def heading(self, text: str, level: int = 1, **kw) -> "PdfStory":
        self.append(heading(text, level, styles=self.styles, **kw))
        return self

    def para(self, text: str, style: str = "body", **kw) -> "PdfStory":
        self.append(para(text, style, styles=self.styles, **kw))
        return self

    def table(self, columns: Sequence[Column], rows, **kw) -> "PdfStory":
        self.append(data_table(columns, rows, styles=self.styles, **kw))
        return self

    def signatures(self, items, **kw) -> "PdfStory":
        self.append(SignatureLines(items, styles=self.styles, **kw))
        return self

    def seal(self, **kw) -> "PdfStory":
        self.append(SealBox(styles=self.styles, **kw))
        return self

    def space(self, height_mm: float = 4) -> "PdfStory":
        self.append(spacer(height_mm))
        return self

    def page_break(self, template: str | None = None) -> "PdfStory":
        self.extend(new_page(template))
        return self
