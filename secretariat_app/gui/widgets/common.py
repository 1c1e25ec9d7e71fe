"""Small pieces every page uses, so that pages look alike.

- ``PageHeader(title, subtitle, actions=[...])``: the heading at the top of a page, buttons at its right;
- ``SearchBox``: a search field that emits ``search_changed(text)`` 250 ms after typing stops;
- ``EmptyState(text)``: a centred hint where a list has nothing to show yet;
- ``Banner(kind)``: a message strip (``error``, ``info``, ``warning``) above a form or a table.
- ``page_layout(page)``: the standard margins and spacing of a page's top-level layout.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from secretariat_app.gui.style import repolish
from secretariat_app.i18n import _

PAGE_MARGINS = (24, 18, 24, 18)
PAGE_SPACING = 14


def page_layout(page: QWidget) -> QVBoxLayout:
    lay = QVBoxLayout(page)
    lay.setContentsMargins(*PAGE_MARGINS)
    lay.setSpacing(PAGE_SPACING)
    return lay


class PageHeader(QWidget):
    def __init__(self, title: str, subtitle: str = "", actions: list[QWidget] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(8)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setProperty("role", "pageTitle")
        self.subtitle_label = QLabel(subtitle)
        self.subtitle_label.setProperty("role", "pageSubtitle")
        self.subtitle_label.setVisible(bool(subtitle))
        texts.addWidget(self.title_label)
        texts.addWidget(self.subtitle_label)
        lay.addLayout(texts, 1)
        for w in actions or []:
            lay.addWidget(w, 0, Qt.AlignmentFlag.AlignBottom)

    def set_title(self, title: str, subtitle: str | None = None) -> None:
        self.title_label.setText(title)
        if subtitle is not None:
            self.subtitle_label.setText(subtitle)
            self.subtitle_label.setVisible(bool(subtitle))


class SearchBox(QLineEdit):
    search_changed = Signal(str)

    def __init__(self, placeholder: str | None = None, parent: QWidget | None = None, delay_ms: int = 250) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder or _("Search"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(220)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(lambda: self.search_changed.emit(self.text().strip()))
        self.textChanged.connect(lambda _t: self._timer.start())
        self.returnPressed.connect(self._now)

    def _now(self) -> None:
        self._timer.stop()
        self.search_changed.emit(self.text().strip())


class EmptyState(QLabel):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setProperty("role", "muted")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumHeight(80)


class Banner(QFrame):
    """A message strip; hidden until ``show_message``."""

    def __init__(self, kind: str = "error", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setProperty("kind", kind)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.label, 1)
        self.hide()

    def show_message(self, text: str, kind: str | None = None) -> None:
        if kind and kind != self.property("kind"):
            self.setProperty("kind", kind)
            repolish(self)
        self.label.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.label.clear()
        self.hide()


def record_table(model, widths=(), *, single_selection: bool = True):
    """A read-only, sortable table of records: whole-row selection, zebra rows, interactive
    column widths (``widths`` in pixels, first columns first), the last column stretched."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    for col, width in enumerate(widths):
        table.setColumnWidth(col, width)
    return table
