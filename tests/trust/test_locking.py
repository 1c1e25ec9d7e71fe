"""Optimistic locking (issue 8): the second of two concurrent saves is refused, naming who saved
first; nothing of it is written. Runs on SQLite and (SECRETARIAT_TEST_PG) PostgreSQL."""

import random
from datetime import date

import pytest

from secretariat_app.core import auth
from secretariat_app.core.members import service, synth
from secretariat_app.core.members.models import Member
from secretariat_app.core.trust import users
from secretariat_app.errors import DomainError


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch):
    """argon2 with small parameters: the tests check the logic, not the cost of an attack."""
    from secretariat_app.core.trust import users

    monkeypatch.setattr(users, "HASH_PARAMS", {"time_cost": 1, "memory_cost": 1024, "parallelism": 1})


@pytest.fixture(autouse=True)
def _logged_out():
    users.logout()
    yield
    users.logout()


def _member(session):
    m = service.admit_member(session, kind="corporate", name="西咸新区秦川精密机械有限公司", level="理事单位",
                             joined=date(2023, 2, 14), credit_code=synth.credit_code(random.Random(3)))
    session.commit()
    return m.id


def test_second_save_of_a_member_is_refused_naming_who(book):
    with book.session() as s:
        mid = _member(s)
        users.add_user(s, "alice", "secret123")
        users.add_user(s, "bob", "secret123", "secretary")
    s1, s2 = book.session(), book.session()
    try:
        alice = users.login(s1, "alice", "secret123")
        bob = users.login(s2, "bob", "secret123")
        forms = s1.get(Member, mid), s2.get(Member, mid)  # both users opened the member (kept referenced)
        assert [m.row_version for m in forms] == [1, 1]
        s1.commit(), s2.commit()  # the forms stay open on what they read (no expiry on commit)
        with auth.acting_as(alice):
            service.update_member(s1, mid, address="陕西省西安市雁塔区科技路1号")
        with auth.acting_as(bob), pytest.raises(DomainError) as e:
            service.update_member(s2, mid, address="陕西省咸阳市秦都区")
        assert "alice" in str(e.value) and s2.get(Member, mid) is not None
        s2.rollback()
    finally:
        s1.close(), s2.close()
    with book.session() as s:
        m = s.get(Member, mid)
        assert m.address == "陕西省西安市雁塔区科技路1号" and m.row_version == 2


def test_version_grows_with_each_save(book, session):
    mid = _member(session)
    service.update_member(session, mid, address="一")
    service.update_member(session, mid, address="二")
    assert session.get(Member, mid).row_version == 3
