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

# Extra sections of the Settings page contributed by capabilities: module with
# ``section(ctx) -> QWidget`` and ``TITLE`` (English source text, translated by the page).
SETTINGS_SECTIONS = [
    "secretariat_app.gui.settings_sections.members",   # levels, member number prefix
    "secretariat_app.gui.settings_sections.ledger",    # chart of accounts, editions, opening balances
    "secretariat_app.gui.settings_sections.dues",      # pro rata, receipt format
    "secretariat_app.gui.settings_sections.users",     # users and roles
    "secretariat_app.gui.settings_sections.backup",    # backups folder, keep last N, backup/restore
    "secretariat_app.gui.settings_sections.audit",     # audit log viewer
]

# Change areas used in ``Changes``: settings, members, ledger, dues, meetings, reports, users, audit.
