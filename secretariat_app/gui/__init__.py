"""PySide6 GUI: a thin layer of views, models and dialogs over the core services."""
