"""PIPL (issue 8): the member table and the detail panel show a viewer ID and phone numbers masked
(the query masks them; the GUI shows what it gets)."""

from datetime import date

import pytest

from secretariat_app.core.trust import users as trust_users

ID = "11010519491231002X"
MOBILE = "13912345678"


@pytest.fixture(autouse=True)
def _logged_out():
    trust_users.logout()
    yield
    trust_users.logout()


def test_viewer_sees_a_masked_member_table(book, qtbot):
    from PySide6.QtWidgets import QWidget

    from secretariat_app.actions import Actor, members
    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.members.detail import MemberDetail
    from secretariat_app.gui.members.model import MembersTableModel

    members.admit(Actor(book), dict(kind="individual", name="张三", level="member", joined=date(2024, 1, 2),
                                    id_number=ID, mobile=MOBILE))
    with book.session() as s:
        admin = trust_users.add_user(s, "admin", "secret123", "admin")
        viewer = trust_users.add_user(s, "vic", "secret123", "viewer")
    trust_users.logout()
    parent = QWidget()
    qtbot.addWidget(parent)
    ctx = AppContext(book, parent, screenshot_mode=True)
    ctx.user = admin
    model = MembersTableModel(ctx)
    model.reload()
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert MOBILE in texts and ID in texts
    ctx.user = viewer
    model.reload()
    texts = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert "139****5678" in texts and "110105********002X" in texts
    assert MOBILE not in texts and ID not in texts
    panel = MemberDetail()
    qtbot.addWidget(panel)
    panel.contacts.bind(ctx, lambda: None)
    panel.show_member(ctx.call(members.details, model.member_id(0)))
    shown = [panel.fields.itemAt(i).widget().text() for i in range(panel.fields.count())
             if panel.fields.itemAt(i).widget() is not None]
    assert "110105********002X" in shown and ID not in shown and MOBILE not in shown
