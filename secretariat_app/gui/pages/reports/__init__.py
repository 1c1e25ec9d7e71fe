"""报告 (reports): the year's narrative texts, facts, self-evaluation, documents and package (issue 7).

Tabs: narrative sections (editor with headings and lists, carried forward from last year),
yearly facts (staff, survey, activities, standards, disclosures), the grade self-evaluation, and
documents (preview in the program, save as PDF, the submission package). Figures come live from
the other capabilities, so the tabs that show them reload when those areas change; a tab reloads
when it is shown after a change (not while hidden).
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTabWidget, QWidget

from secretariat_app.core.changes import Changes
from secretariat_app.gui.pages.base import Page
from secretariat_app.gui.pages.reports.documents_tab import DocumentsTab
from secretariat_app.gui.pages.reports.facts_tab import FactsTab
from secretariat_app.gui.pages.reports.grade_tab import GradeTab
from secretariat_app.gui.pages.reports.narrative_tab import NarrativeTab
from secretariat_app.gui.widgets.common import PageHeader, page_layout
from secretariat_app.i18n import N_, _

log = logging.getLogger("secretariat.gui")


class ReportsPage(Page):
    key = "reports"
    title = N_("Reports")
    icon = "reports"
    areas = {"reports", "members", "ledger", "meetings", "dues", "settings"}

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        self.last_dialog = None
        lay = page_layout(self)
        holder = QWidget()
        year_box = QHBoxLayout(holder)
        year_box.setContentsMargins(0, 0, 0, 0)
        year_box.addWidget(QLabel(_("Year")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1980, 2100)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(date.today().year)
        self.year_spin.valueChanged.connect(self._year_changed)
        year_box.addWidget(self.year_spin)
        self.header = PageHeader(_("Reports"), _("Annual work report, social-responsibility report, "
                                                 "self-evaluation and the submission package"), [holder])
        lay.addWidget(self.header)
        self.tabs = QTabWidget()
        self.narrative = NarrativeTab(self)
        self.facts = FactsTab(self)
        self.grade = GradeTab(self)
        self.documents = DocumentsTab(self)
        self.tabs.addTab(self.narrative, _("Texts"))
        self.tabs.addTab(self.facts, _("Year's facts"))
        self.tabs.addTab(self.grade, _("Self-evaluation"))
        self.tabs.addTab(self.documents, _("Documents and package"))
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        lay.addWidget(self.tabs, 1)
        self._stale = {self.narrative, self.facts, self.grade, self.documents}
        self._year = self.year_spin.value()
        if ctx.book is not None:
            self._load_current()

    @property
    def year(self) -> int:
        return self._year

    def _year_changed(self, year: int) -> None:
        self.narrative.save(quiet=True)  # edits belong to the year they were typed for
        self._year = year
        self._stale = {self.narrative, self.facts, self.grade, self.documents}
        self._load_current()

    def _load_current(self) -> None:
        tab = self.tabs.currentWidget()
        if tab in self._stale and self.ctx.book is not None:
            self._stale.discard(tab)
            try:
                tab.load()
            except Exception:  # noqa: BLE001 — a tab that cannot load must not break the window
                log.exception("loading the reports tab %s", type(tab).__name__)
                self.ctx.show_error(_("The reports could not be loaded; the details were written to the log file."))

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None:  # another book: everything
            self.narrative.edits.clear()
            self._stale = {self.narrative, self.facts, self.grade, self.documents}
        elif changes.touches(*self.areas):
            # Figures of other capabilities (and our own facts) feed these two; texts and facts are
            # ours only and reload themselves after each save.
            self._stale |= {self.grade, self.documents}
        else:
            return
        self._load_current()

    def screenshot_states(self):
        def show(i):
            return lambda: self.tabs.setCurrentIndex(i)

        return [(name, show(i), lambda: None) for i, name in
                enumerate(("texts", "facts", "self-evaluation", "documents"))]
