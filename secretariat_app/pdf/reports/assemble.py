"""Assembling PDF files into one package with pypdf: bookmarks, page numbers over the whole
package on every page (external ones included), the fonts check, and splitting under a size limit.

Used by ``package.py``. pypdf is a runtime dependency for this (``pyproject.toml``): reportlab
writes PDFs but cannot read or merge existing ones such as a scanned, sealed page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Callable

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject
from reportlab.lib.colors import white
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from secretariat_app.pdf.kit import MUTED_COLOR


@dataclass
class OutlineNode:
    """A bookmark: ``page`` is the 0-based page index in the whole package."""

    title: str
    page: int
    children: list["OutlineNode"] = field(default_factory=list)


@dataclass
class Piece:
    """One document of the package: its PDF and its bookmark (children copied from the file)."""

    key: str
    title: str
    data: bytes
    reader: PdfReader | None = None
    start: int = 0  # first page in the package (0-based), set by :func:`merge`
    children: list[OutlineNode] = field(default_factory=list)
    group: str | None = None  # a parent bookmark shared with the neighbouring pieces (minutes)

    @property
    def pages(self) -> int:
        return len(self.load().pages)

    def load(self) -> PdfReader:
        if self.reader is None:
            self.reader = PdfReader(io.BytesIO(self.data))
        return self.reader


def _file_outline(reader: PdfReader, items, offset: int) -> list[OutlineNode]:
    out: list[OutlineNode] = []
    last: OutlineNode | None = None
    for item in items or []:
        if isinstance(item, list):
            if last is not None:
                last.children += _file_outline(reader, item, offset)
            continue
        try:
            page = reader.get_destination_page_number(item)
        except Exception:  # noqa: BLE001 — a broken bookmark in a foreign file is dropped
            continue
        if page is None or page < 0:
            continue
        last = OutlineNode(str(item.title), offset + page)
        out.append(last)
    return out


def layout(pieces: list[Piece]) -> int:
    """Set each piece's first page (0-based, counted from the first piece); the total pages."""
    start = 0
    for piece in pieces:
        piece.start = start
        start += piece.pages
    return start


def merge(pieces: list[Piece], writer: PdfWriter | None = None) -> tuple[PdfWriter, list[OutlineNode]]:
    """The pieces' pages appended to ``writer`` (a new one by default) and their outline tree,
    whose page indexes count the pages ``writer`` held before (a cover, a contents page)."""
    writer = writer if writer is not None else PdfWriter()
    tree: list[OutlineNode] = []
    groups: dict[str, OutlineNode] = {}
    start = len(writer.pages)
    for piece in pieces:
        reader = piece.load()
        writer.append(reader, import_outline=False)
        try:
            piece.children = _file_outline(reader, reader.outline, start)
        except Exception:  # noqa: BLE001 — foreign outlines may be damaged
            piece.children = []
        # The document's own title bookmark (on its first page) is the package's entry already.
        kids = piece.children
        if kids and kids[0].page == start and (len(kids) == 1 or kids[0].title == piece.title):
            kids = kids[0].children + kids[1:]
        node = OutlineNode(piece.title, start, kids)
        if piece.group:
            parent = groups.get(piece.group)
            if parent is None:
                parent = groups[piece.group] = OutlineNode(piece.group, start)
                tree.append(parent)
            parent.children.append(node)
        else:
            tree.append(node)
        start += len(reader.pages)
    return writer, tree


def add_outline(writer: PdfWriter, nodes: list[OutlineNode], *, first: int = 0, last: int | None = None,
                parent=None) -> None:
    """Bookmarks for ``nodes`` whose page lies in ``first..last`` (page indexes shifted by ``first``)."""
    for node in nodes:
        if node.page < first or (last is not None and node.page > last):
            if node.children:
                add_outline(writer, node.children, first=first, last=last, parent=parent)
            continue
        ref = writer.add_outline_item(title=node.title, page_number=node.page - first, parent=parent)
        if node.children:
            add_outline(writer, node.children, first=first, last=last, parent=ref)


