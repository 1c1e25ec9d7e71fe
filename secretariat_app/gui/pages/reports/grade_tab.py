"""The grade self-evaluation: indicators the book answers are shown with their reason; the rest
are scored by staff with a note (``core/reports/grade.py``). The total and the grade it reaches
update as scores are typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import reports
from secretariat_app.core.reports.indicators import BY_KEY, grade_for
from secretariat_app.errors import DomainError
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import N_, _

COLUMNS = (N_("Indicator group"), N_("Indicator"), N_("Points"), N_("Score"), N_("Basis / note"), N_("Source"))
SCORE, NOTE = 3, 4
DATA_FILL = QColor("#f3f5f8")


class GradeTab(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx
        self.keys: list[str | None] = []  # indicator key per row (None: a subtotal row)
        self.data_scores = 0
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.total = QLabel()
        self.total.setProperty("role", "sectionTitle")
        top.addWidget(self.total, 1)
        self.save_button = QPushButton(_("Save scores"))
        self.save_button.setProperty("role", "primary")
        self.save_button.clicked.connect(self.save)
        top.addWidget(self.save_button)
        lay.addLayout(top)
        self.banner = Banner("error", self)
        lay.addWidget(self.banner)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.itemChanged.connect(self._item_changed)
        lay.addWidget(self.table, 1)
        hint = QLabel(_("Grades on the 1000-point scale: 5A from 900, 4A from 800, 3A from 700, 2A from 600, "
                        "1A from 500 points. Grey rows are answered by the book's data."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)

    def load(self) -> None:
        """Evaluate in a worker (the statements behind one indicator may take a while on a big book)."""
        self.save_button.setEnabled(False)
        self.ctx.run_action(reports.grade_evaluation, self.page.year, title=_("Evaluating…"), on_done=self.fill,
                            on_finally=lambda: self.save_button.setEnabled(True))

    def fill(self, ev) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.keys = []
        self.data_scores = 0
        for g in ev.groups:
            for ind in g.indicators:
                r = self.table.rowCount()
                self.table.insertRow(r)
                self.keys.append(ind.key)
                editable = ind.source == "staff"
                cells = [g.title, ind.title, str(ind.points), "" if ind.score is None else str(ind.score),
                         ind.note, _("Book data") if ind.source == "data" else _("Staff")]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if not (editable and c in (SCORE, NOTE)):
                        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    if not editable:
                        item.setBackground(QBrush(DATA_FILL))
                    if c in (2, 3):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.table.setItem(r, c, item)
                if not editable:
                    self.data_scores += ind.score or 0
        self.table.blockSignals(False)
        for c in range(len(COLUMNS)):
            if c != NOTE:
                self.table.resizeColumnToContents(c)
        self.table.resizeRowsToContents()
        self.banner.clear()
        self._update_total()

    def staff_values(self) -> dict[str, tuple]:
        out = {}
        for r, key in enumerate(self.keys):
            if key is None or BY_KEY[key].source != "staff":
                continue
            score = self.table.item(r, SCORE).text().strip()
            out[key] = (score or None, self.table.item(r, NOTE).text())
        return out

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == SCORE:
            self._update_total()

    def _update_total(self) -> None:
        total = self.data_scores
        for key, (score, _note) in self.staff_values().items():
            if score and score.isdigit():  # what is not a score yet counts nothing (saving says why)
                total += min(int(score), BY_KEY[key].points)
        g = grade_for(total)
        self.total.setText(_("Total {total} of 1000 points — grade reached: {grade}").format(
            total=total, grade=g or _("none")))

    def save(self) -> None:
        """Save the staff's scores in a worker, then evaluate again; a refusal shows in the banner."""
        def failed(exc: DomainError) -> None:
            self.banner.show_message(str(exc), "error")

        self.banner.clear()
        self.ctx.run_action(reports.set_scores, self.page.year, self.staff_values(), title=_("Saving…"),
                            on_done=lambda _o: self.load(), on_error=failed)
