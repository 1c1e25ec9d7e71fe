"""凭证列表: the book's vouchers, filtered by period, state, text and account (issue 4).

``VoucherListModel`` is a lazy table (``gui/widgets/lazy_table.py``) over the query action
``ledger_vouchers.voucher_page``: the database filters and counts, the model holds the first 200
plain rows (``VoucherListRow``) and fetches more as the view scrolls, so 100,000 vouchers open at
once (``bench/bench_ledger_gui.py``). Double-click (or Enter) opens a voucher in the entry tab; the
selected vouchers can be reviewed or posted together; the listed vouchers print to PDF.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger_files, ledger_vouchers
from secretariat_app.core.ledger.models import REVERSAL
from secretariat_app.gui.books.account_picker import AccountEdit
from secretariat_app.gui.books.common import (
    CENTER,
    LEFT,
    RED,
    STATE_COLORS,
    MonthBox,
    YearBox,
    amount_text,
    ask_reviewer,
    kind_label,
    ledger_years,
    load_choices,
    operator_name,
    state_label,
    style_table,
    voucher_label,
)
from secretariat_app.gui.books.voucher_workflow import PRINT_LAYOUTS
from secretariat_app.gui.widgets.common import SearchBox
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import N_, _

PAGE = 200
COLUMNS = (N_("Date"), N_("Voucher no."), N_("Summary"), N_("Amount"), N_("Attachments"), N_("State"),
           N_("Voucher type"), N_("Preparer"), N_("Reviewer"), N_("Posted by"))
STATE_FILTERS = ((N_("All states"), None), (N_("Not posted"), ("prepared", "reviewed")),
                 (N_("prepared"), "prepared"), (N_("reviewed"), "reviewed"), (N_("posted"), "posted"))
ID = 10  # the voucher id in a ``VoucherListRow``


def _align(flag: int):
    from PySide6.QtCore import Qt

    return Qt.AlignmentFlag(flag)


def _columns() -> list[Column]:
    kinds = ("date", "text", "text", "money", "int", "text", "text", "text", "text", "text")
    out = []
    for i, (title, kind) in enumerate(zip(COLUMNS, kinds)):
        align = None if kind in ("money", "date") else (_align(LEFT if i == 2 else CENTER))
        out.append(Column(_(title), kind, align=align, sortable=False))
    return out


class VoucherListModel(LazyTableModel):
    """Plain ``VoucherListRow``\\ s from ``ledger_vouchers.voucher_page``, a page at a time."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, _columns(), key_index=ID, page_size=PAGE, parent=parent,
                         fetch=ledger_vouchers.voucher_page)

    def display(self, row: int, column: int, value) -> str:
        r = self.rows[row]
        if column == 1:
            return f"{r.month:02d}-{voucher_label(r.number)}"
        if column == 3:
            return amount_text(r.total)
        if column == 4:
            return str(r.attachments or "")
        if column == 5:
            return state_label(r.state)
        if column == 6:
            return kind_label(r.kind)
        return super().display(row, column, value)

    def foreground(self, row: int, column: int, value):
        r = self.rows[row]
        if column == 5:
            return QBrush(STATE_COLORS.get(r.state))
        if r.kind == REVERSAL or r.total < 0:
            return QBrush(RED)
        return None

    def voucher_id(self, row: int) -> int | None:
        return self.key(row)


