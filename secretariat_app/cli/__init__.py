"""Command line (``secretariat``): argparse over the same core services the GUI uses (CLI.md).

Exit codes: 0 done; 1 refused (bad input or a domain rule; the reason on stderr in the user's
language; nothing written); 2 usage error. Each capability registers its commands from its own
module listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator

from secretariat_app import __version__
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _, set_language

if TYPE_CHECKING:
    from secretariat_app.actions import Actor

COMMAND_MODULES = [
    "secretariat_app.cli.book",
    "secretariat_app.cli.members",
    "secretariat_app.cli.ledger",
    "secretariat_app.cli.dues",
    "secretariat_app.cli.meetings",
    "secretariat_app.cli.report",
    "secretariat_app.cli.trust",
]


def common_options() -> argparse.ArgumentParser:
    """Options every command takes: --book, --lang, --user (given before or after the command)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--book", default=argparse.SUPPRESS,
                   help="book: a .sqlite file path or a SQLAlchemy URL (default: the per-user default book)")
    p.add_argument("--lang", choices=["zh_CN", "en"], default=argparse.SUPPRESS,
                   help="language of messages and documents (default: the book's setting)")
    p.add_argument("--user", default=argparse.SUPPRESS,
                   help="user name when the book has users (password from SECRETARIAT_PASSWORD or a prompt)")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="secretariat", description="Secretariat — 行业协会商会秘书处管理",
                                     parents=[common_options()])
    parser.add_argument("--version", action="version", version=f"secretariat {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    parent = common_options()
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # capability not built yet
                continue
            raise
        module.register(sub, parent)
    return parser


@contextmanager
def actor_for(args: argparse.Namespace) -> Iterator[Actor]:
    """The acting user on ``--book`` for one command: opens the book, sets the language (--lang,
    else the book's setting, else zh_CN), logs ``--user`` in when the book has users, and closes
    the book afterwards. Commands reach the book only through actions called with this actor."""
    from secretariat_app.actions import book as book_actions

    actor = book_actions.open_for_use(getattr(args, "book", None), user=getattr(args, "user", None),
                                      ask_password=_ask_password,
                                      use_language=None if getattr(args, "lang", None) else set_language)
    try:
        yield actor
    finally:
        actor.book.close()


def _ask_password(user: str) -> str:
    import getpass

    try:
        return getpass.getpass(_("Password for {name}: ").format(name=user))
    except EOFError:
        return ""


def print_json(doc: dict) -> None:
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Pick the language early so that even usage messages of our own come out right.
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv):
            set_language(argv[i + 1])
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return int(handler(args) or 0)
    except DomainError as exc:
        return fail(_("Refused: {reason}").format(reason=exc))
    except KeyboardInterrupt:
        return fail(_("Interrupted; nothing was written."))
    except BrokenPipeError:
        return 0
    except OSError as exc:
        return fail(_("Cannot use the file {name}: {reason}").format(name=exc.filename or "", reason=exc.strerror or exc))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
