"""Settings › Dues: pro rata for members admitted during the year (none / by month), the receipt
paper (A4 two a page / the 241 mm continuous form) and the accounts payments are received into
(bank, cash, WeChat Pay, Alipay — ``core.dues.settings`` explains the defaults)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from secretariat_app.actions import dues
from secretariat_app.core.changes import Changes
from secretariat_app.core.dues.models import METHOD_LABELS
from secretariat_app.core.dues.settings import (
    METHOD_KEYS,
    PRO_RATA,
    PRO_RATA_LABELS,
    RECEIPT_FORMAT_LABELS,
    RECEIPT_FORMATS,
)
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import N_, _

TITLE = N_("Dues")


class DuesSection(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        form = QFormLayout()
        self.pro_rata = QComboBox()
        for key in PRO_RATA:
            self.pro_rata.addItem(_(PRO_RATA_LABELS[key]), key)
        form.addRow(_("Members admitted during the year pay"), self.pro_rata)
        self.receipt = QComboBox()
        for key in RECEIPT_FORMATS:
            self.receipt.addItem(_(RECEIPT_FORMAT_LABELS[key]), key)
        form.addRow(_("Receipt paper"), self.receipt)
        self.accounts: dict[str, QComboBox] = {}
        for method in METHOD_KEYS:
            box = QComboBox()
            box.setMinimumWidth(260)
            self.accounts[method] = box
            form.addRow(_("Account for {method}").format(method=_(METHOD_LABELS[method])), box)
        lay.addLayout(form)
        note = QLabel(_("By month: a member admitted in August pays 5/12 of the year's fee (the months from the month "
                        "of joining, rounded to the fen). WeChat Pay and Alipay receipts stay in 1009 other monetary "
                        "funds until they are withdrawn to the bank, unless a bank account is chosen."))
        note.setWordWrap(True)
        note.setProperty("role", "muted")
        lay.addWidget(note)
        buttons = QHBoxLayout()
        self.save_btn = QPushButton(_("Save"))
        self.save_btn.setProperty("primary", True)
        self.save_btn.clicked.connect(self.save)
        buttons.addWidget(self.save_btn)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.reload()

    def reload(self) -> None:
        if self.ctx.book is None:
            return
        data = self.ctx.call(dues.settings_form)
        v = data["values"]
        self.pro_rata.setCurrentIndex(max(self.pro_rata.findData(v["pro_rata"]), 0))
        self.receipt.setCurrentIndex(max(self.receipt.findData(v["receipt_format"]), 0))
        for method, box in self.accounts.items():
            box.clear()
            for code, name in data["accounts"][method]:
                box.addItem(f"{code} {name}", code)
            current = v[METHOD_KEYS[method].split(".", 1)[1]]
            i = box.findData(current)
            if i < 0:
                box.addItem(current, current)
                i = box.count() - 1
            box.setCurrentIndex(i)

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None or changes.touches("dues", "ledger", "settings"):
            self.reload()

    def values(self) -> dict:
        out = {"pro_rata": self.pro_rata.currentData(), "receipt_format": self.receipt.currentData()}
        for method, box in self.accounts.items():
            out[METHOD_KEYS[method].split(".", 1)[1]] = box.currentData()
        return out

    def save(self) -> None:
        self.banner.clear()
        self.save_btn.setEnabled(False)
        self.ctx.run_action(dues.save_settings, self.values(), title=_("Saving the dues settings"),
                            show_progress=False, on_done=lambda _c: self.banner.show_message(_("Saved."), "info"),
                            on_error=lambda e: self.banner.show_message(str(e)),
                            on_finally=lambda: self.save_btn.setEnabled(True))


def section(ctx) -> QWidget:
    return DuesSection(ctx)
