"""Arrears tab (欠费): members owing dues for a year and before — billed, paid, due, years overdue
— filtered by level and by years overdue (``actions.dues_arrears.arrears_page``, paged by the
lazy model; mobile numbers masked for a role that may not see them); reminder letters (催缴通知)
as one PDF and the list as xlsx, both written by actions in a worker."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from secretariat_app.actions import dues, dues_arrears
from secretariat_app.actions.paging import PageRequest
from secretariat_app.gui.widgets.common import Banner, SearchBox, record_table
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import _, format_amount


class ArrearsTab(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Year")))
        self.year = QSpinBox()
        self.year.setRange(1980, 2100)
        self.year.setValue(date.today().year)
        row.addWidget(self.year)
        self.level = QComboBox()
        self.level.setMinimumWidth(140)
        row.addWidget(self.level)
        row.addWidget(QLabel(_("Years overdue at least")))
        self.min_years = QSpinBox()
        self.min_years.setRange(0, 50)
        self.min_years.setSpecialValueText(_("any"))
        row.addWidget(self.min_years)
        self.search = SearchBox(_("Search number or name"))
        row.addWidget(self.search)
        row.addStretch(1)
        self.letters_btn = QPushButton(_("Reminder letters (PDF)…"))
        self.letters_btn.setProperty("primary", True)
        self.letters_btn.clicked.connect(lambda: self.reminders())
        self.export_btn = QPushButton(_("Export to Excel…"))
        self.export_btn.clicked.connect(lambda: self.export())
        row.addWidget(self.letters_btn)
        row.addWidget(self.export_btn)
        lay.addLayout(row)
        self.banner = Banner("info")
        lay.addWidget(self.banner)
        self.total = QLabel()
        self.total.setProperty("role", "muted")
        lay.addWidget(self.total)
        self.model = LazyTableModel(ctx, [
            Column(_("Member number")), Column(_("Member name")), Column(_("Member level")),
            Column(_("Billed"), "money"), Column(_("Paid"), "money"), Column(_("Due"), "money"),
            Column(_("Years overdue"), "int"), Column(_("Oldest year"), format=str), Column(_("Contact")),
            Column(_("Mobile"))], key_index=13, fetch=dues_arrears.arrears_page)
        self.model.load_failed.connect(self.ctx.show_error)
        self.model.reloaded.connect(self._show_total)
        self.table = record_table(self.model, (80, 250, 100, 100, 100, 100, 80, 80, 80), single_selection=False)
        lay.addWidget(self.table, 1)
        self.year.valueChanged.connect(lambda _v: self._filter())
        self.level.currentIndexChanged.connect(lambda _i: self._filter())
        self.min_years.valueChanged.connect(lambda _v: self._filter())
        self.search.search_changed.connect(lambda t: self.model.set_search(t))

    def filters(self) -> dict:
        return {"year": self.year.value(), "level": self.level.currentData(), "min_years": self.min_years.value() or None}

    def _filter(self) -> None:
        self.model.set_filter_values(**self.filters())

    def reload(self) -> None:
        if self.ctx.book is None:
            return
        current = self.level.currentData()
        self.level.blockSignals(True)
        self.level.clear()
        self.level.addItem(_("All levels"), None)
        for lid, name in self.ctx.call(dues.level_choices):
            self.level.addItem(name, lid)
        self.level.setCurrentIndex(max(self.level.findData(current), 0))
        self.level.blockSignals(False)
        self._filter()

    def _show_total(self) -> None:
        try:
            n, due = self.ctx.call(dues_arrears.arrears_figures,
                                   PageRequest(search=self.model.search, filters=dict(self.model.filter_values)))
        except Exception:  # noqa: BLE001 — the figure line must never break the page
            n, due = 0, 0
        self.total.setText(_("{n} members owe {total}").format(n=n, total=format_amount(int(due or 0), fen=True)))

    def _file(self, title: str, name: str, pattern: str) -> str | None:
        path, _f = QFileDialog.getSaveFileName(self, title, name, pattern)
        return path or None

    def reminders(self, path: str | None = None) -> None:
        year = self.year.value()
        path = path or self._file(_("Reminder letters"), _("Dues reminders {year}").format(year=year) + ".pdf",
                                  _("PDF files (*.pdf)"))
        if not path:
            return
        f = self.filters()
        self.ctx.run_action(dues_arrears.write_reminders, path, year, f["level"], f["min_years"],
                            title=_("Writing the reminder letters"),
                            on_done=lambda n: self.banner.show_message(
                                _("{n} reminder letters written to {file}").format(n=n, file=path), "info"),
                            on_error=lambda e: self.banner.show_message(str(e), "error"))

    def export(self, path: str | None = None) -> None:
        year = self.year.value()
        path = path or self._file(_("Export the arrears"), _("Arrears {year}").format(year=year) + ".xlsx",
                                  _("Excel files (*.xlsx)"))
        if not path:
            return
        f = self.filters()
        self.ctx.run_action(dues_arrears.export_arrears, path, year, f["level"], f["min_years"],
                            title=_("Exporting the arrears"),
                            on_done=lambda n: self.banner.show_message(
                                _("{n} members written to {file}").format(n=n, file=path), "info"),
                            on_error=lambda e: self.banner.show_message(str(e), "error"))
