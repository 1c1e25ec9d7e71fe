"""Integrity checks of the books (``secretariat check``; DOMAIN.md §3).

Every voucher balanced with at least two one-sided lines; postings only to leaf accounts;
voucher numbers gapless in every month; closed periods hold only posted vouchers and nothing
dated in them changed since closing; the summary tables agree with the lines; opening balances
balance.
"""

from __future__ import annotations

from sqlalchemy import text

from secretariat_app.core.checks import register_check
from secretariat_app.i18n import N_, _

LIMIT = 20


def _rows(book, sql: str):
    with book.engine.connect() as conn:
        return conn.execute(text(sql)).all()


@register_check(N_("Vouchers balanced"))
def vouchers_balanced(book) -> list[str]:
    bad = _rows(book, """
        SELECT v.year, v.month, v.number, SUM(l.debit), SUM(l.credit), COUNT(l.id), v.kind, v.total
        FROM ledger_vouchers v LEFT JOIN ledger_lines l ON l.voucher_id = v.id
        GROUP BY v.id, v.year, v.month, v.number, v.kind, v.total
        HAVING SUM(l.debit) IS NULL OR SUM(l.debit) <> SUM(l.credit) OR COUNT(l.id) < 2
            OR SUM(l.debit) = 0 OR SUM(l.debit) <> v.total
        LIMIT 20""")
    out = [_("voucher {period} 记-{number}: debit {debit}, credit {credit}, {n} lines").format(
        period=f"{y}-{m:02d}", number=n, debit=d, credit=c, n=k) for y, m, n, d, c, k, _kind, _t in bad]
    sides = _rows(book, """
        SELECT v.year, v.month, v.number FROM ledger_lines l JOIN ledger_vouchers v ON v.id = l.voucher_id
        WHERE (l.debit <> 0 AND l.credit <> 0) OR (l.debit = 0 AND l.credit = 0)
           OR (v.kind <> 'reversal' AND (l.debit < 0 OR l.credit < 0))
           OR (v.kind = 'reversal' AND (l.debit > 0 OR l.credit > 0))
        LIMIT 20""")
    out += [_("voucher {period} 记-{number}: a line is not on exactly one side").format(period=f"{y}-{m:02d}", number=n)
            for y, m, n in sides]
    return out[:LIMIT]


@register_check(N_("Postings on leaf accounts"))
def leaf_postings(book) -> list[str]:
    bad = _rows(book, """
        SELECT DISTINCT a.code FROM ledger_lines l JOIN ledger_accounts a ON a.id = l.account_id
        WHERE a.is_leaf = FALSE LIMIT 20""")
    out = [_("account {code} has sub-accounts but also postings").format(code=c) for (c,) in bad]
    leaf = _rows(book, """
        SELECT a.code FROM ledger_accounts a WHERE a.is_leaf = TRUE
          AND EXISTS (SELECT 1 FROM ledger_accounts c WHERE c.parent_id = a.id) LIMIT 20""")
    out += [_("account {code} is marked as a leaf but has sub-accounts").format(code=c) for (c,) in leaf]
    return out


@register_check(N_("Voucher numbers without gaps"))
def gapless_numbers(book) -> list[str]:
    bad = _rows(book, """
        SELECT year, month, COUNT(*), MIN(number), MAX(number) FROM ledger_vouchers
        GROUP BY year, month HAVING MIN(number) <> 1 OR MAX(number) <> COUNT(*) LIMIT 20""")
    return [_("{period}: {n} vouchers numbered {first}–{last}").format(period=f"{y}-{m:02d}", n=n, first=a, last=b)
            for y, m, n, a, b in bad]


@register_check(N_("Closed periods untouched"))
def closed_periods(book) -> list[str]:
    bad = _rows(book, """
        SELECT v.year, v.month, v.number, v.state FROM ledger_vouchers v
        JOIN ledger_periods p ON p.year = v.year AND p.month = v.month AND p.closed = TRUE
        WHERE v.state <> 'posted' OR v.created_at > p.closed_at OR v.posted_at > p.closed_at
        LIMIT 20""")
    return [_("closed period {period}: voucher 记-{number} is {state} or was written after closing").format(
        period=f"{y}-{m:02d}", number=n, state=s) for y, m, n, s in bad]


@register_check(N_("Ledger totals agree with the vouchers"))
def totals_agree(book) -> list[str]:
    from secretariat_app.core.ledger import totals

    with book.session() as s:
        acc_r, cash_r = totals.recompute(s)
        acc_s, cash_s = totals.stored(s)
    out = []
    for key in sorted(set(acc_r) | set(acc_s)):
        if acc_r.get(key, (0, 0)) != acc_s.get(key, (0, 0)):
            out.append(_("account totals {key}: stored {stored}, from the lines {lines}").format(
                key=key, stored=acc_s.get(key, (0, 0)), lines=acc_r.get(key, (0, 0))))
    for key in sorted(set(cash_r) | set(cash_s)):
        if cash_r.get(key, (0, 0)) != cash_s.get(key, (0, 0)):
            out.append(_("cash-flow totals {key}: stored {stored}, from the lines {lines}").format(
                key=key, stored=cash_s.get(key, (0, 0)), lines=cash_r.get(key, (0, 0))))
    return out[:LIMIT]


@register_check(N_("Opening balances balance"))
def opening_balanced(book) -> list[str]:
    bad = _rows(book, "SELECT year, SUM(amount) FROM ledger_opening_balances GROUP BY year HAVING SUM(amount) <> 0")
    return [_("the opening balances of {year} are off by {diff} fen").format(year=y, diff=d) for y, d in bad]


@register_check(N_("Line dates match their vouchers"))
def line_dates(book) -> list[str]:
    bad = _rows(book, """
        SELECT v.year, v.month, v.number FROM ledger_lines l JOIN ledger_vouchers v ON v.id = l.voucher_id
        WHERE l.date <> v.date LIMIT 20""")
    bad2 = _rows(book, """
        SELECT year, month, number FROM ledger_vouchers
        WHERE year <> CAST(EXTRACT(YEAR FROM date) AS INTEGER) OR month <> CAST(EXTRACT(MONTH FROM date) AS INTEGER)
        LIMIT 20""") if book.engine.dialect.name != "sqlite" else _rows(book, """
        SELECT year, month, number FROM ledger_vouchers
        WHERE year <> CAST(strftime('%Y', date) AS INTEGER) OR month <> CAST(strftime('%m', date) AS INTEGER)
        LIMIT 20""")
    return [_("voucher {period} 记-{number}: dates disagree").format(period=f"{y}-{m:02d}", number=n)
            for y, m, n in list(bad) + list(bad2)]
