"""Flowables of the PDF kit: headings that become bookmarks, the title block, signature lines,
the seal box, and the table of contents.

Outline (bookmarks): any flowable with an ``outline_level`` attribute becomes a PDF outline entry
(and a table-of-contents entry) when it is laid out — :class:`Heading`, :class:`Bookmark`, the
title of :func:`title_block`. :class:`OutlineShift` moves every later entry ``n`` levels deeper, so
that a package can nest whole documents under its own entries (:func:`outline_section`).
"""

from __future__ import annotations

import itertools
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer
from reportlab.platypus.tableofcontents import TableOfContents

from secretariat_app.pdf.styles import MUTED_COLOR, TEXT_COLOR, KitStyles, get_styles

_keys = itertools.count(1)


def markup(text: Any) -> str:
    """Plain text made safe for a reportlab Paragraph (``&``, ``<`` escaped, newlines kept)."""
    return escape("" if text is None else str(text)).replace("\n", "<br/>")


def para(text: Any, style: str | Any = "body", *, styles: KitStyles | None = None, raw: bool = False) -> Paragraph:
    """A paragraph of plain ``text`` (escaped unless ``raw`` — then reportlab markup such as
    ``<b>``). ``style`` is a KitStyles attribute name (``body``, ``body_indent``, ``small``…) or a
    ParagraphStyle."""
    st = styles or get_styles()
    pstyle = getattr(st, style) if isinstance(style, str) else style
    return Paragraph(str(text) if raw else markup(text), pstyle)


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


# ---- outline ------------------------------------------------------------------------------

class Heading(Paragraph):
    """A heading paragraph that is also a bookmark (outline entry) and a table-of-contents entry.

    ``outline_level`` 0 is the top of the outline; ``None`` makes a heading without a bookmark.
    """

    def __init__(self, text, style, bulletText=None, frags=None, caseSensitive=1, encoding="utf8",
                 *, outline_level: int | None = 0, outline_title: str | None = None, toc: bool = True):
        super().__init__(text, style, bulletText=bulletText, frags=frags, caseSensitive=caseSensitive,
                         encoding=encoding)
        self.outline_level = outline_level
        self.outline_title = outline_title
        self.outline_toc = toc
        self.outline_key = f"h{next(_keys)}"

    def split(self, availWidth, availHeight):  # noqa: N803
        parts = super().split(availWidth, availHeight)
        for i, p in enumerate(parts):
            if i == 0:
                p.outline_level, p.outline_title = self.outline_level, self.outline_title or self.getPlainText()
                p.outline_toc, p.outline_key = self.outline_toc, self.outline_key
            else:
                p.outline_level = None
        return parts


def heading(text: Any, level: int = 1, *, styles: KitStyles | None = None, bookmark: bool = True,
            toc: bool = True, outline_level: int | None = None) -> Heading:
    """A heading (``level`` 1–3; 0 is a document title). Its outline level defaults to
    ``level - 1`` for h1–h3 (title: 0)."""
    st = styles or get_styles()
    olevel = outline_level if outline_level is not None else max(level - 1, 0)
    return Heading(markup(text), st.heading(level), outline_level=olevel if bookmark else None,
                   outline_title=str(text), toc=toc)


class Bookmark(Flowable):
    """An invisible outline entry at this place (e.g. a cover, or a document in a package)."""

    _ZEROSIZE = 1

    def __init__(self, title: str, level: int = 0, *, toc: bool = True):
        super().__init__()
        self.outline_title = title
        self.outline_level = level
        self.outline_toc = toc
        self.outline_key = f"b{next(_keys)}"
        self.keepWithNext = 1  # stays on the page of what follows it
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


class OutlineShift(Flowable):
    """Every outline entry after this one is ``shift`` levels deeper (0 resets)."""

    _ZEROSIZE = 1

    def __init__(self, shift: int):
        super().__init__()
        self.outline_shift = shift
        self.width = self.height = 0

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        pass


