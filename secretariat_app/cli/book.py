"""``secretariat init`` and ``secretariat check`` (through ``actions/book.py``)."""

from __future__ import annotations

import argparse
import sys
import time

from secretariat_app.i18n import _


def register(sub, parent) -> None:
    p = sub.add_parser("init", parents=[parent], help="create a book")
    p.add_argument("--name", required=True, help="the association's name")
    p.add_argument("--credit-code", help="unified social credit code")
    p.add_argument("--demo", action="store_true", help="fill the book with a realistic demo association")
    p.add_argument("--force", action="store_true", help="replace an existing file at --book")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("check", parents=[parent], help="check a book's integrity")
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace) -> int:
    """--force on a book with users needs its administrator (--user; CLI.md) and backs it up first."""
    from secretariat_app.actions import book as book_actions
    from secretariat_app.cli import _ask_password

    t0 = time.perf_counter()
    actor = book_actions.create(getattr(args, "book", None), args.name, credit_code=args.credit_code, demo=args.demo,
                                force=args.force, lang=getattr(args, "lang", None), user=getattr(args, "user", None),
                                ask_password=_ask_password)
    print(_("Book created: {book} ({seconds:.1f} s)").format(book=actor.book.display_name,
                                                             seconds=time.perf_counter() - t0))
    actor.book.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from secretariat_app.actions import book as book_actions
    from secretariat_app.cli import actor_for

    with actor_for(args) as actor:
        results = book_actions.check(actor)
    bad = 0
    for r in results:
        if r.ok:
            print(f"[OK]   {r.title}")
        else:
            bad += 1
            print(f"[FAIL] {r.title}")
            for p in r.problems:
                print(f"       {p}")
    if bad:
        print(_("{n} check(s) failed.").format(n=bad), file=sys.stderr)
        return 1
    print(_("The book is in order."))
    return 0
