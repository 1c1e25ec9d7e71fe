"""PIPL (DOMAIN.md §1, issue 8): a viewer never gets ID or phone numbers unmasked."""

from datetime import date

import pytest

from secretariat_app.core.trust import users
from secretariat_app.core.members.service import admit_member
from secretariat_app.io.members_export import member_rows
from secretariat_app.pdf.roll import write_roll

ID = "11010519491231002X"
MOBILE = "13912345678"


@pytest.fixture(autouse=True)
def _logged_out():
    users.logout()
    yield
    users.logout()


def test_viewer_gets_masked_exports_and_rolls(book, session, tmp_path):
    from pypdf import PdfReader

    admit_member(session, kind="individual", name="张三", level="member", joined=date(2024, 1, 2),
                 id_number=ID, mobile=MOBILE)
    users.add_user(session, "admin", "secret123")
    users.add_user(session, "vic", "secret123", "viewer")
    row = next(member_rows(session, masked=False))
    assert row["id_number"] == ID  # the admin chose unmasked

    users.login(session, "vic", "secret123")
    row = next(member_rows(session, masked=False))
    assert row["id_number"] != ID and row["id_number"].startswith("110105")
    assert row["mobile"] == "139****5678"
    out = tmp_path / "roll.pdf"
    write_roll(session, out, masked=False)
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert ID not in text and MOBILE not in text

