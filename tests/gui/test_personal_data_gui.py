"""PIPL (issue 8): the member table masks ID and phone numbers for a viewer."""

import pytest

from secretariat_app.core.trust import users

ID = "11010519491231002X"
MOBILE = "13912345678"


@pytest.fixture(autouse=True)
def _logged_out():
    users.logout()
    yield
    users.logout()


def test_viewer_sees_a_masked_member_table(book, session, qtbot):
    from secretariat_app.gui.members.model import _columns

    users.add_user(session, "admin", "secret123")
    users.add_user(session, "vic", "secret123", "viewer")
    cols = {c.title: c for c in _columns()}
    assert all(c.format is None for t, c in cols.items() if t in ("手机",))
    users.login(session, "vic", "secret123")
    cols = {c.title: c for c in _columns()}
    assert cols["手机"].format(MOBILE) == "139****5678"
    assert cols["统一社会信用代码 / 身份证号"].format(ID).startswith("110105") and \
        cols["统一社会信用代码 / 身份证号"].format(ID) != ID
    assert cols["统一社会信用代码 / 身份证号"].format("91610131MA6TXQ8X4K") == "91610131MA6TXQ8X4K"
