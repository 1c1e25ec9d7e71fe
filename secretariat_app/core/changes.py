"""What a user action changed, so that screens refresh only what it concerns (Anki's ``OpChanges``).

``areas`` names the capabilities touched (``members``, ``dues``, ``ledger``, ``meetings``,
``reports``, ``settings``, ``users``, ``backup``, ``bank``, ``archive``); the typed id sets say
which records: a member page showing member 12 reloads that row when ``12 in changes.members``,
and everything when the set is empty but the area is touched (``changes.all_of("members")``).

Actions return one of these with every result; the GUI broadcasts it on ``ctx.changed`` and the
CLI ignores it. Merging two (``a | b``) keeps both; ``Changes()`` is "nothing changed".
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: the record kinds a change can name, each with the area it belongs to
KINDS = {
    "members": "members",
    "levels": "members",
    "bills": "dues",
    "payments": "dues",
    "receipts": "dues",
    "vouchers": "ledger",
    "accounts": "ledger",
    "periods": "ledger",
    "meetings": "meetings",
    "reports": "reports",
    "settings": "settings",
    "users": "users",
    "statements": "bank",
}


@dataclass
class Changes:
    """The areas an action touched and, where it knows them, the ids of the records it wrote."""

    areas: set[str] = field(default_factory=set)
    members: set[int] = field(default_factory=set)
    levels: set[int] = field(default_factory=set)
    bills: set[int] = field(default_factory=set)
    payments: set[int] = field(default_factory=set)
    receipts: set[int] = field(default_factory=set)
    vouchers: set[int] = field(default_factory=set)
    accounts: set[str] = field(default_factory=set)
    periods: set[str] = field(default_factory=set)
    meetings: set[int] = field(default_factory=set)
    reports: set[str] = field(default_factory=set)
    settings: set[str] = field(default_factory=set)
    users: set[int] = field(default_factory=set)
    statements: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.areas = set(self.areas)

    def add(self, *areas: str) -> "Changes":
        """Mark whole areas as changed (a page of that area reloads everything it shows)."""
        self.areas.update(areas)
        return self

    def record(self, kind: str, *ids) -> "Changes":
        """Name records of one kind as changed (``record("members", 12, 13)``); marks their area."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind of change: {kind}")
        getattr(self, kind).update(i for i in ids if i is not None)
        self.areas.add(KINDS[kind])
        return self

    def touches(self, *areas: str) -> bool:
        return bool(self.areas.intersection(areas))

    def all_of(self, area: str) -> bool:
        """The area changed and no record of it is named: whatever shows it reloads all."""
        if area not in self.areas:
            return False
        return not any(getattr(self, k) for k, a in KINDS.items() if a == area)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def __or__(self, other: "Changes") -> "Changes":
        out = Changes(set(self.areas) | set(other.areas))
        for kind in KINDS:
            getattr(out, kind).update(getattr(self, kind), getattr(other, kind))
        return out

    def merge(self, other: "Changes | None") -> "Changes":
        """Add ``other`` into this one (in place) and return it."""
        if other is not None:
            self.areas.update(other.areas)
            for kind in KINDS:
                getattr(self, kind).update(getattr(other, kind))
        return self
