"""The account picker: type a code, a name or pinyin initials, pick from a completer popup.

``AccountEdit`` is a line edit that keeps the focus while a popup list (an overlay on its window,
so that it never steals the keyboard) shows the matching accounts, best first: code prefix
(``1002``), pinyin-initials prefix (``yhck`` → 银行存款), then name or initials containing the
text. ↑/↓ move in the list, Enter (handled by whoever owns the edit) takes the highlighted
account — the first match is highlighted as soon as one is typed — and Esc closes the list.
Vouchers post to leaf accounts only (DOMAIN.md §3), so the grid's picker lists leaves; filters
(voucher list, ledgers) may pick a parent account too.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QLineEdit, QListWidget, QListWidgetItem, QWidget

from secretariat_app.actions.ledger import AccountChoice

CODE_ROLE = Qt.ItemDataRole.UserRole


def match_accounts(choices: Sequence[AccountChoice], text: str, *, leaf_only: bool = True,
                   limit: int = 80) -> list[AccountChoice]:
    """The accounts ``text`` designates, best first (see the module docstring)."""
    t = (text or "").strip().lower()
    if " " in t and t.split(" ", 1)[0].isdigit():  # "1002 银行存款": the label of a picked account
        t = t.split(" ", 1)[0]
    ranked: list[tuple[int, str, AccountChoice]] = []
    for c in choices:
        if c.disabled or (leaf_only and not c.leaf):
            continue
        if not t:
            rank = 0
        elif c.code.startswith(t):
            rank = 0
        elif c.pinyin.startswith(t):
            rank = 1
        elif t in c.full_name.lower():
            rank = 2
        elif len(t) > 1 and t in c.pinyin:
            rank = 3
        else:
            continue
        ranked.append((rank, c.code, c))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [c for _r, _c, c in ranked[:limit]]


class AccountPopup(QListWidget):
    """The list of matches, shown over the window under (or above) the edit; never takes focus."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFrameShape(QFrame.Shape.Box)
        self.setStyleSheet("QListWidget { border: 1px solid #8fb2ea; background: #ffffff; }"
                           "QListWidget::item { padding: 3px 6px; }"
                           "QListWidget::item:selected { background: #dce8fb; color: #1f2933; }")
        self.hide()


class AccountEdit(QLineEdit):
    """A line edit with the account completer popup; ``picked(code)`` when an account is taken."""

    picked = Signal(str)

    def __init__(self, choices: Sequence[AccountChoice] = (), *, leaf_only: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = list(choices)
        self.leaf_only = leaf_only
        self.popup: AccountPopup | None = None
        self.matches: list[AccountChoice] = []
        self.code = ""
        self.textEdited.connect(self._typed)
        self.returnPressed.connect(self._return)
        self.take_on_return = True  # standalone use; the voucher grid's delegate handles Enter itself

    # ---- choices --------------------------------------------------------------------------------

    def set_choices(self, choices: Sequence[AccountChoice]) -> None:
        self.choices = list(choices)

    def by_code(self, code: str) -> AccountChoice | None:
        return next((c for c in self.choices if c.code == code), None)

    def set_code(self, code: str) -> None:
        c = self.by_code(code)
        self.code = code if c else ""
        self.setText(c.label if c else "")
        self.hide_popup()

    # ---- popup ----------------------------------------------------------------------------------

    def _ensure_popup(self) -> AccountPopup:
        if self.popup is None:
            self.popup = AccountPopup(self.window())
            self.popup.itemClicked.connect(self._clicked)
            self.destroyed.connect(self.popup.deleteLater)
        return self.popup

    def _typed(self, text: str) -> None:
        self.code = ""
        self.matches = match_accounts(self.choices, text, leaf_only=self.leaf_only) if text.strip() else []
        if not self.matches:
            self.hide_popup()
            return
        popup = self._ensure_popup()
        popup.clear()
        for c in self.matches:
            item = QListWidgetItem(f"{c.code}  {c.full_name}")
            item.setData(CODE_ROLE, c.code)
            popup.addItem(item)
        popup.setCurrentRow(0)
        self._place(popup)
        popup.show()
        popup.raise_()

    def _place(self, popup: AccountPopup) -> None:
        win = self.window()
        rows = min(len(self.matches), 10)
        height = rows * 26 + 6
        width = max(self.width(), 400)
        below = self.mapTo(win, QPoint(0, self.height()))
        if below.y() + height > win.height() - 4:
            below = self.mapTo(win, QPoint(0, -height))
        x = max(0, min(below.x(), win.width() - width - 4))
        popup.setGeometry(x, max(0, below.y()), width, height)

    def popup_visible(self) -> bool:
        return self.popup is not None and self.popup.isVisible()

    def hide_popup(self) -> None:
        if self.popup is not None:
            self.popup.hide()

    def _clicked(self, item: QListWidgetItem) -> None:
        self._take(str(item.data(CODE_ROLE)))

    def _take(self, code: str) -> None:
        self.set_code(code)
        self.picked.emit(code)

    # ---- resolving ------------------------------------------------------------------------------

    def resolve(self) -> AccountChoice | None:
        """The account meant: the highlighted match, else the exact code, else the only match."""
        if self.popup_visible() and self.popup.currentItem() is not None:
            return self.by_code(str(self.popup.currentItem().data(CODE_ROLE)))
        text = self.text().strip()
        if not text:
            return None
        if self.code and self.by_code(self.code) and self.text() == self.by_code(self.code).label:
            return self.by_code(self.code)
        matches = match_accounts(self.choices, text, leaf_only=self.leaf_only)
        exact = next((c for c in matches if c.code == text.split(" ", 1)[0]), None)
        if exact is not None:
            return exact
        return matches[0] if matches else None

    def _return(self) -> None:
        if not self.take_on_return:
            return
        c = self.resolve()
        if c is not None:
            self._take(c.code)
        elif not self.text().strip():
            self.code = ""
            self.picked.emit("")

    # ---- keys -----------------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if self.popup_visible():
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 9, Qt.Key.Key_PageUp: -9}[key]
                row = max(0, min(self.popup.count() - 1, self.popup.currentRow() + step))
                self.popup.setCurrentRow(row)
                event.accept()
                return
            if key == Qt.Key.Key_Escape:
                self.hide_popup()
                event.accept()
                return
        super().keyPressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(150, self._hide_if_unfocused)
        return super().event(event)

    def _hide_if_unfocused(self) -> None:
        try:
            if not self.hasFocus():
                self.hide_popup()
        except RuntimeError:  # the edit was deleted meanwhile
            pass
