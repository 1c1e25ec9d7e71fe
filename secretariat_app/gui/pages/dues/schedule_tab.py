"""Fee schedule tab (会费标准): the annual fee of every level for a year, and the general
assembly's resolution that adopted it (DOMAIN.md §2). Without a resolution the year's rows are a
draft and cannot be billed — except up to the book's first fiscal year, where the existing rate
is recorded with a note saying where it comes from."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import dues
from secretariat_app.core.dues.schedule import STATUS_LABELS
from secretariat_app.core.members.models import KIND_LABELS
from secretariat_app.core.money import fen_str
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _

ID_ROLE = Qt.ItemDataRole.UserRole


class ScheduleTab(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Year")))
        self.year = QSpinBox()
        self.year.setRange(1980, 2100)
        self.year.setValue(date.today().year)
        self.year.valueChanged.connect(lambda _v: self.reload())
        row.addWidget(self.year)
        self.copy_btn = QPushButton(_("Copy from the year before"))
        self.copy_btn.clicked.connect(self.copy_previous)
        row.addWidget(self.copy_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([_("Member level"), _("Kind"), _("Annual fee"), _("Status"), _("Bills")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.table, 1)
        form = QHBoxLayout()
        form.addWidget(QLabel(_("Adopted by")))
        self.resolution = QComboBox()
        self.resolution.setMinimumWidth(420)
        form.addWidget(self.resolution, 1)
        lay.addLayout(form)
        note_row = QHBoxLayout()
        note_row.addWidget(QLabel(_("Note")))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("For an existing rate in the first fiscal year: where it comes from"))
        note_row.addWidget(self.note, 1)
        lay.addLayout(note_row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("role", "muted")
        lay.addWidget(self.hint)
        buttons = QHBoxLayout()
        self.save_btn = QPushButton(_("Save the schedule"))
        self.save_btn.setProperty("primary", True)
        self.save_btn.clicked.connect(self.save)
        buttons.addWidget(self.save_btn)
        buttons.addStretch(1)
        lay.addLayout(buttons)

    def reload(self) -> None:
        if self.ctx.book is None:
            return
        year = self.year.value()
        data = self.ctx.call(dues.schedule_editor, year)
        self.table.setRowCount(0)
        resolution_id, note = None, ""
        for level_id, kind, name in data["levels"]:
            r = self.table.rowCount()
            self.table.insertRow(r)
            item = QTableWidgetItem(name)
            item.setData(ID_ROLE, level_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(r, 0, item)
            self.table.setItem(r, 1, self._fixed(_(KIND_LABELS.get(kind, kind))))
            row = data["rows"].get(level_id)
            amount = QTableWidgetItem(fen_str(row[0]) if row else "")
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 2, amount)
            self.table.setItem(r, 3, self._fixed(_(STATUS_LABELS[row[1]]) if row else _("Not set")))
            self.table.setItem(r, 4, self._fixed(str(row[4]) if row else "0"))
            if row:
                resolution_id, note = row[2] if row[2] is not None else resolution_id, row[3] or note
        self.resolution.clear()
        self.resolution.addItem(_("No resolution (a draft, or an existing rate with a note)"), None)
        for rid, text in data["resolutions"]:
            self.resolution.addItem(text, rid)
        i = self.resolution.findData(resolution_id)
        self.resolution.setCurrentIndex(i if i >= 0 else 0)
        self.note.setText(note)
        first = data["first_year"]
        self.hint.setText(_("A schedule needs the general assembly's resolution on dues (secret ballot, quorum, "
                            "more than half of those present). Without one it is a draft and cannot be billed; up "
                            "to the first fiscal year ({year}) the existing rate may be recorded with a note.")
                          .format(year=first))
        self.banner.clear()

    def _fixed(self, text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        return item

    def amounts(self) -> dict:
        out = {}
        for r in range(self.table.rowCount()):
            text = (self.table.item(r, 2).text() if self.table.item(r, 2) else "").strip()
            if text:
                out[self.table.item(r, 0).data(ID_ROLE)] = text
        return out

    def set_amount(self, level_name: str, text: str) -> None:
        """Type ``text`` into the fee of ``level_name`` (tests, keyboard users)."""
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == level_name:
                self.table.item(r, 2).setText(text)

    def save(self) -> None:
        self.banner.clear()
        self.save_btn.setEnabled(False)
        self.ctx.run_action(dues.set_schedule, self.year.value(), self.amounts(), self.resolution.currentData(),
                            self.note.text(), title=_("Saving the fee schedule"), show_progress=False,
                            on_done=lambda _d: (self.reload(), self.banner.show_message(_("Saved."), "info")),
                            on_error=lambda e: self.banner.show_message(str(e)),
                            on_finally=lambda: self.save_btn.setEnabled(True))

    def copy_previous(self) -> None:
        year = self.year.value()
        self.ctx.run_action(dues.copy_schedule, year - 1, year, title=_("Copying the fee schedule"),
                            show_progress=False, on_done=lambda _d: self.reload(),
                            on_error=lambda e: self.banner.show_message(str(e)))
