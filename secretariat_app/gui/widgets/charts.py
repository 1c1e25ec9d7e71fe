"""Charts drawn with QPainter (no Qt Charts, which is not in PySide6-Essentials).

``BarChart``: vertical or horizontal bars, one series (``set_data``) or grouped series with a legend
(``set_series``). ``PieChart``: pie or donut with a legend showing values and shares, optional centre text.

Values may be ``int`` or ``Decimal`` (money as yuan ``Decimal``); floats are used only to place pixels.
``value_format`` turns a value into the text shown on bars, in the legend and in tooltips
(e.g. ``lambda v: format_money(v)``); axis ticks use a compact form (``1.5万``).

    chart = BarChart(title=_("Dues by month"), value_format=format_amount)
    chart.set_series([_("Jan"), _("Feb")], [(_("Billed"), [Decimal("5000"), ...]), (_("Paid"), [...])])
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from secretariat_app.gui.style import BORDER, MUTED, PALETTE, TEXT
from secretariat_app.i18n import _, current_language, format_number

Number = int | float | Decimal


def compact_number(value: Number) -> str:
    """Short axis text: ``3,000``, ``1.5万``, ``2.3亿`` (Chinese) or ``1.5k``/``2.3M`` (English)."""
    v = float(value)
    a = abs(v)
    zh = current_language().startswith("zh")
    units = [(1e8, "亿"), (1e4, "万")] if zh else [(1e9, "B"), (1e6, "M"), (1e3, "k")]
    for size, unit in units:
        if a >= size:
            return f"{v / size:.1f}".rstrip("0").rstrip(".") + unit
    if v == int(v):
        return format_number(int(v))
    return f"{v:.2f}".rstrip("0").rstrip(".")


def nice_step(span: float, ticks: int = 4) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= raw:
            return m * mag
    return 10 * mag


def _default_format(value: Number) -> str:
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return format_number(value)
    return format_number(int(value)) if float(value) == int(float(value)) else format_number(value)


class _ChartBase(QWidget):
    def __init__(self, title: str = "", value_format: Callable[[Number], str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.value_format = value_format or _default_format
        self.colors = list(PALETTE)
        self.empty_text = _("No data yet")
        self._hits: list[tuple[QRectF | QPainterPath, str]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 170)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(440, 260)

    def _font(self, size_delta: float = 0, bold: bool = False) -> QFont:
        f = QFont(self.font())
        if size_delta:
            f.setPointSizeF(max(6.0, f.pointSizeF() + size_delta))
        f.setBold(bold)
        return f

    def _draw_title(self, p: QPainter, rect: QRectF) -> float:
        if not self.title:
            return 0.0
        p.setFont(self._font(1, True))
        p.setPen(QColor(TEXT))
        h = QFontMetrics(p.font()).height()
        p.drawText(QRectF(rect.left(), rect.top(), rect.width(), h), Qt.AlignmentFlag.AlignLeft, self.title)
        return h + 8

    def _draw_empty(self, p: QPainter, rect: QRectF) -> None:
        p.setFont(self._font())
        p.setPen(QColor(MUTED))
        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.empty_text)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        pos = event.position()
        for shape, text in self._hits:
            inside = shape.contains(pos) if isinstance(shape, QRectF) else shape.contains(QPointF(pos))
            if inside:
                QToolTip.showText(event.globalPosition().toPoint(), text, self)
                return
        QToolTip.hideText()


class BarChart(_ChartBase):
    """Bars per category; several series are drawn side by side with a legend."""

    def __init__(self, title: str = "", value_format: Callable[[Number], str] | None = None, *,
                 horizontal: bool = False, show_values: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(title, value_format, parent)
        self.horizontal = horizontal
        self.show_values = show_values
        self.categories: list[str] = []
        self.series: list[tuple[str, list[Number]]] = []

    def set_data(self, items: Sequence[tuple[str, Number]], series_name: str = "") -> None:
        self.set_series([c for c, _v in items], [(series_name, [v for _c, v in items])])

    def set_series(self, categories: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]]) -> None:
        self.categories = list(categories)
        self.series = [(name, list(values)) for name, values in series]
        self.update()

    def _range(self) -> tuple[float, float, float]:
        values = [float(v) for _n, vs in self.series for v in vs] or [0.0]
        lo, hi = min(0.0, min(values)), max(0.0, max(values))
        if hi == lo:
            hi = lo + 1
        step = nice_step(hi - lo)
        if all(float(v) == int(float(v)) for _n, vs in self.series for v in vs):
            step = max(1.0, math.ceil(step))  # counts: whole-number ticks
        return math.floor(lo / step) * step, math.ceil(hi / step) * step, step

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hits = []
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        rect.setTop(rect.top() + self._draw_title(p, rect))
        if len(self.series) > 1:
            rect.setTop(rect.top() + self._draw_legend(p, rect))
        if not self.categories or not any(float(v) for _n, vs in self.series for v in vs):
            self._draw_empty(p, rect)
            return
        if self.horizontal:
            self._paint_horizontal(p, rect)
        else:
            self._paint_vertical(p, rect)
        p.end()

    def _draw_legend(self, p: QPainter, rect: QRectF) -> float:
        p.setFont(self._font(-0.5))
        fm = QFontMetrics(p.font())
        x = rect.left()
        for i, (name, _vs) in enumerate(self.series):
            p.setBrush(QColor(self.colors[i % len(self.colors)]))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(QRectF(x, rect.top() + (fm.height() - 10) / 2, 10, 10), 2, 2)
            p.setPen(QColor(TEXT))
            p.drawText(QPointF(x + 14, rect.top() + fm.ascent()), name)
            x += 14 + fm.horizontalAdvance(name) + 16
        return fm.height() + 8

    def _paint_vertical(self, p: QPainter, rect: QRectF) -> None:
        lo, hi, step = self._range()
        p.setFont(self._font(-1))
        fm = QFontMetrics(p.font())
        ticks = [lo + i * step for i in range(int(round((hi - lo) / step)) + 1)]
        axis_w = max(fm.horizontalAdvance(compact_number(t)) for t in ticks) + 8
        plot = QRectF(rect.left() + axis_w, rect.top() + fm.height() / 2 + (fm.height() if self.show_values else 0),
                      rect.width() - axis_w, rect.height() - fm.height() * (2.5 if self.show_values else 1.5) - 6)
        y_of = lambda v: plot.bottom() - (float(v) - lo) / (hi - lo) * plot.height()  # noqa: E731
        for t in ticks:
            y = y_of(t)
            p.setPen(QPen(QColor("#b8c2ce") if t == 0 else QColor("#edf0f4"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(rect.left(), y - fm.height() / 2, axis_w - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, compact_number(t))
        n, k = len(self.categories), len(self.series)
        slot = plot.width() / n
        group = slot * 0.68
        bar_w = min(group / k, 46.0)
        for ci, cat in enumerate(self.categories):
            gx = plot.left() + ci * slot + (slot - bar_w * k) / 2
            for si, (name, values) in enumerate(self.series):
                v = values[ci] if ci < len(values) else 0
                y0, y1 = y_of(0), y_of(v)
                bar = QRectF(gx + si * bar_w + 1, min(y0, y1), bar_w - 2, max(abs(y1 - y0), 1.0))
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(self.colors[si % len(self.colors)]))
                p.drawRoundedRect(bar, 2, 2)
                text = self.value_format(v)
                self._hits.append((bar, f"{cat} · {name}: {text}" if name else f"{cat}: {text}"))
                if self.show_values and k == 1 and fm.horizontalAdvance(text) <= slot:
                    p.setPen(QColor(TEXT))
                    p.drawText(QRectF(bar.center().x() - slot / 2, bar.top() - fm.height() - 2, slot, fm.height()),
                               Qt.AlignmentFlag.AlignCenter, text)
            p.setPen(QColor(MUTED))
            label = fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(slot) - 2)
            p.drawText(QRectF(plot.left() + ci * slot, plot.bottom() + 4, slot, fm.height()),
                       Qt.AlignmentFlag.AlignCenter, label)

    def _paint_horizontal(self, p: QPainter, rect: QRectF) -> None:
        lo, hi, _step = self._range()
        p.setFont(self._font(-0.5))
        fm = QFontMetrics(p.font())
        label_w = min(max(fm.horizontalAdvance(c) for c in self.categories) + 12, rect.width() * 0.38)
        value_w = max(fm.horizontalAdvance(self.value_format(v)) for _n, vs in self.series for v in vs) + 10
        plot = QRectF(rect.left() + label_w, rect.top(), rect.width() - label_w - value_w, rect.height())
        n, k = len(self.categories), len(self.series)
        slot = min(plot.height() / n, 34.0)
        bar_h = min(slot * 0.62 / k, 18.0)
        x_of = lambda v: plot.left() + (float(v) - lo) / (hi - lo) * plot.width()  # noqa: E731
        for ci, cat in enumerate(self.categories):
            top = plot.top() + ci * slot
            p.setPen(QColor(TEXT))
            p.drawText(QRectF(rect.left(), top, label_w - 10, slot), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(cat, Qt.TextElideMode.ElideRight, int(label_w) - 10))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#f0f3f7"))
            p.drawRoundedRect(QRectF(plot.left(), top + (slot - bar_h * k) / 2, plot.width(), bar_h * k), 2, 2)
            for si, (name, values) in enumerate(self.series):
                v = values[ci] if ci < len(values) else 0
                x0, x1 = x_of(0), x_of(v)
                bar = QRectF(min(x0, x1), top + (slot - bar_h * k) / 2 + si * bar_h, max(abs(x1 - x0), 1.0), bar_h)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(self.colors[si % len(self.colors)]))
                p.drawRoundedRect(bar, 2, 2)
                text = self.value_format(v)
                self._hits.append((bar, f"{cat} · {name}: {text}" if name else f"{cat}: {text}"))
                if self.show_values:
                    p.setPen(QColor(TEXT))
                    p.drawText(QRectF(plot.right() + 8, bar.top() - 2, value_w, bar.height() + 4),
                               Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)


class PieChart(_ChartBase):
    """A pie or donut with a legend (label, value, share); ``center_text`` inside the donut."""

    def __init__(self, title: str = "", value_format: Callable[[Number], str] | None = None, *,
                 donut: bool = True, show_legend: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(title, value_format, parent)
        self.donut = donut
        self.show_legend = show_legend
        self.items: list[tuple[str, Number]] = []
        self.center_text = ""
        self.center_subtext = ""

    def set_data(self, items: Sequence[tuple[str, Number]], center_text: str = "", center_subtext: str = "") -> None:
        self.items = [(label, value) for label, value in items]
        self.center_text, self.center_subtext = center_text, center_subtext
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._hits = []
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        rect.setTop(rect.top() + self._draw_title(p, rect))
        total = sum(float(v) for _l, v in self.items if float(v) > 0)
        d = min(rect.height(), rect.width() * (0.45 if self.show_legend else 1.0)) - 4
        left = rect.left() + 4 if self.show_legend else rect.center().x() - d / 2
        pie = QRectF(left, rect.top() + (rect.height() - d) / 2, d, d)
        if total <= 0:
            p.setPen(QPen(QColor(BORDER), max(d * 0.16, 6)))
            p.drawEllipse(pie.adjusted(d * 0.08, d * 0.08, -d * 0.08, -d * 0.08))
            if self.show_legend:
                self._draw_empty(p, QRectF(pie.right() + 12, rect.top(), rect.right() - pie.right() - 12, rect.height()))
            p.end()
            return
        start = 90.0
        for i, (label, value) in enumerate(self.items):
            v = float(value)
            if v <= 0:
                continue
            span = -360.0 * v / total
            path = QPainterPath(pie.center())
            path.arcTo(pie, start, span)
            path.closeSubpath()
            p.setPen(QPen(QColor("#ffffff"), 1.5))
            p.setBrush(QColor(self.colors[i % len(self.colors)]))
            p.drawPath(path)
            self._hits.append((path, f"{label}: {self.value_format(value)} ({v / total:.1%})"))
            start += span
        if self.donut:
            hole = pie.adjusted(d * 0.2, d * 0.2, -d * 0.2, -d * 0.2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#ffffff"))
            p.drawEllipse(hole)
            self._draw_center(p, hole)
        if self.show_legend:
            self._draw_legend(p, QRectF(pie.right() + 16, rect.top(), rect.right() - pie.right() - 16, rect.height()), total)
        p.end()

    def _draw_center(self, p: QPainter, hole: QRectF) -> None:
        if not self.center_text:
            return
        p.setPen(QColor(TEXT))
        p.setFont(self._font(3, True))
        fm = QFontMetrics(p.font())
        sub_h = QFontMetrics(self._font(-1)).height() if self.center_subtext else 0
        top = hole.center().y() - (fm.height() + sub_h) / 2
        p.drawText(QRectF(hole.left(), top, hole.width(), fm.height()), Qt.AlignmentFlag.AlignCenter, self.center_text)
        if self.center_subtext:
            p.setFont(self._font(-1))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(hole.left(), top + fm.height(), hole.width(), sub_h), Qt.AlignmentFlag.AlignCenter,
                       self.center_subtext)

    def _draw_legend(self, p: QPainter, rect: QRectF, total: float) -> None:
        p.setFont(self._font(-0.5))
        fm = QFontMetrics(p.font())
        line = fm.height() + 8
        rows = [(i, label, value) for i, (label, value) in enumerate(self.items)]
        top = rect.top() + max(0.0, (rect.height() - line * len(rows)) / 2)
        for n, (i, label, value) in enumerate(rows):
            y = top + n * line
            if y + line > rect.bottom() + 4:
                break
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(self.colors[i % len(self.colors)]))
            p.drawRoundedRect(QRectF(rect.left(), y + (line - 10) / 2, 10, 10), 2, 2)
            share = f"{max(float(value), 0) / total:.0%}"
            right = f"{self.value_format(value)}  {share}"
            rw = fm.horizontalAdvance(right)
            p.setPen(QColor(TEXT))
            p.drawText(QRectF(rect.left() + 16, y, rect.width() - 16 - rw - 8, line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(label, Qt.TextElideMode.ElideRight, int(rect.width() - 24 - rw - 8)))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(rect.left(), y, rect.width(), line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       right)
