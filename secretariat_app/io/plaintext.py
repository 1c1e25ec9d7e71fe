"""Export the books as plain-text accounting files: an hledger journal and a beancount file.

Both programs accept the files and find every transaction balanced (``hledger -f F bal``,
``bean-check F``). The opening balances become one transaction on 1 January (they sum to zero,
3101/3102 included); then every voucher, whatever its state, in date order, with its number
(记-N) and state. A reversing (红字) voucher keeps its negative amounts.

hledger accounts read like the chart: ``资产:1002 银行存款``, ``收入:4201 会费收入:420101
非限定性收入``. beancount wants ASCII-led components under its five roots, so accounts are
``Assets:1002``, ``Income:4201:420101`` with the Chinese name as ``name:`` metadata on ``open``.
"""

from __future__ import annotations

from pathlib import Path

from secretariat_app.core.ledger.exports import Journal
from secretariat_app.core.money import fen_str

HLEDGER_ROOTS = {"asset": "资产", "liability": "负债", "net_assets": "净资产", "income": "收入", "expense": "费用"}
HLEDGER_TYPES = {"asset": "A", "liability": "L", "net_assets": "E", "income": "R", "expense": "X"}
BEAN_ROOTS = {"asset": "Assets", "liability": "Liabilities", "net_assets": "Equity", "income": "Income",
              "expense": "Expenses"}
STATE_MARK = {"posted": "*", "reviewed": "!", "prepared": "!"}


def _hledger_name(accounts, code: str) -> str:
    parts = [HLEDGER_ROOTS[accounts[code].category]]
    for n in range(4, len(code) + 1, 2):
        c = code[:n]
        parts.append(f"{c} {accounts[c].name}")
    return ":".join(parts)


def _bean_name(accounts, code: str) -> str:
    return ":".join([BEAN_ROOTS[accounts[code].category]] + [code[:n] for n in range(4, len(code) + 1, 2)])


def _amount(fen: int) -> str:
    return f"{fen_str(fen)} CNY"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_hledger(path: str | Path, book: Journal) -> int:
    """Write an hledger journal; returns the number of postings written."""
    accounts = book.accounts
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("; Secretariat — 记账凭证 (hledger journal)\n")
        for cat, root in HLEDGER_ROOTS.items():
            fh.write(f"account {root}  ; type: {HLEDGER_TYPES[cat]}\n")
        fh.write("commodity 1,000.00 CNY\n\n")
        if book.opening:
            fh.write(f"{book.first_date.isoformat()} * 期初余额\n")
            for code, fen in book.opening:
                fh.write(f"    {_hledger_name(accounts, code)}  {_amount(fen)}\n")
                n += 1
            fh.write("\n")
        for (vday, y, m, num, summary, state), lines in book.vouchers:
            fh.write(f"{vday.isoformat()} {STATE_MARK.get(state, '!')} ({y}-{m:02d} 记-{num}) {summary}"
                     f"  ; state: {state}\n")
            for code, lsum, deb, cre in lines:
                comment = f"  ; {lsum}" if lsum and lsum != summary else ""
                fh.write(f"    {_hledger_name(accounts, code)}  {_amount(deb - cre)}{comment}\n")
                n += 1
            fh.write("\n")
    return n


def write_beancount(path: str | Path, book: Journal) -> int:
    """Write a beancount file; returns the number of postings written."""
    accounts = book.accounts
    first = book.first_date
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('; Secretariat — 记账凭证 (beancount)\noption "operating_currency" "CNY"\n\n')
        for code, a in accounts.items():
            if a.leaf:
                fh.write(f"{first.isoformat()} open {_bean_name(accounts, code)} CNY\n  name: {_quote(a.full_name)}\n")
        fh.write("\n")
        if book.opening:
            fh.write(f'{first.isoformat()} * "期初余额"\n')
            for code, fen in book.opening:
                fh.write(f"  {_bean_name(accounts, code)}  {_amount(fen)}\n")
                n += 1
            fh.write("\n")
        for (vday, y, m, num, summary, state), lines in book.vouchers:
            fh.write(f"{vday.isoformat()} {STATE_MARK.get(state, '!')} {_quote(f'{y}-{m:02d} 记-{num}')} {_quote(summary)}\n")
            fh.write(f"  state: {_quote(state)}\n")
            for code, lsum, deb, cre in lines:
                fh.write(f"  {_bean_name(accounts, code)}  {_amount(deb - cre)}\n")
                if lsum and lsum != summary:
                    fh.write(f"    summary: {_quote(lsum)}\n")
                n += 1
            fh.write("\n")
    return n
