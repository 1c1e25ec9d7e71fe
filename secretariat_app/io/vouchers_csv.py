"""Voucher CSV import and export (CLI.md "Voucher CSV"; DOMAIN.md §3 Vouchers).

Header ``date,voucher,summary,account,debit,credit`` (UTF-8, a BOM accepted; an optional
``cashflow`` column carries the cash-flow row). Rows with the same month and number form one
voucher. The import is whole or nothing: a first pass reads the file and validates every row
with set lookups (unknown or non-leaf or disabled account, malformed amount, both or no side,
date malformed or in a closed period, unbalanced voucher) and names every bad voucher; only a
clean file is written, by a second streaming pass in one transaction (``core.ledger.bulk``).

Numbers: a month's vouchers keep the file's order; they are numbered after the vouchers the
book already has in that month, without gaps. Imported vouchers are posted (they come from
books already kept) unless ``state="prepared"``; their cash lines get the suggested cash-flow
row unless the file gives one.
"""

from __future__ import annotations

import csv
import re
from array import array
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.errors import DomainError, Problem
from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.bulk import BulkWriter
from secretariat_app.core.ledger.cashflow import suggest_row
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.core.ledger.models import NORMAL, POSTED, PREPARED, FiscalYear, Voucher, bucket_of
from secretariat_app.core.ledger.periods import closed_months, ensure_year, log, year_edition
from secretariat_app.core.money import fen_str, parse_amount
from secretariat_app.db.session import transaction
from secretariat_app.i18n import _

REQUIRED = ("date", "voucher", "summary", "account", "debit", "credit")
_AMOUNT = re.compile(r"^(\d{1,15})(?:\.(\d{1,2}))?$")
MAX_PROBLEMS = 500


@dataclass
class ImportResult:
    vouchers: int
    lines: int
    months: list[str]


