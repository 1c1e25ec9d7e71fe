"""The lines of the voucher being entered (``LinesModel``) and the totals row under them.

The model keeps a few blank lines after the last filled one, suggests the cash-flow row of every
cash line from its counterpart (``core.ledger.cashflow.fill_rows``, DOMAIN.md §3) and shows the
total with the amount in Chinese capitals (``core.capitals.rmb_capitals``) when debits and
credits agree, or the difference in red when they do not.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from secretariat_app.core.capitals import rmb_capitals
from secretariat_app.errors import DomainError
from secretariat_app.gui.books.common import CENTER, GREY, LEFT, RED, RIGHT, TOTAL_BG, amount_text
from secretariat_app.i18n import N_, _

SUMMARY, ACCOUNT, DEBIT, CREDIT, CASHFLOW = range(5)
HEADERS = (N_("Summary"), N_("Account"), N_("Debit amount"), N_("Credit amount"), N_("Cash-flow item"))
MIN_LINES = 6


def bold_font() -> QFont:
    f = QFont()
    f.setBold(True)
    return f


def amount_font(bold: bool = False) -> QFont:
    """Amounts in a monospaced font, so that digits line up as on voucher paper."""
    f = QFont()
    f.setFamilies(["DejaVu Sans Mono", "Consolas", "Menlo", "monospace"])
    f.setBold(bold)
    return f


@dataclass
class EntryLine:
    summary: str = ""
    account: str = ""
    debit: int = 0
    credit: int = 0
    cashflow: int | None = None     # chosen by the user
    suggested: int | None = None    # computed from the counterpart

    def empty(self) -> bool:
        return not (self.account or self.debit or self.credit)

    def blank(self) -> bool:
        return self.empty() and not self.summary


class LinesModel(QAbstractTableModel):
    """The voucher's lines (always a few blank ones at the end) plus the totals row."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.lines: list[EntryLine] = [EntryLine() for _ in range(MIN_LINES)]
        self.names: dict[str, str] = {}
        self.cash: set[str] = set()
        self.items: dict[int, str] = {}
        self.edition = None
        self.read_only = False
        self.bad_rows: set[int] = set()

    # ---- setup ----------------------------------------------------------------------------------

    def set_context(self, choices, items: list[tuple[int, str]], edition) -> None:
        self.names = {c.code: c.full_name for c in choices}
        self.cash = {c.code for c in choices if c.cash}
        self.items = dict(items)
        self.edition = edition

    def set_lines(self, lines: list[EntryLine], read_only: bool = False) -> None:
        self.beginResetModel()
        self.lines = list(lines) + [EntryLine() for _ in range(max(1, MIN_LINES - len(lines)))]
        self.read_only = read_only
        self.bad_rows = set()
        self._suggest()
        self.endResetModel()
        self.changed.emit()

    def filled(self) -> list[tuple[int, EntryLine]]:
        """(model row, line) of the lines that carry something, in order."""
        return [(i, ln) for i, ln in enumerate(self.lines) if not ln.empty()]

    # ---- figures --------------------------------------------------------------------------------

    def totals(self) -> tuple[int, int]:
        return sum(ln.debit for ln in self.lines), sum(ln.credit for ln in self.lines)

    def balancing(self, row: int, column: int) -> int:
        """The amount on ``row``'s ``column`` side that makes Σdebit = Σcredit (may be ≤ 0)."""
        d = sum(ln.debit for i, ln in enumerate(self.lines) if i != row)
        c = sum(ln.credit for i, ln in enumerate(self.lines) if i != row)
        return c - d if column == DEBIT else d - c

    def summary_above(self, row: int) -> str:
        for i in range(row - 1, -1, -1):
            if self.lines[i].summary:
                return self.lines[i].summary
        return ""

    def _suggest(self) -> None:
        """Suggest the cash-flow rows of the cash lines (``core.ledger.cashflow.fill_rows``)."""
        if self.edition is None:
            return
        from secretariat_app.core.ledger.cashflow import fill_rows

        filled = [ln for ln in self.lines if ln.account and (ln.debit or ln.credit)]
        rows = [[ln.summary, ln.account, ln.debit, ln.credit, ln.cashflow] for ln in filled]
        try:
            fill_rows(self.edition, lambda code: code in self.cash, rows)
        except Exception:  # noqa: BLE001 — a suggestion must never break the entry
            return
        for ln in self.lines:
            ln.suggested = None
        for ln, r in zip(filled, rows):
            ln.suggested = r[4]

    def cashflow_of(self, ln: EntryLine) -> int | None:
        if ln.account not in self.cash:
            return None
        return ln.cashflow if ln.cashflow is not None else ln.suggested

    # ---- editing --------------------------------------------------------------------------------

    def set_cell(self, row: int, column: int, value) -> None:
        if not 0 <= row < len(self.lines):
            return
        ln = self.lines[row]
        if column == SUMMARY:
            ln.summary = str(value or "").strip()
        elif column == ACCOUNT:
            ln.account = str(value or "")
            if ln.account not in self.cash:
                ln.cashflow = None
            if ln.account and not ln.summary:
                ln.summary = self.summary_above(row)
        elif column in (DEBIT, CREDIT):
            fen = int(value or 0)
            if column == DEBIT:
                ln.debit = fen
                if fen:
                    ln.credit = 0
            else:
                ln.credit = fen
                if fen:
                    ln.debit = 0
        elif column == CASHFLOW:
            ln.cashflow = int(value) if value not in (None, "", 0) else None
        self.bad_rows.discard(row)
        self._suggest()
        self._grow()
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, CASHFLOW))
        self.changed.emit()

    def _grow(self) -> None:
        """Keep at least one blank line after the last filled one."""
        if not self.lines[-1].blank():
            n = len(self.lines)
            self.beginInsertRows(QModelIndex(), n, n)
            self.lines.append(EntryLine())
            self.endInsertRows()

    def insert_line(self, row: int) -> None:
        row = max(0, min(row, len(self.lines)))
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.insert(row, EntryLine())
        self.endInsertRows()
        self.changed.emit()

    def remove_line(self, row: int) -> None:
        if not 0 <= row < len(self.lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        self.endRemoveRows()
        if len(self.lines) < MIN_LINES:
            self.beginInsertRows(QModelIndex(), len(self.lines), len(self.lines))
            self.lines.append(EntryLine())
            self.endInsertRows()
        self._suggest()
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, CASHFLOW))
        self.changed.emit()

    def ensure_row(self, row: int) -> None:
        while row >= len(self.lines):
            n = len(self.lines)
            self.beginInsertRows(QModelIndex(), n, n)
            self.lines.append(EntryLine())
            self.endInsertRows()

    # ---- Qt virtuals (never raise) --------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.lines) + 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1) if section < len(self.lines) else ""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _(HEADERS[section])
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if section in (DEBIT, CREDIT) else CENTER
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        try:
            if self.read_only or index.row() >= len(self.lines):
                return base
            if index.column() == CASHFLOW and self.lines[index.row()].account not in self.cash:
                return base
            return base | Qt.ItemFlag.ItemIsEditable
        except Exception:  # noqa: BLE001
            return base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        try:
            if not index.isValid():
                return None
            if index.row() >= len(self.lines):
                return self._total_data(index.column(), role)
            ln, col = self.lines[index.row()], index.column()
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                if col == SUMMARY:
                    return ln.summary
                if col == ACCOUNT:
                    return f"{ln.account} {self.names.get(ln.account, '')}".strip() if ln.account else ""
                if col in (DEBIT, CREDIT):
                    return amount_text(ln.debit if col == DEBIT else ln.credit)
                if col == CASHFLOW:
                    row = self.cashflow_of(ln)
                    return _("{row} {item}").format(row=row, item=self.items.get(row, "")) if row else ""
            if role == Qt.ItemDataRole.EditRole:
                return (ln.summary, ln.account, ln.debit, ln.credit, self.cashflow_of(ln))[col]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if col in (DEBIT, CREDIT) else LEFT
            if role == Qt.ItemDataRole.ForegroundRole:
                if col in (DEBIT, CREDIT) and (ln.debit < 0 or ln.credit < 0):
                    return QBrush(RED)
                if col == CASHFLOW and ln.cashflow is None:
                    return QBrush(GREY)
            if role == Qt.ItemDataRole.BackgroundRole and index.row() in self.bad_rows:
                return QBrush(QColor("#fdecec"))
            if role == Qt.ItemDataRole.FontRole and col in (DEBIT, CREDIT):
                return amount_font()
        except Exception:  # noqa: BLE001 — a Qt virtual must never raise
            return None
        return None

    def _total_data(self, col: int, role):
        d, c = self.totals()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == SUMMARY:
                if d == c and d:
                    try:
                        return _("Total: {capitals}").format(capitals=rmb_capitals(d))
                    except DomainError:
                        return _("Total")
                return _("Total")
            if col == DEBIT:
                return amount_text(d, blank_zero=False)
            if col == CREDIT:
                return amount_text(c, blank_zero=False)
            if col == CASHFLOW and d != c:
                return _("Out of balance by {diff}").format(diff=amount_text(d - c, blank_zero=False))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col in (DEBIT, CREDIT) else LEFT
        if role == Qt.ItemDataRole.FontRole:
            return amount_font(bold=True) if col in (DEBIT, CREDIT) else bold_font()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(TOTAL_BG)
        if role == Qt.ItemDataRole.ForegroundRole and (d != c or d < 0):
            return QBrush(RED)
        return None
