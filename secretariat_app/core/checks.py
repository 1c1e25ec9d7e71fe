"""Integrity checks of a book (``secretariat check``). Capabilities add their own checks.

A check is a function ``(book) -> list[str]`` returning problems (translated), empty when fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from sqlalchemy import text

from secretariat_app.i18n import N_, _

if TYPE_CHECKING:
    from secretariat_app.db.book import Book

CheckFn = Callable[["Book"], list[str]]
_CHECKS: list[tuple[str, CheckFn]] = []


def register_check(title: str) -> Callable[[CheckFn], CheckFn]:
    """Decorator: add a check shown under ``title`` (an N_() marked English string)."""

    def deco(fn: CheckFn) -> CheckFn:
        if all(f is not fn for _t, f in _CHECKS):
            _CHECKS.append((title, fn))
        return fn

    return deco


@dataclass
class CheckResult:
    title: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@register_check(N_("Database integrity"))
def _integrity(book) -> list[str]:
    if not book.is_sqlite:
        return []
    with book.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").all()]
    return [] if rows == ["ok"] else [_("integrity check: {detail}").format(detail=r) for r in rows[:20]]


@register_check(N_("Foreign keys"))
def _foreign_keys(book) -> list[str]:
    if not book.is_sqlite:
        return []  # PostgreSQL enforces them always
    with book.engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    return [_("table {table} row {rowid} points to a missing {parent} row").format(table=r[0], rowid=r[1], parent=r[2])
            for r in rows[:20]]


@register_check(N_("Schema version"))
def _schema_version(book) -> list[str]:
    from secretariat_app.db.revisions import current_revision, head_revision

    rev = current_revision(book.engine)
    head = head_revision()
    return [] if rev == head else [_("schema version {rev}, expected {head}").format(rev=rev, head=head)]


@register_check(N_("Book settings"))
def _settings(book) -> list[str]:
    with book.engine.connect() as conn:
        name = conn.execute(text("SELECT value FROM settings WHERE key = 'name'")).scalar()
    return [] if name else [_("the association's name is missing")]


def load_capability_checks() -> None:
    """Import every module that registers checks (each capability's ``checks`` module)."""
    import importlib

    for name in ("secretariat_app.core.members.checks", "secretariat_app.core.ledger.checks",
                 "secretariat_app.core.dues.checks", "secretariat_app.core.meetings.checks",
                 "secretariat_app.core.trust.checks"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name and not name.startswith(str(exc.name)):
                raise


def run_checks(book) -> list[CheckResult]:
    load_capability_checks()
    results = []
    for title, fn in _CHECKS:
        try:
            problems = fn(book)
        except Exception as exc:  # noqa: BLE001 — a check that cannot run is itself a finding
            problems = [_("the check could not run: {reason}").format(reason=exc)]
        results.append(CheckResult(_(title), problems))
    return results
