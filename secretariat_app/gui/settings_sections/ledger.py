"""Settings › Chart of accounts: the book's 会计科目 as a tree, with the edition of the standard it
follows (DOMAIN.md §3 "Editions", "Chart of accounts").

Sub-accounts add two digits a level (100201 工商银行); the first sub-account of a used account takes
over its postings (asked first). The accounts of the standard keep their official names; the book's
own sub-accounts can be renamed. A used account is never deleted — it can be disabled once its
balance is zero. An agency bookkeeper copies another book's sub-accounts into this one (代理记账).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import ledger
from secretariat_app.core.changes import Changes
from secretariat_app.core.ledger.accounts import AccountInfo
from secretariat_app.errors import DomainError
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import N_, _

TITLE = N_("Chart of accounts")
CODE_ROLE = Qt.ItemDataRole.UserRole
CATEGORIES = {"asset": N_("Assets"), "liability": N_("Liabilities"), "net_assets": N_("Net assets"),
              "income": N_("Income"), "expense": N_("Expenses")}


def next_code(codes: set[str], parent: str) -> str:
    return next((f"{parent}{i:02d}" for i in range(1, 100) if f"{parent}{i:02d}" not in codes), "")


class SubAccountDialog(QDialog):
    """新增下级科目: code (the next free one offered), name, held for others (cash accounts only)."""

    def __init__(self, parent_account: AccountInfo, code: str, used: bool, cash: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New sub-account of {code} {name}").format(code=parent_account.code,
                                                                         name=parent_account.full_name))
        self.resize(460, 260)
        lay = QVBoxLayout(self)
        self.form = FormRows(label_width=110)
        self.code = QLineEdit(code)
        self.code.setMaxLength(len(parent_account.code) + 2)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. 工商银行 or 会员大会会务费"))
        self.entrusted = QCheckBox(_("Held for others (受托代理)"))
        self.entrusted.setEnabled(cash)
        self.form.add_row("code", _("Code"), self.code, required=True,
                          hint=_("{parent} plus two digits").format(parent=parent_account.code))
        self.form.add_row("name", _("Account name"), self.name, required=True)
        self.form.add_row("entrusted", "", self.entrusted)
        lay.addWidget(self.form)
        self.take_over = QCheckBox(_("The new sub-account takes over the postings of {code}").format(
            code=parent_account.code))
        self.take_over.setVisible(used)
        if used:
            note = QLabel(_("{code} already has postings; vouchers post to leaf accounts only, so its first "
                            "sub-account must take them over (no figure changes).").format(code=parent_account.code))
            note.setWordWrap(True)
            note.setProperty("role", "notice")
            lay.addWidget(note)
        lay.addWidget(self.take_over)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.name.setFocus()


class ChartSection(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        self.state = ledger.ChartState([], set(), "", 0, ())
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(10)
        self.edition = QLabel()
        self.edition.setProperty("role", "sectionTitle")
        lay.addWidget(self.edition)
        row = QHBoxLayout()
        self.add_btn = QPushButton(_("Add sub-account…"))
        self.add_btn.setProperty("primary", True)
        self.rename_btn = QPushButton(_("Rename…"))
        self.disable_btn = QPushButton(_("Disable account"))
        self.delete_btn = QPushButton(_("Delete"))
        self.copy_btn = QPushButton(_("Copy sub-accounts from another book…"))
        self.copy_btn.setToolTip(_("Agency bookkeeping: add the sub-accounts another association's book has"))
        for b, fn in ((self.add_btn, self.add), (self.rename_btn, self.rename), (self.disable_btn, self.toggle),
                      (self.delete_btn, self.delete)):
            b.clicked.connect(lambda _c=False, fn=fn: fn())
            row.addWidget(b)
        row.addStretch(1)
        self.copy_btn.clicked.connect(lambda: self.copy_from())
        row.addWidget(self.copy_btn)
        lay.addLayout(row)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([_("Account code"), _("Account name"), _("Account class"), _("Normal side"), _("Notes")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setIndentation(16)
        self.tree.setUniformRowHeights(True)
        self.tree.setStyleSheet("QTreeView::item { height: 24px; }")
        hh = self.tree.header()
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 150), (2, 80), (3, 80), (4, 200)):
            self.tree.setColumnWidth(col, w)
        hh.setStretchLastSection(False)
        self.tree.currentItemChanged.connect(lambda *_a: self._selection())
        self.tree.itemDoubleClicked.connect(lambda *_a: self.rename())
        lay.addWidget(self.tree, 1)
        self.load()

    # ---- loading --------------------------------------------------------------------------------

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.touches("ledger"):
            self.load()

    def load(self) -> None:
        if self.ctx.book is None:
            return
        keep = self.current()
        self.state = self.ctx.call(ledger.chart)
        self.edition.setText(_("Accounting standard: {edition}").format(edition=self.state.edition))
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for a in self.state.accounts:
            notes = []
            if a.disabled:
                notes.append(_("disabled"))
            if a.entrusted:
                notes.append(_("held for others"))
            if not a.official:
                notes.append(_("added by the book"))
            if a.code in self.state.used:
                notes.append(_("has postings"))
            item = QTreeWidgetItem([a.code, a.name, _(CATEGORIES.get(a.category, a.category)),
                                    _("Dr") if a.normal == "D" else _("Cr"), "、".join(notes)])
            item.setData(0, CODE_ROLE, a.code)
            if a.disabled:
                for c in range(5):
                    item.setForeground(c, QBrush(QColor("#9aa5b1")))
            parent = items.get(a.parent_code) if a.parent_code else None
            if parent is not None:
                parent.addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            items[a.code] = item
        self.items = items
        self.tree.expandAll()
        if keep in items:
            self.tree.setCurrentItem(items[keep])
        elif items:
            self.tree.setCurrentItem(next(iter(items.values())))
        self._selection()

    def current(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, CODE_ROLE) if item is not None else None

    def account(self, code: str | None) -> AccountInfo | None:
        return next((a for a in self.state.accounts if a.code == code), None)

    def _selection(self) -> None:
        a = self.account(self.current())
        self.add_btn.setEnabled(a is not None and not a.disabled and len(a.code) < 12)
        self.rename_btn.setEnabled(a is not None and not a.official)
        self.disable_btn.setEnabled(a is not None)
        self.disable_btn.setText(_("Enable account") if a is not None and a.disabled else _("Disable account"))
        self.delete_btn.setEnabled(a is not None and not a.official and a.is_leaf and a.code not in self.state.used)

    def select(self, code: str) -> None:
        if code in getattr(self, "items", {}):
            self.tree.setCurrentItem(self.items[code])

    # ---- actions --------------------------------------------------------------------------------

    def _run(self, fn, *args, done: str) -> None:
        self.banner.clear()
        self.ctx.run_action(fn, *args, title=_("Saving…"), on_done=lambda _r: self.ctx.show_status(done),
                            on_error=lambda exc: self.banner.show_message(str(exc)))

    def add(self, name: str | None = None, code: str | None = None, entrusted: bool = False,
            take_over: bool | None = None) -> None:
        a = self.account(self.current())
        if a is None:
            return
        codes = {x.code for x in self.state.accounts}
        used = a.is_leaf and a.code in self.state.used
        if name is None:
            cash = a.code[:4] in self.state.cash_accounts
            dlg = SubAccountDialog(a, next_code(codes, a.code), used, cash, self)
            while True:
                if not dlg.exec():
                    return
                if used and not dlg.take_over.isChecked():
                    dlg.form.show_error(DomainError(_("Tick the box to let the sub-account take over the postings.")))
                    continue
                break
            name, code, entrusted, take_over = (dlg.name.text(), dlg.code.text().strip(), dlg.entrusted.isChecked(),
                                                dlg.take_over.isChecked())
        self._run(ledger.add_sub_account, a.code, name, code or "", bool(entrusted), bool(take_over if take_over is not None else used),
                  done=_("Sub-account {code} added.").format(code=code or a.code + "…"))

    def rename(self, name: str | None = None) -> None:
        a = self.account(self.current())
        if a is None or a.official:
            return
        if name is None:
            name, ok = QInputDialog.getText(self, _("Rename account"), _("New name of {code}:").format(code=a.code),
                                            text=a.name)
            if not ok:
                return
        self._run(ledger.rename_account, a.code, name, done=_("Account {code} renamed.").format(code=a.code))

    def toggle(self) -> None:
        a = self.account(self.current())
        if a is not None:
            self._run(ledger.set_account_disabled, a.code, not a.disabled,
                      done=(_("Account {code} enabled.") if a.disabled else _("Account {code} disabled.")).format(code=a.code))

    def delete(self) -> None:
        a = self.account(self.current())
        if a is not None:
            self._run(ledger.delete_account, a.code, done=_("Account {code} deleted.").format(code=a.code))

    def copy_from(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, _("Copy sub-accounts from another book"), "",
                                                   _("Secretariat books (*.sqlite);;All files (*)"))
        if not path:
            return
        self.banner.clear()
        self.ctx.run_action(ledger.copy_sub_accounts_from, path, title=_("Copying sub-accounts…"),
                            on_done=lambda r: self.banner.show_message(
                                _("{n} sub-accounts copied.").format(n=r.value), "info"),
                            on_error=lambda exc: self.banner.show_message(str(exc)))


def section(ctx) -> QWidget:
    return ChartSection(ctx)
