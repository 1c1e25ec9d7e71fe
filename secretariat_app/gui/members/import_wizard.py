"""The import wizard: pick a file → preview with the bad cells highlighted and explained → import
with progress (issue 3). The import itself is all or nothing unless the user chooses to leave
the bad rows out (then they can be saved to a rejects file with a reason column). Both steps are
actions of ``actions.members_files`` run in a worker (``check_import``, ``import_roll``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import members_files
from secretariat_app.actions.members_files import ImportCheck
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _, format_number

BAD_FILL = QColor("#fde2e1")
BAD_TEXT = QColor("#b3261e")


class PreviewModel(QAbstractTableModel):
    """Row number, the file's cells, and a problems column; bad cells red with the reason as tooltip."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.data_ = ImportCheck("", [], 0, 0, [], [])
        self.rows: list = []

    def set_preview(self, p: ImportCheck, only_bad: bool = False) -> None:
        self.beginResetModel()
        self.data_ = p
        self.rows = [r for r in p.rows if r[2]] if only_bad else list(p.rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.data_.headers) + 2

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return _("Row")
        if section <= len(self.data_.headers):
            return self.data_.headers[section - 1]
        return _("Problems")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            num, cells, marks = self.rows[index.row()]
            col = index.column()
            width = len(self.data_.headers)
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return str(num)
                if col <= width:
                    return cells[col - 1]
                return "；".join(f"{self._name(c)}：{m}" for c, m in sorted(marks.items()))
            problem = marks.get(col - 1) if 0 < col <= width else None
            if role == Qt.ItemDataRole.BackgroundRole and problem:
                return BAD_FILL
            if role == Qt.ItemDataRole.ForegroundRole and (problem or (col == width + 1 and marks)):
                return BAD_TEXT
            if role == Qt.ItemDataRole.ToolTipRole and problem:
                return problem
        except Exception:  # noqa: BLE001 — never raise into Qt
            return None
        return None

    def _name(self, col: int) -> str:
        return self.data_.headers[col] if col < len(self.data_.headers) else _("Row")


