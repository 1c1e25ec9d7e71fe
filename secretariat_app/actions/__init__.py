"""The use cases: one module per capability, one function per user action or query.

Front ends (``gui``, ``cli``) call only these. Each action checks the right (fail-closed), masks
personal data by role, runs one unit of work, writes its audit entries in that transaction and
returns a plain result with the ``Changes`` it made. ``base.py`` holds the kernel; the capability
modules are imported by name (``from secretariat_app.actions import members``) so that the
program starts without loading every capability.
"""

from __future__ import annotations

from secretariat_app.actions.base import Actor, Outcome, Uow, action, inside_action, is_action, query

__all__ = ["Actor", "Outcome", "Uow", "action", "query", "inside_action", "is_action"]
