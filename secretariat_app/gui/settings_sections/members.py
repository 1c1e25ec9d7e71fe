"""Settings › Members: the levels of each kind (ordered, renameable, addable; never deleted — an
unused one can be made inactive) and the member number prefix (DOMAIN.md §1, issue 3)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.members import service
from secretariat_app.core.members.levels import levels, members_at_level, save_levels
from secretariat_app.core.members.models import CORPORATE, INDIVIDUAL, KIND_LABELS
from secretariat_app.db.session import action
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import N_, _

TITLE = N_("Member roll")
ID_ROLE = Qt.ItemDataRole.UserRole


def load(session: Session) -> dict:
    return {"prefix": service.number_prefix(session),
            "levels": {k: [(lv.id, lv.name, lv.active, members_at_level(session, lv.id))
                           for lv in levels(session, k, include_inactive=True)] for k in (CORPORATE, INDIVIDUAL)}}


@action
def save(session: Session, prefix: str, rows: dict) -> Changes:
    service.set_number_prefix(session, prefix)
    for kind, kind_rows in rows.items():
        save_levels(session, kind, kind_rows)
    return Changes({"members", "settings", "dues"})


class LevelsTable(QWidget):
    """One kind's levels, highest first: name (editable), active, members; add / up / down."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(_("{kind} levels, highest first").format(kind=_(KIND_LABELS[kind]))))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Member level"), _("Offered"), _("Members")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 180)
        lay.addWidget(self.table)
        buttons = QHBoxLayout()
        for text, fn in ((_("Add"), self.add), (_("Up"), lambda: self.move(-1)), (_("Down"), lambda: self.move(1))):
            b = QPushButton(text)
            b.clicked.connect(fn)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)

    def set_rows(self, rows) -> None:
        self.table.setRowCount(0)
        for level_id, name, active, n in rows:
            self._append(level_id, name, active, n)

    def _append(self, level_id, name, active, n) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        item = QTableWidgetItem(name)
        item.setData(ID_ROLE, level_id)
        self.table.setItem(r, 0, item)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if active else Qt.CheckState.Unchecked)
        self.table.setItem(r, 1, check)
        count = QTableWidgetItem(str(n))
        count.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(r, 2, count)

    def add(self) -> None:
        self._append(None, _("New level"), True, 0)
        r = self.table.rowCount() - 1
        self.table.setCurrentCell(r, 0)
        self.table.editItem(self.table.item(r, 0))

    def move(self, step: int) -> None:
        r = self.table.currentRow()
        t = r + step
        if r < 0 or not 0 <= t < self.table.rowCount():
            return
        for c in range(3):
            a, b = self.table.takeItem(r, c), self.table.takeItem(t, c)
            self.table.setItem(r, c, b)
            self.table.setItem(t, c, a)
        self.table.setCurrentCell(t, 0)

    def rows(self) -> list[tuple[int | None, str, bool]]:
        out = []
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            out.append((item.data(ID_ROLE), item.text().strip(),
                        self.table.item(r, 1).checkState() == Qt.CheckState.Checked))
        return out


class MembersSection(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        form = QFormLayout()
        self.prefix = QLineEdit()
        self.prefix.setMaxLength(8)
        self.prefix.setPlaceholderText("M")
        form.addRow(_("Member number prefix"), self.prefix)
        lay.addLayout(form)
        note = QLabel(_("New members are numbered prefix + a running number (M0001, M0002 …); members keep their "
                        "numbers when the prefix changes. Levels are never deleted: untick “Offered” to stop "
                        "using one. Dues follow the level."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        lay.addWidget(note)
        tables = QHBoxLayout()
        self.tables = {k: LevelsTable(k) for k in (CORPORATE, INDIVIDUAL)}
        for t in self.tables.values():
            tables.addWidget(t)
        lay.addLayout(tables, 1)
        buttons = QHBoxLayout()
        self.save_btn = QPushButton(_("Save"))
        self.save_btn.setProperty("primary", True)
        self.save_btn.clicked.connect(self.save)
        buttons.addWidget(self.save_btn)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.reload()

    def reload(self) -> None:
        if self.ctx.book is None:
            return
        data = self.ctx.read(load)
        self.prefix.setText(data["prefix"])
        for kind, rows in data["levels"].items():
            self.tables[kind].set_rows(rows)

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.touches("members", "settings"):
            self.reload()

    def save(self) -> None:
        self.banner.clear()
        self.save_btn.setEnabled(False)
        rows = {k: t.rows() for k, t in self.tables.items()}
        self.ctx.run_op(save, self.prefix.text(), rows, title=_("Saving the levels"), show_progress=False,
                        on_done=lambda _c: (self.banner.show_message(_("Saved."), "info"), self.reload()),
                        on_error=lambda e: self.banner.show_message(str(e)),
                        on_finally=lambda: self.save_btn.setEnabled(True))


def section(ctx) -> QWidget:
    return MembersSection(ctx)
