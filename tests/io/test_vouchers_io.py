"""Voucher CSV import/export, hledger and beancount exports, xlsx (CLI.md; issue 4)."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from secretariat_app.core import ledger as L  # noqa: N812 — the ledger API, as its docs write it
from secretariat_app.core.ledger.exports import journal, voucher_csv_lines
from secretariat_app.core.ledger.imports import import_vouchers as import_batch
from secretariat_app.core.ledger.models import Voucher
from secretariat_app.errors import DomainError
from secretariat_app.io.plaintext import write_beancount, write_hledger
from secretariat_app.io.vouchers_csv import read_vouchers_csv, write_vouchers_csv

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
import ledger_example as ex  # noqa: E402

GOOD = """\ufeffdate,voucher,summary,account,debit,credit
2026-01-05,1,收到会员单位会费,1002,5000.00,
2026-01-05,1,收到会员单位会费,420101,,5000.00
2026-01-06,2,付房租,5201,1200,
2026-01-06,2,付房租,1002,,1200
2026-02-01,7,发工资,5201,"3,000.50",
2026-02-01,7,发工资,1002,,3000.5
2026-02-01,3,利息,1002,1.20,
2026-02-01,3,利息,460101,,1.20
"""


def import_vouchers(session, path, **kw):
    """What the import action does inside its unit of work: io reads, core checks and writes."""
    return import_batch(session, read_vouchers_csv(path), **kw)


def export_vouchers(session, path, *, year=None, with_cashflow=False):
    return write_vouchers_csv(path, voucher_csv_lines(session, year), with_cashflow=with_cashflow)


def export_hledger(session, path, *, year=None):
    return write_hledger(path, journal(session, year))


def export_beancount(session, path, *, year=None):
    return write_beancount(path, journal(session, year))


def write(tmp_path, text, name="v.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def count(session):
    return session.scalar(select(func.count()).select_from(Voucher))


def test_import_numbers_rows_and_cash_flow(session, tmp_path):
    res = import_vouchers(session, write(tmp_path, GOOD))
    assert (res.vouchers, res.lines, res.months) == (4, 8, ["2026-01", "2026-02"])
    feb = L.voucher_page(session, year=2026, from_month=2, to_month=2)[1]
    assert [(r.number, r.summary, r.total) for r in feb] == [(1, "利息", 120), (2, "发工资", 300050)]
    v = L.find_voucher(session, 2026, 1, 2)
    assert v.state == "posted" and v.source == "import"
    assert [ln.cashflow_row for ln in v.lines] == [None, 19]
    # A second import continues the month's numbering.
    import_vouchers(session, write(tmp_path, GOOD.split("2026-02-01,7")[0], "again.csv"))
    assert [r.number for r in L.voucher_page(session, year=2026, from_month=1, to_month=1)[1]] == [1, 2, 3, 4]


def test_big_import_rebuilds_the_secondary_indexes(session, tmp_path, monkeypatch):
    from sqlalchemy import inspect

    from secretariat_app.core.ledger.bulk import BulkWriter

    monkeypatch.setattr(BulkWriter, "DEFER_MIN", 1)
    import_vouchers(session, write(tmp_path, GOOD))
    session.commit()
    names = {ix["name"] for ix in inspect(session.get_bind()).get_indexes("ledger_lines")}
    assert {"ix_ledger_lines_account_date", "ix_ledger_lines_voucher"} <= names
    names = {ix["name"] for ix in inspect(session.get_bind()).get_indexes("ledger_vouchers")}
    assert {"ix_ledger_vouchers_date", "ix_ledger_vouchers_state", "ix_ledger_vouchers_source"} <= names
    assert L.trial_balance(session, 2026).totals.debit == 500000 + 120000 + 300050 + 120


BAD = """date,voucher,summary,account,debit,credit
2026-01-05,1,不平,1002,100.00,
2026-01-05,1,不平,420101,,90.00
2026-01-06,2,无此科目,9999,10,
2026-01-06,2,无此科目,1002,,10
2026-01-07,3,非末级,4201,10,
2026-01-07,3,非末级,1002,,10
2026-01-08,4,金额错,1002,12.345,
2026-01-08,4,金额错,420101,,12.345
2026-03-01,1,已结账,1002,5,
2026-03-01,1,已结账,420101,,5
2026-01-09,5,好的,1002,5,
2026-01-09,5,好的,420101,,5
2026-13-01,6,坏日期,1002,5,
"""


def test_import_is_whole_or_nothing_and_names_every_bad_voucher(session, tmp_path):
    L.create_voucher(session, date(2026, 1, 2), [("x", "1002", 1, 0), ("x", "420101", 0, 1)], post=True)
    L.close_period(session, 2026, 1)
    session.commit()
    before = count(session)
    with pytest.raises(DomainError) as e:
        import_vouchers(session, write(tmp_path, BAD))
    msg = str(e.value)
    for needle in ("2026-01 记-1", "9999", "4201", "12.345", "2026-13-01", "第 4 行"):
        assert needle in msg, needle
    assert "2026-01 记-5" in msg  # a good voucher in a closed month is refused too
    session.rollback()
    assert count(session) == before


def test_export_reimport_round_trip(session, tmp_path):
    ex.build(session)
    out = tmp_path / "out.csv"
    n = export_vouchers(session, out, with_cashflow=True)
    assert n == sum(len(lines) for _d, lines in ex.VOUCHERS)
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "date,voucher,summary,account,debit,credit,cashflow"
    plain = tmp_path / "plain.csv"
    export_vouchers(session, plain, year=2026)
    assert plain.read_text(encoding="utf-8").splitlines()[0] == "date,voucher,summary,account,debit,credit"
    from secretariat_app.db.book import create_book

    other = create_book(tmp_path / "copy.sqlite")
    with other.session() as s2:
        L.set_opening_balances(s2, 2026, ex.OPENING)
        s2.commit()
        import_vouchers(s2, out)
        a = L.statements_json(session, 2026)
        b = L.statements_json(s2, 2026)
        assert a == b
        assert L.trial_balance_json(session, 2026) == L.trial_balance_json(s2, 2026)
    other.close()


def _reread_hledger(path):
    out = subprocess.run(["hledger", "-f", str(path), "bal", "--flat", "-N"], capture_output=True, text=True,
                         check=True).stdout
    full = subprocess.run(["hledger", "-f", str(path), "bal"], capture_output=True, text=True, check=True).stdout
    return out, full.strip().splitlines()[-1].strip()


@pytest.mark.skipif(shutil.which("hledger") is None, reason="hledger is not installed")
def test_hledger_accepts_and_balances(session, tmp_path):
    ex.build(session)
    L.reverse_voucher(session, 1, date(2026, 12, 31))
    path = tmp_path / "book.journal"
    export_hledger(session, path)
    balances, total = _reread_hledger(path)
    assert total == "0"
    # hledger's own figure for the bank equals ours.
    bank = [ln for ln in balances.splitlines() if "1002 银行存款" in ln][0]
    assert bank.split()[0] == f"{L.account_balance(session, '1002', date(2026, 12, 31)) / 100:,.2f}"


def _bean_check():
    exe = shutil.which("bean-check") or str(Path(sys.executable).parent / "bean-check")
    return exe if Path(exe).exists() else None


@pytest.mark.skipif(_bean_check() is None, reason="beancount is not installed")
def test_beancount_accepts_and_balances(session, tmp_path):
    ex.build(session)
    L.create_voucher(session, date(2026, 12, 30), [('引号"与\\', "1002", 1, 0), ("x", "430101", 0, 1)])
    path = tmp_path / "book.beancount"
    export_beancount(session, path, year=2026)
    res = subprocess.run([_bean_check(), str(path)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_xlsx_exports(session, tmp_path):
    from openpyxl import load_workbook

    from secretariat_app.core.ledger.exports import ledger_workbook
    from secretariat_app.io.ledger_xlsx import write_ledger_xlsx

    ex.build(session)
    path = tmp_path / "l.xlsx"
    write_ledger_xlsx(path, ledger_workbook(session, 2026))
    wb = load_workbook(path)
    assert wb.sheetnames[:3] == ["科目余额表", "总账", "明细账"]
    assert {"资产负债表", "业务活动表", "现金流量表"} <= set(wb.sheetnames)
    rows = {r[0]: r for r in wb["科目余额表"].iter_rows(values_only=True)}
    assert float(rows["1002"][5]) == 90100.0
    bs = {r[1]: r for r in wb["资产负债表"].iter_rows(min_row=2, values_only=True) if len(r) > 1}
    assert float(bs[60][3]) == 107100.0
