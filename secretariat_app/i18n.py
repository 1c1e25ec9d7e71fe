"""Translations (gettext catalogs compiled by Babel) and locale formatting.

Catalog sources live in ``i18n/`` at the top of the source tree: ``messages.pot``, ``en/*.po`` and
``zh_CN/*.po`` (one file per area, merged). Compiled ``messages.mo`` files live in
``secretariat_app/locale/<lang>/LC_MESSAGES`` (built by ``tools/i18n.py compile``, by the wheel
build and by PyInstaller). When running from a source tree whose .mo is missing or older than its
.po files, the catalogs are compiled in memory, so a fresh checkout always speaks Chinese.
"""

from __future__ import annotations

import gettext
import io
import sys
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
PACKAGE_DIR = Path(__file__).resolve().parent

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_lang: str = DEFAULT_LANGUAGE
_cache: dict[str, gettext.NullTranslations] = {}


def _source_i18n_dir() -> Path | None:
    """The i18n/ folder beside the package (source checkout), or inside a frozen bundle."""
    candidates = [PACKAGE_DIR.parent / "i18n"]
    if getattr(sys, "frozen", False):
        candidates.insert(0, Path(getattr(sys, "_MEIPASS", PACKAGE_DIR)) / "i18n")
    for c in candidates:
        if c.is_dir():
            return c
    return None


def locale_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", PACKAGE_DIR)) / "secretariat_app" / "locale"
    return PACKAGE_DIR / "locale"


def po_files(lang: str, src: Path | None = None) -> list[Path]:
    src = src or _source_i18n_dir()
    if src is None or not (src / lang).is_dir():
        return []
    return sorted((src / lang).glob("*.po"))


def merged_catalog(lang: str, src: Path | None = None):
    """All .po files of one language merged into one Babel catalog (later files win)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale=lang.replace("_", "-") if False else lang, domain="messages")
    for po in po_files(lang, src):
        with po.open("rb") as fh:
            cat = read_po(fh, locale=lang)
        for msg in cat:
            if msg.id and msg.string and "fuzzy" not in msg.flags:
                if msg.id in merged:
                    del merged[msg.id]  # Catalog would keep the first string otherwise
                merged.add(msg.id, msg.string)
    return merged


def compile_catalog_bytes(lang: str, src: Path | None = None) -> bytes:
    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, merged_catalog(lang, src))
    return buf.getvalue()


def _load(lang: str) -> gettext.NullTranslations:
    if lang in _cache:
        return _cache[lang]
    mo = locale_dir() / lang / "LC_MESSAGES" / "messages.mo"
    pos = po_files(lang)
    trans: gettext.NullTranslations
    stale = bool(pos) and (not mo.exists() or max(p.stat().st_mtime for p in pos) > mo.stat().st_mtime)
    if mo.exists() and not stale:
        with mo.open("rb") as fh:
            trans = gettext.GNUTranslations(fh)
    elif pos:
        trans = gettext.GNUTranslations(io.BytesIO(compile_catalog_bytes(lang)))
    else:
        trans = gettext.NullTranslations()
    _cache[lang] = trans
    return trans


def normalize_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    lang = lang.replace("-", "_")
    if lang in LANGUAGES:
        return lang
    if lang.lower().startswith("zh"):
        return "zh_CN"
    if lang.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    """Make ``lang`` the language of every later ``_()`` call; returns the language chosen."""
    global _current, _current_lang
    _current_lang = normalize_language(lang)
    _current = _load(_current_lang)
    return _current_lang


def current_language() -> str:
    return _current_lang


def _(message: str) -> str:
    """Translate ``message`` (English source text) into the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 — the gettext convention (Babel extracts N_)
    """Mark a string for extraction without translating it now (module-level constants)."""
    return message


def babel_locale(lang: str | None = None) -> str:
    return normalize_language(lang or _current_lang)


_locales: dict = {}


def _locale(lang: str | None = None):
    """The Babel ``Locale`` object (parsed once: parsing a name on every call is slow)."""
    name = babel_locale(lang)
    loc = _locales.get(name)
    if loc is None:
        from babel import Locale

        loc = _locales[name] = Locale.parse(name)
    return loc


# ---- formatting ---------------------------------------------------------------------------

def _two_decimals(value: Decimal | int, fen: bool) -> Decimal:
    """``value`` (yuan, or integer fen when ``fen``) as a Decimal rounded half-up to 0.01 — the rule of
    ``core/money.py``, restated here because this module sits below core and imports none of it."""
    if isinstance(value, float):  # money is never a float
        raise TypeError("money must not be a float")
    d = Decimal(int(value)) / 100 if fen else Decimal(value)
    return d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_amount(value: Decimal | int, *, fen: bool = False, lang: str | None = None) -> str:
    """``1,234.56`` — thousands separators, exactly two decimals (tables, statements)."""
    from babel.numbers import format_decimal

    d = _two_decimals(value, fen)
    return format_decimal(d, format="#,##0.00;-#,##0.00", locale=_locale(lang), decimal_quantization=True)


def format_money(value: Decimal | int, *, fen: bool = False, lang: str | None = None) -> str:
    """``¥1,234.56`` in the book's locale."""
    from babel.numbers import format_currency

    d = _two_decimals(value, fen)
    text = format_currency(d, "CNY", locale=_locale(lang))
    return text.replace("CN¥", "¥")


def format_number(value: int | Decimal, lang: str | None = None) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(lang))


def format_percent(value: Decimal | float, lang: str | None = None) -> str:
    from babel.numbers import format_percent as fp

    return fp(value, format="#,##0.0%", locale=_locale(lang))


def format_date(value: date | datetime | None, fmt: str = "long", lang: str | None = None) -> str:
    """``2026年11月25日`` (zh_CN, long) / ``November 25, 2026`` (en, long); ``short`` → ISO."""
    from babel.dates import format_date as fd

    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if fmt == "iso":
        return value.isoformat()
    return fd(value, format=fmt, locale=_locale(lang))


def format_datetime(value: datetime | None, lang: str | None = None) -> str:
    from babel.dates import format_datetime as fdt

    if value is None:
        return ""
    return fdt(value, format="medium", locale=_locale(lang))


set_language(DEFAULT_LANGUAGE)
