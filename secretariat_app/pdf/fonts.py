"""CJK fonts for every PDF: found on the machine (or shipped in ``resources/fonts``), embedded.

Every document of Secretariat is printed with one TrueType CJK face (DOMAIN.md §5: "every font
embedded"). The search order is:

1. ``SECRETARIAT_CJK_FONT`` — a font file path, optionally ``path#N`` to choose face N of a
   ``.ttc`` collection (``path#N`` because Windows paths already contain ``:``);
2. ``resources/fonts/`` (beside the package in a source tree, inside the package when installed,
   inside the bundle when frozen) — any ``.ttf``/``.ttc``/``.otf``; a file whose name contains
   ``bold``/``bd`` is used as the bold face;
3. the usual system fonts: Windows (Microsoft YaHei, SimSun, SimHei), Linux (WenQuanYi Micro Hei,
   Noto Sans CJK, Droid Sans Fallback, AR PL), macOS (PingFang, STHeiti, Songti, Hiragino);
4. on Linux, whatever fontconfig (``fc-match :lang=zh``) offers.

reportlab only embeds TrueType outlines, so a candidate that reportlab refuses (PostScript/CFF
outlines, as in most Noto CJK ``.otf``/``.ttc``) or that has no Chinese glyphs is skipped. When
nothing fits, :class:`FontMissing` (a translated ``DomainError``) says what to install.

Fonts are registered once per process as ``SecretariatCJK`` (and ``SecretariatCJK-Bold`` when a
distinct bold face exists; otherwise bold reuses the regular face). reportlab embeds subsets of
TrueType fonts, so only the glyphs used end up in a PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

ENV_VAR = "SECRETARIAT_CJK_FONT"
FONT_NAME = "SecretariatCJK"
BOLD_FONT_NAME = "SecretariatCJK-Bold"
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")
# Characters a usable face must have: the footer, the capitals of amounts, the seal label.
PROBE_TEXT = "第页共壹贰元整盖章协会"


class FontMissing(DomainError):
    """No TrueType CJK font could be found (or the one named by SECRETARIAT_CJK_FONT is unusable)."""


@dataclass(frozen=True)
class FontFace:
    """One face of a font file: ``path`` and the face index inside a ``.ttc`` collection."""

    path: Path
    index: int = 0

    def __str__(self) -> str:
        return f"{self.path}#{self.index}" if self.index else str(self.path)


@dataclass(frozen=True)
class CjkFonts:
    """The registered fonts: reportlab names for regular and bold text, and where they came from."""

    normal: str
    bold: str
    face: FontFace
    bold_face: FontFace | None  # None: bold reuses the regular face

    @property
    def has_real_bold(self) -> bool:
        return self.bold_face is not None


_lock = threading.Lock()
_registered: CjkFonts | None = None


# ---- where to look ------------------------------------------------------------------------

def resource_font_dirs() -> list[Path]:
    """``resources/fonts`` folders, most specific first (frozen bundle, package, source tree)."""
    pkg = Path(__file__).resolve().parent.parent
    dirs = []
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", pkg))
        dirs += [base / "resources" / "fonts", base / "secretariat_app" / "resources" / "fonts"]
    dirs += [pkg / "resources" / "fonts", pkg.parent / "resources" / "fonts"]
    return [d for d in dirs if d.is_dir()]


def _windows_fonts() -> list[tuple[FontFace, FontFace | None]]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
    out = []
    for d in (root, local):
        out += [
            (FontFace(d / "msyh.ttc"), FontFace(d / "msyhbd.ttc")),
            (FontFace(d / "msyh.ttf"), FontFace(d / "msyhbd.ttf")),
            (FontFace(d / "simsun.ttc"), FontFace(d / "simhei.ttf")),
            (FontFace(d / "simhei.ttf"), None),
            (FontFace(d / "simkai.ttf"), None),
            (FontFace(d / "Deng.ttf"), FontFace(d / "Dengb.ttf")),
        ]
    return out


def _linux_fonts() -> list[tuple[FontFace, FontFace | None]]:
    share = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts",
             Path.home() / ".fonts"]
    out = []
    for d in share:
        out += [
            (FontFace(d / "truetype/wqy/wqy-microhei.ttc"), None),
            (FontFace(d / "wqy-microhei/wqy-microhei.ttc"), None),
            (FontFace(d / "truetype/wqy/wqy-zenhei.ttc"), None),
            (FontFace(d / "wqy-zenhei/wqy-zenhei.ttc"), None),
            (FontFace(d / "truetype/noto/NotoSansCJK-Regular.ttc"), FontFace(d / "truetype/noto/NotoSansCJK-Bold.ttc")),
            (FontFace(d / "opentype/noto/NotoSansCJK-Regular.ttc"), FontFace(d / "opentype/noto/NotoSansCJK-Bold.ttc")),
            (FontFace(d / "google-noto-cjk/NotoSansCJK-Regular.ttc"), None),
            (FontFace(d / "truetype/droid/DroidSansFallbackFull.ttf"), None),
            (FontFace(d / "truetype/droid/DroidSansFallback.ttf"), None),
            (FontFace(d / "google-droid/DroidSansFallback.ttf"), None),
            (FontFace(d / "truetype/arphic/uming.ttc"), None),
            (FontFace(d / "truetype/arphic/ukai.ttc"), None),
        ]
    return out


def _mac_fonts() -> list[tuple[FontFace, FontFace | None]]:
    sysf, lib, sup = Path("/System/Library/Fonts"), Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")
    return [
        (FontFace(sysf / "PingFang.ttc"), None),
        (FontFace(sysf / "STHeiti Light.ttc"), FontFace(sysf / "STHeiti Medium.ttc")),
        (FontFace(sysf / "STHeiti Medium.ttc"), None),
        (FontFace(sysf / "Hiragino Sans GB.ttc"), None),
        (FontFace(sup / "Songti.ttc"), None),
        (FontFace(lib / "Arial Unicode.ttf"), None),
        (FontFace(sup / "Arial Unicode.ttf"), None),
    ]


def _fontconfig_fonts() -> list[tuple[FontFace, FontFace | None]]:
    """What fontconfig offers for Chinese (Linux/BSD), as a last resort."""
    exe = shutil.which("fc-list")
    if not exe:
        return []
    try:
        proc = subprocess.run([exe, ":lang=zh", "file", "index"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    out = []
    for line in proc.stdout.splitlines():
        # "/usr/share/fonts/x.ttc: :index=1" or "/path/x.ttf: "
        path, _sep, rest = line.partition(":")
        index = 0
        if "index=" in rest:
            try:
                index = int(rest.split("index=")[1].split(":")[0].strip())
            except ValueError:
                index = 0
        if path.lower().endswith(FONT_SUFFIXES):
            out.append((FontFace(Path(path), index), None))
    return sorted(out, key=lambda c: (c[0].path.suffix.lower() not in (".ttf", ".ttc"), str(c[0].path)))


def _resource_fonts() -> list[tuple[FontFace, FontFace | None]]:
    out = []
    for d in resource_font_dirs():
        files = sorted(p for p in d.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
        bolds = [p for p in files if "bold" in p.stem.lower() or p.stem.lower().endswith("bd")]
        regulars = [p for p in files if p not in bolds]
        for p in regulars:
            out.append((FontFace(p), FontFace(bolds[0]) if bolds else None))
    return out


def parse_face(spec: str) -> FontFace:
    """``path`` or ``path#N`` (face N of a collection)."""
    path, sep, idx = spec.strip().strip('"').rpartition("#")
    if sep and idx.isdigit():
        return FontFace(Path(path).expanduser(), int(idx))
    return FontFace(Path(spec.strip().strip('"')).expanduser(), 0)


