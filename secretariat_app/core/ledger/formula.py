"""The small formula language of the statement lines in the edition files.

A formula is a sum of signed terms, e.g. ``1001 + 1002 + 1009 - entrusted(1001,1002,1009)``:

- ``1001``                 an account (with its sub-accounts), signed by the account's own normal
                           side: balance sheet → balance, activities → movement of the period;
- ``rN``                   row N of the same statement (same column);
- ``entrusted(C,…)``       the balance of the 受托代理 cash sub-accounts under the codes;
- ``unclosed(U|R)``        income less expense not yet closed, by restriction (interim sheets);
- ``release()``            net assets released from restriction (Dr 3102 / Cr 3101);
- ``cf(N)``                cash-flow row N (in: debit − credit, out: credit − debit);
- ``breakdown(C,K)``       the K-th sub-account of C (业务活动成本 rows 13–16);
- ``input(KEY)``           a figure the user enters (current portions of long-term items);
- ``0``                    nothing (lines filled by analysis, zero unless entered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERM = re.compile(r"\s*([+-]?)\s*(r\d+|[a-z_]+\([^)]*\)|\d+)\s*")


@dataclass(frozen=True)
class Term:
    sign: int
    kind: str  # account | row | fn | zero
    name: str  # the code, the row number, or the function name
    args: tuple[str, ...] = ()


def parse(formula: str) -> list[Term]:
    """Parse a formula; raises ValueError on anything it does not know."""
    terms: list[Term] = []
    pos = 0
    text = formula.strip()
    while pos < len(text):
        m = _TERM.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"bad formula {formula!r} at {pos}")
        sign_s, body = m.group(1), m.group(2)
        if terms and not sign_s:
            raise ValueError(f"missing + or - in {formula!r}")
        sign = -1 if sign_s == "-" else 1
        if re.fullmatch(r"r\d+", body):
            terms.append(Term(sign, "row", body[1:]))
        elif "(" in body:
            name, rest = body.split("(", 1)
            args = tuple(a.strip() for a in rest[:-1].split(",") if a.strip())
            terms.append(Term(sign, "fn", name, args))
        elif body == "0":
            terms.append(Term(sign, "zero", "0"))
        else:
            terms.append(Term(sign, "account", body))
        pos = m.end()
    return terms


def evaluate(terms: list[Term], resolve) -> int:
    """Σ sign × resolve(term)."""
    return sum(t.sign * resolve(t) for t in terms if t.kind != "zero")
