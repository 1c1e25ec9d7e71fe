"""The contacts tab of the member detail panel: a corporate member's contacts (several, one primary,
DOMAIN.md §1) with Add / Edit / Make primary / Deactivate. Each button is one action of
``actions.members`` run through ``ctx.run_action`` (one transaction, recorded in the member's history);
the core validates. The rows come with the member's details (masked there for a viewer)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import members
from secretariat_app.core.members.validation import label
from secretariat_app.gui.members.dialogs import _Dialog
from secretariat_app.i18n import _

FIELDS = ("contact_name", "position", "mobile", "phone", "email")


# ---- the dialog ---------------------------------------------------------------------------

class ContactDialog(_Dialog):
    """Add a contact (``contact`` None) or edit one (a dict of the details' ``contacts``)."""

    def __init__(self, ctx, member: dict, contact: dict | None = None, parent: QWidget | None = None) -> None:
        title = (_("Edit contact of {no} {name}") if contact else _("Add a contact to {no} {name}"))
        super().__init__(ctx, title.format(no=member["no"], name=member["name"]), parent)
        self.member, self.contact = member, contact
        f = self.form
        f.add_row("contact_name", label("contact_name"), QLineEdit(), required=True)
        f.add_row("position", _("Position"), QLineEdit())
        f.add_row("mobile", label("mobile"), QLineEdit(), hint=_("e.g. 13912345678"))
        f.add_row("phone", label("phone"), QLineEdit(), hint=_("e.g. 029-33681234"))
        f.add_row("email", label("email"), QLineEdit())
        if contact:
            f.set_values({k: contact.get(k) or "" for k in FIELDS})
        self.resize(440, 320)
        f.widget("contact_name").setFocus()

    def submit(self):
        v = self.form.values()
        if self.contact is None:
            return members.add_contact, (self.member["id"], v)
        return members.edit_contact, (self.contact["id"], v)


# ---- the panel ----------------------------------------------------------------------------

class ContactsPanel(QWidget):
    """Table of contacts and its buttons; ``bind(ctx, reload)`` before use (the page does it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = None
        self.reload: Callable[[], None] = lambda: None
        self.member: dict | None = None
        self.rows: list[dict] = []
        self._dialog: ContactDialog | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Position"), _("Mobile"), _("Phone"), _("Email"),
                                              _("Primary")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_btn = QPushButton(_("Add contact…"))
        self.edit_btn = QPushButton(_("Edit contact…"))
        self.primary_btn = QPushButton(_("Make primary"))
        self.deactivate_btn = QPushButton(_("Deactivate"))
        self.deactivate_btn.setToolTip(_("The contact no longer serves; kept in the list as former"))
        for b, fn in ((self.add_btn, self.add), (self.edit_btn, self.edit), (self.primary_btn, self.make_primary),
                      (self.deactivate_btn, self.deactivate)):
            b.clicked.connect(fn)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self._enable()

    def bind(self, ctx, reload: Callable[[], None]) -> None:
        self.ctx, self.reload = ctx, reload

    def show_member(self, d: dict | None) -> None:
        self.member = d
        self.rows = list(d.get("contacts") or []) if d else []
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            mark = _("Yes") if c["primary"] else ("" if c["active"] else _("former"))
            for col, v in enumerate([c[k] for k in FIELDS] + [mark]):
                self.table.setItem(r, col, QTableWidgetItem(v or ""))
        self.add_btn.setEnabled(bool(d and self.ctx and d["kind"] == "corporate"))
        self._enable()

    def current(self) -> dict | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) and self.table.selectedItems() else None

    def select_contact(self, contact_id: int) -> None:
        for r, c in enumerate(self.rows):
            if c["id"] == contact_id:
                self.table.selectRow(r)

    def _enable(self) -> None:
        c = self.current() if self.ctx else None
        self.edit_btn.setEnabled(c is not None)
        self.primary_btn.setEnabled(c is not None and c["active"] and not c["primary"])
        self.deactivate_btn.setEnabled(c is not None and c["active"])

    # ---- actions -------------------------------------------------------------------------

    def _open(self, contact: dict | None) -> None:
        self._dialog = ContactDialog(self.ctx, self.member, contact, self)
        self._dialog.finished.connect(lambda code: self.reload() if code else None)
        self._dialog.open()

    def add(self) -> None:
        if self.member and self.ctx:
            self._open(None)

    def edit(self) -> None:
        c = self.current()
        if c is not None:
            self._open(c)

    def _run(self, fn, title: str) -> None:
        c = self.current()
        if c is None:
            return
        self.ctx.run_action(fn, c["id"], title=title, on_done=lambda _r: self.reload(), show_progress=False)

    def make_primary(self) -> None:
        self._run(members.make_primary, _("Make primary contact"))

    def deactivate(self) -> None:
        self._run(members.retire_contact, _("Deactivate contact"))
