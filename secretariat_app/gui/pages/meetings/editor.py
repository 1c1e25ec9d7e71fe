"""The meeting editor: a header with the meeting's state and five tabs — details, attendance,
agenda and resolutions, elections, minutes. Every change runs as an action in a worker
(``ctx.run_action``) and the editor reloads the meeting afterwards; a refusal is shown in the banner (or beside the
form's fields) and nothing changes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from secretariat_app.actions import meetings, meetings_minutes
from secretariat_app.core.meetings.queries import kind_label
from secretariat_app.errors import DomainError
from secretariat_app.gui.pages.meetings.agenda_tab import AgendaTab
from secretariat_app.gui.pages.meetings.attendance_tab import AttendanceTab
from secretariat_app.gui.pages.meetings.details_tab import DetailsTab
from secretariat_app.gui.pages.meetings.elections_tab import ElectionsTab
from secretariat_app.gui.pages.meetings.minutes_tab import MinutesTab
from secretariat_app.gui.widgets.common import Banner, EmptyState
from secretariat_app.i18n import N_, _, format_date

PDF_NAMES = {"minutes": N_("Minutes"), "signin": N_("Sign-in sheet"), "notice": N_("Notice")}
PDF_QUERIES = {"minutes": meetings_minutes.minutes_pdf, "signin": meetings_minutes.signin_pdf,
               "notice": meetings_minutes.notice_pdf}


class MeetingEditor(QWidget):
    changed = Signal()  # the meeting was changed: the page refreshes its list

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id: int | None = None
        self.state: dict | None = None
        self.last_pdf: str | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setProperty("role", "sectionTitle")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        lay.addWidget(self.title)
        lay.addWidget(self.subtitle)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        self.lock_banner = Banner("info")
        lay.addWidget(self.lock_banner)
        self.tabs = QTabWidget()
        self.details = DetailsTab(self)
        self.attendance = AttendanceTab(self)
        self.agenda = AgendaTab(self)
        self.elections = ElectionsTab(self)
        self.minutes = MinutesTab(self)
        self.tabs.addTab(self.details, _("Details"))
        self.tabs.addTab(self.attendance, _("Attendance"))
        self.tabs.addTab(self.agenda, _("Agenda and resolutions"))
        self.tabs.addTab(self.elections, _("Elections"))
        self.tabs.addTab(self.minutes, _("Minutes"))
        lay.addWidget(self.tabs, 1)
        self.empty = EmptyState(_("Choose a meeting in the list, or create one."))
        lay.addWidget(self.empty)
        self._set_visible(False)

    def _set_visible(self, has_meeting: bool) -> None:
        for w in (self.title, self.subtitle, self.tabs):
            w.setVisible(has_meeting)
        self.empty.setVisible(not has_meeting)
        if not has_meeting:
            self.lock_banner.clear()
            self.banner.clear()

    # ---- loading ---------------------------------------------------------------------------

    def open_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.banner.clear()
        self.reload()

    def reload(self) -> None:
        if self.meeting_id is None or self.ctx.book is None:
            self.state = None
            self._set_visible(False)
            return
        try:
            state = self.ctx.call(meetings.editor_state, self.meeting_id)
        except DomainError as exc:
            self.state = None
            self._set_visible(False)
            self.empty.setText(str(exc))
            return
        self.state = state
        self._set_visible(True)
        rec = state["record"]
        self.title.setText(rec["title"])
        self.subtitle.setText(f"{kind_label(rec['kind'], rec['representatives'])} · "
                              f"{format_date(date.fromisoformat(rec['date']))} · {rec['place'] or '—'}")
        if state["locked"]:
            self.lock_banner.show_message(_("The minutes of this meeting are approved and locked. To change the "
                                            "meeting's record, start a correction in the Minutes tab."), "info")
        else:
            self.lock_banner.clear()
        for tab in (self.details, self.attendance, self.agenda, self.elections, self.minutes):
            tab.load(state)

    # ---- operations ------------------------------------------------------------------------

    def show_message(self, text: str, kind: str = "error") -> None:
        self.banner.show_message(text, kind)

    def run(self, fn, *args, form=None, after=None, notes: bool = False) -> None:
        """Run the action ``fn(actor, *args)`` in a worker; reload on success; show a refusal."""
        self.banner.clear()
        if form is not None:
            form.clear_errors()

        def done(outcome) -> None:
            if notes and outcome.value:
                self.show_message("；".join(outcome.value), "warning")
            if after is not None:
                after()
            self.reload()
            self.changed.emit()

        def failed(exc: DomainError) -> None:
            if form is not None and (exc.field or exc.problems):
                form.show_error(exc)
            self.show_message(str(exc))

        self.ctx.run_action(fn, *args, title=_("Saving…"), on_done=done, on_error=failed)

    def choose_pdf_path(self, kind: str) -> str | None:
        """Ask where to save a PDF (tests replace this)."""
        rec = self.state["record"]
        name = re.sub(r'[\\/:*?"<>|]+', "_", f"{rec['date']} {rec['title']} {_(PDF_NAMES[kind])}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), str(Path.home() / name), "PDF (*.pdf)")
        return path or None

    def export_pdf(self, kind: str, version: int | None = None) -> None:
        if self.state is None:
            return
        path = self.choose_pdf_path(kind)
        if not path:
            return

        def done(written: str) -> None:
            self.last_pdf = written
            self.show_message(_("Saved: {path}").format(path=written), "info")

        query, extra = PDF_QUERIES[kind], ((version,) if kind == "minutes" else ())
        self.ctx.run_action(query, self.state["id"], path, *extra, title=_("Making the PDF…"),
                            on_done=done, on_error=lambda exc: self.show_message(str(exc)))