class VoucherListView(QWidget):
    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        lay.setSpacing(8)
        lay.addLayout(self._filters())
        self.model = VoucherListModel(ctx, self)
        self.model.load_failed.connect(self.ctx.show_error)
        self.model.reloaded.connect(self._count)
        self.table = QTableView()
        self.table.setModel(self.model)
        style_table(self.table, stretch=2)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for col, width in enumerate((96, 96, 300, 120, 72, 72, 80, 80, 80, 80)):
            if col != 2:
                self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda idx: self._open(idx.row()))
        self.table.activated.connect(lambda idx: self._open(idx.row()))
        lay.addWidget(self.table, 1)
        lay.addLayout(self._actions())

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.year = YearBox()
        self.from_month = MonthBox(1)
        self.to_month = MonthBox(12)
        self.state = QComboBox()
        for text, value in STATE_FILTERS:
            self.state.addItem(_(text), value)
        self.search = SearchBox(_("Summary or voucher number"))
        self.account = AccountEdit(leaf_only=False)
        self.account.setPlaceholderText(_("Account: code, name or pinyin"))
        self.account.setClearButtonEnabled(True)
        self.account.setMinimumWidth(220)
        self.account.picked.connect(lambda _c: self.apply())
        self.account.textChanged.connect(self._account_text)
        for w in (self.year, self.from_month, self.to_month, self.state):
            w.currentIndexChanged.connect(lambda _i: self.apply())
        self.search.search_changed.connect(lambda _t: self.apply())
        row.addWidget(QLabel(_("Year")))
        row.addWidget(self.year)
        row.addWidget(self.from_month)
        row.addWidget(QLabel("—"))
        row.addWidget(self.to_month)
        row.addWidget(self.state)
        row.addWidget(self.account, 1)
        row.addWidget(self.search, 1)
        return row

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.review_btn = QPushButton(_("Review selected"))
        self.review_btn.clicked.connect(lambda: self.review_selected())
        self.post_btn = QPushButton(_("Post selected"))
        self.post_btn.clicked.connect(lambda: self.post_selected())
        self.print_btn = QToolButton()
        self.print_btn.setText(_("Print listed vouchers"))
        self.print_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.print_btn)
        for key, label in PRINT_LAYOUTS:
            menu.addAction(_(label), lambda k=key: self.print_listed(layout=k))
        self.print_btn.setMenu(menu)
        for b in (self.review_btn, self.post_btn, self.print_btn):
            row.addWidget(b)
        return row

    # ---- loading --------------------------------------------------------------------------------

    def filters(self) -> dict:
        return dict(year=self.year.year(), from_month=self.from_month.month(), to_month=self.to_month.month(),
                    state=self.state.currentData(), text=self.search.text().strip() or None,
                    account=self.account.code or None)

    def apply(self) -> None:
        self.model.set_filter_values(**{k: v for k, v in self.filters().items() if v not in (None, "")})

    def reload(self) -> None:
        self.year.set_years(ledger_years(self.ctx))
        self.account.set_choices(load_choices(self.ctx, self.account.set_choices))
        self.apply()

    def set_period(self, year: int, from_month: int = 1, to_month: int = 12, account: str | None = None) -> None:
        """Show the vouchers of a month range (and account), e.g. from a drill-down."""
        for w in (self.year, self.from_month, self.to_month, self.state):
            w.blockSignals(True)
        self.year.set_years(ledger_years(self.ctx), keep=year)
        self.from_month.set_month(from_month)
        self.to_month.set_month(to_month)
        self.state.setCurrentIndex(0)
        for w in (self.year, self.from_month, self.to_month, self.state):
            w.blockSignals(False)
        if account is not None:
            self.account.set_code(account)
        self.apply()

    def _account_text(self, text: str) -> None:
        if not text.strip() and self.model.filter_values.get("account"):
            self.account.code = ""
            self.apply()

    def _count(self) -> None:
        self.count_label.setText(_("{n} vouchers").format(n=f"{self.model.total:,}"))

    # ---- actions --------------------------------------------------------------------------------

    def _open(self, row: int) -> None:
        vid = self.model.voucher_id(row)
        if vid is not None:
            self.open_requested.emit(vid)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [vid for vid in (self.model.voucher_id(r) for r in rows) if vid is not None]

    def review_selected(self, reviewer: str | None = None) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        reviewer = reviewer or ask_reviewer(self, self.ctx)
        if reviewer:
            self.ctx.run_action(ledger_vouchers.review_many, ids, reviewer, title=_("Reviewing…"),
                                on_done=lambda r: self.ctx.show_status(_("{n} vouchers reviewed.").format(n=r.value)))

    def post_selected(self, poster: str | None = None) -> None:
        ids = self.selected_ids()
        if ids:
            self.ctx.run_action(ledger_vouchers.post_many, ids, poster or operator_name(self.ctx), title=_("Posting…"),
                                on_done=lambda r: self.ctx.show_status(_("{n} vouchers posted.").format(n=r.value)))

    def print_listed(self, path: str | None = None, layout: str = "two") -> None:
        if path is None:
            path, _f = QFileDialog.getSaveFileName(self, _("Print vouchers"), _("Vouchers") + ".pdf", "PDF (*.pdf)")
        if path:
            self.ctx.run_action(ledger_files.print_listed, self.filters(), path, layout, title=_("Printing…"),
                                on_done=lambda _n: self.ctx.show_status(_("Written to {path}.").format(path=path)))
