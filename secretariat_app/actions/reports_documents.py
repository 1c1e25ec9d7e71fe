"""The report documents as PDF and the submission package (报送材料, DOMAIN.md §5).

Data → PDF → file: ``core.reports`` gathers each document's plain data (figures from the other
capabilities' own services), ``pdf.reports`` lays it out, and these queries hand the bytes back
(a preview) or write the file whole (``files.write_atomic``). A document whose data is missing is
refused with the list of what is missing, before anything is made.

The member roll in the package is for the supervising department, that is for others: it is
masked for every role (DOMAIN.md §1), so never unmasked for a role without the personal-data right.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from secretariat_app.actions.base import Uow, query
from secretariat_app.actions.files import write_atomic
from secretariat_app.core.reports import sources
from secretariat_app.core.reports.attachments import (
    MAX_ATTACHMENT_BYTES,
    attachment_bytes,
    document_label,
    get_package,
    list_attachments,
    pdf_pages,
)
from secretariat_app.core.reports.data import missing_data, require
from secretariat_app.core.reports.models import (
    ANNUAL,
    ATTACHMENTS,
    CSR,
    GRADE,
    MINUTES,
    PACKAGE_DOCUMENTS,
    PARTY,
    ROLL,
    STATEMENTS,
)
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _

if TYPE_CHECKING:
    from secretariat_app.pdf.reports.package import PackageDocument, PackageResult

Progress = Callable[..., None]


def _roll_pdf(uow: Uow, on_date: date, lang: str | None, footer: bool) -> bytes:
    """The member roll as the members capability lays it out (``pdf/roll``), always masked here."""
    from secretariat_app.core.members.roll import masked_roll, member_roll
    from secretariat_app.pdf.kit import pdf_bytes
    from secretariat_app.pdf.roll import build_story

    roll = masked_roll(member_roll(uow.session, status="active", on_date=on_date))
    return pdf_bytes(build_story(roll), title=_("Member roll"), association=roll.association,
                     orientation="landscape", footer=footer, lang=lang)


def _render(uow: Uow, year: int, key: str, src: sources.YearSources, lang: str | None, footer: bool,
            extra: Sequence[tuple[str, bytes]] = ()) -> list[PackageDocument]:
    """The laid-out document(s) of ``key``: one, or one per meeting (minutes) or attachment."""
    from secretariat_app.core.book_settings import get_settings
    from secretariat_app.pdf import meetings as meetings_pdf
    from secretariat_app.pdf.reports import annual, csr, grade, party
    from secretariat_app.pdf.reports.package import PackageDocument, statements_pdf

    s = uow.session
    label = document_label(key)
    if key == ANNUAL:
        from secretariat_app.core.reports.data import annual_report_data

        data = annual.annual_report_pdf(annual_report_data(s, year, src), footer=footer, lang=lang)
    elif key == STATEMENTS:
        data = statements_pdf(src.statements(), get_settings(s).name, footer=footer)
    elif key == CSR:
        from secretariat_app.core.reports.data import csr_report_data

        data = csr.csr_report_pdf(csr_report_data(s, year, src), footer=footer, lang=lang)
    elif key == GRADE:
        from secretariat_app.core.reports.grade import grade_evaluation

        require(s, year, GRADE, src)
        data = grade.grade_pdf(grade_evaluation(s, year, src), get_settings(s).name, footer=footer, lang=lang)
    elif key == PARTY:
        from secretariat_app.core.reports.data import party_building_data

        data = party.party_report_pdf(party_building_data(s, year, src), footer=footer, lang=lang)
    elif key == ROLL:
        data = _roll_pdf(uow, sources.year_end(year), lang, footer)
    elif key == MINUTES:
        return [PackageDocument(MINUTES, title, meetings_pdf.minutes_pdf(d, footer=False, lang=lang), group=label)
                for title, d in sources.minutes_records(s, src.meetings())]
    elif key == ATTACHMENTS:
        return [PackageDocument(ATTACHMENTS, a.title, attachment_bytes(s, a.id)) for a in list_attachments(s, year)] \
            + [PackageDocument(ATTACHMENTS, title, data) for title, data in extra]
    else:
        raise DomainError(_("Unknown documents: {names}").format(names=key))
    return [PackageDocument(key, label, data)]


@query()
def missing(uow: Uow, year: int, document: str) -> list[str]:
    """What ``document`` of ``year`` still lacks (translated); empty when it can be made."""
    return missing_data(uow.session, year, document)


@query()
def missing_all(uow: Uow, year: int) -> list[tuple[str, list[str]]]:
    """(document, what it lacks) for every document of the package, in package order."""
    src = sources.YearSources(uow.session, year)
    return [(doc, missing_data(uow.session, year, doc, src)) for doc in PACKAGE_DOCUMENTS]


@query()
def document_pdf(uow: Uow, year: int, key: str, path: str | os.PathLike | None = None, *,
                 lang: str | None = None) -> bytes:
    """One document of the package alone, numbered on its own (preview, "Save PDF…", ``report
    annual|csr|grade|party``); written to ``path`` when given. Its bytes."""
    from secretariat_app.pdf.reports.package import document_alone

    src = sources.YearSources(uow.session, year)
    require(uow.session, year, key, src)
    pieces = _render(uow, year, key, src, lang, footer=True)
    if key in (MINUTES, ATTACHMENTS):
        if not pieces:
            raise DomainError(_("{document}: nothing to print for {year}.").format(document=document_label(key),
                                                                                 year=year))
        data = document_alone(pieces, lang=lang)
    else:
        data = pieces[0].data
    if path is not None:
        write_atomic(path, data)
    return data


def _read_attachment_files(paths: Sequence[str | os.PathLike]) -> list[tuple[str, bytes]]:
    """External PDFs given for this package only: (title, bytes); DomainError naming a bad file."""
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


@query()
def build_package(uow: Uow, year: int, documents: Sequence[str] | None = None, limit_kb: int | None = None,
                  split: bool = False, attach_files: Sequence[str | os.PathLike] = (), lang: str | None = None,
                  progress: Progress | None = None) -> PackageResult:
    """Make the year's submission package: the book's package settings unless ``documents`` /
    ``limit_kb`` are given, plus the PDFs ``attach_files`` for this package only. Refused (every
    document's missing data listed) before anything is made."""
    from secretariat_app.core.book_settings import get_settings
    from secretariat_app.pdf.reports import package

    def step(done: int, total: int, text: str = "") -> None:
        if progress is not None:
            progress(done, total, text)

    extra = _read_attachment_files(attach_files)
    choice = get_package(uow.session, year)
    wanted = list(documents if documents is not None else choice.documents)
    if extra and ATTACHMENTS not in wanted:
        wanted.append(ATTACHMENTS)
    chosen = [d for d in PACKAGE_DOCUMENTS if d in wanted]
    if not chosen:
        raise DomainError(_("choose at least one document"), field=_("Documents"))
    src = sources.YearSources(uow.session, year)
    problems = [Problem(f"{document_label(d)}: {m}") for d in chosen for m in missing_data(uow.session, year, d, src)]
    if problems:
        raise DomainError(_("The submission package of {year} cannot be made:").format(year=year), problems=problems)
    total = len(chosen) + 2
    pieces: list[PackageDocument] = []
    for n, key in enumerate(chosen):
        step(n, total, document_label(key))
        pieces += _render(uow, year, key, src, lang, footer=False, extra=extra if key == ATTACHMENTS else ())
    return package.build_package(year, get_settings(uow.session), pieces,
                                 limit_kb=limit_kb if limit_kb is not None else choice.limit_kb, split=split,
                                 lang=lang, progress=lambda i, text: step(len(chosen) + i, total, text))


@dataclass(frozen=True)
class SavedPackage:
    paths: list[str]
    result: PackageResult


@query()
def save_package(uow: Uow, result: PackageResult, path: str | os.PathLike, split: bool = False,
                 progress: Progress | None = None) -> SavedPackage:
    """Write a package made by ``build_package`` to ``path``: whole, or (``split``) in parts under
    its limit (``name-1.pdf``, ``name-2.pdf``…). The paths written."""
    if split and result.over_limit and len(result.parts) == 1:
        if progress is not None:
            progress(0, 0, _("Splitting the package"))
        result.split()
    elif not split:
        result.parts = [result.whole]
    paths = result.paths(path)
    for target, data in zip(paths, result.parts):
        write_atomic(target, data)
    return SavedPackage([str(p) for p in paths], result)
