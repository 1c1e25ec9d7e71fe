"""Voucher CSV import and export (CLI.md "Voucher CSV"; DOMAIN.md §3 Vouchers).

Header ``date,voucher,summary,account,debit,credit`` (UTF-8, a BOM accepted; an optional
``cashflow`` column carries the cash-flow row). Rows with the same month and number form one
voucher. The import is whole or nothing: one streaming pass reads the file and validates every
row with set lookups (unknown, non-leaf or disabled account, malformed amount, both or no side,
bad date, date in a closed period or before the opening balances, unbalanced voucher), keeping
the parsed rows in compact arrays; a file with any bad voucher is refused naming every bad
voucher (the first 500, and how many more), nothing written. A clean file is then written in one
transaction with multi-row INSERTs (``core.ledger.bulk``) — no ORM object per row.

Numbers: a month's vouchers are numbered in the order of the file's numbers, after the vouchers
the book already has in that month, without gaps. The voucher's date is the earliest date of its
rows. Imported vouchers are posted (they come from books already kept) unless
``state="prepared"``; their cash lines get the suggested cash-flow row unless the file gives one.
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

from secretariat_app.errors import DomainError, Problem
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


class _Plan:
    """The parsed file: per voucher (by first appearance) and per good row, in compact arrays."""

    def __init__(self):
        self.index: dict[int, int] = {}      # year*10^8 + month*10^6 + number → voucher index
        self.keys: list[tuple[int, int, int]] = []
        # Per voucher (plain lists: touched on every row, faster than arrays).
        self.day: list[int] = []              # earliest date (ordinal)
        self.debit: list[int] = []
        self.credit: list[int] = []
        self.first_row: list[int] = []
        self.nc_debit: list[int] = []         # account id of the largest non-cash debit line (0: none)
        self.nc_debit_amt: list[int] = []
        self.nc_credit: list[int] = []
        self.nc_credit_amt: list[int] = []
        self.flags: list[int] = []            # 1 has a cash line, 2 has a non-cash line, 4 has a bad row
        # good rows, in file order
        self.r_voucher = array("l")
        self.r_account = array("l")
        self.r_debit = array("q")
        self.r_credit = array("q")
        self.r_cashflow = array("h")          # 0: none given
        self.r_summary: list[str] = []

    def new_voucher(self, k: int, key, ordinal: int, row: int) -> int:
        i = len(self.keys)
        self.index[k] = i
        self.keys.append(key)
        self.day.append(ordinal)
        for arr in (self.debit, self.credit, self.nc_debit, self.nc_debit_amt, self.nc_credit, self.nc_credit_amt):
            arr.append(0)
        self.first_row.append(row)
        self.flags.append(0)
        return i


def _label(key) -> str:
    y, m, n = key
    return f"{y}-{m:02d} 记-{n}"


def import_vouchers(session: Session, path: str | Path, *, state: str = POSTED, user: str = "") -> ImportResult:
    """Import a voucher CSV whole or not at all (see the module docstring)."""
    path = Path(path)
    if state not in (POSTED, PREPARED):
        raise ValueError(state)
    with transaction(session):
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
        editions: dict[int, object] = {}

        def edition(year):
            if year not in editions:
                editions[year] = load_edition(year_edition(session, year))
            return editions[year]

        cash_ids = {a.id for c, a in chart.by_code.items() if c[:4] in edition(date.today().year).cash_accounts
                    and not chart.entrusted(c)}
        ctx = dict(leaf=leaf, problems_acc=problems_acc, cash_ids=cash_ids, closed=closed_months(session),
                   base=session.scalar(select(func.min(FiscalYear.year)).where(FiscalYear.opening_base.is_(True))),
                   edition=edition)
        try:
            plan, problems, bad_count = _read(path, ctx)
        except (UnicodeDecodeError, csv.Error) as exc:  # found by the importer fuzzing of issue 8
            raise DomainError(_("{name} is not a UTF-8 CSV text file ({reason}); save it as \"CSV UTF-8\".").format(
                name=path.name, reason=exc)) from None
        if problems:
            if bad_count > len(problems):
                problems.append(Problem(_("… and {n} more").format(n=bad_count - len(problems))))
            raise DomainError(_("Nothing was imported from {name}; these vouchers are wrong:").format(name=path.name),
                              problems=problems)
        if not plan.keys:
            raise DomainError(_("The file {name} has no voucher lines.").format(name=path.name))
        return _write(session, path, plan, leaf, cash_ids, state, user, edition)


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


def _read(path: Path, ctx: dict):
    """Pass over the file: validate every row, keep the good ones; (plan, problems, bad count)."""
    plan = _Plan()
    leaf, cash_ids = ctx["leaf"], ctx["cash_ids"]
    dates: dict[str, tuple | None] = {}
    summaries: dict[str, str] = {}
    bad: dict[int, list[Problem]] = {}
    row_problems: list[Problem] = []
    index, new_voucher = plan.index, plan.new_voucher
    flags, vdebit, vcredit, vday = plan.flags, plan.debit, plan.credit, plan.day
    nc_debit, nc_debit_amt, nc_credit, nc_credit_amt = plan.nc_debit, plan.nc_debit_amt, plan.nc_credit, plan.nc_credit_amt
    r_voucher, r_account, r_debit, r_credit, r_cf, r_summary = (plan.r_voucher, plan.r_account, plan.r_debit,
                                                                plan.r_credit, plan.r_cashflow, plan.r_summary)
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
            dv = dates.get(d_s, False)
            if dv is False:  # (ordinal, key of the month, year, month)
                d = _parse_date(d_s)
                dv = dates[d_s] = (d.toordinal(), d.year * 100_000_000 + d.month * 1_000_000, d.year, d.month) \
                    if d else None
            try:
                num = int(v_s)
                if not 0 < num < 1_000_000:
                    raise ValueError
            except ValueError:
                num = None
            acc = leaf.get(code)
            if acc is None:
                acc = leaf.get(code.strip())
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
            if acc is None or dv is None or num is None or not summ or cf_s:
                errs = _row_errors(errs, n, dv, d_s, num, v_s, acc, code, summ, cf_s, ctx)
            if dv is None or num is None:
                row_problems.extend(errs)
                continue
            k = dv[1] + num
            i = index.get(k)
            if i is None:
                i = new_voucher(k, (dv[2], dv[3], num), dv[0], n)
            elif dv[0] < vday[i]:
                vday[i] = dv[0]
            if errs:
                flags[i] |= 4
                bad.setdefault(i, []).extend(errs)
                continue
            vdebit[i] += deb
            vcredit[i] += cre
            if acc in cash_ids:
                flags[i] |= 1
            else:
                flags[i] |= 2
                if deb > nc_debit_amt[i]:
                    nc_debit[i], nc_debit_amt[i] = acc, deb
                if cre > nc_credit_amt[i]:
                    nc_credit[i], nc_credit_amt[i] = acc, cre
            r_voucher.append(i)
            r_account.append(acc)
            r_debit.append(deb)
            r_credit.append(cre)
            r_cf.append(int(cf_s) if cf_s else 0)
            s = summaries.get(summ)
            if s is None:
                s = summaries[summ] = summ.strip()[:200]
            r_summary.append(s)
    problems, count = _voucher_problems(plan, bad, row_problems, ctx)
    return plan, problems, count


def _row_errors(errs, n, dv, d_s, num, v_s, acc, code, summ, cf_s, ctx) -> list[Problem]:
    errs = list(errs or [])
    if dv is None:
        errs.append(Problem(_("{text} is not a date (write it as 2023-02-14)").format(text=d_s), row=n, field="date"))
    if num is None:
        errs.append(Problem(_("{text} is not a voucher number").format(text=v_s), row=n, field="voucher"))
    if acc is None:
        c = code.strip()
        errs.append(Problem(ctx["problems_acc"].get(c) or _("there is no account {code}").format(code=c or "—"),
                            row=n, field="account"))
    if not summ.strip():
        errs.append(Problem(_("a summary is required"), row=n, field="summary"))
    if cf_s and not (cf_s.isdigit() and dv and int(cf_s) in ctx["edition"](dv[2]).cashflow_rows):
        errs.append(Problem(_("{row} is not a row of the cash-flow statement").format(row=cf_s), row=n, field="cashflow"))
    return errs


def _voucher_problems(plan: _Plan, bad: dict, row_problems: list, ctx: dict):
    problems: list[Problem] = list(row_problems[:MAX_PROBLEMS])
    count = len(row_problems)
    closed, base = ctx["closed"], ctx["base"]
    for i, key in enumerate(plan.keys):
        y, m, _n = key
        issues = []
        if (y, m) in closed:
            issues.append(_("the period {period} is closed").format(period=f"{y}-{m:02d}"))
        if base is not None and y < base:
            issues.append(_("it is dated before the book's opening balances ({year})").format(year=base))
        # Every good row has one non-zero side, so a balanced voucher has two lines or more.
        if not plan.flags[i] & 4 and plan.debit[i] != plan.credit[i]:
            issues.append(_("debits {debit} and credits {credit} differ").format(
                debit=fen_str(plan.debit[i]), credit=fen_str(plan.credit[i])))
        if issues or i in bad:
            count += 1
            if len(problems) < MAX_PROBLEMS:
                head = _("voucher {voucher}").format(voucher=_label(key))
                for p in bad.get(i, []):
                    p.message = f"{head}: {p.message}"
                    problems.append(p)
                if issues:
                    problems.append(Problem(f"{head}: " + "; ".join(issues), row=plan.first_row[i]))
    return problems, count


def _numbers(session: Session, plan: _Plan) -> list[int]:
    """Book numbers per voucher index: the file's order inside each month, after existing ones."""
    existing = {(y, m): int(n or 0) for y, m, n in session.execute(
        select(Voucher.year, Voucher.month, func.max(Voucher.number)).group_by(Voucher.year, Voucher.month))}
    by_month: dict[tuple, list] = {}
    for i, (y, m, n) in enumerate(plan.keys):
        by_month.setdefault((y, m), []).append((n, i))
    out = [0] * len(plan.keys)
    for ym, items in by_month.items():
        start = existing.get(ym, 0)
        for rank, (_n, i) in enumerate(sorted(items), 1):
            out[i] = start + rank
    return out


