"""Importing parsed vouchers whole or not at all (CLI.md "Voucher CSV"; DOMAIN.md §3 Vouchers).

``io.vouchers_csv.read_vouchers_csv`` turns a file into a ``VoucherBatch`` (plain, compact columns:
what the file says, its syntax checked); this module applies the book's rules to it and writes it:
unknown, non-leaf or disabled accounts, cash-flow rows the year's edition lacks, vouchers in a
closed period or before the opening balances, unbalanced vouchers. A batch with any bad voucher is
refused naming every bad voucher (the first ``MAX_PROBLEMS``, and how many more), nothing written.
A clean batch is written with multi-row INSERTs (``bulk.BulkWriter``) — no ORM object per row.

Numbers: a month's vouchers are numbered in the order of the file's numbers, after the vouchers
the book already has in that month, without gaps. The voucher's date is the earliest date of its
rows. Imported vouchers are posted (they come from books already kept) unless
``state="prepared"``; their cash lines get the suggested cash-flow row unless the file gives one.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.bulk import BulkWriter
from secretariat_app.core.ledger.cashflow import suggest_row
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.core.ledger.models import NORMAL, POSTED, PREPARED, FiscalYear, Voucher, bucket_of
from secretariat_app.core.ledger.periods import closed_months, ensure_year, log, year_edition
from secretariat_app.core.money import fen_str
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _

MAX_PROBLEMS = 500


@dataclass
class VoucherBatch:
    """Parsed voucher lines, by voucher (first appearance) and by good row (file order), in columns.

    Per voucher ``i``: ``keys[i]`` (year, month, number in the file), ``day[i]`` (earliest date, an
    ordinal), ``debit[i]``/``credit[i]`` (sums of its good rows), ``first_row[i]`` (file row),
    ``bad[i]`` (the problems of its rows, when any). Per good row ``j``: ``r_voucher[j]`` (voucher
    index), ``r_code``, ``r_debit``, ``r_credit`` (fen), ``r_cashflow`` (0: none given), ``r_summary``,
    ``r_line`` (file row). ``loose``: problems of rows that belong to no voucher (no date or number);
    ``loose_codes``: (file row, account code) of those rows."""

    name: str
    keys: list[tuple[int, int, int]] = field(default_factory=list)
    day: list[int] = field(default_factory=list)
    debit: list[int] = field(default_factory=list)
    credit: list[int] = field(default_factory=list)
    first_row: list[int] = field(default_factory=list)
    bad: dict[int, list[Problem]] = field(default_factory=dict)
    r_voucher: array = field(default_factory=lambda: array("l"))
    r_code: list[str] = field(default_factory=list)
    r_debit: array = field(default_factory=lambda: array("q"))
    r_credit: array = field(default_factory=lambda: array("q"))
    r_cashflow: array = field(default_factory=lambda: array("h"))
    r_summary: list[str] = field(default_factory=list)
    r_line: array = field(default_factory=lambda: array("l"))
    loose: list[Problem] = field(default_factory=list)
    loose_codes: list[tuple[int, str]] = field(default_factory=list)
    index: dict[int, int] = field(default_factory=dict)  # year*10^8 + month*10^6 + number → voucher

    def new_voucher(self, k: int, key: tuple[int, int, int], ordinal: int, row: int) -> int:
        i = len(self.keys)
        self.index[k] = i
        self.keys.append(key)
        self.day.append(ordinal)
        self.debit.append(0)
        self.credit.append(0)
        self.first_row.append(row)
        return i


@dataclass
class ImportResult:
    vouchers: int
    lines: int
    months: list[str]
    first_id: int = 0  # the vouchers written have ids first_id … first_id + vouchers − 1


def _label(key) -> str:
    y, m, n = key
    return f"{y}-{m:02d} 记-{n}"


class _Rules:
    """What the book says about a batch: leaf accounts, cash accounts, closed months, editions."""

    def __init__(self, session: Session):
        chart = load_chart(session)
        self.chart = chart
        self.leaf: dict[str, int] = {}
        self.refused: dict[str, str] = {}
        for code, a in chart.by_code.items():
            if not a.is_leaf:
                self.refused[code] = _("{code} has sub-accounts; post to one of them").format(code=code)
            elif a.disabled:
                self.refused[code] = _("account {code} is disabled").format(code=code)
            else:
                self.leaf[code] = a.id
        self._editions: dict[int, object] = {}
        self._session = session
        cash = self.edition(date.today().year).cash_accounts
        self.cash_ids = {a.id for c, a in chart.by_code.items() if c[:4] in cash and not chart.entrusted(c)}
        self.closed = closed_months(session)
        self.base = session.scalar(select(func.min(FiscalYear.year)).where(FiscalYear.opening_base.is_(True)))

    def edition(self, year: int):
        if year not in self._editions:
            self._editions[year] = load_edition(year_edition(self._session, year))
        return self._editions[year]

    def account(self, code: str) -> int | None:
        acc = self.leaf.get(code)
        return acc if acc is not None else self.leaf.get(code.strip())

    def account_problem(self, code: str, row: int) -> Problem:
        c = code.strip()
        return Problem(self.refused.get(c) or _("there is no account {code}").format(code=c or "—"), row=row,
                       field="account")


def import_vouchers(session: Session, batch: VoucherBatch, *, state: str = POSTED, user: str = "") -> ImportResult:
    """Check ``batch`` against the book and write it whole, or refuse it naming every bad voucher."""
    if state not in (POSTED, PREPARED):
        raise ValueError(state)
    with transaction(session):
        rules = _Rules(session)
        problems, bad_count = _problems(batch, rules)
        if problems:
            if bad_count > len(problems):
                problems.append(Problem(_("… and {n} more").format(n=bad_count - len(problems))))
            raise DomainError(_("Nothing was imported from {name}; these vouchers are wrong:").format(name=batch.name),
                              problems=problems)
        if not batch.keys:
            raise DomainError(_("The file {name} has no voucher lines.").format(name=batch.name))
        return _write(session, batch, rules, state, user)


def _problems(batch: VoucherBatch, rules: _Rules) -> tuple[list[Problem], int]:
    """Every problem of the batch (rows first, then vouchers, in file order) and the bad count."""
    bad = {i: list(ps) for i, ps in batch.bad.items()}
    loose = list(batch.loose)
    unknown = {c for c in set(batch.r_code) if rules.account(c) is None}
    if unknown:
        for j, code in enumerate(batch.r_code):
            if code in unknown:
                bad.setdefault(batch.r_voucher[j], []).append(rules.account_problem(code, batch.r_line[j]))
    for row, code in batch.loose_codes:
        if rules.account(code) is None:
            loose.append(rules.account_problem(code, row))
    if any(batch.r_cashflow):
        keys = batch.keys
        for j, row in enumerate(batch.r_cashflow):
            if row and row not in rules.edition(keys[batch.r_voucher[j]][0]).cashflow_rows:
                bad.setdefault(batch.r_voucher[j], []).append(Problem(
                    _("{row} is not a row of the cash-flow statement").format(row=row), row=batch.r_line[j],
                    field="cashflow"))
    loose.sort(key=lambda p: p.row or 0)
    problems: list[Problem] = loose[:MAX_PROBLEMS]
    count = len(loose)
    for i, key in enumerate(batch.keys):
        y, m, _n = key
        issues = []
        if (y, m) in rules.closed:
            issues.append(_("the period {period} is closed").format(period=f"{y}-{m:02d}"))
        if rules.base is not None and y < rules.base:
            issues.append(_("it is dated before the book's opening balances ({year})").format(year=rules.base))
        # Every good row has one non-zero side, so a balanced voucher has two lines or more.
        if i not in bad and batch.debit[i] != batch.credit[i]:
            issues.append(_("debits {debit} and credits {credit} differ").format(
                debit=fen_str(batch.debit[i]), credit=fen_str(batch.credit[i])))
        if issues or i in bad:
            count += 1
            if len(problems) < MAX_PROBLEMS:
                head = _("voucher {voucher}").format(voucher=_label(key))
                for p in sorted(bad.get(i, []), key=lambda p: p.row or 0):
                    p.message = f"{head}: {p.message}"
                    problems.append(p)
                if issues:
                    problems.append(Problem(f"{head}: " + "; ".join(issues), row=batch.first_row[i]))
    return problems, count


def _numbers(session: Session, batch: VoucherBatch) -> list[int]:
    """Book numbers per voucher index: the file's order inside each month, after existing ones."""
    existing = {(y, m): int(n or 0) for y, m, n in session.execute(
        select(Voucher.year, Voucher.month, func.max(Voucher.number)).group_by(Voucher.year, Voucher.month))}
    by_month: dict[tuple, list] = {}
    for i, (y, m, n) in enumerate(batch.keys):
        by_month.setdefault((y, m), []).append((n, i))
    out = [0] * len(batch.keys)
    for ym, items in by_month.items():
        start = existing.get(ym, 0)
        for rank, (_n, i) in enumerate(sorted(items), 1):
            out[i] = start + rank
    return out


