"""Books: open one for use (and log in), the book's language; later: create, check, settings.

``open_for_use`` is the one way a front end gets an ``Actor``: it opens (and, after a backup,
upgrades) the book and, when the book has users, logs the user in. It is not an ``@action`` — there
is nobody acting yet — but everything after it is.
"""

from __future__ import annotations

import os
from typing import Callable

from secretariat_app.actions.base import Actor, Uow, query
from secretariat_app.errors import PermissionDenied
from secretariat_app.i18n import _


def open_for_use(book_arg=None, *, user: str | None = None, password: str | None = None,
                 ask_password: Callable[[str], str] | None = None, upgrade_ok: bool = True,
                 use_language: Callable[[str], None] | None = None) -> Actor:
    """Open ``book_arg`` (path, URL, or None for the default book) and log ``user`` in if it has users.

    The password comes from ``password``, else ``SECRETARIAT_PASSWORD``, else ``ask_password(user)``.
    A book with users and no ``user`` is refused (PermissionDenied); the book is closed again on any
    refusal. ``use_language`` is called with the book's language before the login, so that the
    login's own messages come in it."""
    from secretariat_app.core.auth import book_has_users
    from secretariat_app.core.trust.users import login
    from secretariat_app.db.book import open_book

    book = open_book(book_arg, upgrade_ok=upgrade_ok)
    try:
        with book.session() as s:
            has_users = book_has_users(s)
            if use_language is not None:
                use_language(_language(s))
        if not has_users:
            return Actor(book, None)
        if not user:
            raise PermissionDenied(_("This book has users: give --user NAME (the password is read from "
                                     "SECRETARIAT_PASSWORD or asked for)."))
        if password is None:
            password = os.environ.get("SECRETARIAT_PASSWORD")
        if password is None and ask_password is not None:
            password = ask_password(user)
        with book.session() as s:  # login() commits its own bookkeeping (failed attempts, last login)
            principal = login(s, user, password or "")
        return Actor(book, principal)
    except BaseException:
        book.close()
        raise


def _language(session) -> str:
    from secretariat_app.core.book_settings import get_value

    return get_value(session, "language", "zh_CN") or "zh_CN"


@query()
def language(uow: Uow) -> str:
    """The book's language setting (``zh_CN`` or ``en``)."""
    return _language(uow.session)
