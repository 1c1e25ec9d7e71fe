"""Reusable widgets shared by every page, and the program's icons.

- ``charts``: ``BarChart`` (single or grouped series) and ``PieChart`` (pie or donut), drawn with QPainter;
- ``cards``: ``KeyFigureCard`` (a key figure on the dashboard) and ``Panel`` (a titled white card);
- ``forms``: ``FormRows`` — labelled fields that show a DomainError's problems beside each field;
- ``lazy_table``: ``LazyTableModel`` — a paged, database-sorted and -filtered table model over SQL;
- ``common``: ``PageHeader``, ``SearchBox``, ``EmptyState``, ``Banner``.

``icon(name, color)`` loads ``resources/icons/<name>.svg`` (strokes in ``currentColor`` are drawn in
``color``); ``resource_path(*parts)`` finds ``resources/`` from a source tree, an installed wheel or a
PyInstaller bundle.
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap

_PACKAGE = Path(__file__).resolve().parents[2]  # secretariat_app/


def resources_dir() -> Path:
    candidates = []
    if getattr(sys, "frozen", False):
        candidates.append(Path(getattr(sys, "_MEIPASS", _PACKAGE)) / "resources")
    candidates += [_PACKAGE.parent / "resources", _PACKAGE / "resources"]
    for c in candidates:
        if (c / "icons").is_dir():
            return c
    return candidates[0]


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


@lru_cache(maxsize=None)
def _svg_bytes(name: str) -> bytes | None:
    if not name.endswith(".svg"):
        name += ".svg"
    path = resource_path("icons", name)
    try:
        return path.read_bytes()
    except OSError:
        return None


def icon_pixmap(name: str, color: str = "#3e4a59", size: int = 20, ratio: float = 2.0) -> QPixmap:
    """The SVG icon ``name`` as a pixmap, strokes in ``color`` (an empty pixmap if it is missing)."""
    from PySide6.QtSvg import QSvgRenderer

    data = _svg_bytes(name)
    px = QPixmap(int(size * ratio), int(size * ratio))
    px.fill(Qt.GlobalColor.transparent)
    if data is None:
        return px
    renderer = QSvgRenderer(QByteArray(data.replace(b"currentColor", color.encode())))
    painter = QPainter(px)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, px.width(), px.height()))
    painter.end()
    px.setDevicePixelRatio(ratio)
    return px


def icon(name: str, color: str = "#3e4a59", selected_color: str | None = None, size: int = 20) -> QIcon:
    """A QIcon from ``resources/icons/<name>.svg``; ``selected_color`` for the selected state."""
    ic = QIcon()
    ic.addPixmap(icon_pixmap(name, color, size), QIcon.Mode.Normal, QIcon.State.Off)
    if selected_color:
        sel = icon_pixmap(name, selected_color, size)
        ic.addPixmap(sel, QIcon.Mode.Selected, QIcon.State.Off)
        ic.addPixmap(sel, QIcon.Mode.Active, QIcon.State.Off)
    return ic


def app_icon() -> QIcon:
    ic = QIcon()
    for s in (16, 24, 32, 48, 64, 128, 256):
        ic.addPixmap(icon_pixmap("app", "#2f6fde", s, 1.0))
    return ic


ICON_SIZE = QSize(20, 20)
