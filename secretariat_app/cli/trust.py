"""``secretariat backup | restore | users | audit`` (CLI.md; issue 8).

Passwords are never options: the login password comes from ``SECRETARIAT_PASSWORD`` or a prompt,
a new user's password from ``SECRETARIAT_NEW_PASSWORD`` or a prompt (asked twice).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from secretariat_app.errors import BookError, DomainError, PermissionDenied
from secretariat_app.i18n import _


def register(sub, parent) -> None:
    p = sub.add_parser("backup", parents=[parent], help="copy the book (it may be open) to a file")
    p.add_argument("out", metavar="OUT", help="the backup file to write")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=[parent], help="replace the book by a backup (the book is backed up first)")
    p.add_argument("source", metavar="FROM", help="the backup file")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("users", parents=[parent], help="users and roles of a book")
    us = p.add_subparsers(dest="users_command", metavar="ACTION")
    us.required = True
    q = us.add_parser("add", parents=[parent], help="add a user (the first user is an administrator)")
    q.add_argument("name")
    q.add_argument("--role", default="viewer", choices=["admin", "secretary", "treasurer", "viewer"])
    q.add_argument("--full-name", default="")
    q.set_defaults(handler=cmd_users_add)
    q = us.add_parser("list", parents=[parent], help="list the users")
    q.add_argument("--json", action="store_true")
    q.set_defaults(handler=cmd_users_list)
    q = us.add_parser("passwd", parents=[parent], help="set a user's password")
    q.add_argument("name")
    q.set_defaults(handler=cmd_users_passwd)
    q = us.add_parser("disable", parents=[parent], help="disable a user (users are never deleted)")
    q.add_argument("name")
    q.set_defaults(handler=cmd_users_disable)
    q = us.add_parser("enable", parents=[parent], help="enable a disabled or locked user again")
    q.add_argument("name")
    q.set_defaults(handler=cmd_users_enable)
    q = us.add_parser("role", parents=[parent], help="change a user's role")
    q.add_argument("name")
    q.add_argument("role", choices=["admin", "secretary", "treasurer", "viewer"])
    q.set_defaults(handler=cmd_users_role)

    p = sub.add_parser("audit", parents=[parent], help="show the audit log")
    p.add_argument("--json", action="store_true")
    p.add_argument("--since", help="from this date (YYYY-MM-DD)")
    p.add_argument("--until", help="up to this date (YYYY-MM-DD)")
    p.add_argument("--table", help="only this table")
    p.add_argument("--record", help="only this record id")
    p.add_argument("--who", help="only this user")
    p.add_argument("--limit", type=int, default=1000, help="at most this many entries, newest first (default 1000)")
    p.set_defaults(handler=cmd_audit)


def _progress_printer():
    last = [-1]

    def cb(done: int, total: int) -> None:
        pct = int(100 * done / total) if total else 100
        if pct // 10 != last[0] // 10 and sys.stderr.isatty():
            print(f"\r{pct}%", end="", file=sys.stderr, flush=True)
        last[0] = pct

    return cb


def cmd_backup(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for
    from secretariat_app.core.auth import can_backup
    from secretariat_app.db.backup import backup_book

    book = open_book_for(args)
    try:
        if not can_backup():
            raise PermissionDenied(_("A viewer may not back up the book (it holds personal data unmasked)."))
        out = backup_book(book, args.out, progress=_progress_printer())
    finally:
        book.close()
    if sys.stderr.isatty():
        print("", file=sys.stderr)
    print(_("Backup written: {path}").format(path=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore needs an administrator when the book has users; a book that cannot be opened at all
    (damaged, missing) is restored without a login — restoring it is the point."""
    from secretariat_app.cli import open_book_for
    from secretariat_app.core.auth import can_restore
    from secretariat_app.db.backup import restore_book

    try:
        book = open_book_for(args)
    except PermissionDenied:
        raise
    except BookError as exc:
        if "newer" in exc.message or "新版本" in exc.message:
            raise
        book = None
    if book is not None:
        book.close()
        if not can_restore():
            raise PermissionDenied(_("Only an administrator may restore the book."))
    where = restore_book(getattr(args, "book", None) or _default_book(), args.source)
    print(_("Book restored from {source}: {book}").format(source=args.source, book=where))
    return 0


