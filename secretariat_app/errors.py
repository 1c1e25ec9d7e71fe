"""Errors the user sees: a translated message, optionally naming the field or row.

This module sits below every layer (db, core, io, pdf, actions and the front ends raise and catch
these), so it imports nothing of the program but the translation function, and that only lazily."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """One thing wrong with the input: where (row/field) and why, already translated."""

    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        from secretariat_app.i18n import _

        parts = []
        if self.row is not None:
            parts.append(_("row {row}").format(row=self.row))
        if self.field:
            parts.append(_("column {field}").format(field=self.field) if self.row is not None else self.field)
        prefix = ", ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class DomainError(Exception):
    """A refusal: bad input or a rule of the domain. Nothing has been written.

    ``message`` is already in the user's language. ``problems`` lists every bad row/field when
    there are several (imports report all of them at once).
    """

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None,
                 problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row
        self.problems = list(problems or [])

    def __str__(self) -> str:
        head = self.message
        if self.field and not self.problems:
            head = f"{self.field}: {self.message}"
        if self.problems:
            return head + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        return head


class BookError(DomainError):
    """The book itself cannot be used: not a book, too new, locked, missing."""


class PermissionDenied(DomainError):  # noqa: N818 — the name the whole program and its tests use
    """The current user's role does not allow the action."""