def _write(session: Session, path: Path, plan: _Plan, leaf, cash_ids, state, user, edition) -> ImportResult:
    months = sorted({(y, m) for y, m, _n in plan.keys})
    try:
        from secretariat_app.core.audit import record_bulk
    except ImportError:  # pragma: no cover - trust capability absent
        record_bulk = None
    if record_bulk is not None:  # checks the user's role first, then one audit entry for the import
        record_bulk(session, "ledger_vouchers", "import", {"file": path.name, "vouchers": len(plan.keys),
                                                           "state": state, "months": [f"{y}-{m:02d}" for y, m in months]})
    for y in sorted({y for y, _m in months}):
        ensure_year(session, y)
    session.flush()
    numbers = _numbers(session, plan)
    w = BulkWriter(session, expected_lines=len(plan.r_voucher))
    first_id = w.next_voucher_id()
    code_of = {i: c for c, i in leaf.items()}
    suggestion: dict[tuple, int] = {}
    seq = array("l", [0]) * len(plan.keys)
    day_text: dict[int, object] = {}
    acc_tot: dict[tuple, list] = {}
    cash_tot: dict[tuple, list] = {}
    now = w.dt(datetime.now())
    posted = state == POSTED
    poster, posted_at = (user, now) if posted else (None, None)
    keys, vdebit, flags = plan.keys, plan.debit, plan.flags
    for o in set(plan.day):
        day_text[o] = w.d(date.fromordinal(o))
    vtext = [day_text[o] for o in plan.day]
    add_voucher, add_lines = w.add_voucher, w.add_lines_flat
    buf: list = []
    r_voucher, r_summary, r_account, r_debit, r_credit = (plan.r_voucher, plan.r_summary, plan.r_account,
                                                          plan.r_debit, plan.r_credit)
    for j in range(len(r_voucher)):
        i = r_voucher[j]
        y, m, _n = keys[i]
        dtext = vtext[i]
        summ = r_summary[j]
        s = seq[i] + 1
        seq[i] = s
        if s == 1:
            add_voucher((first_id + i, y, m, numbers[i], dtext, 0, state, NORMAL, "import", summ, vdebit[i],
                         user, None, poster, now, None, posted_at))
        acc, deb, cre = r_account[j], r_debit[j], r_credit[j]
        row = None
        if acc in cash_ids and flags[i] & 2:
            row = plan.r_cashflow[j] or None
            if row is None:
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
        tk = acc * 1_000_000 + y * 100 + m
        t = acc_tot.get(tk)
        if t is None:
            t = acc_tot[tk] = [0, 0]
        t[0] += deb
        t[1] += cre
        buf += (first_id + i, s, dtext, acc, summ, deb, cre, row)
        if len(buf) >= 80_000:
            add_lines(buf, len(buf) // 8)
            buf = []
    add_lines(buf, len(buf) // 8)
    acc_tot = {(k // 1_000_000, k // 100 % 10_000, k % 100): v for k, v in acc_tot.items()}
    w.finish(acc_tot, cash_tot, bucket_of(state, NORMAL))
    log(session, "import", user=user, note=_("{n} vouchers from {name}").format(n=len(plan.keys), name=path.name))
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
