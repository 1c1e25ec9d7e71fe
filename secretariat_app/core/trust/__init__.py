"""Trust (issue 8): users and roles (``core/auth.py``), the audit trail (``core/audit.py``),
backups (``db/backup.py``) and the book checks of this capability (``checks.py``).

Importing this package registers, once and globally on SQLAlchemy's ``Session`` class, the
listeners every book session runs through: the role check (``before_flush``, first), the audit
chain lock (``before_flush``), the versions read of optimistically locked rows (``locking.py``)
and the audit entries (``after_flush``) — and tells ``db/session.py`` that they are in place (a book
hands out no session before) and how to name who won a race for a locked row. ``core/__init__``
imports this package, so importing anything of core registers them, and no session of a book
escapes them.
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from secretariat_app.core import audit, auth
from secretariat_app.core.trust import locking
from secretariat_app.db import session as db_session

_registered = False


def register_listeners() -> None:
    global _registered
    if _registered:
        return
    event.listen(Session, "before_flush", auth.enforce_roles_before_flush)
    event.listen(Session, "before_flush", audit.before_flush)
    event.listen(Session, "before_flush", locking.remember_versioned)
    event.listen(Session, "after_flush", audit.after_flush)
    event.listen(Session, "before_commit", audit.update_head)
    event.listen(Session, "after_transaction_end", audit.forget_head)
    db_session.set_stale_translator(locking.stale_error)
    db_session.mark_guarded()
    _registered = True


register_listeners()
