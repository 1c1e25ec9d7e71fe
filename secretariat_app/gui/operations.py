"""Long work off the GUI thread: the one worker mechanism every page shares (after Anki's aqt/operations).

``run_op(fn, *args, ...)`` runs ``fn(*args, progress=...)`` in a worker thread of a ``QThreadPool``.
Pages call it as ``ctx.run_action(action, *args)``, which passes the actor first: an action opens
its own session in the worker (STYLE.md convention 3: sessions and ORM objects never cross
threads — ids go in, plain data and ``Changes`` come out). The dialogs that run before anyone
acts (opening a book, the login, creating a book) call ``run_op`` with the book layer's entry
points of ``actions/book.py``.

- ``progress`` is passed only when ``fn`` declares a parameter named ``progress``. It is a callable
  ``progress(done, total, text="")`` (``total`` 0: unknown); it raises ``Cancelled`` once the user has
  pressed Cancel, so the service stops at its next step and its transaction rolls back.
- A cancellable ``QProgressDialog`` appears when the work takes longer than ``delay_ms`` (300 ms).
- Back on the GUI thread: a returned ``Changes`` (or an object with a ``changes`` attribute holding
  one) is broadcast first, then ``on_done(result)`` runs. A ``DomainError`` (or ``OSError``) goes to
  ``on_error(exc)``, or is shown in a message box when there is no ``on_error``. Anything else is a
  bug: logged with its traceback and shown with details. ``Cancelled`` is quiet.
  ``on_finally()`` runs in every case (re-enable buttons there).
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from secretariat_app.core.changes import Changes
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

log = logging.getLogger("secretariat.gui")

_pool: QThreadPool | None = None
_active: set["Operation"] = set()


class Cancelled(Exception):
    """Raised by ``progress()`` in the worker once the user pressed Cancel."""


def pool() -> QThreadPool:
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(4)
    return _pool


def accepts_progress(fn: Callable) -> bool:
    try:
        return "progress" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def changes_of(result: Any) -> Changes | None:
    if isinstance(result, Changes):
        return result
    ch = getattr(result, "changes", None)
    return ch if isinstance(ch, Changes) else None


def running_ops() -> list["Operation"]:
    return list(_active)


def wait_for_ops(timeout_ms: int = 60000) -> bool:
    """Process events until every operation has ended (tests, screenshots, quitting)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while _active and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    QCoreApplication.processEvents()
    return not _active


def cancel_all() -> None:
    for op in list(_active):
        op.cancel()


class _Runnable(QRunnable):
    def __init__(self, op: "Operation") -> None:
        super().__init__()
        self.op = op

    def run(self) -> None:  # worker thread
        self.op._work()


