"""``secretariat init`` and ``secretariat check``."""

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


def init_book(book_arg, name: str, *, credit_code: str | None = None, demo: bool = False,
              force: bool = False, lang: str | None = None):
    """Create a book and fill it; on any refusal the half-made file is removed."""
    from pathlib import Path

    from secretariat_app.core.book_settings import update_settings, validate_settings
    from secretariat_app.errors import DomainError
    from secretariat_app.db.book import create_book
    from secretariat_app.db.location import book_url, sqlite_path

    values = {"name": name}
    if credit_code:
        values["credit_code"] = credit_code
    if lang:
        values["language"] = lang
    validate_settings(values)  # refuse before creating anything
    book = create_book(book_arg, overwrite=force)
    try:
        with book.session() as s:
            if demo:
                from secretariat_app.core.demo import build_demo

                build_demo(s, name)
                if credit_code or lang:
                    update_settings(s, **{k: v for k, v in values.items() if k != "name"})
            else:
                update_settings(s, **values)
    except BaseException:
        book.close()
        path = sqlite_path(book_url(book_arg))
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    return book


def cmd_init(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    book = init_book(getattr(args, "book", None), args.name, credit_code=args.credit_code, demo=args.demo,
                     force=args.force, lang=getattr(args, "lang", None))
    print(_("Book created: {book} ({seconds:.1f} s)").format(book=book.display_name, seconds=time.perf_counter() - t0))
    book.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from secretariat_app.cli import open_book_for
    from secretariat_app.core.checks import run_checks

    book = open_book_for(args)
    try:
        results = run_checks(book)
    finally:
        book.close()
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