def _counterparts(batch: VoucherBatch, r_account: array, cash_ids: set[int]):
    """Per voucher: whether it has a non-cash line, and its largest non-cash debit and credit accounts
    (the counterpart that suggests a cash line's cash-flow row)."""
    n = len(batch.keys)
    has_other = [False] * n
    nc_debit, nc_debit_amt, nc_credit, nc_credit_amt = [0] * n, [0] * n, [0] * n, [0] * n
    r_voucher, r_debit, r_credit = batch.r_voucher, batch.r_debit, batch.r_credit
    for j, acc in enumerate(r_account):
        if acc in cash_ids:
            continue
        i = r_voucher[j]
        has_other[i] = True
        deb, cre = r_debit[j], r_credit[j]
        if deb > nc_debit_amt[i]:
            nc_debit[i], nc_debit_amt[i] = acc, deb
        if cre > nc_credit_amt[i]:
            nc_credit[i], nc_credit_amt[i] = acc, cre
    return has_other, nc_debit, nc_credit


def _write(session: Session, batch: VoucherBatch, rules: _Rules, state: str, user: str) -> ImportResult:
    from secretariat_app.core.audit import record_bulk

    months = sorted({(y, m) for y, m, _n in batch.keys})
    # checks the user's role first, then one audit entry for the import
    record_bulk(session, "ledger_vouchers", "import", {"file": batch.name, "vouchers": len(batch.keys),
                                                       "state": state, "months": [f"{y}-{m:02d}" for y, m in months]})
    for y in sorted({y for y, _m in months}):
        ensure_year(session, y)
    session.flush()
    leaf, cash_ids, edition = rules.leaf, rules.cash_ids, rules.edition
    ids: dict[str, int] = {c: rules.account(c) or 0 for c in set(batch.r_code)}  # all known: checked first
    r_account = array("l", map(ids.__getitem__, batch.r_code))
    has_other, nc_debit, nc_credit = _counterparts(batch, r_account, cash_ids)
    numbers = _numbers(session, batch)
    w = BulkWriter(session, expected_lines=len(batch.r_voucher))
    first_id = w.next_voucher_id()
    code_of = {i: c for c, i in leaf.items()}
    suggestion: dict[tuple, int | None] = {}
    seq = array("l", [0]) * len(batch.keys)
    acc_tot: dict[int, list] = {}
    cash_tot: dict[tuple, list] = {}
    now = w.dt(datetime.now())
    poster, posted_at = (user, now) if state == POSTED else (None, None)
    keys, vdebit = batch.keys, batch.debit
    day_text = {o: w.d(date.fromordinal(o)) for o in set(batch.day)}
    vtext = [day_text[o] for o in batch.day]
    add_voucher, add_lines = w.add_voucher, w.add_lines_flat
    buf: list = []
    r_voucher, r_summary, r_debit, r_credit, r_cashflow = (batch.r_voucher, batch.r_summary, batch.r_debit,
                                                           batch.r_credit, batch.r_cashflow)
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
        row: int | None = None
        if acc in cash_ids and has_other[i]:
            row = r_cashflow[j] or None
            if row is None:
                inflow = deb > 0
                other = (nc_credit[i] or nc_debit[i]) if inflow else (nc_debit[i] or nc_credit[i])
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
    totals = {(k // 1_000_000, k // 100 % 10_000, k % 100): v for k, v in acc_tot.items()}
    w.finish(totals, cash_tot, bucket_of(state, NORMAL))
    log(session, "import", user=user, note=_("{n} vouchers from {name}").format(n=len(batch.keys), name=batch.name))
    return ImportResult(len(batch.keys), w.line_count, [f"{y}-{m:02d}" for y, m in months], first_id)