class Operation(QObject):
    """One piece of work in flight; ``finished`` is emitted on the GUI thread when it has ended."""

    finished = Signal()
    _progressed = Signal(int, int, str)
    _ended = Signal(object, object, str)

    def __init__(self, fn: Callable, args: tuple, kwargs: dict, *, parent: QWidget | None = None,
                 title: str | None = None, on_done: Callable | None = None, on_error: Callable | None = None,
                 on_finally: Callable | None = None, cancellable: bool = True,
                 show_progress: bool = True, delay_ms: int = 300,
                 on_changes: Callable[[Changes], None] | None = None,
                 show_error: Callable[..., None] | None = None,
                 show_status: Callable[[str], None] | None = None) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.parent_widget, self.title = parent, title
        self.on_done, self.on_error, self.on_finally = on_done, on_error, on_finally
        self.cancellable, self.show_progress = cancellable, show_progress
        self.delay_ms = delay_ms
        self.on_changes, self.show_error, self.show_status = on_changes, show_error, show_status
        self.result: Any = None
        self.error: BaseException | None = None
        self.running = False
        self._cancel = threading.Event()
        self._last_emit = 0.0
        self._state = (0, 0, title or _("Working…"))
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)
        self._progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    # ---- GUI thread ------------------------------------------------------------------------

    def start(self) -> "Operation":
        self.running = True
        _active.add(self)
        if self.show_progress:
            self._timer.start(max(0, self.delay_ms))
        pool().start(_Runnable(self))
        return self

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        if not self.cancellable:
            return
        self._cancel.set()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))

    def _show_dialog(self) -> None:
        if not self.running or self.dialog is not None:
            return
        from shiboken6 import isValid

        if self.parent_widget is not None and not isValid(self.parent_widget):
            self.parent_widget = None  # the window that asked has gone
        dlg = QProgressDialog(self.parent_widget)
        dlg.setWindowTitle(self.title or _("Please wait"))
        dlg.setCancelButtonText(_("Cancel") if self.cancellable else "")
        if not self.cancellable:
            dlg.setCancelButton(None)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.setMinimumDuration(0)
        dlg.setMinimumWidth(380)
        dlg.setWindowModality(Qt.WindowModality.WindowModal if self.parent_widget else Qt.WindowModality.ApplicationModal)
        try:  # keep the dialog up showing "Cancelling…" until the worker has stopped
            dlg.canceled.disconnect(dlg.cancel)
        except (RuntimeError, TypeError):
            pass
        dlg.canceled.connect(self.cancel)
        self.dialog = dlg
        self._apply_state()
        dlg.show()

    def _apply_state(self) -> None:
        dlg = self.dialog  # a modal setValue() processes events: the operation may end meanwhile
        if dlg is None:
            return
        done, total, text = self._state
        dlg.setMaximum(max(total, 0))
        dlg.setValue(min(done, total) if total > 0 else 0)
        if not self.cancelled:
            dlg.setLabelText(text or self.title or _("Working…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._state = (done, total, text or self._state[2])
        self._apply_state()

    def _on_ended(self, result: Any, exc: BaseException | None, tb: str) -> None:
        self.running = False
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        self.result, self.error = result, exc
        try:
            if exc is None:
                changes = changes_of(result)
                if changes is not None and self.on_changes is not None:
                    self.on_changes(changes)
                if self.on_done is not None:
                    self.on_done(result)
            elif isinstance(exc, Cancelled):
                log.info("operation cancelled: %s", self.title or getattr(self.fn, "__name__", self.fn))
                if self.show_status is not None:
                    self.show_status(_("Cancelled."))
            else:
                self._report(exc, tb)
        finally:
            _active.discard(self)
            try:
                if self.on_finally is not None:
                    self.on_finally()
            finally:
                self.finished.emit()

    def _report(self, exc: BaseException, tb: str) -> None:
        if isinstance(exc, OSError) and not isinstance(exc, DomainError):
            exc = DomainError(_("Cannot use the file {name}: {reason}").format(
                name=exc.filename or "", reason=exc.strerror or exc))
        if isinstance(exc, DomainError):
            if self.on_error is not None:
                self.on_error(exc)
            elif self.show_error is not None:
                self.show_error(str(exc))
            return
        log.error("unexpected error in %s:\n%s", getattr(self.fn, "__name__", self.fn), tb)
        if self.show_error is not None:
            self.show_error(_("Something went wrong: {error}").format(error=exc) + "\n\n"
                            + _("The details were written to the log file."), details=tb)

    # ---- worker thread ---------------------------------------------------------------------

    def progress(self, done: int, total: int = 0, text: str = "") -> None:
        """Report progress from the service; raises ``Cancelled`` when the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - self._last_emit >= 0.05 or (total and done >= total):
            self._last_emit = now
            self._progressed.emit(int(done), int(total), str(text or ""))

    def _work(self) -> None:
        try:
            if self._cancel.is_set():
                raise Cancelled()
            kwargs = dict(self.kwargs)
            if accepts_progress(self.fn):
                kwargs["progress"] = self.progress
            result = self.fn(*self.args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 — everything goes back to the GUI thread
            self._ended.emit(None, exc, traceback.format_exc())
        else:
            self._ended.emit(result, None, "")


def run_op(fn: Callable, *args, parent: QWidget | None = None, title: str | None = None,
           on_done: Callable | None = None, on_error: Callable | None = None, on_finally: Callable | None = None,
           cancellable: bool = True, show_progress: bool = True, delay_ms: int = 300,
           on_changes: Callable[[Changes], None] | None = None, show_error: Callable[..., None] | None = None,
           show_status: Callable[[str], None] | None = None, **kwargs) -> Operation:
    """Start ``fn`` in a worker (see the module docstring); returns the running ``Operation``."""
    op = Operation(fn, args, kwargs, parent=parent, title=title, on_done=on_done, on_error=on_error,
                   on_finally=on_finally, cancellable=cancellable, show_progress=show_progress, delay_ms=delay_ms, on_changes=on_changes, show_error=show_error,
                   show_status=show_status)
    return op.start()
