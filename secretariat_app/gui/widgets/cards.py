"""Dashboard building blocks: ``KeyFigureCard`` (one key figure) and ``Panel`` (a titled white card).

A capability's ``gui/cards/<area>.py`` returns these from ``cards(ctx)``: ``KeyFigureCard``\\ s go in
the row of key figures at the top of the dashboard, any other widget (a ``Panel`` holding a chart,
say) in the grid below. Give a card ``page="members"`` and a click on it opens that page. A card
with a ``refresh(changes)`` method is refreshed when ``changes`` concern the dashboard.

    card = KeyFigureCard(_("Members"), format_number(128), _("5 joined this year"), accent="blue", page="members")
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from secretariat_app.gui.style import ACCENTS, MUTED, TEXT


class KeyFigureCard(QFrame):
    """A key figure: a small title, a big value, a detail line; an accent stripe on the left."""

    clicked = Signal(str)  # the page key given as ``page``

    def __init__(self, title: str, value: str = "—", detail: str = "", *, accent: str = "blue",
                 page: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.page = page
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(180)
        self.setFixedHeight(104)
        color = ACCENTS.get(accent, accent)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        stripe = QFrame(self)
        stripe.setFixedWidth(4)
        stripe.setStyleSheet(f"background: {color}; border: none; border-top-left-radius: 6px;"
                             f" border-bottom-left-radius: 6px;")
        outer.addWidget(stripe)
        box = QVBoxLayout()
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setStyleSheet(f"color: {MUTED};")
        self.value_label = QLabel(value)
        self.value_label.setStyleSheet(f"color: {TEXT}; font-size: 22px; font-weight: bold;")
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel(detail)
        self.detail_label.setStyleSheet(f"color: {MUTED}; font-size: 12px;")
        self.detail_label.setVisible(bool(detail))
        box.addWidget(self.title_label)
        box.addWidget(self.value_label)
        box.addWidget(self.detail_label)
        box.addStretch(1)
        outer.addLayout(box, 1)
        if page:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def set_value(self, value: str, detail: str | None = None) -> None:
        self.value_label.setText(value)
        if detail is not None:
            self.detail_label.setText(detail)
            self.detail_label.setVisible(bool(detail))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.page and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.page)
        super().mouseReleaseEvent(event)


class Panel(QFrame):
    """A white card with a title row (and optional widgets at its right) over a body."""

    def __init__(self, title: str = "", widget: QWidget | None = None, *, actions: list[QWidget] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 12, 16, 14)
        lay.setSpacing(8)
        head = QHBoxLayout()
        head.setSpacing(8)
        self.title_label = QLabel(title)
        self.title_label.setProperty("role", "sectionTitle")
        self.title_label.setVisible(bool(title))
        head.addWidget(self.title_label)
        head.addStretch(1)
        for w in actions or []:
            head.addWidget(w)
        lay.addLayout(head)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)
        lay.addLayout(self.body, 1)
        if widget is not None:
            self.body.addWidget(widget, 1)

    def set_title(self, title: str) -> None:
        self.title_label.setText(title)
        self.title_label.setVisible(bool(title))
