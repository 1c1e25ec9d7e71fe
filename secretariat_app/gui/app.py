"""``secretariat-app``: start the desktop program.

``secretariat-app [--book B] [--lang zh_CN|en] [--screenshots DIR]``

Which book: ``--book``; else the book opened last (recent books); else the default book in the
per-user data folder; else the welcome dialog (new / open / demo). A book that cannot be opened
(not a book, too new, locked) is explained in a message box, then the welcome dialog is offered.
Language: ``--lang``, else the book's setting, else the last one used, else zh_CN; Qt's own strings
(dialog buttons) come from Qt's translations. Unhandled exceptions are logged to the user log
folder and shown in a message box — the program never vanishes silently.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from logging.handlers import RotatingFileHandler

from secretariat_app import APP_NAME, __version__
from secretariat_app.i18n import _, set_language

log = logging.getLogger("secretariat.gui")
_translators: list = []


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="secretariat-app", description="Secretariat — 行业协会商会秘书处管理")
    p.add_argument("--book", help="book: a .sqlite file path or a SQLAlchemy URL")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="language of the interface (default: the book's setting)")
    p.add_argument("--screenshots", metavar="DIR", help="save a PNG of every page and main dialog in DIR, then exit")
    p.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)  # bench/bench_startup.py
    p.add_argument("--version", action="version", version=f"secretariat-app {__version__}")
    args, _qt_args = p.parse_known_args(argv)
    return args


def setup_logging() -> str | None:
    """Log to ``secretariat.log`` in the user log folder (rotated); returns its path."""
    from platformdirs import user_log_path

    root = logging.getLogger()
    root.setLevel(logging.WARNING)  # libraries: warnings and errors only
    logging.getLogger("secretariat").setLevel(logging.INFO)
    try:
        folder = user_log_path(APP_NAME, appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "secretariat.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        return str(path)
    except OSError:
        root.addHandler(logging.StreamHandler())
        return None


def install_excepthook(ctx_getter, *, quiet: bool = False) -> None:
    """Every exception that reaches the event loop is logged and shown; a DomainError as a plain message."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from secretariat_app.errors import DomainError

    showing = [False]

    def hook(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        ctx = ctx_getter()
        if isinstance(exc, DomainError):
            log.warning("refused: %s", exc)
            if ctx is not None:
                ctx.show_error(str(exc))
            return
        log.error("unhandled exception:\n%s", text)
        if quiet:
            sys.stderr.write(text)
            if ctx is not None:
                ctx.messages.append(("error", str(exc)))
            return
        if showing[0] or QApplication.instance() is None:
            sys.stderr.write(text)
            return
        showing[0] = True
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, _("Secretariat"),
                              _("Something went wrong: {error}").format(error=exc) + "\n\n"
                              + _("The program can go on; the details were written to the log file."),
                              QMessageBox.StandardButton.Ok, getattr(ctx, "window", None))
            box.setDetailedText(text)
            box.exec()
        finally:
            showing[0] = False

    sys.excepthook = hook


