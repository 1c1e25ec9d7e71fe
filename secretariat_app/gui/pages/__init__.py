"""The main window's pages, in navigation order: (key, module, class name).

A page module that does not exist yet is skipped by the shell; every page is a ``Page``
(``gui/pages/base.py``).
"""

PAGES = [
    ("dashboard", "secretariat_app.gui.pages.dashboard", "DashboardPage"),
    ("members", "secretariat_app.gui.pages.members", "MembersPage"),
    ("dues", "secretariat_app.gui.pages.dues", "DuesPage"),
    ("books", "secretariat_app.gui.pages.books", "BooksPage"),
    ("meetings", "secretariat_app.gui.pages.meetings", "MeetingsPage"),
    ("reports", "secretariat_app.gui.pages.reports", "ReportsPage"),
    ("settings", "secretariat_app.gui.pages.settings", "SettingsPage"),
]

# Dashboard cards contributed by capabilities: module with ``cards(ctx) -> list[QWidget]``.
CARD_MODULES = [
    "secretariat_app.gui.cards.members",
    "secretariat_app.gui.cards.dues",
    "secretariat_app.gui.cards.books",
    "secretariat_app.gui.cards.meetings",
]
