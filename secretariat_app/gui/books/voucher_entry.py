"""凭证录入: one 记账凭证 at a time, entered with the keyboard only (issue 4, DOMAIN.md §3 Vouchers).

The form looks like the paper voucher: 记账凭证 as title, 记字第 N 号 (the next gapless number of the
date's month, shown, never typed), the date, 附单据 N 张, the grid (``voucher_grid``) with its totals
line in capitals, and the 制单 / 审核 / 记账 names under it. Ctrl+S saves and opens the next voucher
(same date, next number); what the core refuses is listed above the grid, each bad line marked.
PageUp / PageDown page through the book's vouchers; Ctrl+N starts a new one; Ctrl+D goes to the
date. A posted voucher is read-only: review, posting and corrections (红字冲销, 调整凭证) are in
``voucher_workflow``.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDateEdit, QFrame, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from secretariat_app.actions import ledger, ledger_vouchers
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.core.ledger.models import POSTED
from secretariat_app.core.ledger.vouchers import VoucherInfo
from secretariat_app.errors import DomainError
from secretariat_app.gui.books.common import load_choices, operator_name, remember_operator, voucher_label
from secretariat_app.gui.books.voucher_grid import SUMMARY, EntryLine, VoucherGrid
from secretariat_app.gui.books.voucher_workflow import USER_SOURCES, WorkflowMixin
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _


class _EnterToGrid(QObject):
    """Enter in the date or attachments field moves on to the grid."""

    def __init__(self, entry: "VoucherEntry") -> None:
        super().__init__(entry)
        self.entry = entry

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if obj is self.entry.day:
                self.entry.attachments.setFocus()
                self.entry.attachments.selectAll()
            else:
                self.entry.focus_grid()
            return True
        return False


class VoucherEntry(WorkflowMixin, QWidget):
    saved = Signal(int)            # id of the voucher just saved
    list_requested = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.voucher: VoucherInfo | None = None
        self.adjusting_of: int | None = None
        self.dirty = False
        self.number = 1
        self._loading = False
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 8)
        lay.setSpacing(8)
        lay.addLayout(self.build_toolbar())
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        lay.addWidget(self._paper())
        lay.addStretch(1)
        hint = QLabel(_("Enter: next cell · an empty summary repeats the line above · account by code, name or "
                        "pinyin initials · = balances · Space switches debit/credit · Ctrl+S save and next · "
                        "Ctrl+Del / Ctrl+Ins delete / insert a line · PgUp/PgDn previous/next voucher"))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.grid.model().changed.connect(self._edited)
        self.grid.problem.connect(lambda text: self.banner.show_message(text, "warning"))
        self._shortcuts()

    # ---- building -------------------------------------------------------------------------------

    def _paper(self) -> QFrame:
        card = QFrame()
        card.setProperty("role", "card")
        v = QVBoxLayout(card)
        v.setContentsMargins(22, 14, 22, 14)
        v.setSpacing(8)
        top = QHBoxLayout()
        self.unit_label = QLabel()
        self.unit_label.setProperty("role", "muted")
        title = QLabel(_("Voucher"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setStyleSheet("font-size: 24px; font-weight: bold; letter-spacing: 8px; color: #9b2c2c;"
                            "border-bottom: 3px double #9b2c2c; padding: 0 18px 2px 18px;")
        self.stamp = QLabel()
        self.stamp.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stamp.setMinimumWidth(96)
        top.addWidget(self.unit_label, 1)
        top.addWidget(title, 0, Qt.AlignmentFlag.AlignCenter)
        top.addWidget(self.stamp, 1, Qt.AlignmentFlag.AlignRight)
        v.addLayout(top)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.number_label = QLabel()
        self.number_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMinimumWidth(130)
        self.day.dateChanged.connect(self._date_changed)
        self.attachments = QSpinBox()
        self.attachments.setRange(0, 999)
        self.attachments.setMinimumWidth(64)
        self.attachments.valueChanged.connect(lambda _v: self._edited())
        self._enter = _EnterToGrid(self)
        self.day.installEventFilter(self._enter)
        self.attachments.installEventFilter(self._enter)
        row.addWidget(self.number_label)
        row.addStretch(1)
        row.addWidget(QLabel(_("Date")))
        row.addWidget(self.day)
        row.addStretch(1)
        row.addWidget(QLabel(_("Documents attached")))
        row.addWidget(self.attachments)
        row.addWidget(QLabel(_("attachment sheets")))
        v.addLayout(row)
        self.grid = VoucherGrid()
        v.addWidget(self.grid)
        foot = QHBoxLayout()
        foot.setSpacing(6)
        self.preparer_edit = QLineEdit()
        self.preparer_edit.setMaximumWidth(120)
        self.preparer_edit.setPlaceholderText(_("your name"))
        self.preparer_edit.editingFinished.connect(lambda: remember_operator(self.preparer_edit.text().strip()))
        self.preparer_label = QLabel()
        self.reviewer_label = QLabel()
        self.poster_label = QLabel()
        for text, w in ((_("Posted by:"), self.poster_label), (_("Reviewed by:"), self.reviewer_label)):
            foot.addWidget(QLabel(text))
            foot.addWidget(w)
            foot.addSpacing(24)
        foot.addWidget(QLabel(_("Prepared by:")))
        foot.addWidget(self.preparer_label)
        foot.addWidget(self.preparer_edit)
        foot.addSpacing(24)
        self.links = QLabel()
        self.links.setProperty("role", "muted")
        self.links.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.links.linkActivated.connect(lambda href: self.open_voucher(int(href)))
        foot.addWidget(self.links, 1)
        v.addLayout(foot)
        return card

    def _shortcuts(self) -> None:
        for seq, fn in (("Ctrl+S", self.save), ("Ctrl+N", self.start_new), ("PgUp", lambda: self.step(-1)),
                        ("PgDown", lambda: self.step(1)), ("Ctrl+P", lambda: self.print_pdf()),
                        ("Ctrl+D", self.focus_date)):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(fn)

    # ---- context --------------------------------------------------------------------------------

    def load_context(self) -> None:
        """The chart, the cash-flow items and the association's name (after a change to the chart)."""
        context = self.ctx.call(ledger.entry_context, self.day.date().year())
        choices = load_choices(self.ctx, self._set_choices)
        self.grid.choices = choices
        self.grid.model().set_context(choices, context.cashflow_items, load_edition(context.edition))
        self.unit_label.setText(_("Prepared by unit: {name}").format(name=context.unit))

    def _set_choices(self, choices) -> None:
        self.grid.choices = choices

    def refresh_external(self) -> None:
        """The book changed elsewhere: new chart, new numbers; reload the voucher unless being edited."""
        self.load_context()
        if self.voucher is not None and not self.dirty:
            try:
                info = self.ctx.call(ledger_vouchers.get_voucher, self.voucher.id)
            except DomainError:
                self.new_voucher()
                return
            self.show_voucher(info)
        elif self.voucher is None:
            self._update_number()

    # ---- opening ---------------------------------------------------------------------------------

    def new_voucher(self, day: date | None = None, lines: list | None = None, adjusting_of: int | None = None) -> None:
        """A blank voucher (or one prefilled, e.g. an adjusting voucher) dated ``day`` (default: kept)."""
        self._loading = True
        self.voucher, self.adjusting_of = None, adjusting_of
        if day is not None:
            self.day.setDate(QDate(day.year, day.month, day.day))
        self.day.setEnabled(True)
        self.attachments.setValue(0)
        self.attachments.setEnabled(True)
        entry_lines = [EntryLine(s, a, d, c, r) for s, a, d, c, r in (lines or [])]
        self.grid.model().set_lines(entry_lines)
        self._loading = False
        self.dirty = bool(lines)
        self.banner.clear()
        self._update_number()
        self._show_people(None)
        if adjusting_of is not None:
            brief = self.ctx.call(ledger_vouchers.voucher_brief, adjusting_of)
            if brief:
                self.banner.show_message(_("Adjusting voucher for {period} {label}: change the amounts, then save.")
                                         .format(period=f"{brief[0]}-{brief[1]:02d}", label=voucher_label(brief[2])),
                                         "info")
        self.update_actions()
        QTimer.singleShot(0, self.focus_grid)

    def may_leave(self) -> bool:
        """True when nothing typed would be lost, or the user agrees to drop it."""
        if not self.dirty or not self.grid.model().filled():
            return True
        return self.ctx.confirm(_("Drop the changes to this voucher?"))

    def start_new(self) -> None:
        """Ctrl+N / the New button: a blank voucher, unless the user keeps what was typed."""
        if self.may_leave():
            self.new_voucher()

    def open_voucher(self, voucher_id: int, *, ask: bool = True) -> None:
        if ask and not self.may_leave():
            return
        try:
            info = self.ctx.call(ledger_vouchers.get_voucher, voucher_id)
        except DomainError as exc:
            self.banner.show_message(str(exc))
            return
        self.show_voucher(info)

    def show_voucher(self, info: VoucherInfo) -> None:
        self._loading = True
        self.voucher, self.adjusting_of = info, None
        self.day.setDate(QDate(info.date.year, info.date.month, info.date.day))
        self.attachments.setValue(info.attachments)
        lines = [EntryLine(ln.summary, ln.account, ln.debit, ln.credit, ln.cashflow_row) for ln in info.lines]
        ro = self.read_only(info)
        self.grid.model().set_lines(lines, read_only=ro)
        self.day.setEnabled(not ro)
        self.attachments.setEnabled(not ro)
        self._loading = False
        self.dirty = False
        self.banner.clear()
        self.number = info.number
        self._show_number()
        self._show_people(info)
        self.update_actions()

    def read_only(self, info: VoucherInfo | None) -> bool:
        return info is not None and (info.state == POSTED or info.source not in USER_SOURCES)

    def step(self, direction: int) -> None:
        """The previous (−1) or next (+1) voucher of the book."""
        if not self.may_leave():
            return
        d = self.day.date()
        if self.voucher is not None:
            key = (self.voucher.year, self.voucher.month, self.voucher.number)
        else:
            key = (d.year(), d.month(), self.number)
        vid = self.ctx.call(ledger_vouchers.neighbour, *key, direction)
        if vid is None:
            if direction > 0 and self.voucher is not None:
                self.new_voucher()
            else:
                self.ctx.show_status(_("There is no voucher before this one.") if direction < 0
                                     else _("This is the last voucher."))
            return
        self.open_voucher(vid, ask=False)

    # ---- state shown ----------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self.dirty = True

    def _date_changed(self, _d) -> None:
        self._edited()
        if self.voucher is None and not self._loading:
            self._update_number()

    def _update_number(self) -> None:
        d = self.day.date()
        if self.voucher is not None and (self.voucher.year, self.voucher.month) == (d.year(), d.month()):
            self.number = self.voucher.number
        else:
            self.number = self.ctx.call(ledger_vouchers.next_number, d.year(), d.month())
        self._show_number()

    def _show_number(self) -> None:
        self.number_label.setText(_("Voucher {label}").format(label=voucher_label(self.number)))

    def focus_grid(self) -> None:
        self.grid.setFocus()
        m = self.grid.model()
        row = next((i for i, ln in enumerate(m.lines) if ln.blank()), 0) if self.voucher is None else 0
        self.grid.go(row, SUMMARY)

    def focus_date(self) -> None:
        self.day.setFocus()
        self.day.selectAll()

    # ---- saving ---------------------------------------------------------------------------------

    def entered_lines(self) -> tuple[list[tuple], list[int]]:
        """The lines to save as core 5-tuples, and the grid row of each (to mark refused lines)."""
        m = self.grid.model()
        out, rows = [], []
        for i, ln in m.filled():
            out.append((ln.summary, ln.account, ln.debit, ln.credit, m.cashflow_of(ln)))
            rows.append(i)
        return out, rows

    def save(self) -> None:
        if self.read_only(self.voucher):
            self.banner.show_message(_("A posted voucher cannot be changed; reverse it or make an adjusting voucher."))
            return
        self.grid.commit_editor()
        lines, rows = self.entered_lines()
        d = self.day.date()
        day = date(d.year(), d.month(), d.day())
        user = self._preparer()
        vid = self.voucher.id if self.voucher is not None else None
        version = self.voucher.row_version if self.voucher is not None else None  # as loaded (issue 8)
        was_new = vid is None
        self.banner.clear()
        self.ctx.run_action(ledger_vouchers.save_voucher, vid, day, lines, self.attachments.value(), user,
                            self.adjusting_of, version, title=_("Saving the voucher…"),
                            on_done=lambda r: self._saved(r.value, was_new, day),
                            on_error=lambda exc: self.show_refusal(exc, rows))

    def _preparer(self) -> str:
        if self.ctx.user is not None:
            return self.ctx.user.name
        name = self.preparer_edit.text().strip() if self.voucher is None else operator_name(self.ctx)
        if name:
            remember_operator(name)
        return name

    def _saved(self, v: VoucherInfo, was_new: bool, day: date) -> None:
        self.saved.emit(v.id)
        message = _("Voucher {period} {label} saved.").format(period=f"{v.year}-{v.month:02d}", label=voucher_label(v.number))
        self.ctx.show_status(message)
        if was_new:
            self.new_voucher(day)
            self.banner.show_message(message, "info")
        else:
            self.show_voucher(v)

    def show_refusal(self, exc: DomainError, rows: list[int] | None = None) -> None:
        """The core's refusal above the grid; the lines it names are marked."""
        m = self.grid.model()
        m.bad_rows = {rows[p.row - 1] for p in exc.problems if rows and p.row and 0 < p.row <= len(rows)}
        m.dataChanged.emit(m.index(0, 0), m.index(m.rowCount() - 1, m.columnCount() - 1))
        self.banner.show_message(str(exc), "error")
