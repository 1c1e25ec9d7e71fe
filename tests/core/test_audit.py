"""The audit trail (issue 8): every change logged in its transaction, hash-chained, tamper-evident."""

import json
import sqlite3

import pytest
from sqlalchemy import select, text

from secretariat_app.core import audit
from secretariat_app.core.audit import AuditEntry, record_bulk
from secretariat_app.core.book_settings import Setting, set_value, update_settings
from secretariat_app.core.checks import run_checks
from secretariat_app.core.trust.verify import verify_chain
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError


def _entries(session):
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_insert_update_delete_are_logged_with_before_and_after(book, session):
    set_value(session, "members.number_prefix", "M")
    session.commit()
    set_value(session, "members.number_prefix", "H")
    session.commit()
    with transaction(session):
        session.delete(session.get(Setting, "members.number_prefix"))
    entries = [e for e in _entries(session) if e.record_id == "members.number_prefix"]
    assert [e.action for e in entries] == ["insert", "update", "delete"]
    assert entries[0].after_values() == {"key": "members.number_prefix", "value": "M"}
    assert entries[1].before_values() == {"value": "M"} and entries[1].after_values() == {"value": "H"}
    assert entries[2].before_values()["value"] == "H" and entries[2].after is None
    assert all(e.user_name == "system" and e.at.endswith("Z") for e in entries)
    assert verify_chain(book) == (True, None, "")


def test_refused_action_leaves_no_entry(book, session):
    n = len(_entries(session))
    session.rollback()  # end the read transaction so that the services below run their own
    with pytest.raises(DomainError):
        update_settings(session, name="")
    with pytest.raises(RuntimeError):
        with transaction(session):
            set_value(session, "x.y", "1")
            session.flush()
            raise RuntimeError("boom")
    assert len(_entries(session)) == n


def test_savepoint_rollback_keeps_chain_consistent(book, session):
    with transaction(session):
        set_value(session, "a.one", "1")
        session.flush()
        sp = session.begin_nested()
        set_value(session, "a.two", "2")
        session.flush()
        sp.rollback()
        set_value(session, "a.three", "3")
    ids = [e.record_id for e in _entries(session)]
    assert "a.two" not in ids and "a.three" in ids
    assert verify_chain(book)[0]


def test_money_columns_are_strings():
    from sqlalchemy import Column, Integer, MetaData, Table

    from secretariat_app.db.base import Fen

    t = Table("t", MetaData(), Column("id", Integer, primary_key=True), Column("amount", Fen))
    assert audit._is_money(t.c.amount) and not audit._is_money(t.c.id)
    assert audit._plain(123450, True) == "1234.50"
    assert audit._plain(-300, True) == "-3.00"


def test_record_bulk(book, session):
    with transaction(session):
        record_bulk(session, "members", "insert", {"count": 3, "source": "m.xlsx"})
    e = _entries(session)[-1]
    assert e.action == "bulk_insert" and e.table_name == "members"
    assert json.loads(e.after) == {"count": 3, "source": "m.xlsx"}
    assert verify_chain(book)[0]


def _fill(session, n=8):
    for i in range(n):
        set_value(session, f"t.k{i}", str(i))
        session.commit()


def _run_shell(book, sql):
    conn = sqlite3.connect(book.path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.skipif(bool(__import__("os").environ.get("SECRETARIAT_TEST_PG")), reason="sqlite3 shell tampering")
@pytest.mark.parametrize("sql, first_bad", [
    ("UPDATE audit_log SET content = replace(content, '\"3\"', '\"33\"') WHERE id = 5", 5),
    ("UPDATE audit_log SET user_name = 'mallory' WHERE id = 4", 4),
    ("DELETE FROM audit_log WHERE id = 6", 7),
    ("DELETE FROM audit_log WHERE id >= 8", 8),
])
def test_tampering_with_the_sqlite_shell_is_detected(book, session, sql, first_bad):
    _fill(session)
    book.close()  # the other program writes while Secretariat is closed
    _run_shell(book, sql)
    ok, bad, reason = verify_chain(book)
    assert not ok and bad == first_bad and reason
    problems = [r for r in run_checks(book) if not r.ok]
    assert len(problems) == 1 and str(first_bad) in problems[0].problems[0]


@pytest.mark.skipif(bool(__import__("os").environ.get("SECRETARIAT_TEST_PG")), reason="sqlite3 shell tampering")
def test_recomputed_hash_still_breaks_the_next_link(book, session):
    _fill(session)
    book.close()
    conn = sqlite3.connect(book.path)
    content, prev = conn.execute("SELECT a.content, b.hash FROM audit_log a, audit_log b "
                                 "WHERE a.id = 3 AND b.id = 2").fetchone()
    forged = content.replace("}", ',"forged":1}')
    conn.execute("UPDATE audit_log SET content = ?, hash = ? WHERE id = 3", (forged, audit.entry_hash(prev, 3, forged)))
    conn.commit()
    conn.close()
    assert verify_chain(book)[:2] == (False, 4)


def test_check_passes_on_a_clean_book(book, session):
    _fill(session, 3)
    assert all(r.ok for r in run_checks(book))


def test_concurrent_sessions_keep_one_chain(book):
    s1, s2 = book.session(), book.session()
    set_value(s1, "c.a", "1")
    s1.commit()
    set_value(s2, "c.b", "2")
    s2.commit()
    set_value(s1, "c.c", "3")
    s1.commit()
    s1.close(), s2.close()
    assert verify_chain(book)[0]
    with book.engine.connect() as c:
        assert c.execute(text("SELECT last_id FROM audit_head")).scalar() == c.execute(
            text("SELECT MAX(id) FROM audit_log")).scalar()
