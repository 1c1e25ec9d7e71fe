"""Small dialogs of the dues page: reduce or waive a bill (with a reason), cancel a payment."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import _


class BillDialog(QDialog):
    """Reduce (or waive) one bill: the reduction and the reason."""

    def __init__(self, parent: QWidget | None, title: str, reduction: str = "", reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reduce or waive a bill"))
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(title))
        self.form = FormRows()
        self.reduction = QLineEdit(reduction)
        self.reduction.setPlaceholderText(_("e.g. 1000.00; 0 takes a reduction back"))
        self.reason = QLineEdit(reason)
        self.waive = QCheckBox(_("Waive the whole bill"))
        self.waive.toggled.connect(lambda on: self.reduction.setEnabled(not on))
        self.form.add_row("reduction", _("Reduction"), self.reduction)
        self.form.add_row("reason", _("Reason"), self.reason, required=True)
        self.form.add_row("waive", "", self.waive)
        lay.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def values(self) -> tuple[str, str, bool]:
        return self.reduction.text().strip() or "0", self.reason.text().strip(), self.waive.isChecked()


class CancelDialog(QDialog):
    """Why a payment is cancelled (its voucher is reversed, its receipt marked 作废)."""

    def __init__(self, parent: QWidget | None, what: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Cancel a payment"))
        lay = QVBoxLayout(self)
        text = QLabel(_("Cancel {what}? Its voucher is reversed by a red voucher, its receipt is marked void "
                        "and the bills it paid are open again.").format(what=what))
        text.setWordWrap(True)
        lay.addWidget(text)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason, e.g. entered twice"))
        lay.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
