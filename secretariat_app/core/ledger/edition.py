"""Editions of the NPO accounting standard, held as data (DOMAIN.md §3 "Editions").

One JSON file per edition in ``editions/`` (``npo2004.json`` = 财会〔2004〕7号): the chart of
accounts with class and normal balance, the statement lines with row numbers, official item
names and formulas (``formula.py``), the identities to check, and the cash-flow row suggested by
the counterpart account. Adding the 2026 edition is a new file: its ``predecessor`` and
``opening_map`` ({old code: new code}, unlisted codes carry over unchanged) tell
``periods.open_year`` how to carry the last balances of the old chart into the new one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

EDITIONS_DIR = Path(__file__).resolve().parent / "editions"
DEFAULT_EDITION = "npo2004"
# Extra folders searched for edition files (tests register a fake future edition here).
SEARCH_PATH: list[Path] = []


@dataclass(frozen=True)
class EditionAccount:
    seq: int
    code: str
    name: str
    category: str  # asset | liability | net_assets | income | expense
    normal: str  # "D" | "C"
    restriction: str | None = None


@dataclass
class Edition:
    code: str
    title: str
    short_title: str
    first_year: int
    predecessor: str | None
    opening_map: dict[str, str]
    categories: dict[str, str]
    accounts: list[EditionAccount]
    cash_accounts: tuple[str, ...]
    net_assets: dict[str, str]
    cashflow: dict
    statements: dict
    identities: list[dict]
    signatures: list[str]
    raw: dict = field(repr=False, default_factory=dict)

    @property
    def in_rows(self) -> frozenset[int]:
        return frozenset(self.cashflow["in_rows"])

    @property
    def out_rows(self) -> frozenset[int]:
        return frozenset(self.cashflow["out_rows"])

    @property
    def cashflow_rows(self) -> frozenset[int]:
        return self.in_rows | self.out_rows

    def lines(self, statement: str) -> list[dict]:
        return self.statements[statement]["lines"]

    def row_item(self, statement: str, row: int) -> str:
        for ln in self.lines(statement):
            if ln.get("row") == row:
                return ln["item"]
        raise KeyError(row)


def _files() -> dict[str, Path]:
    return dict(_files_in(tuple(str(p) for p in SEARCH_PATH)))


@lru_cache(maxsize=8)
def _files_in(extra: tuple[str, ...]) -> tuple[tuple[str, Path], ...]:
    found: dict[str, Path] = {}
    for folder in [EDITIONS_DIR, *map(Path, extra)]:
        for p in sorted(Path(folder).glob("*.json")):
            found[p.stem] = p
    return tuple(found.items())


def available_editions() -> list[str]:
    """Edition codes, oldest first (by the first fiscal year they apply to)."""
    return sorted(_files(), key=lambda c: (load_edition(c).first_year, c))


@lru_cache(maxsize=None)
def _load_cached(code: str, path: str, mtime: float) -> Edition:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if raw.get("code") != code:
        raise ValueError(f"edition file {path} declares code {raw.get('code')!r}")
    accounts = [EditionAccount(seq=a["seq"], code=a["code"], name=a["name"], category=a["category"],
                               normal=a["normal"], restriction=a.get("restriction")) for a in raw["accounts"]]
    return Edition(code=code, title=raw["title"], short_title=raw.get("short_title", raw["title"]),
                   first_year=int(raw.get("first_year", 1900)), predecessor=raw.get("predecessor"),
                   opening_map=dict(raw.get("opening_map") or {}), categories=raw["categories"],
                   accounts=accounts, cash_accounts=tuple(raw["cash_accounts"]), net_assets=raw["net_assets"],
                   cashflow=raw["cashflow"], statements=raw["statements"], identities=raw["identities"],
                   signatures=raw.get("signatures", []), raw=raw)


def load_edition(code: str | None = None) -> Edition:
    """The edition ``code`` (default: the 2004 edition)."""
    from secretariat_app.errors import DomainError
    from secretariat_app.i18n import _

    code = code or DEFAULT_EDITION
    path = _files().get(code)
    if path is None:
        raise DomainError(_("Unknown edition of the accounting standard: {code}").format(code=code))
    return _load_cached(code, str(path), path.stat().st_mtime)


def edition_for_new_year(year: int, previous: str | None) -> str:
    """The edition a new fiscal year follows: the previous year's, unless a later edition that
    names it as predecessor applies from ``year`` on (the 2026 revision, once its file exists)."""
    current = previous or DEFAULT_EDITION
    changed = True
    while changed:
        changed = False
        for code in available_editions():
            ed = load_edition(code)
            if ed.predecessor == current and ed.first_year <= year:
                current, changed = code, True
                break
    return current
