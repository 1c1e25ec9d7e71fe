"""Translations and locale formatting (issue 2: "Translations and formats")."""

from __future__ import annotations

import gettext
import importlib.util
import subprocess
import sys
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from secretariat_app import i18n
from secretariat_app.i18n import _, format_amount, format_date, format_money, format_number, format_percent

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def extracted(tool):
    return tool.extract_catalog()


def _by_file(catalog, msgids) -> str:
    where = defaultdict(list)
    for msgid in msgids:
        msg = catalog.get(msgid)
        files = sorted({loc[0] for loc in msg.locations}) if msg else ["?"]
        where[files[0]].append(msgid if isinstance(msgid, str) else msgid[0])
    return "\n".join(f"{f}:\n  " + "\n  ".join(ids) for f, ids in sorted(where.items()))


def test_extraction_finds_marked_strings(extracted):
    ids = {m.id for m in extracted if m.id}
    assert "Refused: {reason}" in ids  # _()
    assert "Association name" in ids  # N_()
    assert "Page {page} of {total}" in ids


def test_zh_cn_is_complete(tool, extracted):
    missing = tool.missing("zh_CN", extracted)
    assert not missing, ("untranslated strings — add them to your i18n/zh_CN/<area>.po:\n"
                         + _by_file(extracted, missing))


def test_en_is_complete(tool, extracted):
    missing = tool.missing("en", extracted)
    assert not missing, "i18n/en/messages.po is behind the source; run: python tools/i18n.py en\n" + _by_file(
        extracted, missing)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_placeholders_match(tool, lang):
    assert tool.placeholder_problems(lang) == []


def test_placeholders_parser(tool):
    assert tool.placeholders("{a} and {b:.1f} {{literal}}") == {"a", "b"}
    assert tool.placeholders("{x.y} {z[0]}") == {"x", "z"}


def test_chinese_by_default_and_switch():
    assert i18n.set_language(None) == "zh_CN"
    assert _("Refused: {reason}") == "操作被拒绝：{reason}"
    assert _("There is no book at {path}.") == "{path} 处没有账套。"
    assert i18n.set_language("en-US") == "en"
    assert _("Refused: {reason}") == "Refused: {reason}"
    assert i18n.set_language("zh") == "zh_CN"
    assert _("Page {page} of {total}") == "第 {page} 页 共 {total} 页"


def test_a_fresh_process_speaks_chinese():
    code = "from secretariat_app.i18n import _; print(_('There is no book at {path}.'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, cwd=ROOT,
                         env={"PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"})
    assert out.stdout.decode("utf-8").strip() == "{path} 处没有账套。", out.stderr.decode()


def test_compiled_catalogs(tool, tmp_path):
    written = tool.compile_all(out_dir=tmp_path)
    assert {p.parent.parent.name for p in written} >= {"zh_CN", "en"}
    with (tmp_path / "zh_CN" / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        zh = gettext.GNUTranslations(fh)
    assert zh.gettext("(Seal)") == "（盖章）"
    with (tmp_path / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        en = gettext.GNUTranslations(fh)
    assert en.gettext("(Seal)") == "(Seal)"


def test_merged_catalog_skips_fuzzy_and_later_files_win(tmp_path):
    (tmp_path / "zh_CN").mkdir()
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (tmp_path / "zh_CN" / "a.po").write_text(header + 'msgid "One"\nmsgstr "一"\n\n#, fuzzy\nmsgid "Two"\nmsgstr "二?"\n',
                                             encoding="utf-8")
    (tmp_path / "zh_CN" / "b.po").write_text(header + 'msgid "One"\nmsgstr "壹"\n', encoding="utf-8")
    cat = i18n.merged_catalog("zh_CN", tmp_path)
    assert cat["One"].string == "壹"
    assert cat.get("Two") is None


def test_formats_chinese():
    assert format_money(Decimal("1234.56")) == "¥1,234.56"
    assert format_money(123456, fen=True) == "¥1,234.56"
    assert format_amount(Decimal("1234.5")) == "1,234.50"
    assert format_amount(-123456, fen=True) == "-1,234.56"
    assert format_amount(0, fen=True) == "0.00"
    assert format_amount(Decimal("1234567.891")) == "1,234,567.89"
    assert format_date(date(2026, 11, 25)) == "2026年11月25日"
    assert format_date(date(2026, 11, 25), "iso") == "2026-11-25"
    assert format_date(None) == ""
    assert format_number(1234567) == "1,234,567"
    assert format_percent(Decimal("0.125")) == "12.5%"


def test_formats_english():
    assert format_money(Decimal("1234.56"), lang="en") == "¥1,234.56"
    assert format_amount(Decimal("1234.56"), lang="en") == "1,234.56"
    assert format_date(date(2026, 11, 25), lang="en") == "November 25, 2026"
    i18n.set_language("en")
    assert format_date(date(2026, 11, 25)) == "November 25, 2026"


def test_money_formats_refuse_floats():
    with pytest.raises(TypeError):
        format_amount(1234.5)  # type: ignore[arg-type]


def test_no_conflicting_translations_across_catalog_files(tool):
    """Catalog files are merged; one msgid must read the same in all of them."""
    assert tool.conflicts("zh_CN") == []
