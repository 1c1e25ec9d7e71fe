"""The contract every page follows.

A page is built with the application context ``ctx`` (``gui/context.py``), which offers:

- ``ctx.actor``: who acts on which book (the open ``Book`` and the signed-in user);
- ``ctx.call(query, *args)``: a short query of ``secretariat_app.actions`` on the GUI thread (a
  form's values, a picker's choices) — a page never opens a session of its own;
- ``ctx.run_action(fn, *args, title=..., on_done=..., on_error=..., cancellable=True)``: runs the
  action (or a longer query) ``fn(actor, *args, progress=...)`` in a worker thread with a progress
  dialog; the result (or the DomainError's message) comes back on the GUI thread; the
  ``Changes`` of an action's outcome are broadcast;
- ``ctx.changed``: a signal carrying ``Changes``; the shell calls ``refresh(changes)`` on every
  page, and a page reloads only when ``changes.touches(*self.areas)``;
- ``ctx.show_error(message)`` / ``ctx.show_info(message)``: message boxes parented to the window.

``screenshot_states`` lets ``secretariat-app --screenshots DIR`` capture a page's main dialogs:
it returns ``(name, open_fn, close_fn)`` triples; the shell calls ``open_fn()``, grabs the top
window as ``<page>-<name>.png``, then calls ``close_fn()``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from secretariat_app.core.changes import Changes


class Page(QWidget):
    key: str = ""
    title: str = ""  # English source text; the shell translates it with _()
    icon: str = ""  # file name under resources/icons
    areas: set[str] = set()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def refresh(self, changes: Changes | None = None) -> None:
        """Reload what ``changes`` concerns (``None``: everything, e.g. a new book was opened)."""

    def screenshot_states(self) -> list[tuple[str, object, object]]:
        return []
