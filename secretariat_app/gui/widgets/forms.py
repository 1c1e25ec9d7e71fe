"""Validated forms: labelled rows whose fields show a ``DomainError``'s problems beside them.

The core validates (``DomainError(problems=[Problem(message, field=...)])``); the form only shows.
A problem goes to the row whose key or label equals its ``field`` (services name fields by their
translated label, e.g. ``label("phone")``); problems that match no row, and the error's own message
when no row matched, go to the banner at the top.

    form = FormRows(columns=2)
    form.add_row("name", _("Association name"), QLineEdit(), required=True)
    form.add_row("phone", _("Phone"), QLineEdit())
    try:
        update_settings(session, **form.values())
    except DomainError as exc:
        form.show_error(exc)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.errors import DomainError
from secretariat_app.gui.style import ERROR, repolish
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _


def value_of(widget: QWidget) -> Any:
    """The value a field holds: text (stripped), the combo's item data (or text), a number, a date, a bool."""
    if isinstance(widget, QLineEdit):
        return widget.text().strip()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText().strip()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return data if data is not None else widget.currentText().strip()
    if isinstance(widget, QDateEdit):
        d = widget.date()
        return date(d.year(), d.month(), d.day())
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.value()
    if isinstance(widget, (QCheckBox, QAbstractButton)):
        return widget.isChecked()
    getter = getattr(widget, "value", None)
    return getter() if callable(getter) else None


def set_value(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QComboBox):
        i = widget.findData(value)
        if i < 0:
            i = widget.findText("" if value is None else str(value))
        if i >= 0:
            widget.setCurrentIndex(i)
        elif widget.isEditable():
            widget.setEditText("" if value is None else str(value))
    elif isinstance(widget, QDateEdit):
        if isinstance(value, date):
            widget.setDate(QDate(value.year, value.month, value.day))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value or 0))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value or 0))
    elif isinstance(widget, (QCheckBox, QAbstractButton)):
        widget.setChecked(bool(value))
    else:
        setter = getattr(widget, "setValue", None)
        if callable(setter):
            setter(value)


@dataclass
class FormRow:
    key: str
    label_text: str
    label: QLabel
    widget: QWidget
    error: QLabel


class FormRows(QWidget):
    """Rows of label / field / error message, in one or two columns, with an error banner on top."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None, label_width: int = 0) -> None:
        super().__init__(parent)
        self.columns = max(1, columns)
        self.rows: dict[str, FormRow] = {}
        self._next = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        self.banner = Banner("error", self)
        outer.addWidget(self.banner)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(2)
        for c in range(self.columns):
            self.grid.setColumnStretch(c * 3 + 1, 1)
            if c:
                self.grid.setColumnMinimumWidth(c * 3 - 1, 24)
        self._label_width = label_width
        outer.addLayout(self.grid)
        outer.addStretch(1)

    def add_row(self, key: str, label: str, widget: QWidget, *, required: bool = False, hint: str = "",
                span: int = 1) -> QWidget:
        """Add a field; ``span=columns`` makes it take the whole width (an address, say)."""
        span = min(max(span, 1), self.columns)
        if self._next % self.columns + span > self.columns:
            self._next += self.columns - self._next % self.columns
        r, c = divmod(self._next, self.columns)
        text = f"{label}<span style='color:{ERROR}'> *</span>" if required else label
        lab = QLabel(text)
        lab.setTextFormat(Qt.TextFormat.RichText)
        lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if self._label_width:
            lab.setMinimumWidth(self._label_width)
        lab.setBuddy(widget)
        err = QLabel(hint)
        err.setProperty("role", "muted" if hint else "error")
        err.setWordWrap(True)
        err.setVisible(bool(hint))
        err.setProperty("hint", hint)
        self.grid.addWidget(lab, r * 2, c * 3)
        self.grid.addWidget(widget, r * 2, c * 3 + 1, 1, span * 3 - 2)
        self.grid.addWidget(err, r * 2 + 1, c * 3 + 1, 1, span * 3 - 2)
        self.grid.setRowMinimumHeight(r * 2 + 1, 8)
        self.rows[key] = FormRow(key, label, lab, widget, err)
        self._next += span
        return widget

    def add_section(self, title: str) -> QLabel:
        """A heading across the whole width, starting a new group of rows."""
        if self._next % self.columns:
            self._next += self.columns - self._next % self.columns
        r = self._next // self.columns
        head = QLabel(title)
        head.setProperty("role", "sectionTitle")
        head.setContentsMargins(0, 10 if self.rows else 0, 0, 4)
        self.grid.addWidget(head, r * 2, 0, 1, self.columns * 3)
        self._next += self.columns
        return head

    def widget(self, key: str) -> QWidget:
        return self.rows[key].widget

    def values(self) -> dict[str, Any]:
        return {key: value_of(row.widget) for key, row in self.rows.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if key in self.rows:
                set_value(self.rows[key].widget, value)

    # ---- errors ----------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.banner.clear()
        for row in self.rows.values():
            hint = row.error.property("hint") or ""
            row.error.setText(hint)
            row.error.setProperty("role", "muted")
            row.error.setVisible(bool(hint))
            repolish(row.error)
            if row.widget.property("invalid"):
                row.widget.setProperty("invalid", False)
                repolish(row.widget)

    def find_row(self, field: str | None) -> FormRow | None:
        if not field:
            return None
        f = field.strip().casefold()
        for row in self.rows.values():
            if f in (row.key.casefold(), row.label_text.casefold()):
                return row
        return None

    def set_error(self, key: str, message: str) -> None:
        row = self.rows[key]
        row.error.setText(message)
        row.error.setProperty("role", "error")
        row.error.setVisible(True)
        repolish(row.error)
        row.widget.setProperty("invalid", True)
        repolish(row.widget)

    def show_error(self, exc: DomainError, *, general: str | None = None) -> list[str]:
        """Show ``exc`` beside its fields; returns the keys of the rows marked. Focuses the first one."""
        self.clear_errors()
        problems = list(exc.problems) or [exc]
        marked: list[str] = []
        loose: list[str] = []
        for p in problems:
            row = self.find_row(getattr(p, "field", None))
            msg = getattr(p, "message", str(p))
            if row is None:
                loose.append(str(p) if p is not exc else exc.message)
            elif row.key not in marked:
                self.set_error(row.key, msg)
                marked.append(row.key)
        lines = []
        if marked:
            lines.append(general or _("Please correct the marked fields."))
        elif exc.problems:
            lines.append(exc.message)
        lines += loose
        self.banner.show_message("\n".join(lines))
        if marked:
            w = self.rows[marked[0]].widget
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(w, QLineEdit):
                w.selectAll()
        return marked


__all__ = ["FormRows", "FormRow", "value_of", "set_value"]