def load_qt_translations(app, lang: str) -> None:
    """Qt's own strings (OK, Cancel, Yes, No…) in the interface language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    for t in _translators:
        app.removeTranslator(t)
    _translators.clear()
    if lang == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if lang == "en":
        return
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    if getattr(sys, "frozen", False):
        folders.insert(0, os.path.join(getattr(sys, "_MEIPASS", ""), "PySide6", "Qt", "translations"))
    for base in ("qtbase", "qt"):
        tr = QTranslator(app)
        if any(tr.load(f"{base}_{lang}", folder) for folder in folders):
            app.installTranslator(tr)
            _translators.append(tr)
            break


def apply_language(app, lang: str | None) -> str:
    chosen = set_language(lang)
    load_qt_translations(app, chosen)
    return chosen


def book_language(book) -> str | None:
    from secretariat_app.actions.book import before_login

    try:
        return before_login(book).language
    except Exception:  # noqa: BLE001 — a language we cannot read is not a reason to stop
        return None


def _login_if_needed(ctx) -> bool:
    """The login hook: when ``gui/dialogs/login.py`` exists, its ``login(ctx)`` decides (it checks
    whether the book has users, asks for name and password, sets ``ctx.user``); ``True`` to go on."""
    import importlib

    try:
        module = importlib.import_module("secretariat_app.gui.dialogs.login")
    except ModuleNotFoundError as exc:
        if exc.name == "secretariat_app.gui.dialogs.login":
            return True
        raise
    return bool(module.login(ctx))


def choose_start_book(args, ctx, app):
    """The book to start with, asking through dialogs when needed; ``None`` when the user gave up."""
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    from secretariat_app.actions.book import default_book, open_book
    from secretariat_app.errors import BookError
    from secretariat_app.gui import recent
    from secretariat_app.gui.dialogs.welcome import WelcomeDialog

    ref = args.book
    if ref is None:
        ref = recent.last_existing_book()
        if ref is None and Path(default_book()).exists():
            ref = default_book()
    message = ""
    if ref is not None:
        try:
            return open_book(ref)
        except BookError as exc:
            message = exc.message
            QMessageBox.warning(None, _("Secretariat"), message)
    dlg = WelcomeDialog(ctx, None, message)
    return dlg.book if dlg.exec() else None


def _preload() -> None:
    """Import the Qt-free layers before PySide6: PySide6's import hook reads the source of every
    module imported after it, which costs ~0.2 s of the start for SQLAlchemy and the book layer."""
    import logging.handlers  # noqa: F401

    import babel.dates  # noqa: F401
    import babel.numbers  # noqa: F401
    import platformdirs  # noqa: F401

    from secretariat_app.actions.book import preload

    preload()


def _main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if "PySide6" not in sys.modules:
        _preload()
    if args.screenshots and not os.environ.get("QT_QPA_PLATFORM") and not os.environ.get("DISPLAY") \
            and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.platform.startswith("linux"):
        # Every widget is drawn by Qt's raster engine; probing GLX on X11 costs ~0.3 s of the start.
        os.environ.setdefault("QT_XCB_GL_INTEGRATION", "none")
    setup_logging()

    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.style import apply_style
    from secretariat_app.gui.widgets import app_icon

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "secretariat-app"])
    app.setWindowIcon(app_icon())
    apply_style(app)
    ctx = AppContext(screenshot_mode=bool(args.screenshots))
    install_excepthook(lambda: ctx, quiet=bool(args.screenshots))

    from secretariat_app.gui import recent

    apply_language(app, args.lang or recent.settings().value("language") or None)
    if args.screenshots:
        from secretariat_app.gui.screenshots import run_screenshots

        return run_screenshots(app, ctx, args)

    book = choose_start_book(args, ctx, app)
    if book is None:
        return 0
    if not args.lang:
        lang = apply_language(app, book_language(book))
        recent.settings().setValue("language", lang)
    ctx.book = book
    if not _login_if_needed(ctx):
        book.close()
        return 0

    from secretariat_app.gui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    if args.startup_probe:
        # Two turns of the event loop: the first paints the window, the second finds the loop idle.
        def ready() -> None:
            print(f"READY {time.perf_counter() - t0:.3f}", flush=True)
            window.remember = False
            window.close()

        QTimer.singleShot(0, lambda: QTimer.singleShot(0, ready))
    code = app.exec()
    try:
        ctx.book.close()
    except Exception:  # noqa: BLE001
        pass
    return code


def main(argv: list[str] | None = None) -> int:
    """The ``secretariat-app`` entry point. Run as the program (``argv`` None), it ends with a quick
    exit: everything is saved and closed by then (QSettings synced, the book's engine disposed, so
    SQLite has checkpointed), and skipping the interpreter's teardown of thousands of Qt objects
    saves most of a second and avoids teardown-order crashes in PySide."""
    code = _main(argv)
    if argv is None:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    main()
