"""Cash-flow rows of voucher lines (现金流量表, direct method; DOMAIN.md §3, NPO-FORMS-2004.md §4).

Every line on an organisation cash account (1001/1002/1009 and their sub-accounts, except those
held for others — 受托代理) of a voucher that also touches a non-cash account carries one row of
the 现金流量表. The suggestion comes from the counterpart account as the edition's data lists it
(``cashflow.suggestions``: top-level code → row for money in / money out), the counterpart
being the non-cash line with the largest amount on the other side. A voucher that only moves
money between cash accounts has no cash flow, so its lines carry no row. With every cash line
so tagged, row 61 equals the change of 货币资金 by construction; ``statements`` still checks it.
"""

from __future__ import annotations

from secretariat_app.core.ledger.edition import Edition


def suggest_row(edition: Edition, counterpart_code: str | None, inflow: bool) -> int | None:
    """The row for a cash line going ``inflow`` against ``counterpart_code`` (None: no counterpart)."""
    if counterpart_code is None:
        return None
    sugg = edition.cashflow["suggestions"]
    direction = "in" if inflow else "out"
    for length in range(len(counterpart_code), 3, -2):
        entry = sugg.get(counterpart_code[:length])
        if entry is not None:
            return int(entry[direction])
    return int(edition.cashflow["default"][direction])


def alternatives(edition: Edition, counterpart_code: str) -> list[int]:
    """Other rows the form allows for this counterpart (5101 may be row 14 or 16)."""
    entry = edition.cashflow["suggestions"].get(counterpart_code[:4], {})
    return list(entry.get("alternatives", []))


def fill_rows(edition: Edition, is_cash, lines: list[list]) -> None:
    """Fill and clear the cash-flow rows of normalized voucher lines in place.

    ``lines`` are ``[summary, code, debit, credit, row]`` lists; ``is_cash(code)`` tells org cash.
    Rows given by the caller are kept on cash lines; non-cash lines and all-cash vouchers get none.
    """
    cash = [is_cash(ln[1]) for ln in lines]
    if all(cash) or not any(cash):
        for ln in lines:
            ln[4] = None
        return
    for i, ln in enumerate(lines):
        if not cash[i]:
            ln[4] = None
            continue
        if ln[4] is not None:
            continue
        inflow = (ln[2] - ln[3]) > 0 if (ln[2] or ln[3]) else True
        ln[4] = suggest_row(edition, counterpart(lines, cash, i), inflow)


def counterpart(lines: list[list], cash: list[bool], i: int) -> str | None:
    """The non-cash line with the largest amount on the other side of line ``i`` (else any)."""
    own_debit = lines[i][2] != 0
    best, best_amt = None, -1
    for j, ln in enumerate(lines):
        if cash[j]:
            continue
        other_side = (ln[3] != 0) if own_debit else (ln[2] != 0)
        amt = abs(ln[2] or ln[3]) + (10 ** 15 if other_side else 0)
        if amt > best_amt:
            best, best_amt = ln[1], amt
    return best
