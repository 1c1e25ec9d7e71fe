"""``secretariat meetings …`` (CLI.md; DOMAIN.md §4).

    meetings list [--year Y] [--json]
    meetings show --meeting ID --json
    meetings minutes --meeting ID --pdf OUT [--version N]
    meetings signin  --meeting ID --pdf OUT
    meetings notice  --meeting ID --pdf OUT

An unknown meeting is refused (exit 1) before any file is written.
"""

from __future__ import annotations

import argparse

from secretariat_app.i18n import _


def register(sub, parent) -> None:
    p = sub.add_parser("meetings", parents=[parent], help="meetings: list, minutes, sign-in sheets, notices")
    ms = p.add_subparsers(dest="meetings_command", metavar="ACTION")
    ms.required = True

    q = ms.add_parser("list", parents=[parent], help="every meeting with its attendance and quorum")
    q.add_argument("--year", type=int, help="only the meetings of this year")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_list)

    q = ms.add_parser("show", parents=[parent], help="a meeting's whole record as JSON")
    q.add_argument("--meeting", type=int, required=True, metavar="ID")
    q.add_argument("--json", action="store_true", default=True)
    q.set_defaults(handler=cmd_show)

    for name, helptext, handler in (("minutes", "the minutes (会议纪要) as PDF", cmd_minutes),
                                    ("signin", "the sign-in sheet (签到表) as PDF", cmd_signin),
                                    ("notice", "the notice (会议通知) as PDF", cmd_notice)):
        q = ms.add_parser(name, parents=[parent], help=helptext)
        q.add_argument("--meeting", type=int, required=True, metavar="ID")
        q.add_argument("--pdf", required=True, metavar="OUT")
        if name == "minutes":
            q.add_argument("--version", type=int, help="a version of the minutes (default: the latest)")
        q.set_defaults(handler=handler)


def _with_session(args, fn):
    from secretariat_app.cli import open_book_for

    book = open_book_for(args)
    try:
        with book.session() as s:
            return fn(s)
    finally:
        book.close()


def cmd_list(args: argparse.Namespace) -> int:
    from secretariat_app.cli import print_json
    from secretariat_app.core.meetings.queries import json_row, kind_label, list_meetings

    rows = _with_session(args, lambda s: list_meetings(s, args.year))
    if args.json:
        print_json({"meetings": [json_row(r) for r in rows]})
        return 0
    if not rows:
        print(_("No meetings."))
        return 0
    for r in rows:
        quorum = _("quorate") if r["quorum_met"] else _("not quorate")
        print(f"{r['id']:>4}  {r['date'].isoformat()}  {kind_label(r['kind'], r['representatives'])}  {r['title']}  "
              + _("expected {expected}, attended {present}, {quorum}").format(
                  expected=r["expected"], present=r["present"], quorum=quorum))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from secretariat_app.cli import print_json
    from secretariat_app.core.meetings.queries import meeting_record

    print_json(_with_session(args, lambda s: meeting_record(s, args.meeting)))
    return 0


def _write(args, writer, what: str) -> int:
    path = _with_session(args, lambda s: writer(s, args.meeting, args.pdf))
    print(_("{what} written to {path}").format(what=what, path=path))
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    from secretariat_app.pdf.meetings import write_minutes_pdf

    return _write(args, lambda s, mid, out: write_minutes_pdf(s, mid, out, args.version), _("Minutes"))


def cmd_signin(args: argparse.Namespace) -> int:
    from secretariat_app.pdf.meetings import write_signin_pdf

    return _write(args, write_signin_pdf, _("Sign-in sheet"))


def cmd_notice(args: argparse.Namespace) -> int:
    from secretariat_app.pdf.meetings import write_notice_pdf

    return _write(args, write_notice_pdf, _("Notice"))


__all__ = ["register"]
