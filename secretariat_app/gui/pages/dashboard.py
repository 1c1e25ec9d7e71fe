"""工作台 (dashboard): the association at a glance.

The frame: a header (the association's name, today's date), the row of key figures and the panels
that capabilities contribute through ``CARD_MODULES`` (``cards(ctx) -> list[QWidget]``; a missing
module is skipped, a broken one shows its error in a card), and panels of its own drawn with Qt:
the association's registration details with how complete they are (the annual inspection asks for
all of them, DOMAIN.md §5) and a chart of what the book holds.
"""

from __future__ import annotations

import importlib
import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from secretariat_app.actions import book as book_actions
from secretariat_app.core.book_settings import LABELS, label
from secretariat_app.core.changes import Changes
from secretariat_app.gui.pages import CARD_MODULES
from secretariat_app.gui.pages.base import Page
from secretariat_app.gui.widgets.cards import KeyFigureCard, Panel
from secretariat_app.gui.widgets.charts import BarChart, PieChart
from secretariat_app.gui.widgets.common import PAGE_MARGINS, EmptyState
from secretariat_app.i18n import N_, _, format_date, format_number

log = logging.getLogger("secretariat.gui")

# Registration details shown on the dashboard, in this order (book_settings keys).
DETAIL_KEYS = ["credit_code", "registration_number", "registration_date", "registration_authority",
               "supervising_department", "legal_representative", "secretary_general", "phone", "address"]
REQUIRED_KEYS = ["name"] + DETAIL_KEYS  # what the annual inspection report needs

