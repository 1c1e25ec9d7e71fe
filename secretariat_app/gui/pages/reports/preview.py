"""Preview a PDF's pages in the program before saving it (issue 7).

QtPdf is not part of PySide6-Essentials, so pages are rendered with pypdfium2 (PDFium, the
renderer of Chrome; wheels for Windows, macOS and Linux) into QImages. Pages are rendered when
they scroll into view, so a 100-page package opens at once and holds only what was seen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.i18n import _

log = logging.getLogger("secretariat.gui")


def page_image(pdf, index: int, width_px: int) -> QImage:
    """Page ``index`` of a ``pypdfium2.PdfDocument`` as a QImage ``width_px`` wide."""
    page = pdf[index]
    w_pt, _h = page.get_size()
    bitmap = page.render(scale=width_px / w_pt, rev_byteorder=True)
    img = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
    return img.copy()  # detach from PDFium's buffer


class PageView(QLabel):
    def __init__(self, index: int, size: QSize) -> None:
        super().__init__()
        self.index = index
        self.rendered = False
        self.setFixedSize(size)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: white; border: 1px solid #c8ccd2;")
        self.setText(_("Page {n}").format(n=index + 1))


class PdfPreview(QScrollArea):
    """The pages of one PDF, one under the other, rendered lazily."""

    def __init__(self, data: bytes, parent: QWidget | None = None, width_px: int = 640) -> None:
        super().__init__(parent)
        import pypdfium2 as pdfium

        self.data = data
        self.pdf = pdfium.PdfDocument(data)
        self.width_px = width_px
        self.setWidgetResizable(True)
        inner = QWidget()
        inner.setStyleSheet("background: #e9ebee;")
        self.column = QVBoxLayout(inner)
        self.column.setSpacing(12)
        self.column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages: list[PageView] = []
        for i in range(len(self.pdf)):
            w, h = self.pdf[i].get_size()
            view = PageView(i, QSize(width_px, int(width_px * h / w)))
            self.pages.append(view)
            self.column.addWidget(view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(inner)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.render_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        self._timer.start()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def render_visible(self) -> int:
        """Render the pages in (or next to) the viewport; returns how many were rendered now."""
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        n = 0
        for view in self.pages:
            y = view.y()
            if view.rendered or y + view.height() < top - 200 or y > bottom + 200:
                continue
            try:
                view.setPixmap(QPixmap.fromImage(page_image(self.pdf, view.index, view.width())))
            except Exception:  # noqa: BLE001 — a page that cannot be drawn stays a placeholder
                log.exception("rendering page %s", view.index + 1)
            view.rendered = True
            n += 1
        return n

    def close_document(self) -> None:
        try:
            self.pdf.close()
        except Exception:  # noqa: BLE001 — closing twice, or PDFium already gone at exit
            log.debug("closing a preview document", exc_info=True)


class PreviewDialog(QDialog):
    """Pages of a PDF with "Save PDF…"; ``on_save()`` is called when the user wants to save it."""

    def __init__(self, title: str, data: bytes, parent: QWidget | None = None, *, on_save=None,
                 info: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(780, 900)
        lay = QVBoxLayout(self)
        head = QHBoxLayout()
        self.info = QLabel(info)
        self.info.setWordWrap(True)
        head.addWidget(self.info, 1)
        zoom = QSlider(Qt.Orientation.Horizontal)
        zoom.setRange(400, 1100)
        zoom.setValue(640)
        zoom.setFixedWidth(140)
        zoom.setToolTip(_("Zoom"))
        zoom.sliderReleased.connect(lambda: self._rezoom(zoom.value()))
        head.addWidget(zoom)
        lay.addLayout(head)
        self.data = data
        self.view = PdfPreview(data, self)
        lay.addWidget(self.view, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(_("Save PDF…"))
        self.save_button.setEnabled(on_save is not None)
        if on_save is not None:
            self.save_button.clicked.connect(on_save)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        if not info:
            self.info.setText(_("{n} pages").format(n=self.view.page_count))

    def _rezoom(self, width: int) -> None:
        old = self.view
        self.view = PdfPreview(self.data, self, width_px=width)
        self.layout().replaceWidget(old, self.view)
        old.close_document()
        old.deleteLater()

    def done(self, result: int) -> None:
        self.view.close_document()
        super().done(result)
