"""The small rich-text markup of narrative sections: a restricted Markdown subset.

Narrative sections (DOMAIN.md §5: "narrative sections written by the secretariat") are stored as
plain text in this subset, so that the same text is edited in Qt (``QTextEdit`` reads and writes
Markdown), printed with reportlab (``pdf/reports/narrative.py``) and read by a person or a diff:

- ``# Title``, ``## Title``, ``### Title`` — headings of three levels;
- ``- item`` (also ``*``/``+``) — bullet lists; ``1. item`` (also ``1)``) — numbered lists;
  an indented line continues the item above;
- any other lines — a paragraph; a blank line ends it; lines of one paragraph are joined (without
  a space between two Chinese characters);
- ``**bold**`` inside any text; ``\\*`` and the like print the character itself.

Everything else (links, tables, images, HTML) is kept as literal text. :func:`normalize` gives the
canonical form the book stores, so that a text that went through Qt and back compares equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
BULLETS = "bullets"
NUMBERED = "numbered"

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET_RE = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_NUMBER_RE = re.compile(r"^\s{0,3}\d{1,3}[.)]\s+(.*)$")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_BOLD_RE = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_RULE_RE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


@dataclass
class Block:
    """One block: a heading (``level`` 1–3), a paragraph, or a list with its ``items``."""

    kind: str
    text: str = ""
    level: int = 0
    items: list[str] = field(default_factory=list)


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK scripts and full-width punctuation


def join_lines(lines: list[str]) -> str:
    """Join soft-wrapped lines: no space between two wide (Chinese) characters."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        # Qt's Markdown writer may wrap right after an opening "**": that break was no space.
        opening_bold = out.endswith("**") and out.count("**") % 2 == 1
        if out and not opening_bold and not (_is_wide(out[-1]) and _is_wide(line[0])):
            out += " "
        out += line
    return out


def parse(text: str | None) -> list[Block]:
    """The blocks of ``text`` (never raises; unknown syntax stays literal text)."""
    blocks: list[Block] = []
    para: list[str] = []
    current_list: Block | None = None
    item_lines: list[str] = []

    def end_item() -> None:
        nonlocal item_lines
        if current_list is not None and item_lines:
            current_list.items.append(join_lines(item_lines))
        item_lines = []

    def end_para() -> None:
        nonlocal para
        if para:
            blocks.append(Block(PARAGRAPH, text=join_lines(para)))
        para = []

    def end_list() -> None:
        nonlocal current_list
        end_item()
        if current_list is not None and current_list.items:
            blocks.append(current_list)
        current_list = None

    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            end_para()
            end_list()
            continue
        if _RULE_RE.match(line):
            end_para()
            end_list()
            continue
        m = _HEADING_RE.match(line)
        if m:
            end_para()
            end_list()
            blocks.append(Block(HEADING, text=m.group(2).strip(), level=min(len(m.group(1)), 3)))
            continue
        mb, mn = _BULLET_RE.match(line), _NUMBER_RE.match(line)
        marker = mb or mn
        if marker:
            kind = BULLETS if mb else NUMBERED
            end_para()
            if current_list is None or current_list.kind != kind:
                end_list()
                current_list = Block(kind)
            end_item()
            item_lines = [marker.group(1)]
            continue
        if current_list is not None and (line[:1] in (" ", "\t")):
            item_lines.append(line)
            continue
        end_list()
        para.append(line)
    end_para()
    end_list()
    return blocks


def serialize(blocks: list[Block]) -> str:
    """The canonical text of ``blocks`` (blocks separated by one blank line)."""
    parts = []
    for b in blocks:
        if b.kind == HEADING:
            parts.append("#" * max(1, min(b.level, 3)) + " " + b.text)
        elif b.kind == PARAGRAPH:
            parts.append(b.text)
        elif b.kind == BULLETS:
            parts.append("\n".join(f"- {it}" for it in b.items))
        elif b.kind == NUMBERED:
            parts.append("\n".join(f"{i}. {it}" for i, it in enumerate(b.items, 1)))
    return "\n\n".join(p for p in parts if p.strip()) + ("\n" if parts else "")


def normalize(text: str | None) -> str:
    """The canonical form of ``text``: what the book stores."""
    return serialize(parse(text))


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as (plain text, bold) runs, escapes resolved."""
    runs: list[tuple[str, bool]] = []
    pos = 0
    for m in _BOLD_RE.finditer(text):
        if m.start() > pos:
            runs.append((_unescape(text[pos:m.start()]), False))
        runs.append((_unescape(m.group(1) or m.group(2)), True))
        pos = m.end()
    if pos < len(text):
        runs.append((_unescape(text[pos:]), False))
    return [(t, b) for t, b in runs if t]


def _unescape(text: str) -> str:
    return _ESCAPE_RE.sub(r"\1", text)


def plain_text(text: str | None) -> str:
    """The text without markup (search, previews, tests)."""
    lines = []
    for b in parse(text):
        if b.kind in (HEADING, PARAGRAPH):
            lines.append("".join(t for t, _b in inline_runs(b.text)))
        else:
            lines.extend("".join(t for t, _b in inline_runs(it)) for it in b.items)
    return "\n".join(lines)


def to_reportlab(text: str) -> str:
    """Inline markup as reportlab paragraph markup (``<b>``; ``&<>`` escaped)."""
    from xml.sax.saxutils import escape

    return "".join(f"<b>{escape(t)}</b>" if bold else escape(t) for t, bold in inline_runs(text))


def to_html(text: str | None) -> str:
    """The whole text as simple HTML (Qt rich-text widgets, previews)."""
    from html import escape

    def inline(t: str) -> str:
        return "".join(f"<b>{escape(s)}</b>" if bold else escape(s) for s, bold in inline_runs(t))

    out = []
    for b in parse(text):
        if b.kind == HEADING:
            out.append(f"<h{b.level}>{inline(b.text)}</h{b.level}>")
        elif b.kind == PARAGRAPH:
            out.append(f"<p>{inline(b.text)}</p>")
        else:
            tag = "ul" if b.kind == BULLETS else "ol"
            out.append(f"<{tag}>" + "".join(f"<li>{inline(it)}</li>" for it in b.items) + f"</{tag}>")
    return "\n".join(out)
