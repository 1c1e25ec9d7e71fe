"""Welcome (欢迎): shown when no book was given and there is no default book, or a book would not open.

Offers a new book, an existing book (a file, or one of the recent books) and the demo association.
On accept, ``dialog.book`` is the open book.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from secretariat_app.actions import book as book_actions
from secretariat_app.gui import operations, recent
from secretariat_app.gui.dialogs import DEMO_NAME, choose_book_file, open_book_op
from secretariat_app.gui.widgets import icon, icon_pixmap
from secretariat_app.gui.widgets.common import Banner
from secretariat_app.i18n import _


class ChoiceButton(QPushButton):
    """A large button: icon, title and a line of explanation."""

    def __init__(self, icon_name: str, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(66)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setStyleSheet("QPushButton { text-align: left; padding: 8px 14px; }")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 6, 16, 6)
        lay.setSpacing(14)
        pic = QLabel()
        pic.setPixmap(icon_pixmap(icon_name, "#2f6fde", 26))
        lay.addWidget(pic)
        texts = QVBoxLayout()
        texts.setSpacing(1)
        t = QLabel(title)
        t.setStyleSheet("font-size: 14px; font-weight: bold;")
        d = QLabel(text)
        d.setProperty("role", "muted")
        texts.addWidget(t)
        texts.addWidget(d)
        lay.addLayout(texts, 1)
        for w in (pic, t, d):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


class WelcomeDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, message: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.book = None
        self.op = None
        self.setWindowTitle(_("Welcome to Secretariat"))
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(600)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 24, 28, 18)
        lay.setSpacing(12)
        head = QHBoxLayout()
        head.setSpacing(16)
        logo = QLabel()
        logo.setPixmap(icon_pixmap("app", "#2f6fde", 52))
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        title = QLabel(_("Welcome to Secretariat"))
        title.setProperty("role", "pageTitle")
        sub = QLabel(_("Members, dues, accounts, meetings and annual reports for the secretariat of an "
                       "industry association or chamber of commerce."))
        sub.setWordWrap(True)
        sub.setProperty("role", "muted")
        texts.addWidget(title)
        texts.addWidget(sub)
        head.addLayout(texts, 1)
        lay.addLayout(head)
        self.banner = Banner("error")
        lay.addWidget(self.banner)
        if message:
            self.banner.show_message(message)
        self.new_button = ChoiceButton("new-book", _("New book"), _("Start the book of an association"))
        self.open_button = ChoiceButton("open-book", _("Open a book"), _("Open a book file kept elsewhere"))
        self.demo_button = ChoiceButton("demo", _("Demo book"), _("Try the program on a sample association"))
        self.new_button.clicked.connect(self._new)
        self.open_button.clicked.connect(self._open_file)
        self.demo_button.clicked.connect(self._demo)
        for b in (self.new_button, self.open_button, self.demo_button):
            lay.addWidget(b)
        self.recent_list = QListWidget()
        self.recent_list.setIconSize(QSize(18, 18))
        for item in recent.recent_books():
            if recent.book_exists(item["book"]):
                it = QListWidgetItem(icon("books"), f"{item.get('name') or '—'}    {item['book']}")
                it.setData(Qt.ItemDataRole.UserRole, item["book"])
                self.recent_list.addItem(it)
        if self.recent_list.count():
            rl = QLabel(_("Recent books"))
            rl.setProperty("role", "sectionTitle")
            lay.addWidget(rl)
            self.recent_list.setMaximumHeight(min(32 * self.recent_list.count() + 6, 150))
            self.recent_list.itemActivated.connect(lambda it: self._open(it.data(Qt.ItemDataRole.UserRole)))
            lay.addWidget(self.recent_list)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        quit_button = QPushButton(_("Quit"))
        quit_button.clicked.connect(self.reject)
        bottom.addWidget(quit_button)
        lay.addLayout(bottom)

    def reject(self) -> None:
        if self.op is not None and self.op.running:  # a book is being opened or built
            return
        super().reject()

    def _busy(self, busy: bool) -> None:
        for b in (self.new_button, self.open_button, self.demo_button, self.recent_list):
            b.setEnabled(not busy)

    def _done(self, book) -> None:
        self.book = book
        self.accept()

    def _failed(self, exc) -> None:
        self.banner.show_message(exc.message if hasattr(exc, "message") else str(exc))

    def _new(self) -> None:
        from secretariat_app.gui.dialogs.new_book import NewBookDialog

        dlg = NewBookDialog(self.ctx, self)
        if dlg.exec() and dlg.book is not None:
            self._done(dlg.book)

    def _open_file(self) -> None:
        path = choose_book_file(self)
        if path:
            self._open(path)

    def _open(self, ref: str) -> None:
        self.banner.clear()
        self._busy(True)
        self.op = open_book_op(self.ctx, ref, parent=self, on_done=self._done, on_error=self._failed,
                               on_finally=lambda: self._busy(False))

    def _demo(self) -> None:
        path = book_actions.books_folder() / "demo.sqlite"
        if path.exists():
            self._open(str(path))
            return
        self.banner.clear()
        self._busy(True)
        self.op = operations.run_op(book_actions.create, str(path), DEMO_NAME, demo=True,
                                    parent=self, title=_("Building the demo book…"), cancellable=False,
                                    on_done=lambda actor: self._done(actor.book),
                                    on_error=self._failed, on_finally=lambda: self._busy(False),
                                    show_error=self.ctx.show_error)