def _default_book():
    from secretariat_app.db.location import default_book_path

    return default_book_path()


def _new_password() -> str:
    pw = os.environ.get("SECRETARIAT_NEW_PASSWORD")
    if pw is not None:
        return pw
    import getpass

    try:
        first = getpass.getpass(_("New password: "))
        second = getpass.getpass(_("New password again: "))
    except EOFError:
        raise DomainError(_("No password given; set SECRETARIAT_NEW_PASSWORD or type it at the prompt.")) from None
    if first != second:
        raise DomainError(_("The two passwords differ; nothing was changed."))
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for
    from secretariat_app.core.trust.users import add_user

    book = open_book_for(args)
    try:
        with book.session() as s:
            p = add_user(s, args.name, _new_password(), args.role, args.full_name)
    finally:
        book.close()
    print(_("User {name} added ({role}).").format(name=p.name, role=p.role_label))
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for, print_json
    from secretariat_app.core.auth import ROLE_LABELS
    from secretariat_app.core.trust.users import list_users

    book = open_book_for(args)
    try:
        with book.session() as s:
            users = [{"name": u.name, "full_name": u.full_name or "", "role": u.role, "active": bool(u.active),
                      "locked_until": u.locked_until.isoformat() if u.locked_until else None,
                      "last_login": u.last_login.isoformat() if u.last_login else None} for u in list_users(s)]
    finally:
        book.close()
    if args.json:
        print_json({"users": users})
        return 0
    if not users:
        print(_("No users: the book is in single-user mode (no login)."))
    for u in users:
        state = "" if u["active"] else " " + _("(disabled)")
        print(f"{u['name']:<20} {_(ROLE_LABELS[u['role']]):<12} {u['full_name']}{state}")
    return 0


def _with_user_session(args, fn) -> None:
    from secretariat_app.cli import open_book_for

    book = open_book_for(args)
    try:
        with book.session() as s:
            fn(s)
    finally:
        book.close()


def cmd_users_passwd(args: argparse.Namespace) -> int:
    from secretariat_app.core.trust.users import change_password

    old = os.environ.get("SECRETARIAT_PASSWORD")
    pw = _new_password()
    _with_user_session(args, lambda s: change_password(s, args.name, pw, old_password=old))
    print(_("The password of {name} was changed.").format(name=args.name))
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from secretariat_app.core.trust.users import set_active

    _with_user_session(args, lambda s: set_active(s, args.name, False))
    print(_("User {name} disabled.").format(name=args.name))
    return 0


def cmd_users_enable(args: argparse.Namespace) -> int:
    from secretariat_app.core.trust.users import set_active

    _with_user_session(args, lambda s: set_active(s, args.name, True))
    print(_("User {name} enabled.").format(name=args.name))
    return 0


def cmd_users_role(args: argparse.Namespace) -> int:
    from secretariat_app.core.trust.users import change_role

    _with_user_session(args, lambda s: change_role(s, args.name, args.role))
    print(_("User {name} is now {role}.").format(name=args.name, role=args.role))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for, print_json
    from secretariat_app.core.audit import query_entries
    from secretariat_app.core.validate import parse_date

    since = parse_date(args.since, "--since") if args.since else None
    until = parse_date(args.until, "--until") if args.until else None
    book = open_book_for(args)
    try:
        with book.session() as s:
            entries = query_entries(s, since=since, until=until, table=args.table, record_id=args.record,
                                    user=args.who, limit=max(1, args.limit))
    finally:
        book.close()
    if args.json:
        print_json({"entries": [e.to_json() for e in entries]})
        return 0
    for e in entries:
        print(f"{e.id:>7} {e.at[:19].replace('T', ' ')} {e.user_name:<12} {e.action:<11} {e.table_name}:{e.record_id} "
              f"{json.dumps(e.after_values() if e.after else e.before_values(), ensure_ascii=False)[:120]}")
    return 0
