"""设置 (settings): the book settings of ``core/book_settings.py``, then the capabilities' sections.

The first tab edits the association's registration details and the book's options; saving runs
the ``actions.book.update_settings`` action (which validates every field first and writes nothing when one is bad), and each
problem is shown beside its field. A new language applies when the program is next started.
The sections of ``SETTINGS_SECTIONS`` (a module with ``TITLE`` and ``section(ctx) -> QWidget``) follow
as tabs, each built when first shown; a missing module is skipped.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import book as book_actions
from secretariat_app.core.book_settings import BookSettings, label, validate_settings
from secretariat_app.core.changes import Changes
from secretariat_app.errors import DomainError
from secretariat_app.gui.pages import SETTINGS_SECTIONS
from secretariat_app.gui.pages.base import Page
from secretariat_app.gui.widgets.common import Banner, EmptyState, PageHeader, page_layout
from secretariat_app.gui.widgets.forms import FormRows
from secretariat_app.i18n import N_, _, current_language

log = logging.getLogger("secretariat.gui")

LANGUAGE_NAMES = [("简体中文", "zh_CN"), ("English", "en")]  # each in its own language


def available_sections() -> list[tuple[str, object]]:
    """(module name, module or the exception it raised) for each section module that exists."""
    out = []
    for name in SETTINGS_SECTIONS:
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except (ImportError, ValueError):
            continue
        try:
            out.append((name, importlib.import_module(name)))
        except Exception as exc:  # noqa: BLE001 — shown in its tab
            log.exception("settings section %s", name)
            out.append((name, exc))
    return out


class AssociationForm(QWidget):
    """The book settings form with Save / Revert."""

    def __init__(self, page: "SettingsPage") -> None:
        super().__init__()
        self.page = page
        self.saved = BookSettings()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(12)
        f = self.form = FormRows(columns=2, label_width=130)
        f.add_section(_("Registration details"))
        self._line(f, "name", required=True, span=2)
        self._line(f, "credit_code", placeholder=_("18 characters, e.g. 51610000MJY6543A1X"), max_len=18)
        self._line(f, "registration_number")
        self._line(f, "registration_date", placeholder=_("e.g. 2016-05-18"))
        self._line(f, "registration_authority")
        self._line(f, "supervising_department", span=2)
        f.add_section(_("People and contact"))
        self._line(f, "legal_representative")
        self._line(f, "secretary_general")
        self._line(f, "phone", placeholder=_("e.g. 029-33681234 or 13800000000"))
        self._line(f, "address", span=2)
        f.add_section(_("Book options"))
        lang = QComboBox()
        for text, code in LANGUAGE_NAMES:
            lang.addItem(text, code)
        f.add_row("language", label("language"), lang, hint=_("Applies the next time Secretariat starts."))
        year = QSpinBox()
        year.setRange(1980, 2100)
        year.setGroupSeparatorShown(False)
        f.add_row("first_fiscal_year", label("first_fiscal_year"), year)
        lay.addWidget(f)
        self.notice = Banner("info")
        lay.addWidget(self.notice)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton(_("Revert"))
        self.revert_button.clicked.connect(self.load)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        lay.addLayout(buttons)
        lay.addStretch(1)

    def _line(self, form: FormRows, key: str, *, required: bool = False, placeholder: str = "", max_len: int = 0,
              span: int = 1) -> QLineEdit:
        edit = QLineEdit()
        if placeholder:
            edit.setPlaceholderText(placeholder)
        if max_len:
            edit.setMaxLength(max_len)
        edit.returnPressed.connect(self.save)
        form.add_row(key, label(key), edit, required=required, span=span)
        return edit

    def load(self) -> None:
        if self.page.ctx.book is None:
            return
        try:
            self.saved = self.page.ctx.call(book_actions.settings)
        except DomainError as exc:  # nobody logged in, say: the form stays empty and says why
            self.notice.show_message(str(exc), "error")
            return
        d = self.saved.to_dict()
        self.form.set_values(d)
        self.form.clear_errors()

    def values(self) -> dict:
        v = self.form.values()
        v["first_fiscal_year"] = int(v["first_fiscal_year"])
        return v

    def save(self) -> None:
        values = self.values()
        self.form.clear_errors()
        self.notice.clear()
        self.save_button.setEnabled(False)
        old_language = self.saved.language
        self.page.ctx.run_action(book_actions.update_settings, values, title=_("Saving the settings…"),
                                 on_done=lambda _c: self._saved(values, old_language), on_error=self.form.show_error,
                                 on_finally=lambda: self.save_button.setEnabled(True))

    def _saved(self, values: dict, old_language: str) -> None:
        from secretariat_app.gui import recent

        text = _("The settings were saved.")
        if values.get("language") != old_language:
            recent.settings().setValue("language", values.get("language"))
            text += " " + _("The new language applies the next time Secretariat starts.")
        self.notice.show_message(text, "info")

    def show_invalid_example(self) -> None:
        """For ``--screenshots``: what a wrong entry looks like (nothing is saved)."""
        self.form.widget("credit_code").setText("51610000MJY6543A1")
        self.form.widget("phone").setText("12345")
        self.form.widget("registration_date").setText("2016-02-30")
        try:
            validate_settings(self.values())
        except DomainError as exc:
            self.form.show_error(exc)


class SettingsPage(Page):
    key = "settings"
    title = N_("Settings")
    icon = "settings.svg"
    areas = {"settings"}

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        lay = page_layout(self)
        lay.addWidget(PageHeader(_("Settings"), _("The association's registration details and the book's preferences")))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(False)
        self.association = AssociationForm(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.association)
        self.tabs.addTab(scroll, _("Association details"))
        self.sections: list[tuple[str, object, QWidget]] = []  # (module name, module, container)
        self.built: dict[int, QWidget] = {}
        for name, module in available_sections():
            container = QWidget()
            cl = QVBoxLayout(container)
            cl.setContentsMargins(0, 0, 0, 0)
            title = _(getattr(module, "TITLE", name.rsplit(".", 1)[-1])) if not isinstance(module, Exception) \
                else name.rsplit(".", 1)[-1]
            self.tabs.addTab(container, title)
            self.sections.append((name, module, container))
        self.tabs.currentChanged.connect(self._tab_changed)
        lay.addWidget(self.tabs, 1)
        self.language_at_start = current_language()
        if ctx.book is not None:
            self.association.load()

    def _tab_changed(self, index: int) -> None:
        if index <= 0 or index in self.built or index - 1 >= len(self.sections):
            return
        name, module, container = self.sections[index - 1]
        if isinstance(module, Exception):
            widget: QWidget = EmptyState(_("This section could not be opened.") + "\n" + str(module))
        else:
            try:
                widget = module.section(self.ctx)
            except Exception as exc:  # noqa: BLE001
                log.exception("settings section %s", name)
                widget = EmptyState(_("This section could not be opened.") + "\n" + str(exc))
        container.layout().addWidget(widget)
        self.built[index] = widget

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None:
            for index, widget in list(self.built.items()):  # rebuilt for the new book when next shown
                widget.setParent(None)
                widget.deleteLater()
            self.built.clear()
            self.association.load()
            self.association.notice.clear()
            self._tab_changed(self.tabs.currentIndex())
            return
        if changes.touches("settings"):
            self.association.load()
        for widget in self.built.values():
            fn = getattr(widget, "refresh", None)
            if callable(fn):
                fn(changes)

    def screenshot_states(self) -> list[tuple[str, object, object]]:
        states: list[tuple[str, object, object]] = [
            ("invalid", self.association.show_invalid_example, self.association.load),
        ]
        for i, (name, _module, _c) in enumerate(self.sections, start=1):
            states.append((name.rsplit(".", 1)[-1], lambda i=i: self.tabs.setCurrentIndex(i),
                           lambda: self.tabs.setCurrentIndex(0)))
        return states
