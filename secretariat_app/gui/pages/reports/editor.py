"""The narrative editor: a QTextEdit with a small toolbar (headings, paragraph, lists, bold) whose
text is the markup of ``core/reports/markup.py`` (Qt reads and writes that Markdown subset)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextListFormat
from PySide6.QtWidgets import QHBoxLayout, QTextEdit, QToolButton, QVBoxLayout, QWidget

from secretariat_app.core.reports.markup import normalize
from secretariat_app.i18n import _

HEADING_SIZES = {1: 16, 2: 14, 3: 12}


class NarrativeEditor(QWidget):
    """``markup()`` / ``set_markup(text)``; ``changed`` when the user edits."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        bar = QHBoxLayout()
        bar.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, fn in (
            ("h1", _("Heading 1"), _("A heading"), lambda: self.set_heading(1)),
            ("h2", _("Heading 2"), _("A sub-heading"), lambda: self.set_heading(2)),
            ("p", _("Paragraph"), _("Plain paragraph"), lambda: self.set_heading(0)),
            ("bullets", _("• List"), _("Bulleted list"), lambda: self.set_list(QTextListFormat.Style.ListDisc)),
            ("numbers", _("1. List"), _("Numbered list"), lambda: self.set_list(QTextListFormat.Style.ListDecimal)),
            ("bold", _("Bold"), _("Bold text"), self.toggle_bold),
        ):
            b = QToolButton()
            b.setText(text)
            b.setToolTip(tip)
            b.clicked.connect(fn)
            if key == "bold":
                f = b.font()
                f.setBold(True)
                b.setFont(f)
            bar.addWidget(b)
            self.buttons[key] = b
        bar.addStretch(1)
        lay.addLayout(bar)
        self.edit = QTextEdit()
        self.edit.setAcceptRichText(False)  # pasted text comes in plain; structure through the toolbar
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(self._on_change)
        lay.addWidget(self.edit, 1)
        self._loading = False

    def _on_change(self) -> None:
        if not self._loading:
            self.changed.emit()

    # ---- text -----------------------------------------------------------------------------

    def set_markup(self, text: str) -> None:
        self._loading = True
        try:
            self.edit.setMarkdown(text or "")
            self.edit.document().setModified(False)
        finally:
            self._loading = False

    def markup(self) -> str:
        return normalize(self.edit.toMarkdown())

    def set_read_only(self, ro: bool) -> None:
        self.edit.setReadOnly(ro)
        for b in self.buttons.values():
            b.setEnabled(not ro)

    # ---- formatting -----------------------------------------------------------------------

    def set_heading(self, level: int) -> None:
        """Make the current block(s) a heading of ``level`` (0: a plain paragraph)."""
        cur = self.edit.textCursor()
        cur.beginEditBlock()
        lst = cur.block().textList()
        if lst is not None:
            lst.remove(cur.block())
        fmt = QTextBlockFormat()
        fmt.setHeadingLevel(level)
        cur.setBlockFormat(fmt)
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold if level else QFont.Weight.Normal)
        char.setFontPointSize(HEADING_SIZES.get(level, self.edit.font().pointSizeF() or 10))
        cur.select(QTextCursor.SelectionType.BlockUnderCursor)
        cur.mergeCharFormat(char)
        cur.endEditBlock()
        self.edit.setFocus()

    def set_list(self, style: QTextListFormat.Style) -> None:
        """Make the current block(s) items of a list of ``style``; again: back to paragraphs."""
        cur = self.edit.textCursor()
        cur.beginEditBlock()
        lst = cur.block().textList()
        if lst is not None and lst.format().style() == style:
            for i in reversed(range(lst.count())):
                block = lst.item(i)
                lst.remove(block)
                c = QTextCursor(block)
                fmt = c.blockFormat()
                fmt.setIndent(0)
                c.setBlockFormat(fmt)
        else:
            fmt = QTextBlockFormat()
            fmt.setHeadingLevel(0)
            cur.setBlockFormat(fmt)
            lf = QTextListFormat()
            lf.setStyle(style)
            cur.createList(lf)
        cur.endEditBlock()
        self.edit.setFocus()

    def toggle_bold(self) -> None:
        cur = self.edit.textCursor()
        bold = cur.charFormat().fontWeight() < QFont.Weight.Bold
        char = QTextCharFormat()
        char.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        if not cur.hasSelection():
            cur.select(QTextCursor.SelectionType.WordUnderCursor)
        cur.mergeCharFormat(char)
        self.edit.mergeCurrentCharFormat(char)
        self.edit.setFocus()
