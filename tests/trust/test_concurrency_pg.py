"""Shared PostgreSQL server (issue 8): two real connections at once. Skipped unless
SECRETARIAT_TEST_PG points at a server (the book fixture then makes a throwaway database)."""

import os
import threading
from datetime import date

import pytest

from secretariat_app.core import auth
from secretariat_app.core.trust import users
from secretariat_app.errors import DomainError

pytestmark = pytest.mark.skipif(not os.environ.get("SECRETARIAT_TEST_PG"), reason="needs SECRETARIAT_TEST_PG")


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


def test_second_save_of_a_voucher_is_refused(book):
    from secretariat_app.core.ledger import create_voucher
    from secretariat_app.core.ledger.models import Voucher
    from secretariat_app.core.ledger.vouchers import update_voucher

    day = date.today().replace(day=1)
    with book.session() as s:
        vid = create_voucher(s, day, [("会费", "1002", 5000, 0, None), ("会费", "420101", 0, 5000, None)]).id
        s.commit()
        users.add_user(s, "alice", "secret123")
        users.add_user(s, "tom", "secret123", "treasurer")
    s1, s2 = book.session(), book.session()  # two connections of the pool: two users at once
    try:
        alice, tom = users.login(s1, "alice", "secret123"), users.login(s2, "tom", "secret123")
        forms = s1.get(Voucher, vid), s2.get(Voucher, vid)  # both opened it (kept referenced)
        assert [v.row_version for v in forms] == [1, 1]
        s1.commit(), s2.commit()  # the forms stay open on what they read (no expiry on commit)
        lines = [("会费", "1002", 6000, 0, None), ("会费", "420101", 0, 6000, None)]
        with auth.acting_as(alice):
            update_voucher(s1, vid, lines=lines)
        with auth.acting_as(tom), pytest.raises(DomainError) as e:
            update_voucher(s2, vid, lines=[("会费", "1002", 7000, 0, None), ("会费", "420101", 0, 7000, None)])
        assert "alice" in str(e.value)
    finally:
        s1.close(), s2.close()
    with book.session() as s:
        assert s.get(Voucher, vid).total == 6000


def test_voucher_numbers_stay_gapless_under_concurrent_entry(book):
    from sqlalchemy import select

    from secretariat_app.core.ledger import create_voucher
    from secretariat_app.core.ledger.models import Voucher
    from secretariat_app.core.trust.verify import verify_chain

    day = date.today().replace(day=1)
    with book.session() as s:  # the year and chart exist before the race
        create_voucher(s, day, [("开户", "1002", 100, 0, None), ("开户", "420101", 0, 100, None)])
        s.commit()
    errors, barrier = [], threading.Barrier(4)

    def enter(k: int) -> None:
        with book.session() as s:
            barrier.wait()
            for i in range(5):
                try:
                    create_voucher(s, day, [(f"会费{k}-{i}", "1002", 100 + i, 0, None),
                                            (f"会费{k}-{i}", "420101", 0, 100 + i, None)])
                except Exception as exc:  # noqa: BLE001 — collected and asserted below
                    errors.append(exc)

    threads = [threading.Thread(target=enter, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with book.session() as s:
        numbers = sorted(s.scalars(select(Voucher.number).where(Voucher.year == day.year, Voucher.month == day.month)))
    assert numbers == list(range(1, 22))
    assert verify_chain(book)[0]