class DashboardPage(Page):
    key = "dashboard"
    title = N_("Dashboard")
    icon = "dashboard.svg"
    areas = {"settings", "members", "dues", "ledger", "meetings", "reports", "users"}

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.card_widgets: dict[str, list[QWidget]] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(*PAGE_MARGINS)
        lay.setSpacing(16)
        lay.addLayout(self._build_header())
        self.figures = QGridLayout()
        self.figures.setSpacing(14)
        lay.addLayout(self.figures)
        self.panels = QGridLayout()
        self.panels.setSpacing(14)
        self.panels.setColumnStretch(0, 1)
        self.panels.setColumnStretch(1, 1)
        lay.addLayout(self.panels)
        lay.addStretch(1)
        self._build_own_panels()
        if ctx.book is not None:
            self.refresh(None)

    # ---- building --------------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        head = QHBoxLayout()
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.name_label = QLabel()
        self.name_label.setProperty("role", "pageTitle")
        self.name_label.setStyleSheet("font-size: 20px;")
        self.book_label = QLabel()
        self.book_label.setProperty("role", "muted")
        texts.addWidget(self.name_label)
        texts.addWidget(self.book_label)
        head.addLayout(texts, 1)
        self.date_label = QLabel()
        self.date_label.setProperty("role", "muted")
        self.date_label.setStyleSheet("font-size: 14px;")
        head.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        return head

    def _build_own_panels(self) -> None:
        details = QWidget()
        dl = QHBoxLayout(details)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.setSpacing(16)
        self.detail_grid = QGridLayout()
        self.detail_grid.setHorizontalSpacing(12)
        self.detail_grid.setVerticalSpacing(7)
        self.detail_values: dict[str, QLabel] = {}
        for i, key in enumerate(DETAIL_KEYS):
            k = QLabel(label(key))
            k.setProperty("role", "muted")
            v = QLabel()
            v.setWordWrap(True)
            v.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail_grid.addWidget(k, i, 0, Qt.AlignmentFlag.AlignTop)
            self.detail_grid.addWidget(v, i, 1)
            self.detail_values[key] = v
        self.detail_grid.setColumnStretch(1, 1)
        dl.addLayout(self.detail_grid, 3)
        side = QVBoxLayout()
        self.completeness = PieChart(donut=True, show_legend=False)
        self.completeness.setMinimumSize(150, 130)
        self.completeness.setMaximumHeight(140)
        side.addWidget(self.completeness)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setProperty("role", "notice")
        side.addWidget(self.missing_label)
        side.addStretch(1)
        edit = QPushButton(_("Edit details…"))
        edit.clicked.connect(lambda: self.ctx.navigate("settings"))
        side.addWidget(edit, 0, Qt.AlignmentFlag.AlignRight)
        dl.addLayout(side, 2)
        self.details_panel = Panel(_("Registration details"), details)
        self.glance = BarChart(horizontal=True)
        self.glance.setMinimumHeight(240)
        self.glance.empty_text = _("The book is still empty.")
        self.glance_panel = Panel(_("The book at a glance"), self.glance)

    def _load_cards(self) -> None:
        self.card_widgets = {}
        for name in CARD_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                self.card_widgets[name] = [self._broken_card(name, exc)]
                continue
            except Exception as exc:  # noqa: BLE001
                self.card_widgets[name] = [self._broken_card(name, exc)]
                continue
            self.card_widgets[name] = self._cards_of(name, module)

    def _cards_of(self, name: str, module) -> list[QWidget]:
        try:
            widgets = list(module.cards(self.ctx) or [])
        except Exception as exc:  # noqa: BLE001 — a broken card must not break the dashboard
            return [self._broken_card(name, exc)]
        for w in widgets:
            if isinstance(w, KeyFigureCard):
                w.clicked.connect(self.ctx.navigate)
        return widgets

    def _broken_card(self, name: str, exc: BaseException) -> QWidget:
        log.error("dashboard cards of %s failed", name, exc_info=exc)
        return Panel(name.rsplit(".", 1)[-1], EmptyState(_("These figures could not be shown: {reason}").format(reason=exc)))

    def _layout_cards(self) -> None:
        for grid in (self.figures, self.panels):
            while grid.count():
                item = grid.takeAt(0)
                if item.widget() is not None:
                    item.widget().setParent(None)
        figures = [w for ws in self.card_widgets.values() for w in ws if isinstance(w, KeyFigureCard)]
        panels = [w for ws in self.card_widgets.values() for w in ws if not isinstance(w, KeyFigureCard)]
        per_row = 4 if len(figures) != 3 else 3
        for i, w in enumerate(figures):
            self.figures.addWidget(w, i // per_row, i % per_row)
        for c in range(per_row):
            self.figures.setColumnStretch(c, 1)
        own = [self.details_panel, self.glance_panel]  # after the capabilities' panels: used less often
        for i, w in enumerate(panels + own):
            self.panels.addWidget(w, i // 2, i % 2)

    # ---- loading ---------------------------------------------------------------------------

    def _load_own(self) -> None:
        if self.ctx.book is None:
            return
        try:
            data = self.ctx.call(book_actions.dashboard)
        except Exception as exc:  # noqa: BLE001
            log.exception("dashboard figures")
            self.name_label.setText(_("The book could not be read: {reason}").format(reason=exc))
            return
        settings, counts = data.settings, [(_(title), n) for title, n in data.counts]
        d = settings.to_dict()
        self.name_label.setText(settings.name or _("(the association's name is not set)"))
        self.book_label.setText(self.ctx.book.display_name)
        self.date_label.setText(_("Today is {date}").format(date=format_date(date.today(), "full")))
        for key, widget in self.detail_values.items():
            value = d.get(key) or ""
            if key == "registration_date" and settings.registration_date:
                value = format_date(settings.registration_date)
            widget.setText(value or "—")
            widget.setProperty("role", "" if value else "muted")
        missing = [k for k in REQUIRED_KEYS if not d.get(k)]
        filled = len(REQUIRED_KEYS) - len(missing)
        self.completeness.set_data([(_("Filled in"), filled), (_("Not filled in"), len(missing))],
                                   f"{filled}/{len(REQUIRED_KEYS)}", _("complete"))
        self.completeness.colors = ["#19a58a", "#e3e7ee"]
        self.missing_label.setText(_("Still missing: {fields}").format(fields="、".join(_(LABELS[k]) for k in missing))
                                   if missing else _("All registration details are filled in."))
        self.missing_label.setProperty("role", "notice" if missing else "muted")
        self.glance.set_data(counts, _("Records"))
        self.glance.value_format = format_number

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is None:
            self._load_cards()
            self._layout_cards()
            self._load_own()
            return
        if not changes.touches(*self.areas):
            return
        rebuilt = False
        for name, widgets in list(self.card_widgets.items()):
            if all(callable(getattr(w, "refresh", None)) for w in widgets):
                for w in widgets:
                    w.refresh(changes)
            else:
                try:
                    module = importlib.import_module(name)
                except Exception:  # noqa: BLE001 — already shown as a broken card
                    continue
                self.card_widgets[name] = self._cards_of(name, module)
                rebuilt = True
        if rebuilt:
            self._layout_cards()
        self._load_own()
