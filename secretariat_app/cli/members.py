"""``secretariat members …``: import, export, list (CLI.md), roll PDF, add, leave, level, show."""

from __future__ import annotations

import argparse
import sys

from secretariat_app.i18n import _


def register(sub, parent) -> None:
    p = sub.add_parser("members", parents=[parent], help="the member roll")
    msub = p.add_subparsers(dest="members_command", metavar="ACTION")
    msub.required = True

    c = msub.add_parser("import", parents=[parent], help="import members from .xlsx or .csv (all or nothing)")
    c.add_argument("file")
    c.add_argument("--skip-invalid", action="store_true", help="import the good rows, leave out the bad ones")
    c.add_argument("--rejects", metavar="OUT", help="with --skip-invalid: write the bad rows here (.xlsx/.csv) with a reason")
    c.add_argument("--update", action="store_true", help="update members already in the roll instead of refusing them")
    c.add_argument("--dry-run", action="store_true", help="check the file only; write nothing")
    c.set_defaults(handler=cmd_import)

    c = msub.add_parser("export", parents=[parent], help="export the roll to .xlsx or .csv")
    c.add_argument("file")
    c.add_argument("--masked", action="store_true", help="mask ID and phone numbers (copies for others)")
    c.add_argument("--status", choices=["active", "left", "all"], default="all")
    c.set_defaults(handler=cmd_export)

    c = msub.add_parser("list", parents=[parent], help="list members")
    c.add_argument("--json", action="store_true", help="print JSON (CLI.md)")
    c.add_argument("--status", choices=["active", "left", "all"], default="all")
    c.add_argument("--search", default="", help="name, number, credit code, contact or phone (part of)")
    c.set_defaults(handler=cmd_list)

    c = msub.add_parser("roll", parents=[parent], help="the printed roll (名册) as PDF")
    c.add_argument("--pdf", required=True, metavar="OUT")
    c.add_argument("--unmasked", action="store_true", help="print full ID and phone numbers")
    c.add_argument("--status", choices=["active", "left", "all"], default="active")
    c.add_argument("--date", help="the roll as on this date (default today)")
    c.set_defaults(handler=cmd_roll)

    c = msub.add_parser("add", parents=[parent], help="admit one member")
    c.add_argument("--kind", required=True, choices=["corporate", "individual", "单位", "个人"])
    c.add_argument("--name", required=True)
    c.add_argument("--level", required=True, help="level name or code")
    c.add_argument("--joined", required=True, help="YYYY-MM-DD")
    c.add_argument("--credit-code")
    c.add_argument("--id-number")
    c.add_argument("--contact", default="")
    c.add_argument("--mobile", default="")
    c.add_argument("--phone", default="")
    c.add_argument("--address", default="")
    c.add_argument("--industry", default="")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_add)

    c = msub.add_parser("leave", parents=[parent], help="record that a member left (kept in the roll)")
    c.add_argument("no")
    c.add_argument("--date", required=True)
    c.add_argument("--reason", required=True, choices=["resigned", "removed", "dissolved"])
    c.add_argument("--note", default="")
    c.set_defaults(handler=cmd_leave)

    c = msub.add_parser("level", parents=[parent], help="move a member to another level")
    c.add_argument("no")
    c.add_argument("level")
    c.add_argument("--date", required=True)
    c.add_argument("--note", default="")
    c.set_defaults(handler=cmd_level)

    c = msub.add_parser("show", parents=[parent], help="one member with history and posts")
    c.add_argument("no")
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=cmd_show)


def cmd_import(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members_files
    from secretariat_app.cli import actor_for
    from secretariat_app.errors import DomainError

    if args.rejects and not args.skip_invalid:
        raise DomainError(_("--rejects goes with --skip-invalid."))
    with actor_for(args) as actor:
        file = members_files.read_import(actor, args.file)
        if file.unknown_headers:
            print(_("Columns not imported: {names}").format(names=", ".join(file.unknown_headers)), file=sys.stderr)
        if args.dry_run:
            check = members_files.check_import(actor, file, update=args.update)
            for p in check.problems:
                print(f"  - {p}", file=sys.stderr)
            print(_("{good} rows are good, {bad} have problems; nothing was written (--dry-run).").format(
                good=check.good, bad=check.bad))
            return 1 if check.bad else 0
        result = members_files.import_roll(actor, file, skip_invalid=args.skip_invalid, update=args.update,
                                           rejects=args.rejects).value
    for p in result.problems:
        print(f"  - {p}", file=sys.stderr)
    print(_("Imported {created} new members, updated {updated}.").format(created=result.created, updated=result.updated))
    if result.rejected:
        where = _(" (written to {path})").format(path=result.rejects_path) if result.rejects_path else ""
        print(_("{n} rows were left out{where}.").format(n=result.rejected, where=where))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members_files
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        n = members_files.export_roll(actor, args.file, masked=args.masked, status=args.status)
    print(_("{n} members written to {path}.").format(n=n, path=args.file))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members
    from secretariat_app.cli import actor_for, print_json

    with actor_for(args) as actor:
        rows = members.list_roll(actor, status=args.status, search=args.search)
    if args.json:
        print_json({"members": rows})
        return 0
    for r in rows:
        ident = r["credit_code"] or r["id_number"]
        print(f"{r['no']}\t{r['name']}\t{r['level']}\t{ident}\t{r['joined']}\t{r['status']}")
    print(_("{n} members").format(n=len(rows)), file=sys.stderr)
    return 0


def cmd_roll(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members_files
    from secretariat_app.cli import actor_for
    from secretariat_app.core.validate import parse_date

    on = parse_date(args.date, "--date") if args.date else None
    with actor_for(args) as actor:
        n = members_files.print_roll(actor, args.pdf, masked=not args.unmasked, status=args.status, on_date=on)
    print(_("Roll of {n} members written to {path}.").format(n=n, path=args.pdf))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members
    from secretariat_app.cli import actor_for, print_json

    values = dict(kind=args.kind, name=args.name, level=args.level, joined=args.joined, credit_code=args.credit_code,
                  id_number=args.id_number, contact_name=args.contact, mobile=args.mobile, phone=args.phone,
                  address=args.address, industry=args.industry)
    with actor_for(args) as actor:
        saved = members.admit(actor, values).value
    if args.json:
        print_json({"no": saved.no, "name": saved.name})
    else:
        print(_("Admitted {no} {name}.").format(no=saved.no, name=saved.name))
    return 0


def cmd_leave(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        saved = members.leave(actor, args.no, args.date, args.reason, args.note).value
    assert saved.left_on is not None
    print(_("{no} {name} left on {date}.").format(no=saved.no, name=saved.name, date=saved.left_on.isoformat()))
    return 0


def cmd_level(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        saved = members.change_level(actor, args.no, args.level, args.date, note=args.note).value
    print(_("{no} {name} is now at level {level}.").format(no=saved.no, name=saved.name, level=saved.level))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from secretariat_app.actions import members
    from secretariat_app.cli import actor_for, print_json

    with actor_for(args) as actor:
        doc = members.show(actor, args.no)
    if args.json:
        print_json(doc)
        return 0
    for k, v in doc.items():
        if k in ("posts", "history"):
            continue
        print(f"{k}: {v if v is not None else ''}")
    for p in doc["posts"]:
        print(f"  {p['post']} ({p['body']}) {p['start']} – {p['end'] or ''}")
    for h in doc["history"]:
        print(f"  {h['date']}  {h['event']}  {h['detail']}")
    return 0
