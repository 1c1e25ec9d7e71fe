"""Voucher CSV: read a file into plain data, write plain rows to a file (CLI.md "Voucher CSV").

Header ``date,voucher,summary,account,debit,credit`` (UTF-8, a BOM accepted; an optional
``cashflow`` column carries the cash-flow row). Rows with the same month and number form one
voucher. ``read_vouchers_csv`` makes one streaming pass over the file and checks what the file
alone can tell (a date, a voucher number, a summary, amounts with at most two decimals on exactly
one side, a cash-flow row that is a number), keeping the parsed rows in the compact columns of a
``core.ledger.imports.VoucherBatch``; the book's rules and the writing are
``core.ledger.imports.import_vouchers``'s, run by the action in one transaction. This module never
touches the book.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path
from typing import Iterable

from secretariat_app.core.ledger.imports import VoucherBatch
from secretariat_app.core.money import fen_str, parse_amount
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _

REQUIRED = ("date", "voucher", "summary", "account", "debit", "credit")
_AMOUNT = re.compile(r"^(\d{1,15})(?:\.(\d{1,2}))?$")


def amount(text: str) -> int:
    """Fen of a positive CSV amount ('' → 0); raises DomainError for anything malformed."""
    if not text:
        return 0
    if len(text) > 3 and text[-3] == "." and text[:-3].isdigit() and text[-2:].isdigit() and text.isascii():
        return int(text[:-3]) * 100 + int(text[-2:])
    t = text.strip()
    if not t:
        return 0
    m = _AMOUNT.match(t)
    if m:
        return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    return parse_amount(t)


def _parse_date(text: str):
    try:
        d = date.fromisoformat(text.strip())
    except ValueError:
        from secretariat_app.core.validate import parse_date

        try:
            d = parse_date(text)
        except DomainError:
            return None
    return d


def _header(reader, name: str):
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise DomainError(_("The file {name} is empty.").format(name=name)) from None
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise DomainError(_("The file {name} lacks the columns: {cols} (header: date,voucher,summary,account,"
                            "debit,credit).").format(name=name, cols=", ".join(missing)))
    idx = [header.index(c) for c in REQUIRED]
    cf = header.index("cashflow") if "cashflow" in header else -1
    return idx, cf, max(idx + [cf]) + 1


def read_vouchers_csv(path: str | Path) -> VoucherBatch:
    """Read a voucher CSV into a ``VoucherBatch`` (the book's rules are checked when it is imported).

    DomainError when the file is not a UTF-8 CSV text, is empty or lacks a required column."""
    path = Path(path)
    try:
        return _read(path)
    except (UnicodeDecodeError, csv.Error) as exc:  # found by the importer fuzzing of issue 8
        raise DomainError(_("{name} is not a UTF-8 CSV text file ({reason}); save it as \"CSV UTF-8\".").format(
            name=path.name, reason=exc)) from None


def _read(path: Path) -> VoucherBatch:
    """One pass over the file: check every row, keep the good ones in columns."""
    batch = VoucherBatch(path.name)
    dates: dict[str, tuple | None] = {}  # date text → (ordinal, month key, year, month), None: not a date
    summaries: dict[str, str] = {}
    bad, loose, loose_codes = batch.bad, batch.loose, batch.loose_codes
    index, new_voucher = batch.index, batch.new_voucher
    vdebit, vcredit, vday = batch.debit, batch.credit, batch.day
    r_voucher, r_code, r_debit, r_credit, r_cf, r_summary, r_line = (batch.r_voucher, batch.r_code, batch.r_debit,
                                                                     batch.r_credit, batch.r_cashflow, batch.r_summary,
                                                                     batch.r_line)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        idx, cf_col, width = _header(reader, path.name)
        plain = idx == [0, 1, 2, 3, 4, 5]
        n = 1
        for raw in reader:
            n += 1
            if plain and len(raw) >= 6:
                d_s, v_s, summ, code, deb_s, cre_s = raw[0], raw[1], raw[2], raw[3], raw[4], raw[5]
            else:
                if not raw or (len(raw) == 1 and not raw[0].strip()):
                    continue
                raw = raw + [""] * (width - len(raw))
                d_s, v_s, summ, code, deb_s, cre_s = (raw[i] for i in idx)
            cf_s = raw[cf_col].strip() if cf_col >= 0 else ""
            errs = None
            dv = dates.get(d_s, ())
            if dv == ():  # (ordinal, key of the month, year, month)
                d = _parse_date(d_s)
                dv = dates[d_s] = (d.toordinal(), d.year * 100_000_000 + d.month * 1_000_000, d.year, d.month) \
                    if d else None
            try:
                num: int | None = int(v_s)
                if not 0 < num < 1_000_000:  # type: ignore[operator]
                    raise ValueError
            except ValueError:
                num = None
            try:  # the common shapes inline ("", "1234.50"), anything else through amount()
                if not deb_s:
                    deb = 0
                elif deb_s[-3:-2] == "." and deb_s[:-3].isdigit() and deb_s[-2:].isdigit():
                    deb = int(deb_s[:-3]) * 100 + int(deb_s[-2:])
                else:
                    deb = amount(deb_s)
                if not cre_s:
                    cre = 0
                elif cre_s[-3:-2] == "." and cre_s[:-3].isdigit() and cre_s[-2:].isdigit():
                    cre = int(cre_s[:-3]) * 100 + int(cre_s[-2:])
                else:
                    cre = amount(cre_s)
                if (deb != 0) == (cre != 0):
                    errs = [Problem(_("a line has an amount on exactly one side"), row=n, field="debit/credit")]
            except DomainError as exc:
                errs = [Problem(exc.message, row=n, field="debit/credit")]
                deb = cre = 0
            if dv is None or num is None or not summ.strip() or (cf_s and not _row_number(cf_s)):
                errs = _row_errors(errs, n, dv, d_s, num, v_s, summ, cf_s)
            if dv is None or num is None:
                loose.extend(errs or [])
                loose_codes.append((n, code))
                continue
            k = dv[1] + num
            i = index.get(k)
            if i is None:
                i = new_voucher(k, (dv[2], dv[3], num), dv[0], n)
            elif dv[0] < vday[i]:
                vday[i] = dv[0]
            if errs:
                bad.setdefault(i, []).extend(errs)
                # the account is still checked by the book's rules: keep the row, without amounts
                deb = cre = 0
            vdebit[i] += deb
            vcredit[i] += cre
            r_voucher.append(i)
            r_code.append(code)
            r_debit.append(deb)
            r_credit.append(cre)
            r_cf.append(_row_number(cf_s) if cf_s else 0)
            s = summaries.get(summ)
            if s is None:
                s = summaries[summ] = summ.strip()[:200]
            r_summary.append(s)
            r_line.append(n)
    return batch


def _row_number(text: str) -> int:
    """A cash-flow row as the file gives it (0: not a row number at all)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 5 else 0


def _row_errors(errs, n, dv, d_s, num, v_s, summ, cf_s) -> list[Problem]:
    errs = list(errs or [])
    if dv is None:
        errs.append(Problem(_("{text} is not a date (write it as 2023-02-14)").format(text=d_s), row=n, field="date"))
    if num is None:
        errs.append(Problem(_("{text} is not a voucher number").format(text=v_s), row=n, field="voucher"))
    if not summ.strip():
        errs.append(Problem(_("a summary is required"), row=n, field="summary"))
    if cf_s and not _row_number(cf_s):
        errs.append(Problem(_("{row} is not a row of the cash-flow statement").format(row=cf_s), row=n, field="cashflow"))
    return errs


# ---- export ------------------------------------------------------------------------------------

def write_vouchers_csv(path: str | Path, lines: Iterable[tuple], *, with_cashflow: bool = False) -> int:
    """Write voucher lines ``(date, number, summary, account code, debit fen, credit fen, cash-flow row)``
    as a voucher CSV; returns the number of lines written.

    A reversing voucher's negative amounts are written on the other side, positive, as the CSV
    format wants (the balances are the same).
    """
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(list(REQUIRED) + (["cashflow"] if with_cashflow else []))
        for day, num, summ, code, deb, cre, row in lines:
            if deb < 0 or cre < 0:
                deb, cre = -cre, -deb
            out = [day.isoformat(), num, summ, code, fen_str(deb) if deb else "", fen_str(cre) if cre else ""]
            if with_cashflow:
                out.append(row if row is not None else "")
            w.writerow(out)
            n += 1
    return n