class _Reader:
    """Opens the CSV, maps the header, parses dates and amounts fast (caches, regex)."""

    def __init__(self, path: Path):
        self.path = path
        self.dates: dict[str, date | None] = {}

    def rows(self):
        with open(self.path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = [h.strip().lower() for h in next(reader)]
            except StopIteration:
                raise DomainError(_("The file {name} is empty.").format(name=self.path.name)) from None
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise DomainError(_("The file {name} lacks the columns: {cols} (header: date,voucher,summary,account,"
                                    "debit,credit).").format(name=self.path.name, cols=", ".join(missing)))
            idx = [header.index(c) for c in REQUIRED]
            cf = header.index("cashflow") if "cashflow" in header else -1
            width = max(idx + [cf]) + 1
            for n, raw in enumerate(reader, 2):
                if not raw or (len(raw) == 1 and not raw[0].strip()):
                    continue
                if len(raw) < width:
                    raw = raw + [""] * (width - len(raw))
                yield n, [raw[i] for i in idx], (raw[cf].strip() if cf >= 0 else "")

    def date(self, text: str) -> date | None:
        d = self.dates.get(text, False)
        if d is False:
            try:
                d = date.fromisoformat(text.strip())
            except ValueError:
                try:
                    from secretariat_app.core.validate import parse_date

                    d = parse_date(text)
                except DomainError:
                    d = None
            self.dates[text] = d
        return d


def amount(text: str) -> int:
    """Fen of a positive CSV amount ('' → 0); raises DomainError for anything malformed."""
    text = text.strip()
    if not text:
        return 0
    m = _AMOUNT.match(text)
    if m:
        return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    return parse_amount(text)


class _Plan:
    """Pass 1: per-voucher aggregates in compact arrays, indexed by first appearance."""

    def __init__(self):
        self.index: dict[tuple[int, int, int], int] = {}
        self.keys: list[tuple[int, int, int]] = []
        self.day = array("l")
        self.debit = array("q")
        self.credit = array("q")
        self.first_row = array("l")
        self.nc_debit = array("l")   # account id of the largest non-cash debit line (0: none)
        self.nc_debit_amt = array("q")
        self.nc_credit = array("l")
        self.nc_credit_amt = array("q")
        self.flags = array("b")      # 1: has a cash line, 2: has a non-cash line, 4: has a bad row

    def voucher(self, key, day: date, row: int) -> int:
        i = self.index.get(key)
        if i is None:
            i = len(self.keys)
            self.index[key] = i
            self.keys.append(key)
            self.day.append(day.toordinal())
            for arr in (self.debit, self.credit, self.nc_debit, self.nc_debit_amt, self.nc_credit, self.nc_credit_amt):
                arr.append(0)
            self.first_row.append(row)
            self.flags.append(0)
        elif day.toordinal() < self.day[i]:
            self.day[i] = day.toordinal()
        return i


def _label(key) -> str:
    y, m, n = key
    return f"{y}-{m:02d} 记-{n}"


def import_vouchers(session: Session, path: str | Path, *, state: str = POSTED, user: str = "") -> ImportResult:
    """Import a voucher CSV whole or not at all (see the module docstring)."""
    path = Path(path)
    if state not in (POSTED, PREPARED):
        raise ValueError(state)
    reader = _Reader(path)
    chart = load_chart(session)
    leaf: dict[str, int] = {}
    problems_acc: dict[str, str] = {}
    for code, a in chart.by_code.items():
        if not a.is_leaf:
            problems_acc[code] = _("{code} has sub-accounts; post to one of them").format(code=code)
        elif a.disabled:
            problems_acc[code] = _("account {code} is disabled").format(code=code)
        else:
            leaf[code] = a.id
    edition_cache = {}

    def edition(year):
        if year not in edition_cache:
            edition_cache[year] = load_edition(year_edition(session, year))
        return edition_cache[year]

    cash_ids = {a.id for c, a in chart.by_code.items() if c[:4] in edition(date.today().year).cash_accounts
                and not chart.entrusted(c)}
    closed = closed_months(session)
    base = session.scalar(select(func.min(FiscalYear.year)).where(FiscalYear.opening_base.is_(True)))

    plan, problems, bad_count = _validate(reader, leaf, problems_acc, cash_ids, closed, base, edition)
    if problems:
        more = bad_count - len(problems)
        msg = _("Nothing was imported from {name}; these vouchers are wrong:").format(name=path.name)
        if more > 0:
            problems.append(Problem(_("… and {n} more").format(n=more)))
        raise DomainError(msg, problems=problems)
    if not plan.keys:
        raise DomainError(_("The file {name} has no voucher lines.").format(name=path.name))
    with transaction(session):
        return _write(session, reader, plan, leaf, cash_ids, state, user, edition, chart)


def _validate(reader, leaf, problems_acc, cash_ids, closed, base, edition):
    plan = _Plan()
    bad: dict[int, list[Problem]] = {}
    row_problems: list[Problem] = []
    for n, (d_s, v_s, summ, code, deb_s, cre_s), cf_s in reader.rows():
        errs = []
        day = reader.date(d_s)
        if day is None:
            errs.append(Problem(_("{text} is not a date (write it as 2023-02-14)").format(text=d_s), row=n, field="date"))
        num = int(v_s) if v_s.strip().isdigit() and 0 < int(v_s) < 1_000_000 else None
        if num is None:
            errs.append(Problem(_("{text} is not a voucher number").format(text=v_s), row=n, field="voucher"))
        acc = leaf.get(code.strip())
        if acc is None:
            errs.append(Problem(problems_acc.get(code.strip()) or _("there is no account {code}").format(code=code or "—"),
                                row=n, field="account"))
        try:
            deb, cre = amount(deb_s), amount(cre_s)
            if (deb != 0) == (cre != 0):
                errs.append(Problem(_("a line has an amount on exactly one side"), row=n, field="debit/credit"))
        except DomainError as exc:
            errs.append(Problem(exc.message, row=n, field="debit/credit"))
            deb = cre = 0
        if cf_s and not (cf_s.isdigit() and day and int(cf_s) in edition(day.year).cashflow_rows):
            errs.append(Problem(_("{row} is not a row of the cash-flow statement").format(row=cf_s), row=n, field="cashflow"))
        if not summ.strip():
            errs.append(Problem(_("a summary is required"), row=n, field="summary"))
        if day is None or num is None:
            row_problems.extend(errs)
            continue
        key = (day.year, day.month, num)
        i = plan.voucher(key, day, n)
        if errs:
            plan.flags[i] |= 4
            bad.setdefault(i, []).extend(errs)
            continue
        plan.debit[i] += deb
        plan.credit[i] += cre
        if acc in cash_ids:
            plan.flags[i] |= 1
        else:
            plan.flags[i] |= 2
            if deb > plan.nc_debit_amt[i]:
                plan.nc_debit[i], plan.nc_debit_amt[i] = acc, deb
            if cre > plan.nc_credit_amt[i]:
                plan.nc_credit[i], plan.nc_credit_amt[i] = acc, cre
    problems: list[Problem] = list(row_problems[:MAX_PROBLEMS])
    count = len(row_problems)
    for i, key in enumerate(plan.keys):
        y, m, _n = key
        head = _("voucher {voucher}").format(voucher=_label(key))
        issues = []
        if (y, m) in closed:
            issues.append(_("the period {period} is closed").format(period=f"{y}-{m:02d}"))
        if base is not None and y < base:
            issues.append(_("it is dated before the book's opening balances ({year})").format(year=base))
        if not plan.flags[i] & 4:
            # Every good line has one non-zero side, so a balanced voucher has two lines or more.
            if plan.debit[i] != plan.credit[i]:
                issues.append(_("debits {debit} and credits {credit} differ").format(
                    debit=fen_str(plan.debit[i]), credit=fen_str(plan.credit[i])))
        if issues or i in bad:
            count += 1
            if len(problems) < MAX_PROBLEMS:
                for p in bad.get(i, []):
                    p.message = f"{head}: {p.message}"
                    problems.append(p)
                if issues:
                    problems.append(Problem(f"{head}: " + "; ".join(issues), row=plan.first_row[i]))
    return plan, problems, count


def _write(session, reader, plan, leaf, cash_ids, state, user, edition, chart) -> ImportResult:
    months = sorted({(y, m) for y, m, _n in plan.keys})
    existing = dict(session.execute(select(Voucher.year * 100 + Voucher.month, func.max(Voucher.number))
                                    .group_by(Voucher.year, Voucher.month)).all())
    number: dict[tuple, int] = {}
    by_month: dict[tuple, list] = {}
    for key in plan.keys:
        by_month.setdefault(key[:2], []).append(key[2])
    for ym, nums in by_month.items():
        start = int(existing.get(ym[0] * 100 + ym[1]) or 0)
        for rank, n in enumerate(sorted(nums), 1):
            number[(ym[0], ym[1], n)] = start + rank
    for y in sorted({y for y, _m in months}):
        ensure_year(session, y)
    session.flush()
    w = BulkWriter(session)
    first_id = w.next_voucher_id()
    code_of = {i: c for c, i in leaf.items()}
    suggestion: dict[tuple, int] = {}
    seq = array("l", [0]) * len(plan.keys)
    acc_tot: dict[tuple, list] = {}
    cash_tot: dict[tuple, list] = {}
    now = datetime.now()
    posted = state == POSTED
    for n, (d_s, v_s, summ, code, deb_s, cre_s), cf_s in reader.rows():
        day = reader.date(d_s)
        key = (day.year, day.month, int(v_s))
        i = plan.index[key]
        vid = first_id + i
        y, m = key[0], key[1]
        vday = date.fromordinal(plan.day[i])
        summ = summ.strip()[:200]
        if seq[i] == 0:
            w.add_voucher((vid, y, m, number[key], w.d(vday), 0, state, NORMAL, "import", summ, plan.debit[i],
                           user, None, user if posted else None, w.dt(now), None, w.dt(now) if posted else None))
        seq[i] += 1
        acc = leaf[code.strip()]
        deb, cre = amount(deb_s), amount(cre_s)
        row = None
        if acc in cash_ids and plan.flags[i] & 2:
            if cf_s:
                row = int(cf_s)
            else:
                inflow = deb > 0
                other = (plan.nc_credit[i] or plan.nc_debit[i]) if inflow else (plan.nc_debit[i] or plan.nc_credit[i])
                sk = (y, other, inflow)
                row = suggestion.get(sk)
                if row is None:
                    row = suggestion[sk] = suggest_row(edition(y), code_of[other], inflow)
            t = cash_tot.get((y, m, row))
            if t is None:
                t = cash_tot[(y, m, row)] = [0, 0]
            t[0] += deb
            t[1] += cre
        t = acc_tot.get((acc, y, m))
        if t is None:
            t = acc_tot[(acc, y, m)] = [0, 0]
        t[0] += deb
        t[1] += cre
        w.add_line((vid, seq[i], w.d(vday), acc, summ, deb, cre, row))
    w.finish(acc_tot, cash_tot, bucket_of(state, NORMAL))
    log(session, "import", user=user, note=_("{n} vouchers from {name}").format(n=len(plan.keys), name=reader.path.name))
    return ImportResult(len(plan.keys), w.line_count, [f"{y}-{m:02d}" for y, m in months])


# ---- export ------------------------------------------------------------------------------------

def export_vouchers(session: Session, path: str | Path, *, year: int | None = None, with_cashflow: bool = False) -> int:
    """Write the vouchers (every state) as a voucher CSV; returns the number of lines written.

    A reversing voucher's negative amounts are written on the other side, positive, as the CSV
    format wants (the balances are the same).
    """
    from secretariat_app.core.ledger.models import Account, Line

    q = (select(Voucher.date, Voucher.number, Line.summary, Account.code, Line.debit, Line.credit, Line.cashflow_row)
         .join(Line, Line.voucher_id == Voucher.id).join(Account, Account.id == Line.account_id)
         .order_by(Voucher.year, Voucher.month, Voucher.number, Line.seq))
    if year is not None:
        q = q.where(Voucher.year == year)
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(list(REQUIRED) + (["cashflow"] if with_cashflow else []))
        for day, num, summ, code, deb, cre, row in session.execute(q.execution_options(yield_per=20000)):
            if deb < 0 or cre < 0:
                deb, cre = -cre, -deb
            out = [day.isoformat(), num, summ, code, fen_str(deb) if deb else "", fen_str(cre) if cre else ""]
            if with_cashflow:
                out.append(row if row is not None else "")
            w.writerow(out)
            n += 1
    return n


__all__ = ["import_vouchers", "export_vouchers", "ImportResult"]
