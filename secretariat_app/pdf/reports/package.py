"""报送材料: the submission package — one PDF for the supervising department (DOMAIN.md §5).

Cover, a table of contents (a table of 序号 · 材料名称 · 页码, and PDF bookmarks), then the chosen
documents in the order of ``PACKAGE_DOCUMENTS``: annual work report, statements, CSR report,
minutes of the year's meetings, self-evaluation, party-building report, masked member roll and
the attached external PDFs. Every document is made without its own page footer and the package
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

from secretariat_app.core.book_settings import get_settings
from secretariat_app.errors import DomainError, Problem
from secretariat_app.core.reports import sources
from secretariat_app.core.reports.attachments import (
    attachment_bytes, document_label, get_package, list_attachments, pdf_pages,
)
from secretariat_app.core.reports.data import missing_data
from secretariat_app.core.reports.models import (
    ANNUAL, ATTACHMENTS, CSR, GRADE, MINUTES, PACKAGE_DOCUMENTS, PARTY, ROLL, STATEMENTS,
)
from secretariat_app.i18n import _, format_number
from secretariat_app.pdf.kit import (
    KitStyles, PAGE_LABEL, get_styles, heading, kit_table, para, render_pdf, spacer, tr,
)
from secretariat_app.pdf.reports import assemble
from secretariat_app.pdf.reports.common import cover_page

Progress = Callable[[int, int, str], None]


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

    def write(self, out: str | os.PathLike) -> list[Path]:
        """Write the package to ``out`` (parts as ``name-1.pdf``, ``name-2.pdf``…); the paths."""
        out = Path(out)
        if len(self.parts) == 1:
            paths = [out]
        else:
            paths = [out.with_name(f"{out.stem}-{i}{out.suffix or '.pdf'}") for i in range(1, len(self.parts) + 1)]
        for path, data in zip(paths, self.parts):
            path.write_bytes(data)
        return paths


def _documents(session, year: int, chosen: Sequence[str], lang: str, extra: Sequence[tuple[str, bytes]],
               progress: Progress, src: sources.YearSources, *, footer: bool = False) -> list[assemble.Piece]:
    from secretariat_app.pdf.reports.annual import annual_report_pdf
    from secretariat_app.pdf.reports.csr import csr_report_pdf
    from secretariat_app.pdf.reports.grade import grade_pdf
    from secretariat_app.pdf.reports.party import party_report_pdf

    makers = {
        ANNUAL: lambda: annual_report_pdf(session, year, footer=footer, lang=lang, src=src),
        STATEMENTS: lambda: sources.statements_pdf(session, year, stmts=src.statements()),
        CSR: lambda: csr_report_pdf(session, year, footer=footer, lang=lang, src=src),
        GRADE: lambda: grade_pdf(session, year, footer=footer, lang=lang, src=src),
        PARTY: lambda: party_report_pdf(session, year, footer=footer, lang=lang, src=src),
        ROLL: lambda: sources.roll_pdf(session, sources.year_end(year), lang),
    }
    pieces: list[assemble.Piece] = []
    steps = len(chosen)
    for n, key in enumerate(chosen):
        progress(n, steps + 2, document_label(key))
        if key in makers:
            pieces.append(assemble.Piece(key, document_label(key), makers[key]()))
        elif key == MINUTES:
            group = document_label(MINUTES)
            for title, data in sources.minutes_pdfs(session, year, src.meetings(), lang):
                pieces.append(assemble.Piece(MINUTES, title, data, group=group))
        elif key == ATTACHMENTS:
            for a in list_attachments(session, year):
                pieces.append(assemble.Piece(ATTACHMENTS, a.title, attachment_bytes(session, a.id)))
            for title, data in extra:
                pieces.append(assemble.Piece(ATTACHMENTS, title, data))
    return pieces


def document_pdf(session, year: int, key: str, *, lang: str | None = None) -> bytes:
    """One document of the package alone, numbered on its own (preview, "Save PDF…")."""
    from secretariat_app.core.reports.data import require

    src = sources.YearSources(session, year)
    require(session, year, key, src)
    st = get_styles(lang)
    if key in (ANNUAL, CSR, GRADE, PARTY):
        return _documents(session, year, [key], st.lang, (), lambda *a: None, src, footer=True)[0].data
    if key == STATEMENTS:
        return sources.statements_pdf(session, year, footer=True)
    if key == ROLL:
        return sources.roll_pdf(session, sources.year_end(year), st.lang, footer=True)
    pieces = _documents(session, year, [key], st.lang, (), lambda *a: None, src)
    if not pieces:
        raise DomainError(_("{document}: nothing to print for {year}.").format(document=document_label(key),
                                                                             year=year))
    writer, tree = assemble.merge(pieces)
    assemble.stamp_page_numbers(writer, tr(PAGE_LABEL, st.lang), st.font)
    assemble.add_outline(writer, tree)
    return assemble.to_bytes(writer)


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


def read_attachment_files(paths: Sequence[str | os.PathLike]) -> list[tuple[str, bytes]]:
    """External PDFs given on the command line: (title, bytes); DomainError naming a bad file."""
    from secretariat_app.core.reports.attachments import MAX_ATTACHMENT_BYTES

    out = []
    for p in paths:
        path = Path(p)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DomainError(_("Cannot read {name}: {reason}").format(name=str(path), reason=exc.strerror or exc)) from exc
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise DomainError(_("{name} is larger than {mb} MB; scan it at a lower resolution.").format(
                name=path.name, mb=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
        pdf_pages(data, path.name)
        out.append((path.stem, data))
    return out


def build_package(session, year: int, *, documents: Sequence[str] | None = None, limit_kb: int | None = None,
                  split: bool = False, attach: Sequence[tuple[str, bytes]] = (), lang: str | None = None,
                  progress: Callable | None = None) -> PackageResult:
    """Make the year's submission package (settings of ``core.reports.attachments.get_package``
    unless ``documents``/``limit_kb`` are given). DomainError lists every document whose data is
    missing; nothing is made then."""
    def step(done: int, total: int, text: str = "") -> None:
        if progress is not None:
            progress(done, total, text)

    choice = get_package(session, year)
    chosen = [d for d in PACKAGE_DOCUMENTS if d in (documents if documents is not None else choice.documents)]
    if not chosen:
        raise DomainError(_("choose at least one document"), field=_("Documents"))
    limit = (limit_kb if limit_kb is not None else choice.limit_kb) * 1024
    src = sources.YearSources(session, year)
    problems = [Problem(f"{document_label(d)}: {m}") for d in chosen for m in missing_data(session, year, d, src)]
    if problems:
        raise DomainError(_("The submission package of {year} cannot be made:").format(year=year), problems=problems)
    st = get_styles(lang)
    settings = get_settings(session)
    pieces = _documents(session, year, chosen, st.lang, attach, step, src)
    if not pieces:
        raise DomainError(_("The chosen documents have no pages."))
    step(len(chosen), len(chosen) + 2, _("Assembling the package"))
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
    result = PackageResult(year, assemble.to_bytes(final), len(final.pages), limit, contents,
                           [(0, front_pages - 1)] + _units(pieces, front_pages), outline, meta, warnings)
    step(len(chosen) + 1, len(chosen) + 2, _("Checking the size"))
    if result.over_limit:
        if split:
            result.split()
        else:
            warnings.append(over_limit_message(result))
    step(len(chosen) + 2, len(chosen) + 2, "")
    return result


def over_limit_message(result: PackageResult) -> str:
    return _("The package is {size}, more than the limit of {limit}; split it into parts or raise the limit.").format(
        size=human_size(result.size), limit=human_size(result.limit))


def _units(pieces: list[assemble.Piece], offset: int) -> list[tuple[int, int]]:
    """Page ranges that stay together when splitting: each document (each minutes, attachment)."""
    return [(offset + p.start, offset + p.start + p.pages - 1) for p in pieces]


def human_size(n: int) -> str:
    """``1.4 MB`` / ``820 KB``."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"

