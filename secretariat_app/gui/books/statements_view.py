"""报表: the three statements (会民非01/02/03表) of a year to the end of a month (NPO-FORMS-2004.md).

Each statement is shown as the form prints it: title, form number, 编制单位, period and 单位：元 over
a table with every line's official name and 行次, amounts right-aligned with thousands separators
(zero left blank except on total lines, as on the PDF), then the edition, the footnotes and the
signature line of DOMAIN.md §3. Export to PDF or xlsx runs in a worker. Statements whose identities
do not hold (资产总计 ≠ 负债和净资产总计, or row 61 ≠ the change of 货币资金) are refused by the core:
the refusal is shown in full and nothing can be exported.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger, ledger_files, ledger_reports
from secretariat_app.core.ledger.statements import Statements
from secretariat_app.errors import DomainError
from secretariat_app.gui.books.common import (
    CENTER,
    HEADING_BG,
    LEFT,
    RIGHT,
    TOTAL_BG,
    MonthBox,
    YearBox,
    amount_text,
    ledger_years,
)
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _, current_language

KEYS = ("balance_sheet", "activities", "cash_flow")
EXPENSE_ONLY = (12, 13, 14, 15, 16, 21, 24, 28, 35)  # 业务活动表: expenses are unrestricted only


def amt(value: int | None, total: bool = False) -> str:
    """A statement figure: blank for zero except on total lines (as the PDF prints it)."""
    return "" if value is None else amount_text(value, blank_zero=not total)


def period_text(key: str, year: int, month: int) -> str:
    end = date(year, month, calendar.monthrange(year, month)[1])
    zh = current_language() == "zh_CN"
    if key == "balance_sheet":
        return f"{end.year}年{end.month}月{end.day}日" if zh else end.isoformat()
    if key == "activities":
        return f"{year}年{month}月" if zh else f"{year}-{month:02d}"
    if zh:
        return f"{year}年度" if month == 12 else f"{year}年1—{month}月"
    return f"{year}" if month == 12 else f"{year}-01 – {year}-{month:02d}"


class StatementTable(QTableWidget):
    def __init__(self, headers: list[str], widths: list[int | None]) -> None:
        super().__init__(0, len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(25)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        hh = self.horizontalHeader()
        for col, w in enumerate(widths):
            if w is None:
                hh.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                self.setColumnWidth(col, w)

    def put(self, row: int, col: int, text: str, *, align=LEFT, bold: bool = False, shade=None) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag(align))
        if bold:
            f = QFont(self.font())
            f.setBold(True)
            item.setFont(f)
        if shade is not None:
            item.setBackground(QBrush(shade))
        self.setItem(row, col, item)


class StatementPane(QWidget):
    """One statement: the form's head, its table, the foot."""

    def __init__(self, table: StatementTable) -> None:
        super().__init__()
        v = QVBoxLayout(self)
        v.setContentsMargins(14, 10, 14, 10)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 18px; font-weight: bold; letter-spacing: 4px;")
        v.addWidget(self.title)
        head = QHBoxLayout()
        self.unit, self.period, self.form = QLabel(), QLabel(), QLabel()
        self.period.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form.setAlignment(Qt.AlignmentFlag.AlignRight)
        for w in (self.unit, self.period, self.form):
            head.addWidget(w, 1)
        v.addLayout(head)
        self.table = table
        v.addWidget(table, 1)
        self.foot = QLabel()
        self.foot.setProperty("role", "muted")
        self.foot.setWordWrap(True)
        v.addWidget(self.foot)