class ImportWizard(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, path: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import members"))
        self.resize(1000, 620)
        self.stack = QStackedWidget()
        lay = QVBoxLayout(self)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        lay.addWidget(self.stack, 1)
        self._pick_page(path)
        self._preview_page()
        self._done_page()
        self.result = None
        self.last_preview: ImportCheck | None = None

    # ---- step 1: pick ----------------------------------------------------------------------

    def _pick_page(self, path: str) -> None:
        w = QWidget()
        v = QVBoxLayout(w)
        intro = QLabel(_("Choose an Excel (.xlsx) or CSV file whose first row names the columns:\n{columns}\n"
                         "English column names are accepted too. Dates as 2023-02-14 or 2023/2/14.").format(
            columns="类型, 名称, 统一社会信用代码, 身份证号, 会员等级, 入会日期, 联系人, 手机, 地址, 行业"))
        intro.setWordWrap(True)
        v.addWidget(intro)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(path)
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_file)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        v.addLayout(row)
        self.update_box = QCheckBox(_("Update members already in the roll (same credit code or ID number)"))
        v.addWidget(self.update_box)
        v.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.check_btn = QPushButton(_("Check the file"))
        self.check_btn.setProperty("primary", True)
        self.check_btn.setDefault(True)
        self.check_btn.clicked.connect(self.check)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons.addWidget(cancel)
        buttons.addWidget(self.check_btn)
        v.addLayout(buttons)
        self.stack.addWidget(w)

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Import members"), "",
                                               _("Excel or CSV (*.xlsx *.csv);;All files (*)"))
        if path:
            self.path_edit.setText(path)

    def check(self) -> None:
        path = self.path_edit.text().strip()
        if not path:
            self.banner.show_message(_("Choose a file first."))
            return
        self.banner.clear()
        self.check_btn.setEnabled(False)
        self.ctx.run_action(members_files.check_import, path, self.update_box.isChecked(), True,
                            title=_("Checking the file"), on_done=self.show_preview,
                            on_error=lambda e: self.banner.show_message(str(e)),
                            on_finally=lambda: self.check_btn.setEnabled(True))

    # ---- step 2: preview -------------------------------------------------------------------

    def _preview_page(self) -> None:
        w = QWidget()
        v = QVBoxLayout(w)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        v.addWidget(self.summary)
        self.only_bad = QCheckBox(_("Show only rows with problems"))
        self.only_bad.toggled.connect(lambda on: self.model.set_preview(self.last_preview, on))
        v.addWidget(self.only_bad)
        self.model = PreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        v.addWidget(self.table, 1)
        self.skip_box = QCheckBox()
        self.skip_box.toggled.connect(self._update_buttons)
        v.addWidget(self.skip_box)
        row = QHBoxLayout()
        self.rejects_edit = QLineEdit()
        self.rejects_edit.setPlaceholderText(_("Save the bad rows with their reasons to (optional) …"))
        rej = QPushButton(_("Choose…"))
        rej.clicked.connect(self.choose_rejects)
        row.addWidget(self.rejects_edit, 1)
        row.addWidget(rej)
        self.rejects_row = QWidget()
        self.rejects_row.setLayout(row)
        v.addWidget(self.rejects_row)
        buttons = QHBoxLayout()
        back = QPushButton(_("Back"))
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.import_btn = QPushButton(_("Import"))
        self.import_btn.setProperty("primary", True)
        self.import_btn.clicked.connect(self.run_import)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.import_btn)
        v.addLayout(buttons)
        self.stack.addWidget(w)

    def show_preview(self, p: ImportCheck) -> None:
        self.last_preview = p
        self.model.set_preview(p, self.only_bad.isChecked())
        self.table.resizeColumnsToContents()
        text = _("{good} rows are ready to import, {bad} have problems (red cells; point at one to see why).").format(
            good=format_number(p.good), bad=format_number(p.bad))
        if p.unknown_headers:
            text += "\n" + _("Columns not imported: {names}").format(names=", ".join(p.unknown_headers))
        if p.bad:
            text += "\n" + _("As it is, the file cannot be imported: an import is all or nothing.")
        self.summary.setText(text)
        self.skip_box.setText(_("Leave out the {bad} bad rows and import the {good} good ones").format(
            bad=p.bad, good=p.good))
        self.skip_box.setChecked(False)
        self.skip_box.setVisible(p.bad > 0 and p.good > 0)
        self.only_bad.setVisible(p.bad > 0)
        self._update_buttons()
        self.stack.setCurrentIndex(1)

    def _update_buttons(self) -> None:
        p = self.last_preview
        ok = p is not None and p.good > 0 and (p.bad == 0 or self.skip_box.isChecked())
        self.import_btn.setEnabled(ok)
        self.rejects_row.setVisible(bool(p and p.bad and self.skip_box.isChecked()))

    def choose_rejects(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Save the bad rows"), "rejects.xlsx",
                                               _("Excel workbook (*.xlsx);;CSV (*.csv)"))
        if path:
            self.rejects_edit.setText(path)

    # ---- step 3: import --------------------------------------------------------------------

    def run_import(self) -> None:
        self.import_btn.setEnabled(False)
        self.banner.clear()
        rejects = self.rejects_edit.text().strip() or None
        self.ctx.run_action(members_files.import_roll, self.path_edit.text().strip(),
                            skip_invalid=self.skip_box.isChecked(), update=self.update_box.isChecked(),
                            rejects=rejects, title=_("Importing members"), on_done=self.imported,
                            on_error=lambda e: self.banner.show_message(str(e)), on_finally=self._update_buttons)

    def _done_page(self) -> None:
        w = QWidget()
        v = QVBoxLayout(w)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        v.addWidget(self.done_label)
        v.addStretch(1)
        close = QPushButton(_("Close"))
        close.setProperty("primary", True)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        v.addLayout(row)
        self.stack.addWidget(w)

    def imported(self, result) -> None:
        self.result = result
        text = _("Imported {created} new members, updated {updated}.").format(created=result.created,
                                                                             updated=result.updated)
        if result.rejected:
            text += "\n" + _("{n} rows were left out{where}.").format(
                n=result.rejected, where=_(" (written to {path})").format(path=Path(result.rejects_path))
                if result.rejects_path else "")
        self.done_label.setText(text)
        self.stack.setCurrentIndex(2)
