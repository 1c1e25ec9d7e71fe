"""Qt-free domain core. Services are functions taking a SQLAlchemy session (STYLE.md)."""