class StatementsView(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.st: Statements | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        lay.setSpacing(8)
        row = QHBoxLayout()
        self.year = YearBox()
        self.month = MonthBox(date.today().month)
        self.posted_only = QCheckBox(_("Posted vouchers only"))
        self.year.currentIndexChanged.connect(lambda _i: self._year_changed())
        self.month.currentIndexChanged.connect(lambda _i: self.load())
        self.posted_only.toggled.connect(lambda _b: self.load())
        self.pdf_btn = QPushButton(_("Export PDF…"))
        self.pdf_btn.setProperty("primary", True)
        self.pdf_btn.clicked.connect(lambda: self.export_pdf())
        self.xlsx_btn = QPushButton(_("Export Excel…"))
        self.xlsx_btn.clicked.connect(lambda: self.export_xlsx())
        for w in (QLabel(_("Year")), self.year, QLabel(_("to the end of")), self.month, self.posted_only):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.xlsx_btn)
        row.addWidget(self.pdf_btn)
        lay.addLayout(row)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.tabs = QTabWidget()
        bs = StatementTable([_("Assets"), _("Row no."), _("Start of year"), _("End of period"),
                             _("Liabilities and net assets"), _("Row no."), _("Start of year"), _("End of period")],
                            [None, 48, 120, 120, None, 48, 120, 120])
        heads = [f"{period}\n{column}" for period in (_("This month"), _("Year to date"))
                 for column in (_("Unrestricted"), _("Restricted"), _("Total"))]
        act = StatementTable([_("Item"), _("Row no."), *heads], [None, 48, 112, 112, 112, 112, 112, 112])
        cf = StatementTable([_("Item"), _("Row no."), _("Amount")], [None, 60, 180])
        self.panes = {k: StatementPane(t) for k, t in zip(KEYS, (bs, act, cf))}
        for k in KEYS:
            self.tabs.addTab(self.panes[k], "")
        lay.addWidget(self.tabs, 1)

    def reload(self) -> None:
        self.year.set_years(ledger_years(self.ctx))
        self.load()

    def _year_changed(self) -> None:
        """A past year shows its whole year (December); the current year its latest month."""
        self.month.blockSignals(True)
        self.month.set_month(date.today().month if self.year.year() == date.today().year else 12)
        self.month.blockSignals(False)
        self.load()

    def load(self) -> None:
        self.ctx.run_action(ledger_reports.statements, self.year.year(), self.month.month(),
                            posted_only=self.posted_only.isChecked(), title=_("Computing the statements…"),
                            on_done=self.show_statements, on_error=self.show_refusal)

    def show_refusal(self, exc: DomainError) -> None:
        """The statements do not agree: say why; no table, no export."""
        self.st = None
        self.banner.show_message(str(exc), "error")
        for pane in self.panes.values():
            pane.table.setRowCount(0)
        self.pdf_btn.setEnabled(False)
        self.xlsx_btn.setEnabled(False)

    def show_statements(self, st: Statements) -> None:
        self.st = st
        self.banner.clear()
        self.pdf_btn.setEnabled(True)
        self.xlsx_btn.setEnabled(True)
        unit = self.ctx.call(ledger.entry_context, st.year).unit
        for i, key in enumerate(KEYS):
            form = st.forms[key]
            pane = self.panes[key]
            self.tabs.setTabText(i, form["title"])
            pane.title.setText(form["title"])
            pane.unit.setText(_("Prepared by unit: {name}").format(name=unit))
            pane.period.setText(period_text(key, st.year, st.month))
            pane.form.setText(f"{form['form']}    " + _("Unit: yuan"))
            notes = [_("Edition: {edition}").format(edition=st.edition_title), *st.footnotes]
            signers = "　　".join(f"{s}：" + "　" * 6 for s in st.signatures)
            pane.foot.setText("\n".join(notes) + "\n\n" + signers)
        self._balance_sheet(st)
        self._activities(st)
        self._cash_flow(st)

    def _balance_sheet(self, st: Statements) -> None:
        t = self.panes["balance_sheet"].table
        left = [ln for ln in st.balance_sheet if ln.side == "assets"]
        right = [ln for ln in st.balance_sheet if ln.side == "liabilities"]
        n = max(len(left), len(right))
        t.setRowCount(n)
        for i in range(n):
            for k, side in enumerate((left, right)):
                if i >= len(side):
                    continue
                ln = side[i]
                shade = TOTAL_BG if ln.total else (HEADING_BG if ln.heading else None)
                c = 4 * k
                t.put(i, c, ln.item, bold=ln.heading or ln.total, shade=shade)
                t.put(i, c + 1, str(ln.row or ""), align=CENTER, shade=shade)
                for j, col in enumerate(("opening", "closing")):
                    t.put(i, c + 2 + j, "" if ln.heading else amt(ln.values[col], ln.total), align=RIGHT,
                          bold=ln.total, shade=shade)

    def _activities(self, st: Statements) -> None:
        t = self.panes["activities"].table
        t.setRowCount(len(st.activities))
        for i, ln in enumerate(st.activities):
            shade = TOTAL_BG if ln.total else (HEADING_BG if ln.heading else None)
            t.put(i, 0, ln.item, bold=ln.heading or ln.total, shade=shade)
            t.put(i, 1, str(ln.row or ""), align=CENTER, shade=shade)
            for j, p in enumerate(("month", "ytd")):
                for k, col in enumerate(("U", "R", "T")):
                    v = None if ln.heading else ln.values[f"{p}_{col}"]
                    text = "" if v is None or (col == "R" and ln.row in EXPENSE_ONLY and not v) else amt(v, ln.total)
                    t.put(i, 2 + 3 * j + k, text, align=RIGHT, bold=ln.total, shade=shade)

    def _cash_flow(self, st: Statements) -> None:
        t = self.panes["cash_flow"].table
        t.setRowCount(len(st.cash_flow))
        for i, ln in enumerate(st.cash_flow):
            shade = TOTAL_BG if ln.total else (HEADING_BG if ln.heading else None)
            t.put(i, 0, ln.item, bold=ln.heading or ln.total, shade=shade)
            t.put(i, 1, str(ln.row or ""), align=CENTER, shade=shade)
            t.put(i, 2, "" if ln.heading else amt(ln.values["amount"], ln.total), align=RIGHT, bold=ln.total,
                  shade=shade)

    # ---- export ---------------------------------------------------------------------------------

    def _path(self, path: str | None, suffix: str, filters: str) -> str | None:
        if path is None:
            default = _("statements {year}-{month}").format(year=self.year.year(), month=f"{self.month.month():02d}")
            path, _f = QFileDialog.getSaveFileName(self, _("Export statements"), default + suffix, filters)
        return path or None

    def export_pdf(self, path: str | None = None) -> None:
        path = self._path(path, ".pdf", "PDF (*.pdf)")
        if path:
            self.ctx.run_action(ledger_files.statements_pdf, path, self.year.year(), self.month.month(),
                                self.posted_only.isChecked(), title=_("Writing the statements…"),
                                on_done=lambda _n: self.ctx.show_info(_("Written to {path}.").format(path=path)),
                                on_error=self.show_refusal)

    def export_xlsx(self, path: str | None = None) -> None:
        path = self._path(path, ".xlsx", _("Excel workbook (*.xlsx)"))
        if path:
            self.ctx.run_action(ledger_files.export_statements_xlsx, path, self.year.year(), self.month.month(),
                                self.posted_only.isChecked(), title=_("Writing the statements…"),
                                on_done=lambda _n: self.ctx.show_info(_("Written to {path}.").format(path=path)),
                                on_error=self.show_refusal)
