"""Tables of the PDF kit: header rows repeated on every page, numbers right-aligned with
thousands separators, bold total rows, zebra or full grid, and column widths that fit the frame.

Two levels:

* :func:`data_table` — columns described by :class:`Column` (title, kind, width) and rows of raw
  values (``Decimal`` yuan, ``int`` fen, dates, text); the kit formats them
  (``secretariat_app.i18n.format_amount``: ``1,234.56``).
* :func:`kit_table` — cells already made (strings or flowables), for forms with merged header
  cells such as the statements of the 2004 NPO system; same look, same width fitting.

Column widths are worked out when the table meets its frame (``wrap``), so the same table fits A4
portrait, landscape or a 241 mm continuous form: numbers keep their natural width and never wrap,
text columns share the rest and wrap (CJK-aware) when they must. A width can be fixed (points —
use ``reportlab.lib.units.mm``), a share of the frame (``"30%"``), a weight (``"2*"``), or ``None``
(natural width).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Paragraph

from secretariat_app.pdf.styles import GRID_COLOR, HEADER_FILL, TOTAL_FILL, ZEBRA_FILL, KitStyles, get_styles

NUMERIC_KINDS = ("amount", "fen", "number", "integer", "percent")
PAD_X = 3.0
PAD_Y = 2.2


@dataclass
class Column:
    """One column of a :func:`data_table`.

    ``kind``: ``text`` (wraps), ``center`` (short codes, centred), ``date`` (ISO, centred),
    ``amount`` (``Decimal`` yuan), ``fen`` (``int`` fen), ``number``/``integer``, ``percent``
    (a ``Decimal`` fraction: 0.125 → 12.5%). Numeric kinds are right-aligned and never wrap;
    a string value is printed as given. ``width``: points, ``"30%"``, ``"2*"`` or ``None``.
    ``blank_zero`` prints nothing for a zero amount (ledgers leave the empty side blank).
    """

    title: str
    kind: str = "text"
    width: float | str | None = None
    align: str | None = None
    blank_zero: bool = False

    @property
    def alignment(self) -> str:
        if self.align:
            return self.align
        if self.kind in NUMERIC_KINDS:
            return "right"
        return "center" if self.kind in ("center", "date") else "left"


def format_cell(value: Any, kind: str = "text", *, lang: str | None = None, blank_zero: bool = False) -> Any:
    """The text printed for ``value`` in a column of ``kind`` (flowables pass through)."""
    from secretariat_app.i18n import format_amount, format_number, format_percent

    if value is None or isinstance(value, Flowable):
        return "" if value is None else value
    if isinstance(value, float):
        raise TypeError("tables take Decimal or int, never float")
    if isinstance(value, str):
        return value
    if kind in ("amount", "fen"):
        if blank_zero and value == 0:
            return ""
        return format_amount(value, fen=(kind == "fen"), lang=lang)
    if kind in ("number", "integer"):
        return format_number(value, lang=lang)
    if kind == "percent":
        return format_percent(value, lang=lang)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---- width fitting ------------------------------------------------------------------------

def _text_width(value: Any, font: str, size: float) -> float:
    if isinstance(value, str):
        return max((stringWidth(line, font, size) for line in value.split("\n")), default=0.0)
    if isinstance(value, Paragraph):
        return stringWidth(value.getPlainText(), font, size)
    return 0.0


def fit_widths(spec: Sequence[float | str | None], naturals: Sequence[float], minimums: Sequence[float],
               wrappable: Sequence[bool], avail: float, *, full_width: bool = True) -> list[float]:
    """Column widths (points) that fill ``avail``: fixed and percentage columns as asked, the
    others at their natural width; spare room goes to weighted (``"2*"``) columns, else to the
    natural-width columns in proportion; when too wide, wrappable columns shrink first (down to their minimum)."""
    n = len(spec)
    widths: list[float | None] = [None] * n
    weights: dict[int, float] = {}
    for i, w in enumerate(spec):
        if isinstance(w, (int, float)):
            widths[i] = float(w)
        elif isinstance(w, str) and w.strip().endswith("%"):
            widths[i] = avail * float(w.strip()[:-1]) / 100
        elif isinstance(w, str) and w.strip().endswith("*"):
            weights[i] = float(w.strip()[:-1] or 1)
    fixed = sum(w for w in widths if w is not None)
    auto = [i for i in range(n) if widths[i] is None and i not in weights]
    free = avail - fixed
    for i in auto:
        widths[i] = min(naturals[i], max(free * 0.6, minimums[i])) if wrappable[i] else naturals[i]
    if weights:
        rest = free - sum(widths[i] for i in auto)
        total_w = sum(weights.values())
        for i, wt in weights.items():
            widths[i] = max(minimums[i], rest * wt / total_w) if rest > 0 else minimums[i]
    used = sum(widths)  # type: ignore[arg-type]
    if used < avail - 0.5 and full_width and not weights:
        extra = avail - used
        # Text columns held below their natural width get room first …
        deficit = {i: naturals[i] - widths[i] for i in auto if widths[i] < naturals[i]}  # type: ignore[operator]
        want = sum(deficit.values())
        if want > 0:
            give = min(extra, want)
            for i, d in deficit.items():
                widths[i] += give * d / want  # type: ignore[operator]
            extra -= give
        # … then every natural-width column grows in proportion: the table keeps its shape.
        base = sum(widths[i] for i in auto) or 1.0  # type: ignore[misc]
        for i in auto:
            widths[i] += extra * widths[i] / base  # type: ignore[operator]
    elif used > avail + 0.5:
        flex = [i for i in range(n) if wrappable[i] and (i in auto or i in weights)]
        room = sum(widths[i] - minimums[i] for i in flex if widths[i] > minimums[i])  # type: ignore[operator]
        need = used - avail
        if room > 0:
            f = min(1.0, need / room)
            for i in flex:
                if widths[i] > minimums[i]:  # type: ignore[operator]
                    widths[i] -= (widths[i] - minimums[i]) * f  # type: ignore[operator]
        used = sum(widths)  # type: ignore[arg-type]
        if used > avail + 0.5:  # still too wide: scale everything (numbers may get tight)
            widths = [w * avail / used for w in widths]  # type: ignore[operator]
    return [float(w) for w in widths]  # type: ignore[arg-type]


class KitTable(LongTable):
    """A LongTable whose column widths are fitted to the frame when it is first wrapped, and whose
    long text cells become wrapping paragraphs only then (short ones stay cheap strings)."""

    _fit: dict | None = None

    def wrap(self, availWidth, availHeight):  # noqa: N803 — reportlab's names
        fit = self._fit
        if fit is not None and fit.get("avail") is None:
            fit["avail"] = availWidth
            widths = fit_widths(fit["spec"], fit["naturals"], fit["minimums"], fit["wrappable"], availWidth,
                                full_width=fit["full_width"])
            self._argW = widths
            self._colWidths = widths
            if hasattr(self, "_width_calculated_once"):
                del self._width_calculated_once
            for (r, c), (text, style) in fit["wrap_cells"].items():
                if _text_width(text, style.fontName, style.fontSize) + 2 * PAD_X > widths[c] + 0.01:
                    self._cellvalues[r][c] = Paragraph(escape(text).replace("\n", "<br/>"), style)
        return super().wrap(availWidth, availHeight)


def _norm_rows(indexes: Iterable[int], nrows: int) -> list[int]:
    return sorted({i + nrows if i < 0 else i for i in indexes})


def kit_table(data: Sequence[Sequence[Any]], *, widths: Sequence[float | str | None] | None = None,
              header_rows: int = 1, total_rows: Iterable[int] = (), align: Sequence[str] | None = None,
              zebra: bool = True, grid: bool = True, font_size: float = 9, spans: Iterable[tuple] = (),
              style: Iterable[tuple] = (), styles: KitStyles | None = None, repeat_header: bool = True,
              full_width: bool = True, nowrap: Sequence[bool] | None = None,
              lang: str | None = None) -> KitTable:
    """A table in the house style from ready cells (``str`` or flowables).

    ``header_rows`` leading rows are shaded, bold, centred and repeated on every page;
    ``total_rows`` (indexes, negative allowed) are bold with a rule above; ``align`` per column
    (``left``/``right``/``center``); ``nowrap`` per column (default: right-aligned columns never
    wrap, the others may when the page is too narrow); ``spans`` are
    ``((col0,row0),(col1,row1))`` pairs; ``style`` extra TableStyle commands.
    """
    st = styles or get_styles(lang)
    rows = [list(r) for r in data]
    nrows = len(rows)
    ncols = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([""] * (ncols - len(r)))
    align = list(align or ["left"] * ncols)
    totals = _norm_rows(total_rows, nrows)
    spans = [tuple(s) for s in spans]
    spanned = set()
    for (c0, r0), (c1, r1) in spans:
        c0, c1 = c0 % ncols, c1 % ncols
        r0, r1 = r0 % nrows, r1 % nrows
        spanned.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if c1 > c0)
    font, bold = st.font, st.bold
    naturals = [0.0] * ncols
    minimums = [0.0] * ncols
    if nowrap is None:
        nowrap = [a == "right" for a in align]
    wrappable = [not nowrap[c] for c in range(ncols)]
    wrap_cells: dict = {}
    head_style = st.cell_style("center", bold=True, size=font_size)
    for r, row in enumerate(rows):
        is_head, is_total = r < header_rows, r in totals
        fname = bold if (is_head or is_total) else font
        for c, v in enumerate(row):
            if (r, c) in spanned:
                continue
            w = _text_width(v, fname, font_size) + 2 * PAD_X
            if isinstance(v, Flowable) and not isinstance(v, Paragraph):
                w = max(w, getattr(v, "width", 0) or 0)
            if is_head:
                # Headings may wrap onto two lines: count at most about six characters.
                naturals[c] = max(naturals[c], min(w, 6 * font_size + 2 * PAD_X))
                minimums[c] = max(minimums[c], min(w, 2 * font_size + 2 * PAD_X))
                if isinstance(v, str):
                    wrap_cells[(r, c)] = (v, head_style)
                continue
            naturals[c] = max(naturals[c], w)
            if not wrappable[c]:
                minimums[c] = max(minimums[c], w)
            else:
                minimums[c] = max(minimums[c], min(w, 4 * font_size + 2 * PAD_X))
                if isinstance(v, str) and v:
                    wrap_cells[(r, c)] = (v, st.cell_style(align[c], bold=is_total, size=font_size))
    spec = list(widths) if widths is not None else [None] * ncols
    table = KitTable(rows, colWidths=[w if isinstance(w, (int, float)) else None for w in spec],
                     repeatRows=header_rows if repeat_header else 0, hAlign="CENTER")
    table._fit = {"spec": spec, "naturals": naturals, "minimums": minimums, "wrappable": wrappable,
                  "wrap_cells": wrap_cells, "avail": None, "full_width": full_width}
    table.setStyle(_house_style(nrows, ncols, header_rows, totals, align, font, bold, font_size, zebra, grid,
                                spans) + list(style))
    return table


def _house_style(nrows, ncols, header_rows, totals, align, font, bold, size, zebra, grid, spans) -> list[tuple]:
    cmds: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), font, size, round(size * 1.25, 1)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
    ]
    for c, a in enumerate(align):
        cmds.append(("ALIGN", (c, header_rows), (c, -1), a.upper()))
    if header_rows:
        last = header_rows - 1
        cmds += [("FONT", (0, 0), (-1, last), bold, size, round(size * 1.25, 1)),
                 ("ALIGN", (0, 0), (-1, last), "CENTER"),
                 ("BACKGROUND", (0, 0), (-1, last), HEADER_FILL)]
    body_end = nrows - 1
    while body_end in totals and body_end >= header_rows:
        body_end -= 1
    if zebra and body_end >= header_rows:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, body_end), [None, ZEBRA_FILL]))
    for r in totals:
        cmds += [("FONT", (0, r), (-1, r), bold, size, round(size * 1.25, 1)),
                 ("BACKGROUND", (0, r), (-1, r), TOTAL_FILL),
                 ("LINEABOVE", (0, r), (-1, r), 0.9, colors.black)]
    if grid:
        cmds += [("GRID", (0, 0), (-1, -1), 0.4, GRID_COLOR), ("BOX", (0, 0), (-1, -1), 0.9, colors.black)]
    else:
        cmds += [("LINEBELOW", (0, max(header_rows - 1, 0)), (-1, max(header_rows - 1, 0)), 0.8, colors.black),
                 ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]
        if header_rows:
            cmds.append(("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black))
    for s in spans:
        cmds.append(("SPAN",) + tuple(s))
    return cmds


def data_table(columns: Sequence[Column], rows: Iterable[Sequence[Any]], *,
               totals: Iterable[Sequence[Any]] = (), zebra: bool = True, grid: bool = True,
               font_size: float = 9, styles: KitStyles | None = None, repeat_header: bool = True,
               full_width: bool = True, lang: str | None = None, style: Iterable[tuple] = ()) -> KitTable:
    """A table of ``rows`` (raw values) under ``columns``; ``totals`` rows are appended in bold.

    Amounts print as ``1,234.56`` right-aligned; the header row repeats on every page.
    """
    st = styles or get_styles(lang)
    lang = st.lang
    head = [c.title for c in columns]
    body = [[format_cell(v, col.kind, lang=lang, blank_zero=col.blank_zero) for v, col in zip(row, columns)]
            for row in rows]
    tot = [[format_cell(v, col.kind, lang=lang) for v, col in zip(row, columns)] for row in totals]
    data = [head] + body + tot
    return kit_table(data, widths=[c.width for c in columns], header_rows=1,
                     total_rows=range(1 + len(body), len(data)), align=[c.alignment for c in columns],
                     zebra=zebra, grid=grid, font_size=font_size, styles=st, repeat_header=repeat_header,
                     full_width=full_width, style=style, nowrap=[c.kind != "text" for c in columns])
