"""``secretariat report annual|csr|grade|party|submission`` (CLI.md; issue 7).

A report whose data is missing (no statements for the year, no book settings…) is refused with
the list of what is missing (exit 1) and no file is written. ``submission`` prints the package's
size and warns when it passes the limit; ``--split`` writes parts under the limit instead
(``OUT-1.pdf``, ``OUT-2.pdf``…).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from secretariat_app.i18n import _

SINGLE = {
    "annual": "annual work report",
    "csr": "social-responsibility report",
    "grade": "grade self-evaluation",
    "party": "party-building report",
}


def register(sub, parent) -> None:
    p = sub.add_parser("report", parents=[parent], help="reports to the authorities (PDF)")
    rs = p.add_subparsers(dest="report_command", metavar="DOCUMENT")
    rs.required = True
    for name, what in SINGLE.items():
        q = rs.add_parser(name, parents=[parent], help=f"the {what} of a year")
        q.add_argument("--year", type=int, required=True)
        q.add_argument("--pdf", metavar="OUT", required=True, help="the PDF file to write")
        q.set_defaults(handler=cmd_single, document=name)
    q = rs.add_parser("submission", parents=[parent], help="the submission package (报送材料) of a year")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--pdf", metavar="OUT", required=True, help="the PDF file to write")
    q.add_argument("--attach", metavar="FILE", action="append", default=[],
                   help="an external PDF to add (audit report, sealed page…); repeatable")
    q.add_argument("--documents", metavar="LIST",
                   help="comma-separated: annual,statements,csr,minutes,grade,party,roll,attachments "
                        "(default: the book's package settings)")
    q.add_argument("--limit-mb", metavar="MB", help="size limit of one file (default: the book's, else 2)")
    q.add_argument("--split", action="store_true", help="split the package into parts under the limit")
    q.set_defaults(handler=cmd_submission)
    q = rs.add_parser("missing", parents=[parent], help="what a year's documents still lack")
    q.add_argument("--year", type=int, required=True)
    q.set_defaults(handler=cmd_missing)


def _write(path: str, data: bytes) -> None:
    Path(path).write_bytes(data)


def cmd_single(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for
    from secretariat_app.pdf.reports.package import human_size

    makers = _makers()
    book = open_book_for(args)
    try:
        with book.session() as s:
            data = makers[args.document](s, args.year)
    finally:
        book.close()
    _write(args.pdf, data)
    print(_("Written: {file} ({size})").format(file=args.pdf, size=human_size(len(data))))
    return 0


def _makers():
    from secretariat_app.pdf.reports.annual import annual_report_pdf
    from secretariat_app.pdf.reports.csr import csr_report_pdf
    from secretariat_app.pdf.reports.grade import grade_pdf
    from secretariat_app.pdf.reports.party import party_report_pdf

    return {"annual": annual_report_pdf, "csr": csr_report_pdf, "grade": grade_pdf, "party": party_report_pdf}


def cmd_submission(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for
    from secretariat_app.core.reports.attachments import parse_limit_mb
    from secretariat_app.pdf.reports.package import build_package, human_size, read_attachment_files

    limit_kb = parse_limit_mb(args.limit_mb) if args.limit_mb is not None else None
    documents = [d.strip() for d in args.documents.split(",") if d.strip()] if args.documents else None
    if documents is not None:
        from secretariat_app.errors import DomainError
        from secretariat_app.core.reports.models import PACKAGE_DOCUMENTS

        unknown = [d for d in documents if d not in PACKAGE_DOCUMENTS]
        if unknown:
            raise DomainError(_("Unknown documents: {names}").format(names=", ".join(unknown)), field="--documents")
    extra = read_attachment_files(args.attach)
    if extra and documents is not None and "attachments" not in documents:
        documents.append("attachments")
    book = open_book_for(args)
    try:
        with book.session() as s:
            result = build_package(s, args.year, documents=documents, limit_kb=limit_kb, split=args.split,
                                   attach=extra)
    finally:
        book.close()
    paths = result.write(args.pdf)
    for path, data in zip(paths, result.parts):
        print(_("Written: {file} ({size})").format(file=path, size=human_size(len(data))))
    print(_("{pages} pages, {size} in all (limit {limit}).").format(
        pages=result.pages, size=human_size(result.size), limit=human_size(result.limit)))
    for w in result.warnings:
        print(_("Warning: {text}").format(text=w), file=sys.stderr)
    return 0


def cmd_missing(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for
    from secretariat_app.core.reports.attachments import document_label
    from secretariat_app.core.reports.data import missing_data
    from secretariat_app.core.reports.models import PACKAGE_DOCUMENTS

    book = open_book_for(args)
    bad = 0
    try:
        with book.session() as s:
            for doc in PACKAGE_DOCUMENTS:
                missing = missing_data(s, args.year, doc)
                bad += bool(missing)
                print(("[OK]   " if not missing else "[MISS] ") + document_label(doc))
                for m in missing:
                    print(f"       {m}")
    finally:
        book.close()
    return 1 if bad else 0
