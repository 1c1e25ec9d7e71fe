"""Qt-free domain core. Services are functions taking a SQLAlchemy session (STYLE.md).

Importing core (any module of it) registers the role check and audit listeners on every session
(``core/trust``), which a book requires before it hands out a session (``db/session.require_guard``).
"""

from secretariat_app.core import trust  # noqa: F401  registers the session listeners
