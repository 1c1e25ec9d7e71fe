"""``secretariat meetings …`` (CLI.md; DOMAIN.md §4).

    meetings list [--year Y] [--json]
    meetings show --meeting ID --json
    meetings add --kind KIND --title T --date D [--place P] [--json]
    meetings attend --meeting ID (--file ATTENDANCE.csv | --member NO --as present|proxy|leave|absent [--proxy-to NO])
    meetings resolve --meeting ID --title T --yes N --no N --abstain N [--present-not-voting N]
                     [--secret-ballot] [--kind ordinary|charter|dues_schedule|dissolution]
    meetings elect --meeting ID --office POST --candidate NO --votes N [--candidate NO --votes N ...]
    meetings approve --meeting ID [--by NAME]
    meetings minutes --meeting ID --pdf OUT [--version N]
    meetings signin  --meeting ID --pdf OUT
    meetings notice  --meeting ID --pdf OUT

An unknown meeting is refused (exit 1) before any file is written; a refused change writes nothing.
"""

from __future__ import annotations

import argparse

from secretariat_app.i18n import _

KINDS = ("general_assembly", "council", "standing_council", "supervisors", "presidents", "other")


def register(sub, parent) -> None:
    p = sub.add_parser("meetings", parents=[parent], help="meetings: list, record, minutes, sign-in sheets, notices")
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

    q = ms.add_parser("add", parents=[parent], help="plan or record a meeting")
    q.add_argument("--kind", choices=KINDS, required=True)
    q.add_argument("--title", required=True)
    q.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    q.add_argument("--place", default="")
    q.add_argument("--representatives", action="store_true", help="a representatives' assembly (会员代表大会)")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_add)

    q = ms.add_parser("attend", parents=[parent], help="record attendance (a CSV file, or one member)")
    q.add_argument("--meeting", type=int, required=True, metavar="ID")
    src = q.add_mutually_exclusive_group(required=True)
    src.add_argument("--file", metavar="ATTENDANCE.csv", help="columns member,status[,proxy_to,person,note]")
    src.add_argument("--member", metavar="NO")
    q.add_argument("--as", dest="status", choices=("present", "proxy", "leave", "absent"))
    q.add_argument("--proxy-to", metavar="NO", help="with --as proxy: the member holding the proxy")
    q.set_defaults(handler=cmd_attend)

    q = ms.add_parser("resolve", parents=[parent], help="a resolution and its vote")
    q.add_argument("--meeting", type=int, required=True, metavar="ID")
    q.add_argument("--title", required=True)
    q.add_argument("--yes", type=int, required=True, metavar="N")
    q.add_argument("--no", type=int, required=True, metavar="N")
    q.add_argument("--abstain", type=int, required=True, metavar="N")
    q.add_argument("--present-not-voting", type=int, metavar="N")
    q.add_argument("--secret-ballot", action="store_true")
    q.add_argument("--kind", default="ordinary", choices=("ordinary", "charter", "dues_schedule", "dissolution"))
    q.set_defaults(handler=cmd_resolve)

    q = ms.add_parser("elect", parents=[parent], help="an election: the candidates' votes for one office")
    q.add_argument("--meeting", type=int, required=True, metavar="ID")
    q.add_argument("--office", required=True, metavar="POST")
    q.add_argument("--candidate", action="append", required=True, metavar="NO")
    q.add_argument("--votes", action="append", type=int, required=True, metavar="N")
    q.add_argument("--apply", action="store_true", help="also put the result into the officer posts")
    q.set_defaults(handler=cmd_elect)

    q = ms.add_parser("approve", parents=[parent], help="approve and lock the latest minutes")
    q.add_argument("--meeting", type=int, required=True, metavar="ID")
    q.add_argument("--by", metavar="NAME", help="who approves (default: the meeting's chair)")
    q.set_defaults(handler=cmd_approve)

    for name, helptext, handler in (("minutes", "the minutes (会议纪要) as PDF", cmd_minutes),
                                    ("signin", "the sign-in sheet (签到表) as PDF", cmd_signin),
                                    ("notice", "the notice (会议通知) as PDF", cmd_notice)):
        q = ms.add_parser(name, parents=[parent], help=helptext)
        q.add_argument("--meeting", type=int, required=True, metavar="ID")
        q.add_argument("--pdf", required=True, metavar="OUT")
        if name == "minutes":
            q.add_argument("--version", type=int, help="a version of the minutes (default: the latest)")
        q.set_defaults(handler=handler)


