"""Randomized: thousands of vouchers, the trial balance against an independent sum."""

import csv
import random
from collections import defaultdict
from datetime import date

from secretariat_app.core import ledger as L  # noqa: N812 — the ledger API, as its docs write it
from secretariat_app.core.ledger import checks

LEAVES = ["1001", "1002", "1122", "1141", "1501", "2202", "2204", "2206", "2101", "3101", "420101", "410102",
          "430101", "440101", "460101", "5101", "5201", "5301", "5401"]


def test_thousands_of_vouchers_against_an_independent_sum(book, tmp_path):
    rng = random.Random(20261125)
    expected: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])  # (code, month) → [debit, credit]
    posted_expected: dict[str, int] = defaultdict(int)
    with book.session() as s:
        L.ensure_chart(s)
        s.commit()
    # 1,000 vouchers through the services, in one unit of work (as an automatic run would)...
    from secretariat_app.db.session import transaction

    with book.session() as s, transaction(s):
        for _ in range(1000):
            d = date(2026, rng.randint(1, 12), rng.randint(1, 28))
            n = rng.choice((2, 2, 3, 4))
            codes = rng.sample(LEAVES, n)
            amounts = [rng.randint(1, 5_000_000) for _ in range(n - 1)]
            lines = [("随机", c, a, 0) for c, a in zip(codes, amounts)] + [("随机", codes[-1], 0, sum(amounts))]
            post = rng.random() < 0.6
            L.create_voucher(s, d, lines, post=post)
            for _summ, c, deb, cre in lines:
                expected[(c, d.month)][0] += deb
                expected[(c, d.month)][1] += cre
                if post:
                    posted_expected[c] += deb - cre
    # ... and 3,000 more (9,000 lines) through the CSV import.
    path = tmp_path / "v.csv"
    per_month = defaultdict(int)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "voucher", "summary", "account", "debit", "credit"])
        for _ in range(3000):
            d = date(2026, rng.randint(1, 12), rng.randint(1, 28))
            per_month[d.month] += 1
            a, b, c = rng.sample(LEAVES, 3)
            x, y = rng.randint(1, 900_000), rng.randint(1, 900_000)
            for code, deb, cre in ((a, x, 0), (b, y, 0), (c, 0, x + y)):
                w.writerow([d.isoformat(), per_month[d.month], "导入", code,
                            f"{deb / 100:.2f}" if deb else "", f"{cre / 100:.2f}" if cre else ""])
                expected[(code, d.month)][0] += deb
                expected[(code, d.month)][1] += cre
                posted_expected[code] += deb - cre
    from secretariat_app.actions import Actor, ledger_files

    res = ledger_files.import_vouchers_csv(Actor(book), str(path)).value
    assert res.vouchers == 3000 and res.lines == 9000
    with book.session() as s:
        for to in (3, 12):
            tb = {r.code: r for r in L.trial_balance(s, 2026, to).accounts}
            for code in LEAVES:
                deb = sum(expected[(code, m)][0] for m in range(1, to + 1))
                cre = sum(expected[(code, m)][1] for m in range(1, to + 1))
                row = tb.get(code)
                got = (row.debit, row.credit, row.closing) if row else (0, 0, 0)
                assert got == (deb, cre, deb - cre), (code, to)
        posted = {r.code: r.closing for r in L.trial_balance(s, 2026, posted_only=True).accounts}
        assert {c: v for c, v in posted.items() if v} == {c: v for c, v in posted_expected.items() if v}
        tb = L.trial_balance(s, 2026)
        assert tb.totals.debit == tb.totals.credit and tb.totals.closing == 0
        # The detail ledger's running balance ends where the trial balance does.
        page = L.detail_ledger(s, "1002", 2026, offset=0, limit=100_000)
        assert page.rows[-1].balance == {r.code: r.closing for r in tb.accounts}["1002"]
        assert L.account_balance(s, "5201", date(2026, 12, 31)) == \
            sum(expected[("5201", m)][0] - expected[("5201", m)][1] for m in range(1, 13))
        L.statements(s, 2026)  # identities hold
    assert checks.totals_agree(book) == [] and checks.gapless_numbers(book) == []
    assert checks.vouchers_balanced(book) == []
