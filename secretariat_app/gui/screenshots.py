"""``secretariat-app --book B --screenshots DIR``: a PNG of every screen, then exit.

Opens the book, shows every page of ``PAGES`` (``<page>.png``) and each of its ``screenshot_states``
(``<page>-<state>.png``: ``open_fn()`` is called, the window it opened — or the main window when it
opened none — is grabbed, then ``close_fn()``), then the shell's dialogs (``dialog-<name>.png``).
An ``open_fn`` may show its dialog with ``show()``/``open()``; one that calls ``exec()`` works too (the
modal dialog is grabbed and closed by a timer). Exits 0 when every screen was saved and nothing
reported an error, 1 otherwise (the problems are printed), so CI can run it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog, QWidget

from secretariat_app.gui import operations
from secretariat_app.i18n import _

WINDOW_SIZE = (1280, 800)


def settle(ms: int = 60) -> None:
    """Let layouts, paints and any running operation finish."""
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    operations.wait_for_ops(60000)
    QCoreApplication.processEvents()


def _visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]


class Shooter:
    def __init__(self, out: Path, window: QWidget) -> None:
        self.out = out
        self.window = window
        self.saved: list[Path] = []
        self.failures: list[str] = []

    def save(self, widget: QWidget, name: str) -> None:
        path = self.out / f"{name}.png"
        if widget.grab().save(str(path)):
            self.saved.append(path)
            print(path)
        else:
            self.failures.append(f"{name}: {_('the picture could not be saved')}")

    def state(self, name: str, open_fn, close_fn) -> None:
        before = set(_visible_windows())
        grabbed: list[bool] = []

        def grab_modal() -> None:
            w = QApplication.activeModalWidget()
            if w is not None and w not in before and not isinstance(w, QProgressDialog):
                settle(80)
                self.save(w, name)
                grabbed.append(True)
                if isinstance(w, QDialog):
                    w.reject()
                else:
                    w.close()

        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(grab_modal)
        timer.start(700)
        try:
            open_fn()
            settle()
            timer.stop()
            if not grabbed:
                new = [w for w in _visible_windows() if w not in before and not isinstance(w, QProgressDialog)]
                target = max(new, key=lambda w: w.width() * w.height()) if new else self.window
                self.save(target, name)
        except Exception as exc:  # noqa: BLE001 — report and go on with the other screens
            self.failures.append(f"{name}: {exc!r}")
        finally:
            timer.stop()
            try:
                if close_fn is not None:
                    close_fn()
            except Exception as exc:  # noqa: BLE001
                self.failures.append(f"{name} (close): {exc!r}")
            for w in _visible_windows():
                if w not in before and w is not self.window:
                    w.close()
            settle(30)

    def dialog(self, name: str, make) -> None:
        holder: dict = {}

        def open_fn() -> None:
            holder["dlg"] = make()
            holder["dlg"].show()

        def close_fn() -> None:
            dlg = holder.get("dlg")
            if dlg is not None:
                dlg.close()
                dlg.deleteLater()

        self.state(f"dialog-{name}", open_fn, close_fn)


def _progress_example(ctx, window):
    """A running operation, to see the progress dialog."""
    def work(progress) -> None:
        for i in range(40):
            progress(i, 40, _("Example: step {n} of {total}").format(n=i + 1, total=40))
            time.sleep(0.05)

    holder: dict = {}

    def open_fn() -> None:
        holder["op"] = operations.run_op(work, parent=window, title=_("Backing up the book…"),
                                         delay_ms=0, show_error=ctx.show_error)
        end = time.monotonic() + 3
        while holder["op"].dialog is None and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.01)

    def grab(shooter: Shooter) -> None:
        open_fn()
        op = holder["op"]
        if op.dialog is not None:
            shooter.save(op.dialog, "dialog-progress")
        op.cancel()
        operations.wait_for_ops(10000)

    return grab


def run_screenshots(app, ctx, args) -> int:
    from secretariat_app.actions.book import open_book
    from secretariat_app.errors import BookError
    from secretariat_app.gui.app import apply_language, book_language
    from secretariat_app.gui.dialogs.about import AboutDialog
    from secretariat_app.gui.dialogs.book_switcher import BookSwitcher
    from secretariat_app.gui.dialogs.new_book import NewBookDialog
    from secretariat_app.gui.dialogs.welcome import WelcomeDialog
    from secretariat_app.gui.main_window import MainWindow

    if not args.book:
        print(_("--screenshots needs --book."), file=sys.stderr)
        return 2
    out = Path(args.screenshots)
    out.mkdir(parents=True, exist_ok=True)
    try:
        book = open_book(args.book)
    except BookError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if not args.lang:
        apply_language(app, book_language(book))
    ctx.book = book
    window = MainWindow(ctx, remember=False)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(300)
    shot = Shooter(out, window)
    for key in window.page_keys():
        try:
            window.show_page(key)
            settle(150)
            shot.save(window, key)
            page = window.page(key)
            states = list(page.screenshot_states()) if hasattr(page, "screenshot_states") else []
        except Exception as exc:  # noqa: BLE001
            shot.failures.append(f"{key}: {exc!r}")
            continue
        for name, open_fn, close_fn in states:
            shot.state(f"{key}-{name}", open_fn, close_fn)
    window.show_page(window.page_keys()[0] if window.page_keys() else "dashboard")
    settle()
    shot.dialog("about", lambda: AboutDialog(ctx, window))
    shot.dialog("new-book", lambda: NewBookDialog(ctx, window))

    def invalid_new_book() -> None:
        dlg = NewBookDialog(ctx, window)
        dlg.show()
        dlg.code_edit.setText("12345")
        dlg._create()  # an empty name and a bad credit code: refused before anything is created
        settle()
        shot_holder.append(dlg)

    shot_holder: list = []
    shot.state("dialog-new-book-invalid", invalid_new_book, lambda: [d.close() for d in shot_holder])
    shot.dialog("open-book", lambda: BookSwitcher(ctx, window))
    shot.dialog("welcome", lambda: WelcomeDialog(ctx, window))
    try:
        _progress_example(ctx, window)(shot)
    except Exception as exc:  # noqa: BLE001
        shot.failures.append(f"dialog-progress: {exc!r}")
    errors = [text for kind, text in ctx.messages if kind == "error"]
    window.close()
    book.close()
    for problem in shot.failures + errors:
        print(_("Problem: {problem}").format(problem=problem), file=sys.stderr)
    print(_("{n} screenshots saved in {folder}.").format(n=len(shot.saved), folder=out))
    return 1 if shot.failures or errors else 0
