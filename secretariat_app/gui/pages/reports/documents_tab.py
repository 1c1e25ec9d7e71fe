"""Documents and the submission package: preview any document in the program, save it as PDF,
choose what goes into the package, attach external PDFs, set the size limit, build the package
in a worker (with progress) and save it whole or split into parts under the limit. Everything
that reads much, writes the book or writes a file is an action run in a worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import reports, reports_documents
from secretariat_app.core.reports.attachments import document_label, human_size
from secretariat_app.core.reports.models import PACKAGE_DOCUMENTS
from secretariat_app.errors import DomainError
from secretariat_app.gui.pages.reports.preview import PreviewDialog
from secretariat_app.gui.style import repolish
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _

ROLE_KEY = Qt.ItemDataRole.UserRole


class DocumentsTab(QWidget):
    def __init__(self, page) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx
        self.result = None          # the last PackageResult
        self.preview: PreviewDialog | None = None
        self._loading = False
        lay = QHBoxLayout(self)
        lay.addWidget(self._documents_box(), 2)
        lay.addWidget(self._package_box(), 3)

    # ---- building the widgets ---------------------------------------------------------------

    def _documents_box(self) -> QGroupBox:
        box = QGroupBox(_("Documents"))
        lay = QVBoxLayout(box)
        hint = QLabel(_("Ticked documents go into the submission package."))
        hint.setProperty("role", "muted")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        self.docs = QListWidget()
        for key in PACKAGE_DOCUMENTS:
            item = QListWidgetItem(document_label(key))
            item.setData(ROLE_KEY, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.docs.addItem(item)
        self.docs.itemChanged.connect(self._doc_toggled)
        self.docs.currentItemChanged.connect(lambda _c, _p: self._show_missing())
        lay.addWidget(self.docs, 1)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        lay.addWidget(self.missing)
        row = QHBoxLayout()
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.clicked.connect(lambda: self.preview_document(self.current_key()))
        self.save_button = QPushButton(_("Save PDF…"))
        self.save_button.clicked.connect(lambda: self.save_document(self.current_key()))
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    def _package_box(self) -> QGroupBox:
        box = QGroupBox(_("Submission package"))
        lay = QVBoxLayout(box)
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Size limit of one file")), 0, 0)
        self.limit = QDoubleSpinBox()
        self.limit.setRange(0.1, 1000)
        self.limit.setDecimals(1)
        self.limit.setSingleStep(0.5)
        self.limit.setSuffix(" MB")
        self.limit.editingFinished.connect(self._limit_changed)
        grid.addWidget(self.limit, 0, 1)
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)
        lay.addWidget(QLabel(_("Attached documents (PDF): audit report, sealed pages, the supervising department's "
                               "opinion")))
        self.attached = QListWidget()
        self.attached.setMaximumHeight(180)
        lay.addWidget(self.attached)
        row = QHBoxLayout()
        for text, fn in ((_("Attach PDF…"), lambda: self.attach()), (_("Remove"), self.remove_attachment),
                         (_("Up"), lambda: self.move_attachment(-1)), (_("Down"), lambda: self.move_attachment(1))):
            b = QPushButton(text)
            b.clicked.connect(fn)
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        self.banner = Banner("info", self)
        lay.addWidget(self.banner)
        self.status = QLabel()
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        lay.addStretch(1)
        row = QHBoxLayout()
        self.build_button = QPushButton(_("Build and preview package"))
        self.build_button.setProperty("role", "primary")
        self.build_button.clicked.connect(lambda: self.build_package(then=self.preview_package))
        self.save_package_button = QPushButton(_("Save package…"))
        self.save_package_button.clicked.connect(lambda: self.save_package())
        self.split_button = QPushButton(_("Split into parts and save…"))
        self.split_button.clicked.connect(lambda: self.save_package(split=True))
        self.split_button.setVisible(False)
        for b in (self.build_button, self.save_package_button, self.split_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)
        return box

    # ---- state -----------------------------------------------------------------------------

    def load(self) -> None:
        state = self.ctx.call(reports.package_state, self.page.year)
        choice = state.choice
        self._loading = True
        for i in range(self.docs.count()):
            item = self.docs.item(i)
            checked = item.data(ROLE_KEY) in choice.documents
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.limit.setValue(choice.limit_kb / 1024)
        self._loading = False
        self.attached.clear()
        for a in state.attachments:
            item = QListWidgetItem(_("{title} ({pages} pages, {size})").format(
                title=a.title, pages=a.pages, size=human_size(a.size)))
            item.setData(ROLE_KEY, a.id)
            self.attached.addItem(item)
        self.result = None
        self._show_result()
        if self.docs.currentRow() < 0:
            self.docs.setCurrentRow(0)
        self._show_missing()

    def current_key(self) -> str:
        item = self.docs.currentItem()
        return item.data(ROLE_KEY) if item is not None else PACKAGE_DOCUMENTS[0]

    def chosen(self) -> list[str]:
        return [self.docs.item(i).data(ROLE_KEY) for i in range(self.docs.count())
                if self.docs.item(i).checkState() == Qt.CheckState.Checked]

    def _show_missing(self) -> None:
        """Say what the selected document lacks (asked in a worker: it may compute the statements)."""
        key = self.current_key()

        def show(missing: list[str]) -> None:
            if key != self.current_key():
                return
            self.missing.setText(_("Missing: {what}").format(what="；".join(missing)) if missing else "")
            self.missing.setProperty("role", "error" if missing else "muted")
            repolish(self.missing)
            self.preview_button.setEnabled(not missing)
            self.save_button.setEnabled(not missing)

        self.ctx.run_action(reports_documents.missing, self.page.year, key, show_progress=False, on_done=show,
                            on_error=lambda exc: show([exc.message]))

    def _save_choice(self, **values) -> None:
        def done(_outcome) -> None:
            self.banner.clear()
            self.result = None
            self._show_result()

        self.ctx.run_action(reports.set_package, self.page.year, title=_("Saving…"), on_done=done,
                            on_error=lambda exc: self.banner.show_message(str(exc), "error"), **values)

    def _doc_toggled(self, _item) -> None:
        if not self._loading:
            self._save_choice(documents=self.chosen())

    def _limit_changed(self) -> None:
        if not self._loading:
            self._save_choice(limit_mb=f"{self.limit.value():.1f}")

    # ---- attachments -------------------------------------------------------------------------

    def attach(self, path: str | None = None) -> None:
        if path is None:
            path, _f = QFileDialog.getOpenFileName(self, _("Attach PDF"), "", _("PDF files (*.pdf)"))
            if not path:
                return
        self.ctx.run_action(reports.add_attachment, self.page.year, path, title=_("Saving…"),
                            on_done=lambda _o: self.load(), on_error=self._refused)

    def _refused(self, exc: DomainError) -> None:
        self.banner.show_message(str(exc), "error")

    def _selected_attachment(self) -> int | None:
        item = self.attached.currentItem()
        return item.data(ROLE_KEY) if item is not None else None

    def remove_attachment(self) -> None:
        aid = self._selected_attachment()
        if aid is not None:
            self.ctx.run_action(reports.remove_attachment, aid, title=_("Saving…"), on_done=lambda _o: self.load(),
                                on_error=self._refused)

    def move_attachment(self, step: int) -> None:
        aid = self._selected_attachment()
        if aid is None:
            return

        def done(_outcome) -> None:
            self.load()
            for i in range(self.attached.count()):
                if self.attached.item(i).data(ROLE_KEY) == aid:
                    self.attached.setCurrentRow(i)

        self.ctx.run_action(reports.move_attachment, aid, step, title=_("Saving…"), on_done=done,
                            on_error=self._refused)

    # ---- documents -----------------------------------------------------------------------------

    def preview_document(self, key: str) -> None:
        title = document_label(key)
        self.ctx.run_action(reports_documents.document_pdf, self.page.year, key,
                            title=_("Making {document}…").format(document=title),
                            on_done=lambda data: self._show_preview(title, data, lambda: self.save_document(key)))

    def _show_preview(self, title: str, data: bytes, on_save, info: str = "") -> None:
        self.preview = PreviewDialog(title, data, self, on_save=on_save, info=info)
        self.page.last_dialog = self.preview
        self.preview.open()

    def _ask_path(self, suggested: str) -> str | None:
        path, _f = QFileDialog.getSaveFileName(self, _("Save PDF"), suggested, _("PDF files (*.pdf)"))
        return path or None

    def save_document(self, key: str, path: str | None = None) -> None:
        name = f"{self.page.year}-{document_label(key)}.pdf"
        path = path or self._ask_path(name)
        if not path:
            return
        self.ctx.run_action(reports_documents.document_pdf, self.page.year, key, path,
                            title=_("Making {document}…").format(document=document_label(key)),
                            on_done=lambda _d: self.banner.show_message(_("Saved {file}.").format(file=path), "info"))

    # ---- package -------------------------------------------------------------------------------

    def build_package(self, then=None) -> None:
        def done(result) -> None:
            self.result = result
            self._show_result()
            if then is not None:
                then()

        self.build_button.setEnabled(False)
        self.ctx.run_action(reports_documents.build_package, self.page.year,
                            title=_("Building the submission package…"), on_done=done,
                            on_finally=lambda: self.build_button.setEnabled(True))

    def _show_result(self) -> None:
        r = self.result
        if r is None:
            self.status.setText("")
            self.split_button.setVisible(False)
            return
        text = _("{pages} pages, {size} (limit {limit}).").format(pages=r.pages, size=human_size(r.size),
                                                                   limit=human_size(r.limit))
        if r.over_limit:
            text += " " + _("The package is larger than the limit: split it into parts or raise the limit.")
        if len(r.parts) > 1:
            text += " " + _("Split into {n} parts: {sizes}.").format(
                n=len(r.parts), sizes=", ".join(human_size(len(p)) for p in r.parts))
        self.status.setText("\n".join([text] + r.warnings))
        self.status.setProperty("role", "error" if r.over_limit else "muted")
        self.split_button.setVisible(r.over_limit)

    def preview_package(self) -> None:
        if self.result is None:
            self.build_package(then=self.preview_package)
            return
        self._show_preview(_("Submission materials"), self.result.whole, lambda: self.save_package(),
                           info=self.status.text())

    def save_package(self, path: str | None = None, split: bool = False) -> None:
        if self.result is None:
            self.build_package(then=lambda: self.save_package(path, split))
            return
        path = path or self._ask_path(_("{year} submission materials.pdf").format(year=self.page.year))
        if not path:
            return

        def done(saved) -> None:
            self.result = saved.result
            self._show_result()
            self.banner.show_message(_("Saved {file}.").format(file=", ".join(saved.paths)), "info")

        self.ctx.run_action(reports_documents.save_package, self.result, path, split,
                            title=_("Splitting the package…") if split else _("Saving…"), on_done=done,
                            on_error=self._refused)
