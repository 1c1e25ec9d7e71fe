"""Dialogs of the meetings page: a member picker (search as you type), the new-meeting dialog and a
small text prompt. The picker's search is a short query on the GUI thread (``ctx.call``); the new
meeting is created by an action in a worker."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import meetings
from secretariat_app.core.meetings.models import KIND_LABELS, KINDS
from secretariat_app.errors import DomainError
from secretariat_app.gui.widgets.common import SearchBox
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def compact_combo(chars: int = 8) -> QComboBox:
    """A combo box whose width does not grow with its longest item (long agenda titles)."""
    c = QComboBox()
    c.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    c.setMinimumContentsLength(chars)
    return c


class MemberPicker(QDialog):
    """Pick one member (or several with ``multi``) among those active on ``on_date``.

    ``choices`` (id, no, name) replaces the search in the roll (e.g. the members present)."""

    def __init__(self, ctx, on_date: date, *, title: str, multi: bool = False, checked: set[int] | None = None,
                 choices: list[tuple[int, str, str]] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.on_date, self.multi = ctx, on_date, multi
        self.fixed = choices
        self.checked: set[int] = set(checked or ())
        self.setWindowTitle(title)
        self.resize(460, 520)
        lay = QVBoxLayout(self)
        self.search = SearchBox(_("Number, name or pinyin initials"), delay_ms=150)
        self.search.search_changed.connect(self.fill)
        lay.addWidget(self.search)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept() if not multi else None)
        self.list.itemChanged.connect(self._item_changed)
        lay.addWidget(self.list, 1)
        self.count_label = QLabel()
        self.count_label.setProperty("role", "muted")
        lay.addWidget(self.count_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.fill("")

    def fill(self, text: str) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        if self.fixed is not None:
            t = text.lower()
            rows = [r for r in self.fixed if not t or t in r[1].lower() or t in r[2].lower()]
        else:
            try:
                rows = self.ctx.call(meetings.member_choices, self.on_date, text, 500 if self.multi else 200)
            except DomainError as exc:
                rows = []
                self.count_label.setText(str(exc))
        for mid, no, name in rows:
            item = QListWidgetItem(f"{no}  {name}")
            item.setData(Qt.ItemDataRole.UserRole, mid)
            if self.multi:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if mid in self.checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        if self.list.count() and not self.multi:
            self.list.setCurrentRow(0)
        self.list.blockSignals(False)
        self._update_count()

    def _item_changed(self, item: QListWidgetItem) -> None:
        mid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.checked.add(mid)
        else:
            self.checked.discard(mid)
        self._update_count()

    def _update_count(self) -> None:
        if self.multi:
            self.count_label.setText(_("{n} members chosen").format(n=len(self.checked)))

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class NewMeetingDialog(QDialog):
    """Kind, title and date of a new meeting (the rest is edited in the meeting's tabs)."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.setWindowTitle(_("New meeting"))
        self.resize(480, 300)
        lay = QVBoxLayout(self)
        self.form = FormRows(columns=1)
        self.kind = QComboBox()
        for k in KINDS:
            self.kind.addItem(_(KIND_LABELS[k]), k)
        self.form.add_row("kind", _("Kind"), self.kind, required=True)
        self.representatives = QCheckBox(_("Representatives' assembly (the designated representatives attend)"))
        self.form.add_row("representatives", "", self.representatives)
        self.title = QLineEdit()
        self.form.add_row("title", _("Meeting title"), self.title, required=True)
        self.date = QDateEdit(qdate(date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.form.add_row("date", _("Date"), self.date, required=True)
        self.place = QLineEdit()
        self.form.add_row("place", _("Place"), self.place)
        lay.addWidget(self.form)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _kind_changed(self) -> None:
        ga = self.kind.currentData() == "general_assembly"
        self.representatives.setEnabled(ga)
        if not ga:
            self.representatives.setChecked(False)

    def values(self) -> dict:
        v = self.form.values()
        return dict(kind=v["kind"], title=v["title"], date=v["date"], place=v["place"],
                    representatives=bool(v["representatives"]))

    def create(self) -> None:
        """Create the meeting (an action in a worker); errors beside the fields."""
        def done(outcome) -> None:
            self.meeting_id = outcome.value
            self.accept()

        def failed(exc: DomainError) -> None:
            self.form.show_error(exc)

        self.form.clear_errors()
        self.ctx.run_action(meetings.create_meeting, self.values(), title=_("Saving…"), on_done=done,
                            on_error=failed)


class TextPrompt(QDialog):
    """Ask for one line (or a paragraph) of text; ``value`` after ``exec()``."""

    def __init__(self, title: str, label: str, *, text: str = "", multiline: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(420, 200 if multiline else 120)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(label))
        self.edit = QPlainTextEdit(text) if multiline else QLineEdit(text)
        lay.addWidget(self.edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    @property
    def value(self) -> str:
        e = self.edit
        return (e.toPlainText() if isinstance(e, QPlainTextEdit) else e.text()).strip()
