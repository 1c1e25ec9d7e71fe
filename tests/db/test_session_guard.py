"""No session of a book escapes the role check and the audit trail (issue 8, issue 12).

db knows no domain rule, so the listeners are registered from above: importing anything of core
(``core/__init__`` imports ``core/trust``) registers them, and a book refuses to hand out a session
before that (``db/session.require_guard``). Each case runs in a fresh interpreter, where nothing has
been imported yet.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str, tmp_path) -> str:
    res = subprocess.run([sys.executable, "-c", textwrap.dedent(code), str(tmp_path / "b.sqlite")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip()


def test_a_book_refuses_sessions_while_the_domain_is_not_imported(tmp_path):
    out = _run("""
        import sys
        from secretariat_app.db.book import create_book
        book = create_book(sys.argv[1])   # creating and migrating a book needs no session
        assert not any(m.startswith("secretariat_app.core") for m in sys.modules), "db imported core"
        try:
            book.session()
        except RuntimeError as exc:
            print("refused:", exc)
        """, tmp_path)
    assert out.startswith("refused:")


def test_importing_core_guards_every_session(tmp_path):
    out = _run("""
        import sys
        from secretariat_app.db.book import create_book
        import secretariat_app.core.money  # a pure helper: still registers the listeners
        from sqlalchemy import event, func, select
        from sqlalchemy.orm import Session
        from secretariat_app.core import audit, auth
        from secretariat_app.core.book_settings import set_value

        assert event.contains(Session, "before_flush", auth.enforce_roles_before_flush)
        assert event.contains(Session, "after_flush", audit.after_flush)
        book = create_book(sys.argv[1])
        with book.session() as s:
            set_value(s, "name", "测试行业协会")
            s.commit()
            print(s.scalar(select(func.count()).select_from(audit.AuditEntry)))
        """, tmp_path)
    assert int(out) >= 1  # the write was audited


def test_the_actions_layer_opens_guarded_books(tmp_path):
    out = _run("""
        import sys
        from secretariat_app.db.book import create_book
        create_book(sys.argv[1]).close()
        from secretariat_app.actions.book import open_for_use
        from secretariat_app.db import session as db_session

        actor = open_for_use(sys.argv[1])
        print(db_session._guarded)
        actor.book.close()
        """, tmp_path)
    assert out == "True"
