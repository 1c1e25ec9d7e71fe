"""Narrative sections of the annual, CSR and party-building reports, edited per year.

Each section is saved in the book per year (``core/reports/narrative.py``); a section the year has
not written yet shows last year's text as a draft, marked, and becomes the year's own when saved
(or all at once with "Carry forward"). Edits to several sections are kept while moving between
them and saved together — by an action in a worker; a refused save keeps the edits.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import reports
from secretariat_app.core.reports import narrative
from secretariat_app.core.reports.attachments import document_label
from secretariat_app.core.reports.models import NARRATIVE_DOCUMENTS
from secretariat_app.errors import DomainError
from secretariat_app.gui.pages.reports.editor import NarrativeEditor
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _


class NarrativeTab(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx
        self.sections: list[narrative.SectionText] = []
        self.edits: dict[str, str] = {}   # key -> edited text, not saved yet
        self.current: str | None = None
        self.loaded: tuple[int, str] | None = None  # (year, document) the list and the edits belong to
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Document")))
        self.document = QComboBox()
        for doc in NARRATIVE_DOCUMENTS:
            self.document.addItem(document_label(doc), doc)
        self.document.currentIndexChanged.connect(lambda _i: self.load())
        top.addWidget(self.document)
        top.addStretch(1)
        self.carry = QPushButton(_("Carry forward last year's texts"))
        self.carry.clicked.connect(self.carry_forward)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.setToolTip(_("Save the texts and show the document as it will print"))
        self.preview_button.clicked.connect(self.preview)
        top.addWidget(self.carry)
        top.addWidget(self.preview_button)
        top.addWidget(self.save_button)
        lay.addLayout(top)
        self.banner = Banner("info", self)
        lay.addWidget(self.banner)
        split = QSplitter()
        self.list = QListWidget()
        self.list.setMinimumWidth(200)
        self.list.currentItemChanged.connect(self._section_changed)
        split.addWidget(self.list)
        self.editor = NarrativeEditor()
        self.editor.changed.connect(self._edited)
        split.addWidget(self.editor)
        split.setStretchFactor(1, 1)
        lay.addWidget(split, 1)

    @property
    def doc(self) -> str:
        return self.document.currentData()

    def load(self) -> None:
        """Reload the sections of the chosen document and year (unsaved edits are saved first)."""
        self.save(quiet=True, then=self._fill)

    def _fill(self) -> None:
        year = self.page.year
        self.sections = self.ctx.call(reports.section_texts, year, self.doc)
        self.loaded = (year, self.doc)
        self.edits.clear()
        self.current = None
        self.list.blockSignals(True)
        self.list.clear()
        for s in self.sections:
            item = QListWidgetItem(self._label(s))
            item.setData(256, s.key)
            self.list.addItem(item)
        self.list.blockSignals(False)
        carried = sum(1 for s in self.sections if s.carried)
        self.carry.setEnabled(carried > 0)
        self.list.setCurrentRow(0)

    def _label(self, s: narrative.SectionText) -> str:
        mark = ""
        if s.key in self.edits:
            mark = " ●"
        elif s.carried:
            mark = " " + _("(last year)")
        elif not s.content.strip():
            mark = " " + _("(empty)")
        return s.title + mark

    def _section(self, key: str | None) -> narrative.SectionText | None:
        return next((s for s in self.sections if s.key == key), None)

    def _section_changed(self, item, _previous) -> None:
        if item is None:
            return
        key = item.data(256)
        self.current = key
        s = self._section(key)
        text = self.edits.get(key, s.content if s else "")
        self.editor.set_markup(text)
        if s and s.carried and key not in self.edits:
            self.banner.show_message(_("This is last year's text, a starting draft: edit it and save to keep it "
                                       "for {year}.").format(year=self.page.year), "info")
        else:
            self.banner.clear()

    def _edited(self) -> None:
        if self.current is None:
            return
        self.edits[self.current] = self.editor.markup()
        item = self.list.currentItem()
        s = self._section(self.current)
        if item is not None and s is not None:
            item.setText(self._label(s))

    def dirty(self) -> bool:
        return bool(self.edits)

    def save(self, quiet: bool = False, then=None) -> None:
        """Save the edits of the year and document they were typed for (in a worker); ``then()``
        once saved. The edits leave ``self.edits`` at once (they belong to that year) and come
        back when the save is refused."""
        if not self.edits or self.loaded is None:
            if then is not None:
                then()
            return
        year, doc = self.loaded
        pending = dict(self.edits)
        self.edits.clear()

        def done(_outcome) -> None:
            if not quiet:
                self._reload_keep_section()
            if then is not None:
                then()

        def failed(exc: DomainError) -> None:
            if self.loaded == (year, doc):
                for key, text in pending.items():
                    self.edits.setdefault(key, text)
            self.banner.show_message(str(exc), "error")

        self.ctx.run_action(reports.save_texts, year, doc, pending, title=_("Saving…"), on_done=done,
                            on_error=failed)

    def _reload_keep_section(self) -> None:
        key = self.current
        self.sections = self.ctx.call(reports.section_texts, self.page.year, self.doc)
        for i, s in enumerate(self.sections):
            item = self.list.item(i)
            if item is not None:
                item.setText(self._label(s))
        self.carry.setEnabled(any(s.carried for s in self.sections))
        self.banner.show_message(_("Saved."), "info")
        if key is not None:
            self.current = key

    def preview(self) -> None:
        doc = self.doc
        self.save(quiet=True, then=lambda: self.page.documents.preview_document(doc))

    def carry_forward(self) -> None:
        year, doc = self.page.year, self.doc

        def done(outcome) -> None:
            self.load()
            self.banner.show_message(_("{n} section(s) taken over from {year}.").format(n=outcome.value,
                                                                                        year=year - 1), "info")

        self.save(quiet=True, then=lambda: self.ctx.run_action(reports.carry_forward, year, doc,
                                                               title=_("Saving…"), on_done=done))

