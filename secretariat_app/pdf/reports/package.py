"""报送材料: the submission package — one PDF for the supervising department (DOMAIN.md §5).

Cover, a table of contents (a table of 序号 · 材料名称 · 页码, and PDF bookmarks), then the chosen
documents in the order of ``PACKAGE_DOCUMENTS``: annual work report, statements, CSR report,
minutes of the year's meetings, self-evaluation, party-building report, masked member roll and
the attached external PDFs — each already laid out (``PackageDocument``: the reports actions make
them from the book's data and choose what goes in). Every document is made without its own page footer and the package
stamps ``第 N 页 共 M 页`` over the whole package on every page, external pages included. Every font
of the package's own pages is embedded; an attachment with fonts that are not is named in the
warnings. When the file passes the size limit, the result says so and, asked to split, cuts the
package into parts under the limit at document boundaries (the numbering stays that of the whole
package, so the parts read as one).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from secretariat_app.core.reports.attachments import human_size
from secretariat_app.core.reports.models import ATTACHMENTS
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _, format_number
from secretariat_app.pdf.kit import (
    PAGE_LABEL,
    KitStyles,
    get_styles,
    heading,
    kit_table,
    para,
    render_pdf,
    spacer,
    tr,
)
from secretariat_app.pdf.reports import assemble
from secretariat_app.pdf.reports.common import cover_page


@dataclass
class PackageResult:
    """The package: ``whole`` is the one-file PDF; ``parts`` holds it alone, or the parts under the
    limit once :meth:`split` ran."""

    year: int
    whole: bytes
    pages: int
    limit: int             # bytes
    contents: list[tuple[str, int, int, int]]  # (title, level, first page, last page), 1-based
    units: list[tuple[int, int]]               # page ranges (0-based) that stay together
    outline: list[assemble.OutlineNode]
    metadata: dict
    warnings: list[str] = field(default_factory=list)
    parts: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.parts:
            self.parts = [self.whole]

    @property
    def size(self) -> int:
        return len(self.whole)

    @property
    def over_limit(self) -> bool:
        return self.size > self.limit

    def split(self) -> list[bytes]:
        """Cut the package into parts under the limit at document boundaries (numbers, bookmarks kept)."""
        if not self.over_limit:
            self.parts = [self.whole]
            return self.parts
        reader = assemble.PdfReader(io.BytesIO(self.whole))
        ranges = assemble.split_ranges(self.units, reader, self.limit)
        self.parts = [assemble.subset(reader, a, b, self.outline, self.metadata) for a, b in ranges]
        note = _("A single page is larger than the limit; that part stays over it.")
        if any(len(p) > self.limit for p in self.parts) and note not in self.warnings:
            self.warnings.append(note)
        return self.parts

    def paths(self, out: str | os.PathLike) -> list[Path]:
        """Where the parts go for ``out``: ``out`` itself, or ``name-1.pdf``, ``name-2.pdf``…"""
        out = Path(out)
        if len(self.parts) == 1:
            return [out]
        return [out.with_name(f"{out.stem}-{i}{out.suffix or '.pdf'}") for i in range(1, len(self.parts) + 1)]


@dataclass
class PackageDocument:
    """One document of the package, already laid out without page footer: the package numbers
    the pages. Documents with the same ``group`` share a parent bookmark (the minutes)."""

    key: str
    title: str
    data: bytes
    group: str | None = None


def statements_pdf(stmts, association: str, *, footer: bool = False) -> bytes:
    """The three statements as the ledger capability lays them out (``pdf/statements``), by default
    without page footer."""
    from secretariat_app.pdf.statements import statements_story

    return render_pdf(statements_story(stmts, association, first_template="landscape"),
                      title=_("Financial statements {year}").format(year=stmts.year), association=association,
                      orientation="landscape", subject=stmts.edition_title, footer=footer)[0]


def _contents(pieces: list[assemble.Piece], offset: int) -> list[tuple[str, int, int, int]]:
    """(title, level, first, last) rows of the table of contents, pages 1-based in the package."""
    rows: list[tuple[str, int, int, int]] = []
    group_at: dict[str, int] = {}
    for p in pieces:
        first, last = offset + p.start + 1, offset + p.start + p.pages
        if p.group:
            if p.group not in group_at:
                group_at[p.group] = len(rows)
                rows.append((p.group, 0, first, last))
            i = group_at[p.group]
            rows[i] = (rows[i][0], 0, rows[i][2], last)
            rows.append((p.title, 1, first, last))
        else:
            rows.append((p.title, 0, first, last))
    return rows


def _front_story(association: str, year: int, contents, st: KitStyles, settings) -> list[Flowable]:
    story = cover_page(_("Submission materials"), association, year, st,
                       subtitle=_("Annual inspection materials of {year}").format(year=year),
                       lines=[(_("Submitted by"), association),
                              (_("Supervising department"), settings.supervising_department),
                              (_("Registration authority"), settings.registration_authority)])
    story.append(heading(_("Contents"), 1, styles=st))
    story.append(spacer(2))
    data = [[_("No."), _("Document"), _("Pages")]]
    n = 0
    for title, level, first, last in contents:
        if level == 0:
            n += 1
            no = format_number(n)
        else:
            no = ""
        pages = format_number(first) if first == last else f"{format_number(first)}–{format_number(last)}"
        data.append([no, ("　　" if level else "") + title, pages])
    story.append(kit_table(data, header_rows=1, align=["center", "left", "center"], widths=[14 * mm, "1*", 28 * mm],
                           font_size=10, styles=st, zebra=False))
    story.append(spacer(3))
    story.append(para(_("Page numbers run over the whole package."), "small", styles=st))
    return story


def _front(association, year, pieces, st, settings) -> tuple[bytes, int]:
    """Cover and contents; their own length shifts the page numbers, so lay out until stable."""
    front_pages = 2
    for _attempt in range(4):
        contents = _contents(pieces, front_pages)
        data, pages = render_pdf(_front_story(association, year, contents, st, settings),
                                 title=_("Submission materials"), association=association, footer=False,
                                 header=False, cover=True, lang=st.lang)
        if pages == front_pages:
            return data, pages
        front_pages = pages
    return data, pages


def document_alone(pieces: Sequence[PackageDocument], *, lang: str | None = None) -> bytes:
    """Several PDFs (the minutes of a year, the attachments) as one document numbered on its own
    (preview, "Save PDF…")."""
    st = get_styles(lang)
    if not pieces:
        raise DomainError(_("Nothing to print."))
    writer, tree = assemble.merge(_pieces(pieces))
    assemble.stamp_page_numbers(writer, tr(PAGE_LABEL, st.lang), st.font)
    assemble.add_outline(writer, tree)
    return assemble.to_bytes(writer)


def _pieces(documents: Sequence[PackageDocument]) -> list[assemble.Piece]:
    return [assemble.Piece(d.key, d.title, d.data, group=d.group) for d in documents]


def build_package(year: int, settings, documents: Sequence[PackageDocument], *, limit_kb: int,
                  split: bool = False, lang: str | None = None,
                  progress: Callable[[int, str], None] | None = None) -> PackageResult:
    """The year's submission package of ``documents`` (laid out without page footers, in package
    order; ``settings`` the book's ``BookSettings``): cover, contents, the documents, page numbers
    over the whole package, bookmarks; split under ``limit_kb`` when asked. ``progress(step, text)``
    is told of its three steps (0, 1, 2)."""
    def step(n: int, text: str = "") -> None:
        if progress is not None:
            progress(n, text)

    pieces = _pieces(documents)
    if not pieces:
        raise DomainError(_("The chosen documents have no pages."))
    st = get_styles(lang)
    step(0, _("Assembling the package"))
    assemble.layout(pieces)
    front, front_pages = _front(settings.name, year, pieces, st, settings)
    contents = _contents(pieces, front_pages)

    warnings = []
    for p in pieces:
        if p.key == ATTACHMENTS:
            bad = assemble.unembedded_fonts(p.load())
            if bad:
                warnings.append(_("{title} uses fonts that are not embedded: {fonts}").format(
                    title=p.title, fonts=", ".join(sorted(bad))))
    final = assemble.PdfWriter()
    final.append(assemble.PdfReader(io.BytesIO(front)), import_outline=False)
    final, tree = assemble.merge(pieces, final)
    outline = [assemble.OutlineNode(_("Cover"), 0), assemble.OutlineNode(_("Contents"), 1)] + tree
    assemble.stamp_page_numbers(final, tr(PAGE_LABEL, st.lang), st.font)
    assemble.add_outline(final, outline)
    meta = {"/Title": _("Submission materials of {year}").format(year=year), "/Author": settings.name,
            "/Creator": "Secretariat", "/Producer": "Secretariat (reportlab, pypdf)"}
    final.add_metadata(meta)
    final.page_mode = "/UseOutlines"
    final.compress_identical_objects()
    result = PackageResult(year, assemble.to_bytes(final), len(final.pages), limit_kb * 1024, contents,
                           [(0, front_pages - 1)] + _units(pieces, front_pages), outline, meta, warnings)
    step(1, _("Checking the size"))
    if result.over_limit:
        if split:
            result.split()
        else:
            warnings.append(over_limit_message(result))
    step(2, "")
    return result


def over_limit_message(result: PackageResult) -> str:
    return _("The package is {size}, more than the limit of {limit}; split it into parts or raise the limit.").format(
        size=human_size(result.size), limit=human_size(result.limit))


def _units(pieces: list[assemble.Piece], offset: int) -> list[tuple[int, int]]:
    """Page ranges that stay together when splitting: each document (each minutes, attachment)."""
    return [(offset + p.start, offset + p.start + p.pages - 1) for p in pieces]
