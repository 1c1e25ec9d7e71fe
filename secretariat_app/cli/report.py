"""``secretariat report annual|csr|grade|party|submission|missing`` (CLI.md; issue 7).

A report whose data is missing (no statements for the year, no book settings…) is refused with
the list of what is missing (exit 1) and no file is written. ``submission`` prints the package's
size and warns when it passes the limit; ``--split`` writes parts under the limit instead
(``OUT-1.pdf``, ``OUT-2.pdf``…). ``missing`` lists what each document still lacks (exit 1 when
one lacks something).
"""

from __future__ import annotations

import argparse
import sys

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
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_missing)


def cmd_single(args: argparse.Namespace) -> int:
    from secretariat_app.actions import reports_documents
    from secretariat_app.cli import actor_for
    from secretariat_app.core.reports.attachments import human_size

    with actor_for(args) as actor:
        data = reports_documents.document_pdf(actor, args.year, args.document, args.pdf)
    print(_("Written: {file} ({size})").format(file=args.pdf, size=human_size(len(data))))
    return 0


def cmd_submission(args: argparse.Namespace) -> int:
    from secretariat_app.actions import reports_documents
    from secretariat_app.cli import actor_for
    from secretariat_app.core.reports.attachments import human_size, parse_limit_mb
    from secretariat_app.core.reports.models import PACKAGE_DOCUMENTS
    from secretariat_app.errors import DomainError

    limit_kb = parse_limit_mb(args.limit_mb) if args.limit_mb is not None else None
    documents = [d.strip() for d in args.documents.split(",") if d.strip()] if args.documents else None
    if documents is not None:
        unknown = [d for d in documents if d not in PACKAGE_DOCUMENTS]
        if unknown:
            raise DomainError(_("Unknown documents: {names}").format(names=", ".join(unknown)), field="--documents")
    with actor_for(args) as actor:
        result = reports_documents.build_package(actor, args.year, documents=documents, limit_kb=limit_kb,
                                                 split=args.split, attach_files=args.attach)
        saved = reports_documents.save_package(actor, result, args.pdf, split=args.split)
    for path, data in zip(saved.paths, result.parts):
        print(_("Written: {file} ({size})").format(file=path, size=human_size(len(data))))
    print(_("{pages} pages, {size} in all (limit {limit}).").format(
        pages=result.pages, size=human_size(result.size), limit=human_size(result.limit)))
    for w in result.warnings:
        print(_("Warning: {text}").format(text=w), file=sys.stderr)
    return 0


def cmd_missing(args: argparse.Namespace) -> int:
    from secretariat_app.actions import reports_documents
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.reports.attachments import document_label

    with actor_for(args) as actor:
        rows = reports_documents.missing_all(actor, args.year)
    bad = sum(1 for _doc, missing in rows if missing)
    if args.json:
        print_json({"year": args.year, "documents": [{"document": doc, "name": document_label(doc),
                                                      "missing": missing} for doc, missing in rows]})
        return 1 if bad else 0
    for doc, missing in rows:
        print(("[OK]   " if not missing else "[MISS] ") + document_label(doc))
        for m in missing:
            print(f"       {m}")
    return 1 if bad else 0