def candidates() -> list[tuple[FontFace, FontFace | None]]:
    """Every (regular, bold) pair worth trying, in order (without the environment override)."""
    out = _resource_fonts()
    if sys.platform.startswith("win"):
        out += _windows_fonts()
    elif sys.platform == "darwin":
        out += _mac_fonts() + _linux_fonts()
    else:
        out += _linux_fonts()
    return out


def _all_candidates():
    """The known places first; fontconfig (slower) only when none of them was usable."""
    yield from candidates()
    if not sys.platform.startswith("win"):
        yield from _fontconfig_fonts()


# ---- loading ------------------------------------------------------------------------------

def _load(face: FontFace, name: str):
    """A reportlab TTFont for ``face``, or None when the file is absent, unusable or not CJK."""
    from reportlab.pdfbase.ttfonts import TTFont

    if not face.path.is_file():
        return None
    try:
        font = TTFont(name, str(face.path), subfontIndex=face.index)
    except Exception:  # noqa: BLE001 — CFF outlines, bad index, damaged file: try the next one
        return None
    cmap = font.face.charToGlyph
    if not all(ord(ch) in cmap for ch in PROBE_TEXT):
        return None
    return font


def _missing_message() -> str:
    return _("No Chinese TrueType font was found, so PDF documents cannot be made. Install one "
             "(Windows: SimSun or Microsoft YaHei; Debian/Ubuntu: the package fonts-wqy-microhei), "
             "put a .ttf/.ttc file into {folder}, or name a font file in the environment variable "
             "{var}.").format(folder="resources/fonts", var=ENV_VAR)


def find_fonts() -> tuple[object, object | None, FontFace, FontFace | None]:
    """Load the first usable regular face (and its bold face, if any); raise FontMissing."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        face = parse_face(override)
        font = _load(face, FONT_NAME)
        if font is None:
            raise FontMissing(_("The font {font} named by {var} cannot be used: it is missing, is not a "
                                "TrueType font, or has no Chinese characters.").format(font=face, var=ENV_VAR))
        return font, None, face, None
    seen: set[FontFace] = set()
    for face, bold in _all_candidates():
        if face in seen:
            continue
        seen.add(face)
        font = _load(face, FONT_NAME)
        if font is None:
            continue
        bold_font = _load(bold, BOLD_FONT_NAME) if bold and bold != face else None
        return font, bold_font, face, (bold if bold_font is not None else None)
    raise FontMissing(_missing_message())


def register_fonts() -> CjkFonts:
    """Register the CJK fonts with reportlab (once per process) and return their names."""
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is not None:
            return _registered
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics

        font, bold_font, face, bold_face = find_fonts()
        pdfmetrics.registerFont(font)
        bold_name = FONT_NAME
        if bold_font is not None:
            pdfmetrics.registerFont(bold_font)
            bold_name = BOLD_FONT_NAME
        # <b> in paragraphs maps to the bold face (or the same face when there is none).
        addMapping(FONT_NAME, 0, 0, FONT_NAME)
        addMapping(FONT_NAME, 1, 0, bold_name)
        addMapping(FONT_NAME, 0, 1, FONT_NAME)
        addMapping(FONT_NAME, 1, 1, bold_name)
        _registered = CjkFonts(FONT_NAME, bold_name, face, bold_face)
        return _registered


def reset_for_tests() -> None:
    """Forget the registration so that a test can exercise the search again (names stay registered)."""
    global _registered
    with _lock:
        _registered = None