def outline_section(title: str, story: Sequence[Flowable], *, level: int = 0, toc: bool = True) -> list[Flowable]:
    """``story`` under one outline entry ``title``: its own headings become children."""
    return [Bookmark(title, level, toc=toc), OutlineShift(level + 1), *story, OutlineShift(0)]


def table_of_contents(styles: KitStyles | None = None) -> TableOfContents:
    """A table of contents filled from the headings (needs the multi-pass build, which
    ``build_pdf`` does by itself when the story holds one)."""
    st = styles or get_styles()
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = list(st.toc)
    return toc


# ---- title block --------------------------------------------------------------------------

class MetaRow(Flowable):
    """One line with text at the left, centre and right (编制单位 / period / 单位：元).

    When the three do not fit side by side they are stacked instead.
    """

    def __init__(self, left: str = "", center: str = "", right: str = "", styles: KitStyles | None = None):
        super().__init__()
        self.texts = (left or "", center or "", right or "")
        self.st = styles or get_styles()
        self.size = self.st.meta_left.fontSize
        self.leading = self.st.meta_left.leading
        self._stacked = False

    def wrap(self, availWidth, availHeight):  # noqa: N803
        font = self.st.font
        l, c, r = (stringWidth(t, font, self.size) for t in self.texts)
        gap = 2 * self.size
        self._stacked = (l + c / 2 + gap > availWidth / 2) or (r + c / 2 + gap > availWidth / 2)
        self.width = availWidth
        lines = sum(1 for t in self.texts if t) if self._stacked else 1
        self.height = self.leading * max(lines, 1)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.st.font, self.size)
        c.setFillColor(TEXT_COLOR)
        y = self.height - self.size
        left, center, right = self.texts
        if not self._stacked:
            c.drawString(0, y, left)
            c.drawCentredString(self.width / 2, y, center)
            c.drawRightString(self.width, y, right)
            return
        for text, how in ((left, "l"), (center, "c"), (right, "r")):
            if not text:
                continue
            {"l": lambda: c.drawString(0, y, text), "c": lambda: c.drawCentredString(self.width / 2, y, text),
             "r": lambda: c.drawRightString(self.width, y, text)}[how]()
            y -= self.leading


def title_block(title: str, *, subtitle: str | None = None, left: str | None = None, center: str | None = None,
                right: str | None = None, code: str | None = None, styles: KitStyles | None = None,
                bookmark: bool = True, outline_level: int = 0, toc: bool = True) -> list[Flowable]:
    """The top of a document: ``code`` (会民非01表) at the right, the title (a bookmark), an
    optional subtitle, then one line ``left``/``center``/``right`` such as
    编制单位：某协会 · 2026年12月31日 · 单位：元. Returns a list to ``extend`` a story with."""
    st = styles or get_styles()
    out: list[Flowable] = []
    if code:
        p = Paragraph(markup(code), st.meta_right)
        p.keepWithNext = 1
        out.append(p)
    out.append(Heading(markup(title), st.title, outline_level=outline_level if bookmark else None,
                       outline_title=title, toc=toc))
    if subtitle:
        out.append(Paragraph(markup(subtitle), st.subtitle))
    if left or center or right:
        row = MetaRow(left or "", center or "", right or "", st)
        row.keepWithNext = 1
        out += [row, Spacer(1, 1.5 * mm)]
    else:
        out.append(Spacer(1, 2 * mm))
    return out


# ---- signatures and seal ------------------------------------------------------------------