def cmd_list(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.meetings.queries import json_row, kind_label

    with actor_for(args) as actor:
        rows = meetings.list_meetings(actor, args.year)
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
    from secretariat_app.actions import meetings
    from secretariat_app.cli import actor_for, print_json

    with actor_for(args) as actor:
        print_json(meetings.meeting_record(actor, args.meeting))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings
    from secretariat_app.cli import actor_for, print_json
    from secretariat_app.core.meetings.queries import json_row

    values = dict(kind=args.kind, title=args.title, date=args.date, place=args.place,
                  representatives=args.representatives)
    with actor_for(args) as actor:
        meeting_id = meetings.create_meeting(actor, values).value
        row = meetings.meeting_row(actor, meeting_id)
    if args.json:
        print_json(json_row(row))
    else:
        print(_("Meeting {id} recorded: {title}").format(id=meeting_id, title=row["title"]))
    return 0


def cmd_attend(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings
    from secretariat_app.cli import actor_for
    from secretariat_app.errors import DomainError

    if args.member and not args.status:
        raise DomainError(_("give --as present|proxy|leave|absent with --member"), field="--as")
    with actor_for(args) as actor:
        if args.file:
            n = meetings.attend_from_file(actor, args.meeting, args.file).value
        else:
            meetings.set_attendance(actor, args.meeting, [dict(member_no=args.member, status=args.status,
                                                               proxy_to_no=args.proxy_to)])
            n = 1
        row = meetings.meeting_row(actor, args.meeting)
    quorum = _("quorate") if row["quorum_met"] else _("not quorate")
    print(_("{n} attendance record(s) saved.").format(n=n) + " " + _(
        "expected {expected}, attended {present}, {quorum}").format(expected=row["expected"],
                                                                     present=row["present"], quorum=quorum))
    return 0


def cmd_resolve(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        out = meetings.resolve(actor, args.meeting, args.title, subject=args.kind, secret_ballot=args.secret_ballot,
                               votes_for=args.yes, votes_against=args.no, votes_abstain=args.abstain,
                               present_not_voting=args.present_not_voting).value
    print(_("Resolution {id}: {result}").format(id=out["id"], result=_("Adopted") if out["adopted"]
                                                else _("Not adopted")))
    return 0


def cmd_elect(args: argparse.Namespace) -> int:
    import sys

    from secretariat_app.actions import meetings
    from secretariat_app.cli import actor_for
    from secretariat_app.errors import DomainError

    if len(args.candidate) != len(args.votes):
        raise DomainError(_("give --votes N after each --candidate NO"), field="--votes")
    with actor_for(args) as actor:
        out = meetings.record_election(actor, args.meeting, args.office, list(zip(args.candidate, args.votes))).value
        if args.apply:
            meetings.apply_election(actor, out["id"])
    for note in out["notes"]:
        print(_("Warning: {text}").format(text=note), file=sys.stderr)
    print(_("Election for {office} recorded.").format(office=args.office))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings, meetings_minutes
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        who = args.by or meetings.meeting_record(actor, args.meeting)["chair"] or actor.name
        version = meetings_minutes.approve_minutes(actor, args.meeting, who).value
    print(_("Version {version} approved by {who}; locked.").format(version=version, who=who))
    return 0


def _write(args, query, what: str, *extra) -> int:
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        path = query(actor, args.meeting, args.pdf, *extra)
    print(_("{what} written to {path}").format(what=what, path=path))
    return 0


def cmd_minutes(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings_minutes

    return _write(args, meetings_minutes.minutes_pdf, _("Minutes"), args.version)


def cmd_signin(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings_minutes

    return _write(args, meetings_minutes.signin_pdf, _("Sign-in sheet"))


def cmd_notice(args: argparse.Namespace) -> int:
    from secretariat_app.actions import meetings_minutes

    return _write(args, meetings_minutes.notice_pdf, _("Notice"))


__all__ = ["register"]
