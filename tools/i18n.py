#!/usr/bin/env python3
"""Translation tooling (Babel): extract, check, and compile the catalogs of Secretariat.

    python tools/i18n.py extract            # secretariat_app → i18n/messages.pot
    python tools/i18n.py missing [--lang L] # msgids without a translation in i18n/L/*.po (exit 1)
    python tools/i18n.py check              # placeholders {x} of msgstr must match the msgid's
    python tools/i18n.py en                 # i18n/en/messages.po = the pot with msgstr = msgid
    python tools/i18n.py compile            # i18n/<lang>/*.po → secretariat_app/locale/<lang>/LC_MESSAGES/messages.mo
    python tools/i18n.py all                # extract, en, compile, then missing and check

Source strings are English; ``_()``, ``N_()`` and ``ngettext()`` mark them. Each area keeps its
Chinese in its own ``i18n/zh_CN/<area>.po``; the runtime merges them (``secretariat_app.i18n``).
"""

from __future__ import annotations

import argparse
import io
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "secretariat_app"
I18N = ROOT / "i18n"
POT = I18N / "messages.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**/migrations/**.py", "ignore"), ("**.py", "python")]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def extract_catalog():
    """A fresh Babel catalog of every marked string in ``secretariat_app`` (nothing written)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    from secretariat_app import __version__

    cat = Catalog(project="Secretariat", version=__version__, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        path = (Path("secretariat_app") / filename).as_posix()
        cat.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return cat


def write_catalog(cat, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, cat, width=100, sort_output=True, include_lineno=False, omit_header=False)
    data = buf.getvalue()
    if not path.exists() or _without_dates(path.read_bytes()) != _without_dates(data):
        path.write_bytes(data)  # only when a message changed: no churn from the creation date


def _without_dates(data: bytes) -> bytes:
    return b"\n".join(line for line in data.splitlines()
                      if not line.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:')))


def extract() -> Path:
    write_catalog(extract_catalog(), POT)
    return POT


def _key(message) -> str | tuple:
    return message.id


def _translated(merged, msgid) -> bool:
    msg = merged.get(msgid)
    if msg is None:
        return False
    if isinstance(msg.string, (tuple, list)):
        return all(msg.string)
    return bool(msg.string)


def missing(lang: str = "zh_CN", cat=None) -> list:
    """msgids of a fresh extraction that the merged ``i18n/<lang>/*.po`` do not translate."""
    from secretariat_app.i18n import merged_catalog

    cat = cat or extract_catalog()
    merged = merged_catalog(lang, I18N)
    return sorted((m.id for m in cat if m.id and not _translated(merged, m.id)), key=str)


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a format string (``{{`` escapes ignored)."""
    out = set()
    try:
        for _lit, field, _spec, _conv in string.Formatter().parse(text):
            if field is not None:
                out.add(field.split(".")[0].split("[")[0])
    except ValueError:
        out.add("<malformed>")
    return out


def placeholder_problems(lang: str = "zh_CN") -> list[str]:
    """Translations whose placeholders differ from the msgid's (each file checked on its own)."""
    from babel.messages.pofile import read_po

    from secretariat_app.i18n import po_files

    problems = []
    for po in po_files(lang, I18N):
        with po.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        for m in cat:
            if not m.id or not m.string:
                continue
            ids = m.id if isinstance(m.id, (tuple, list)) else (m.id,)
            strs = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
            want = set().union(*(placeholders(i) for i in ids))
            for s in strs:
                if s and placeholders(s) != want:
                    problems.append(f"{po.relative_to(ROOT)}: {m.id!r} → {s!r}")
    return problems


def conflicts(lang: str = "zh_CN") -> list[str]:
    """The same msgid translated differently in two catalog files of one language: the files are
    merged (later wins), so one area's wording would silently replace another's."""
    from babel.messages.pofile import read_po

    from secretariat_app.i18n import po_files

    seen: dict = {}
    for po in po_files(lang, I18N):
        with po.open("rb") as fh:
            for m in read_po(fh, locale=lang):
                if m.id and m.string:
                    seen.setdefault(m.id, []).append((po.name, m.string))
    return [f"{msgid!r}: " + "; ".join(f"{f} → {s!r}" for f, s in found)
            for msgid, found in seen.items() if len({s for _f, s in found}) > 1]


def make_english(cat=None) -> Path:
    """``i18n/en/messages.po``: every msgid translated as itself (the source text is English)."""
    from babel.messages.catalog import Catalog

    cat = cat or extract_catalog()
    en = Catalog(locale="en", project="Secretariat", version=cat.version, charset="utf-8")
    for m in cat:
        if m.id:
            en.add(m.id, m.id, locations=m.locations)
    path = I18N / "en" / "messages.po"
    write_catalog(en, path)
    return path


def compile_all(langs=None, out_dir: Path | None = None) -> list[Path]:
    """Merged catalogs → ``<out_dir>/<lang>/LC_MESSAGES/messages.mo`` (default: the package's locale)."""
    from secretariat_app.i18n import LANGUAGES, compile_catalog_bytes

    out_dir = out_dir or (PACKAGE / "locale")
    written = []
    for lang in langs or LANGUAGES:
        if not (I18N / lang).is_dir():
            continue
        target = out_dir / lang / "LC_MESSAGES" / "messages.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compile_catalog_bytes(lang, I18N))
        written.append(target)
    return written


def _report_missing(lang: str, cat=None) -> int:
    items = missing(lang, cat)
    for msgid in items:
        print(msgid if isinstance(msgid, str) else " | ".join(msgid))
    if items:
        print(f"{len(items)} string(s) without a {lang} translation", file=sys.stderr)
        return 1
    print(f"{lang}: complete", file=sys.stderr)
    return 0


def _report_check(langs) -> int:
    bad = [p for lang in langs for p in placeholder_problems(lang) + conflicts(lang)]
    for p in bad:
        print(p)
    if bad:
        print(f"{len(bad)} translation(s) with wrong placeholders or conflicting wording", file=sys.stderr)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/i18n.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("extract", help="write i18n/messages.pot")
    p = sub.add_parser("missing", help="list untranslated msgids (exit 1 if any)")
    p.add_argument("--lang", default="zh_CN")
    sub.add_parser("check", help="check placeholders of every translation")
    sub.add_parser("en", help="regenerate i18n/en/messages.po")
    sub.add_parser("compile", help="compile .mo files into secretariat_app/locale")
    sub.add_parser("all", help="extract, en, compile, missing, check")
    args = parser.parse_args(argv)
    if args.cmd == "extract":
        print(extract().relative_to(ROOT))
        return 0
    if args.cmd == "missing":
        return _report_missing(args.lang)
    if args.cmd == "check":
        return _report_check(["zh_CN", "en"])
    if args.cmd == "en":
        print(make_english().relative_to(ROOT))
        return 0
    if args.cmd == "compile":
        for path in compile_all():
            print(path.relative_to(ROOT))
        return 0
    # all
    cat = extract_catalog()
    write_catalog(cat, POT)
    make_english(cat)
    for path in compile_all():
        print(path.relative_to(ROOT))
    rc = _report_missing("zh_CN", cat)
    return max(rc, _report_check(["zh_CN", "en"]))


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    except BrokenPipeError:  # `tools/i18n.py missing | head`
        raise SystemExit(0)
