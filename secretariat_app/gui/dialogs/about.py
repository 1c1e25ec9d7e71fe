"""About (关于): what the program is, its version, and where it keeps its data and log."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from secretariat_app import __version__
from secretariat_app.gui.widgets import icon_pixmap
from secretariat_app.i18n import _


def log_file_path():
    from platformdirs import user_log_path

    return user_log_path("Secretariat", appauthor=False) / "secretariat.log"


class AboutDialog(QDialog):
    def __init__(self, ctx=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from secretariat_app.db.location import default_book_path

        self.setWindowTitle(_("About Secretariat"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 22, 24, 16)
        lay.setSpacing(14)
        head = QHBoxLayout()
        head.setSpacing(16)
        logo = QLabel()
        logo.setPixmap(icon_pixmap("app", "#2f6fde", 56))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        head.addWidget(logo)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        name = QLabel(_("Secretariat"))
        name.setProperty("role", "pageTitle")
        texts.addWidget(name)
        version = QLabel(_("Version {version}").format(version=__version__))
        version.setProperty("role", "muted")
        texts.addWidget(version)
        desc = QLabel(_("Member roll, dues, double-entry bookkeeping for non-profit organisations, meetings and "
                        "reports to the authorities — for the secretariats of industry associations and "
                        "chambers of commerce."))
        desc.setWordWrap(True)
        texts.addWidget(desc)
        head.addLayout(texts, 1)
        lay.addLayout(head)
        info = QFormLayout()
        info.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        info.setHorizontalSpacing(12)
        rows = [
            (_("Book in use"), ctx.book.display_name if ctx is not None and ctx.book is not None else _("none")),
            (_("Books folder"), str(default_book_path().parent)),
            (_("Log file"), str(log_file_path())),
            (_("Built with"), f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}"),
            (_("Licence"), "MIT"),
        ]
        for key, value in rows:
            v = QLabel(value)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            v.setWordWrap(True)
            k = QLabel(key)
            k.setProperty("role", "muted")
            info.addRow(k, v)
        lay.addLayout(info)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        box.accepted.connect(self.accept)
        lay.addWidget(box)
