"""Small helpers shared by the books views: amounts, labels, year/month pickers, table looks.

Amounts in tables are formatted here without Babel (``1,234.56``: the same in zh_CN and en) because
a table formats thousands of cells and Babel costs tens of microseconds a call.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QTableView, QWidget

from secretariat_app.core.money import from_fen
from secretariat_app.i18n import N_, _

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RED = QColor("#c62828")
GREY = QColor("#8a94a3")
BLUE = QColor("#2f6fde")
GREEN = QColor("#19845f")
TOTAL_BG = QColor("#f3f6fa")
HEADING_BG = QColor("#f8fafc")

STATE_COLORS = {"prepared": QColor("#b26a00"), "reviewed": BLUE, "posted": GREEN}
KIND_LABELS = {"normal": "", "reversal": N_("Red reversal"), "adjusting": N_("Adjusting"),
               "closing": N_("Year-end closing"), "release": N_("Restriction released")}


def amount_text(fen: int | None, *, blank_zero: bool = True) -> str:
    """``1,234.56`` (negative ``-1,234.56``); an empty string for zero unless ``blank_zero`` is False."""
    if fen is None or (fen == 0 and blank_zero):
        return ""
    return f"{from_fen(fen):,.2f}"


def direction_text(balance: int, normal: str = "D") -> str:
    """借 / 贷 / 平 of a debit-positive balance (the 方向 column of ledgers)."""
    if balance > 0:
        return _("Dr")
    if balance < 0:
        return _("Cr")
    return _("Nil")


def state_label(state: str) -> str:
    """未审核 / 已审核 / 已记账 (the core's labels)."""
    from secretariat_app.core.ledger.periods import state_label as core_label

    return core_label(state)


def kind_label(kind: str) -> str:
    text = KIND_LABELS.get(kind, kind)
    return _(text) if text else ""


def voucher_label(number: int) -> str:
    return _("Rec-{number}").format(number=number)


def month_label(month: int) -> str:
    return _("Month {month}").format(month=month)


def operator_name(ctx) -> str:
    """Who acts: the signed-in user, else the operator name kept in this computer's settings."""
    user = getattr(ctx, "user", None)
    if user is not None:
        return user.name
    from secretariat_app.gui import recent

    return str(recent.settings().value("ledger/operator", "") or "")


def remember_operator(name: str, key: str = "operator") -> None:
    from secretariat_app.gui import recent

    recent.settings().setValue(f"ledger/{key}", name)


def remembered(key: str) -> str:
    from secretariat_app.gui import recent

    return str(recent.settings().value(f"ledger/{key}", "") or "")


def ask_reviewer(parent: QWidget, ctx) -> str | None:
    """The reviewer's name: the signed-in user, else asked for (and remembered on this computer)."""
    if getattr(ctx, "user", None) is not None:
        return ctx.user.name
    from PySide6.QtWidgets import QInputDialog

    name, ok = QInputDialog.getText(parent, _("Review voucher"), _("Reviewer's name (not the preparer):"),
                                    text=remembered("reviewer"))
    name = name.strip()
    if not ok or not name:
        return None
    remember_operator(name, "reviewer")
    return name


def load_choices(ctx, on_ready) -> list:
    """The chart for the account pickers, at once; when pypinyin is not imported yet (that takes most of
    a second) the first answer has no pinyin initials and ``on_ready(choices)`` brings them from a worker."""
    import sys

    from secretariat_app.actions import ledger

    if "pypinyin" in sys.modules:
        return ctx.call(ledger.account_choices)
    ctx.run_action(ledger.account_choices, show_progress=False, on_done=on_ready)
    return ctx.call(ledger.account_choices, False)


def ledger_years(ctx) -> list[int]:
    """Years with vouchers or opening balances (for the year pickers)."""
    from secretariat_app.actions import ledger

    return ctx.call(ledger.ledger_years)


def bold(font: QFont) -> QFont:
    f = QFont(font)
    f.setBold(True)
    return f


class YearBox(QComboBox):
    """The fiscal years to choose from (those with vouchers or balances, and this year)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(96)

    def set_years(self, years, keep: int | None = None) -> None:
        current = keep or self.currentData() or date.today().year
        years = sorted(set(years) | {date.today().year, current}, reverse=True)
        self.blockSignals(True)
        self.clear()
        for y in years:
            self.addItem(str(y), y)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.blockSignals(False)

    def year(self) -> int:
        return int(self.currentData() or date.today().year)


class MonthBox(QComboBox):
    def __init__(self, month: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for m in range(1, 13):
            self.addItem(month_label(m), m)
        self.setCurrentIndex(month - 1)

    def month(self) -> int:
        return int(self.currentData() or 1)

    def set_month(self, month: int) -> None:
        self.setCurrentIndex(max(0, min(11, month - 1)))


def style_table(view: QTableView, *, stretch: int | None = None, row_height: int = 26) -> None:
    """The common look of a books table: row selection, no vertical header, alternating rows."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    hh = view.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setHighlightSections(False)
    if stretch is not None:
        hh.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
