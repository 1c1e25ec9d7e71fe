"""Settings › Audit log (issue 8): every change, filtered by user, date and record; a lazy table
paged by the database (``LazyTableModel`` over the ``actions.trust.audit_page`` query), newest
first, its values masked for a role without "personal_data"; "Verify" checks the hash chain in a
worker."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget

from secretariat_app.actions import trust
from secretariat_app.core.audit import SEP
from secretariat_app.core.validate import parse_date
from secretariat_app.errors import DomainError
from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel
from secretariat_app.i18n import N_, _

TITLE = N_("Audit log")
ACTIONS = {"insert": N_("added"), "update": N_("changed"), "delete": N_("deleted")}


def _summary(value) -> str:
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return str(value)[:200]
    if isinstance(data, dict):
        return ", ".join(f"{k}={v}" for k, v in data.items())
    return str(data)


def _change(content) -> str:
    """"before → after" of an entry's hashed content (fields 7 and 8, core/audit.entry_content)."""
    parts = str(content or "").split(SEP)
    before = _summary(parts[6]) if len(parts) > 6 else ""
    after = _summary(parts[7]) if len(parts) > 7 else ""
    text = f"{before} → {after}" if before and after else before or after
    return text[:300]


def _action(value) -> str:
    if value in ACTIONS:
        return _(ACTIONS[value])
    if isinstance(value, str) and value.startswith("bulk_"):
        return _("bulk {action}").format(action=_(ACTIONS.get(value[5:], value[5:])))
    return str(value or "")


class AuditSection(QWidget):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx
        lay = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.since = QLineEdit()
        self.since.setPlaceholderText(_("from YYYY-MM-DD"))
        self.until = QLineEdit()
        self.until.setPlaceholderText(_("to YYYY-MM-DD"))
        self.table = QLineEdit()
        self.table.setPlaceholderText(_("table"))
        self.record = QLineEdit()
        self.record.setPlaceholderText(_("record id"))
        apply_btn = QPushButton(_("Filter"))
        self.verify_btn = QPushButton(_("Verify chain"))
        for w in (QLabel(_("User")), self.user, self.since, self.until, self.table, self.record, apply_btn,
                  self.verify_btn):
            filters.addWidget(w)
        lay.addLayout(filters)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.model = LazyTableModel(ctx, [
            Column(_("No."), kind="int"),
            Column(_("When (UTC)"), format=lambda v: str(v or "")[:19].replace("T", " ")),
            Column(_("User")),
            Column(_("Action"), format=_action),
            Column(_("Table")),
            Column(_("Record")),
            Column(_("Change"), format=_change, sortable=False),
        ], key_index=0, page_size=200, fetch=trust.audit_page)
        self.model.load_failed.connect(self.message.setText)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.view, 1)
        apply_btn.clicked.connect(self.apply)
        self.verify_btn.clicked.connect(self.verify)
        self._load_users()
        self.apply()

    def _load_users(self) -> None:
        self.user.clear()
        self.user.addItem(_("everyone"), None)
        try:
            names = self.ctx.call(trust.audit_users)
        except DomainError as exc:
            self.message.setText(str(exc))
            names = []
        for n in names:
            self.user.addItem(n, n)

    def apply(self) -> None:
        try:
            since = parse_date(self.since.text(), _("from")) if self.since.text().strip() else None
            until = parse_date(self.until.text(), _("to")) if self.until.text().strip() else None
        except DomainError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")
        self.model.set_filter_values(since=since, until=until, table=self.table.text().strip() or None,
                                     record=self.record.text().strip() or None, user=self.user.currentData())

    def verify(self) -> None:
        def done(result):
            ok, bad, reason = result
            self.message.setText(_("The audit log is intact.") if ok else _(
                "The audit log was changed outside Secretariat; first broken entry: {id} ({reason})").format(
                id=bad, reason=reason))

        self.ctx.run_action(trust.verify_audit, title=_("Verifying the audit log"), on_done=done)


def section(ctx) -> QWidget:
    return AuditSection(ctx)