def page_numbers_overlay(sizes: list[tuple[float, float]], label: str, font: str) -> PdfReader:
    """One page per package page, of the same size, with ``第 N 页 共 M 页`` centred at the foot on a
    white ground (readable over a scanned page)."""
    buf = io.BytesIO()
    total = len(sizes)
    c = Canvas(buf, pagesize=sizes[0] if sizes else (595, 842), initialFontName=font, initialFontSize=8.5)
    c.setTitle("page numbers")
    size = 8.5
    for n, (w, h) in enumerate(sizes, 1):
        c.setPageSize((w, h))
        text = label.format(page=n, total=total)
        tw = stringWidth(text, font, size)
        y = min(10 * mm, h * 0.02 + 4)
        c.setFillColor(white)
        c.rect(w / 2 - tw / 2 - 4, y - 3, tw + 8, size + 5, stroke=0, fill=1)
        c.setFillColor(MUTED_COLOR)
        c.setFont(font, size)
        c.drawCentredString(w / 2, y, text)
        c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue()))


def stamp_page_numbers(writer: PdfWriter, label: str, font: str,
                       progress: Callable[[int, int], None] | None = None) -> None:
    """Stamp every page of ``writer`` with its number over the whole package."""
    pages = list(writer.pages)
    boxes = []
    for page in pages:
        if page.rotation % 360:
            page.transfer_rotation_to_content()
        box = page.mediabox
        boxes.append((float(box.left), float(box.bottom), float(box.width), float(box.height)))
    overlay = page_numbers_overlay([(w, h) for _x, _y, w, h in boxes], label, font)
    for i, (page, (x0, y0, _w, _h)) in enumerate(zip(pages, boxes)):
        stamp = overlay.pages[i]
        if x0 or y0:
            page.merge_transformed_page(stamp, Transformation().translate(x0, y0))
        else:
            page.merge_page(stamp)
        if progress and i % 10 == 0:
            progress(i, len(pages))


def unembedded_fonts(reader: PdfReader) -> set[str]:
    """Names of the fonts used by any page that are not embedded in the file."""
    missing: set[str] = set()
    seen: set = set()

    def check(font) -> None:
        font = font.get_object()
        key = id(font)
        if key in seen:
            return
        seen.add(key)
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            return
        if subtype == "/Type0":
            for d in font.get("/DescendantFonts", []):
                check(d)
            return
        desc = font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else None
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.add(str(font.get("/BaseFont", "?")).lstrip("/"))

    def walk(resources, depth=0) -> None:
        if resources is None or depth > 8:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            check(font)
        for xobj in (resources.get("/XObject") or {}).values():
            xobj = xobj.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"), depth + 1)

    for page in reader.pages:
        walk(page.get(NameObject("/Resources")))
    return missing


def to_bytes(writer: PdfWriter) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def subset(reader: PdfReader, first: int, last: int, outline: list[OutlineNode], metadata: dict) -> bytes:
    """Pages ``first..last`` (0-based, inclusive) of ``reader`` as a file with their bookmarks."""
    w = PdfWriter()
    for i in range(first, last + 1):
        w.add_page(reader.pages[i])
    add_outline(w, outline, first=first, last=last)
    w.add_metadata(metadata)
    w.page_mode = "/UseOutlines"
    w.compress_identical_objects()
    return to_bytes(w)


def split_ranges(units: list[tuple[int, int]], reader: PdfReader, limit: int) -> list[tuple[int, int]]:
    """Page ranges (inclusive) grouping whole ``units`` (document page ranges) into parts under
    ``limit`` bytes where possible; a unit larger than the limit on its own is cut by pages."""
    def size(a: int, b: int) -> int:
        w = PdfWriter()
        for i in range(a, b + 1):
            w.add_page(reader.pages[i])
        w.compress_identical_objects()
        return len(to_bytes(w))

    def cut(a: int, b: int) -> list[tuple[int, int]]:
        if a == b or size(a, b) <= limit:
            return [(a, b)]
        mid = (a + b) // 2
        return cut(a, mid) + cut(mid + 1, b)

    ranges: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for a, b in units:
        if cur is None:
            cur = (a, b)
        elif size(cur[0], b) <= limit:
            cur = (cur[0], b)
        else:
            ranges += cut(*cur)
            cur = (a, b)
    if cur is not None:
        ranges += cut(*cur)
    return ranges