class SignatureLines(Flowable):
    """A row (or rows) of labelled blanks: ``单位负责人：______  主管会计工作的负责人：______``.

    ``items`` are labels, or ``(label, value)`` pairs whose value is printed on the line.
    ``per_row`` fixes how many go on one row; by default as many as fit.
    """

    def __init__(self, items: Iterable[str | tuple[str, str]], *, blank: float = 28 * mm,
                 per_row: int | None = None, styles: KitStyles | None = None, size: float = 10,
                 space_before: float = 6 * mm):
        super().__init__()
        self.items = [(i, "") if isinstance(i, str) else (i[0], i[1] or "") for i in items]
        self.blank = blank
        self.per_row = per_row
        self.st = styles or get_styles()
        self.size = size
        self.row_height = size * 2.6
        self.spaceBefore = space_before
        self._rows: list[list[tuple[str, str]]] = []

    def _label(self, label: str) -> str:
        return label if label.endswith((":", "：")) else label + ("：" if self.st.lang.startswith("zh") else ": ")

    def _item_width(self, item) -> float:
        return stringWidth(self._label(item[0]), self.st.font, self.size) + self.blank

    def wrap(self, availWidth, availHeight):  # noqa: N803
        gap = 4 * mm
        rows: list[list] = []
        cur: list = []
        used = 0.0
        for item in self.items:
            w = self._item_width(item)
            full = self.per_row is not None and len(cur) >= self.per_row
            if cur and (full or (self.per_row is None and used + gap + w > availWidth)):
                rows.append(cur)
                cur, used = [], 0.0
            used += (gap if cur else 0) + w
            cur.append(item)
        if cur:
            rows.append(cur)
        self._rows = rows
        self.width = availWidth
        self.height = self.row_height * len(rows)
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.st.font, self.size)
        c.setFillColor(TEXT_COLOR)
        c.setStrokeColor(TEXT_COLOR)
        c.setLineWidth(0.6)
        y = self.height - self.row_height + self.size * 0.6
        for row in self._rows:
            widths = [self._item_width(i) for i in row]
            n = len(row)
            gap = 4 * mm
            spare = max(self.width - sum(widths) - (n - 1) * gap, 0)
            # Spread the items over the row: spare room is shared by the blanks and the gaps.
            stretch = spare / (2 * n - 1) if n > 1 else 0
            x = 0.0
            for (label, value), w in zip(row, widths):
                text = self._label(label)
                tw = stringWidth(text, self.st.font, self.size)
                c.drawString(x, y, text)
                line_w = self.blank + stretch
                c.line(x + tw, y - 2, x + tw + line_w, y - 2)
                if value:
                    c.drawCentredString(x + tw + line_w / 2, y + 1, value)
                x += tw + line_w + gap + stretch
            y -= self.row_height


class SealBox(Flowable):
    """A place for the seal: a dashed circle (or box) with （盖章） and caption lines under it
    (e.g. the association's name and ``年 月 日``)."""

    def __init__(self, *, label: str | None = None, caption: Sequence[str] = (), shape: str = "circle",
                 size: float = 40 * mm, styles: KitStyles | None = None, hAlign: str = "RIGHT"):  # noqa: N803
        from secretariat_app.pdf.kit import tr

        super().__init__()
        self.st = styles or get_styles()
        self.label = label if label is not None else tr("(Seal)", self.st.lang)
        self.caption = [c for c in caption if c]
        self.shape = shape
        self.size = size
        self.hAlign = hAlign
        self.line = 13.0
        cw = max((stringWidth(t, self.st.font, 10.5) for t in self.caption), default=0)
        self.width = max(size, cw)
        self.height = size + (len(self.caption) * self.line + 4 if self.caption else 0)
        self.spaceBefore = 4 * mm

    def wrap(self, availWidth, availHeight):  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        cx = self.width / 2
        top = self.height
        c.saveState()
        c.setStrokeColor(MUTED_COLOR)
        c.setDash(3, 2)
        c.setLineWidth(0.8)
        if self.shape == "box":
            c.rect(cx - self.size / 2, top - self.size, self.size, self.size)
        else:
            c.circle(cx, top - self.size / 2, self.size / 2 - 0.5)
        c.restoreState()
        c.setFillColor(MUTED_COLOR)
        c.setFont(self.st.font, 10)
        c.drawCentredString(cx, top - self.size / 2 - 3.5, self.label)
        c.setFillColor(TEXT_COLOR)
        c.setFont(self.st.font, 10.5)
        y = top - self.size - self.line
        for text in self.caption:
            c.drawCentredString(cx, y, text)
            y -= self.line


def hr(width: str = "100%", thickness: float = 0.6, color=colors.black) -> Flowable:
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(width=width, thickness=thickness, color=color, spaceBefore=2, spaceAfter=4)
