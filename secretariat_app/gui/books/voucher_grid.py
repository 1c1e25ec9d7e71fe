"""The 记账凭证 grid: 摘要 | 会计科目 | 借方金额 | 贷方金额 | 现金流量项目, and its totals line.

Keyboard (as in 用友/金蝶): the cell being entered is always in edit mode; Enter takes what was typed
and moves on — 摘要 → 会计科目 → 借方 → (贷方 when no debit was typed) → the next line's 摘要; an
empty 摘要 repeats the line above; in the account cell the completer popup's highlighted account is
taken; ``=`` in an amount cell fills the amount that balances the voucher; Space moves an amount
to the other side; Ctrl+Delete removes a line, Ctrl+Insert inserts one. The cash-flow row of a cash
line (DOMAIN.md §3) is suggested from the counterpart account as lines are entered (grey) and can be
chosen in its cell (then shown in black). The last row is the totals line with the amount in
Chinese capitals (``core.capitals.rmb_capitals``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QStyledItemDelegate,
    QTableView,
)

from secretariat_app.core.money import parse_amount
from secretariat_app.errors import DomainError
from secretariat_app.gui.books.account_picker import AccountEdit
from secretariat_app.gui.books.common import amount_text
from secretariat_app.gui.books.voucher_lines import (
    ACCOUNT,
    CASHFLOW,
    CREDIT,
    DEBIT,
    HEADERS,
    SUMMARY,
    EntryLine,
    LinesModel,
)
from secretariat_app.i18n import _

__all__ = ["VoucherGrid", "LinesModel", "EntryLine", "SUMMARY", "ACCOUNT", "DEBIT", "CREDIT", "CASHFLOW"]

class AmountEdit(QLineEdit):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class LinesDelegate(QStyledItemDelegate):
    """Editors of the grid and its keys (Enter, ``=``, Space); see the module docstring."""

    def __init__(self, grid: "VoucherGrid") -> None:
        super().__init__(grid)
        self.grid = grid

    def createEditor(self, parent, option, index):  # noqa: N802
        col = index.column()
        if col == ACCOUNT:
            ed = AccountEdit(self.grid.choices, leaf_only=True, parent=parent)
            ed.take_on_return = False
            ed.picked.connect(lambda _code, e=ed: self.grid.enter_pressed(e, index.row(), ACCOUNT))
        elif col in (DEBIT, CREDIT):
            ed = AmountEdit(parent)
        elif col == CASHFLOW:
            ed = QComboBox(parent)
            ed.addItem("", None)
            for row, item in self.grid.model().items.items():
                ed.addItem(f"{row} {item}", row)
        else:
            ed = QLineEdit(parent)
            ed.setMaxLength(200)
        ed.setFrame(False)
        return ed

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, AccountEdit):
            editor.setText(value or "")
            editor.code = value or ""
            editor.selectAll()
        elif isinstance(editor, AmountEdit):
            editor.setText(amount_text(value).replace(",", "") if value else "")
            editor.selectAll()
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        else:
            editor.setText(value or "")
            editor.selectAll()

    def setModelData(self, editor, model, index):  # noqa: N802
        col = index.column()
        if isinstance(editor, AccountEdit):
            text = editor.text().strip()
            if not text:
                model.set_cell(index.row(), col, "")
                return
            c = editor.resolve()
            if c is None:
                self.grid.problem.emit(_("No account matches “{text}”.").format(text=text))
                return
            model.set_cell(index.row(), col, c.code)
        elif isinstance(editor, AmountEdit):
            text = editor.text().strip()
            if not text:
                model.set_cell(index.row(), col, 0)
                return
            try:
                fen = parse_amount(text, field=_(HEADERS[col]), allow_negative=True)
            except DomainError as exc:
                self.grid.problem.emit(str(exc))
                return
            model.set_cell(index.row(), col, fen)
        elif isinstance(editor, QComboBox):
            model.set_cell(index.row(), col, editor.currentData())
        else:
            model.set_cell(index.row(), col, editor.text())

    def eventFilter(self, editor, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if isinstance(editor, AccountEdit) and editor.popup_visible() and key in (
                    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Escape):
                return False
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                idx = self.grid.currentIndex()
                self.grid.enter_pressed(editor, idx.row(), idx.column())
                return True
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Delete, Qt.Key.Key_Insert):
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
                self.grid.line_key(key)
                return True
            if isinstance(editor, AmountEdit) and key == Qt.Key.Key_Equal:
                self.grid.fill_balancing(editor)
                return True
            if isinstance(editor, AmountEdit) and key == Qt.Key.Key_Space:
                self.grid.switch_side(editor)
                return True
        return super().eventFilter(editor, event)


class VoucherGrid(QTableView):
    """The grid view: always editing the current cell; Enter moves on (module docstring)."""

    problem = Signal(str)   # a typed value that cannot be taken (unknown account, bad amount)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.choices: list = []
        self.setModel(LinesModel(self))
        self.delegate = LinesDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.CurrentChanged | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setDefaultSectionSize(34)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setFixedWidth(30)
        self.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(SUMMARY, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(ACCOUNT, QHeaderView.ResizeMode.Stretch)
        hh.setMinimumSectionSize(60)
        for col, width in ((DEBIT, 130), (CREDIT, 130), (CASHFLOW, 190)):
            self.setColumnWidth(col, width)
        self.setStyleSheet("QTableView { gridline-color: #c9d3df; font-size: 14px; }"
                           "QTableView::item { padding: 0 6px; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.model().modelReset.connect(self._span_totals)
        self.model().rowsInserted.connect(lambda *_a: self._span_totals())
        self.model().rowsRemoved.connect(lambda *_a: self._span_totals())
        self._span_totals()

    def model(self) -> LinesModel:  # type: ignore[override]
        return super().model()

    def _span_totals(self) -> None:
        self.clearSpans()
        self.setSpan(self.model().rowCount() - 1, SUMMARY, 1, 2)
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 — as tall as its rows (up to 16), the paper grows with it
        rows = min(self.model().rowCount(), 16)
        h = self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize() + 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), h + 2)

    # ---- moving ---------------------------------------------------------------------------------

    def go(self, row: int, column: int) -> None:
        m = self.model()
        if row >= len(m.lines):
            m.ensure_row(row)
            self._span_totals()
        idx = m.index(row, column)
        self.setCurrentIndex(idx)
        self.scrollTo(idx)
        if not self.state() == QAbstractItemView.State.EditingState and m.flags(idx) & Qt.ItemFlag.ItemIsEditable:
            self.edit(idx)

    def commit_editor(self) -> None:
        """Take what the open editor holds (before saving with Ctrl+S, say)."""
        idx = self.currentIndex()
        editor = self.indexWidget(idx) if idx.isValid() else None
        if editor is None:
            from PySide6.QtWidgets import QApplication

            w = QApplication.focusWidget()
            editor = w if w is not None and self.viewport().isAncestorOf(w) else None
        if editor is not None:
            self.delegate.commitData.emit(editor)
            self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def next_cell(self, row: int, column: int) -> tuple[int, int]:
        m = self.model()
        ln = m.lines[row] if row < len(m.lines) else None
        if column == SUMMARY:
            return row, ACCOUNT
        if column == ACCOUNT:
            return row, DEBIT
        if column == DEBIT and ln is not None and not ln.debit:
            return row, CREDIT
        return row + 1, SUMMARY

    def enter_pressed(self, editor, row: int, column: int) -> None:
        m = self.model()
        if column == SUMMARY and isinstance(editor, QLineEdit) and not editor.text().strip() and row > 0:
            editor.setText(m.summary_above(row))
        if column == ACCOUNT and isinstance(editor, AccountEdit) and editor.text().strip() and editor.resolve() is None:
            self.problem.emit(_("No account matches “{text}”.").format(text=editor.text().strip()))
            return
        if isinstance(editor, AmountEdit) and editor.text().strip():
            try:
                parse_amount(editor.text(), field=_(HEADERS[column]), allow_negative=True)
            except DomainError as exc:
                self.problem.emit(str(exc))
                return
        self.delegate.commitData.emit(editor)
        self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        if column in (DEBIT, CREDIT) and row < len(m.lines):
            ln = m.lines[row]
            if column == DEBIT and not ln.debit and ln.credit:
                nr, nc = row + 1, SUMMARY
            else:
                nr, nc = self.next_cell(row, column)
        else:
            nr, nc = self.next_cell(row, column)
        QTimer.singleShot(0, lambda: self.go(nr, nc))

    def fill_balancing(self, editor: AmountEdit) -> None:
        """``=``: the amount that balances the voucher, on this side or — when negative — the other."""
        idx = self.currentIndex()
        m = self.model()
        amount = m.balancing(idx.row(), idx.column())
        if amount > 0:
            editor.setText(amount_text(amount).replace(",", ""))
            editor.selectAll()
        elif amount < 0:
            other = CREDIT if idx.column() == DEBIT else DEBIT
            self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            m.set_cell(idx.row(), other, -amount)
            QTimer.singleShot(0, lambda: self.go(idx.row(), other))
        else:
            self.problem.emit(_("The voucher already balances."))

    def switch_side(self, editor: AmountEdit) -> None:
        idx = self.currentIndex()
        text = editor.text().strip()
        other = CREDIT if idx.column() == DEBIT else DEBIT
        try:
            fen = parse_amount(text, allow_negative=True) if text else 0
        except DomainError as exc:
            self.problem.emit(str(exc))
            return
        m = self.model()
        self.delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        if not fen:
            ln = m.lines[idx.row()]
            fen = ln.debit or ln.credit
        m.set_cell(idx.row(), idx.column(), 0)
        if fen:
            m.set_cell(idx.row(), other, fen)
        QTimer.singleShot(0, lambda: self.go(idx.row(), other))

    def keyPressEvent(self, event) -> None:  # noqa: N802
        idx = self.currentIndex()
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and idx.isValid() and not mods & Qt.KeyboardModifier.ControlModifier:
            if idx.row() < len(self.model().lines):
                self.go(*self.next_cell(idx.row(), idx.column()))
            event.accept()
            return
        if mods & Qt.KeyboardModifier.ControlModifier and key in (Qt.Key.Key_Delete, Qt.Key.Key_Insert):
            self.line_key(key)
            event.accept()
            return
        super().keyPressEvent(event)

    def line_key(self, key) -> None:
        """Ctrl+Delete removes the current line, Ctrl+Insert inserts one above it."""
        m = self.model()
        row = self.currentIndex().row()
        if m.read_only or not 0 <= row < len(m.lines):
            return
        if key == Qt.Key.Key_Delete:
            m.remove_line(row)
            QTimer.singleShot(0, lambda: self.go(min(row, len(m.lines) - 1), SUMMARY))
        else:
            m.insert_line(row)
            QTimer.singleShot(0, lambda: self.go(row, SUMMARY))
