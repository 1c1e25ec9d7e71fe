"""``secretariat ledger …`` and ``secretariat statements`` (CLI.md shapes and exit codes)."""

import json
import shutil
import subprocess

import pytest

from secretariat_app.cli import main

CSV = """date,voucher,summary,account,debit,credit
2026-01-05,1,收到会员单位会费,1002,5000.00,
2026-01-05,1,收到会员单位会费,420101,,5000.00
2026-02-06,1,付房租,5201,1200,
2026-02-06,1,付房租,1002,,1200
"""


@pytest.fixture
def cli_book(book, tmp_path):
    """A book path with the CSV above imported."""
    url = book.url
    book.close()
    csv = tmp_path / "v.csv"
    csv.write_text(CSV, encoding="utf-8")
    assert main(["ledger", "import", "--book", url, str(csv)]) == 0
    return url


def run_json(capsys, argv):
    capsys.readouterr()
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_trial_balance_json(cli_book, capsys):
    doc = run_json(capsys, ["ledger", "trial-balance", "--book", cli_book, "--year", "2026", "--json"])
    assert doc["year"] == 2026 and doc["to"] == "2026-12"
    assert doc["accounts"] == [
        {"code": "1002", "name": "银行存款", "opening": "0.00", "debit": "5000.00", "credit": "1200.00",
         "closing": "3800.00"},
        {"code": "420101", "name": "会费收入—非限定性收入", "opening": "0.00", "debit": "0.00", "credit": "5000.00",
         "closing": "-5000.00"},
        {"code": "5201", "name": "管理费用", "opening": "0.00", "debit": "1200.00", "credit": "0.00",
         "closing": "1200.00"}]
    assert doc["totals"] == {"opening": "0.00", "debit": "6200.00", "credit": "6200.00", "closing": "0.00"}
    doc = run_json(capsys, ["ledger", "trial-balance", "--book", cli_book, "--year", "2026", "--to", "2026-01", "--json"])
    assert doc["to"] == "2026-01" and len(doc["accounts"]) == 2


def test_import_refusal_exits_1_and_writes_nothing(cli_book, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.replace("1200,\n", "1300,\n"), encoding="utf-8")
    capsys.readouterr()
    assert main(["ledger", "import", "--book", cli_book, str(bad)]) == 1
    err = capsys.readouterr().err
    assert "2026-02 记-1" in err
    doc = run_json(capsys, ["ledger", "trial-balance", "--book", cli_book, "--year", "2026", "--json"])
    assert doc["totals"]["debit"] == "6200.00"


def test_close_reopen_and_refusals(cli_book, capsys):
    assert main(["ledger", "close", "--book", cli_book, "--period", "2026-01"]) == 0
    assert main(["ledger", "close", "--book", cli_book, "--period", "2026-01"]) == 1
    assert main(["ledger", "close", "--book", cli_book, "--period", "2026-13"]) == 1
    assert main(["ledger", "reopen", "--book", cli_book, "--period", "2026-01", "--note", "补记"]) == 0
    assert "2026-01" in capsys.readouterr().out


def test_year_end_preview_and_post(cli_book, capsys):
    capsys.readouterr()
    assert main(["ledger", "year-end", "--book", cli_book, "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "420101" in out and "--post" in out
    assert main(["ledger", "year-end", "--book", cli_book, "--year", "2026", "--post"]) == 0
    doc = run_json(capsys, ["ledger", "trial-balance", "--book", cli_book, "--year", "2026", "--json"])
    closing = {a["code"]: a["closing"] for a in doc["accounts"]}
    assert closing["420101"] == closing["5201"] == "0.00" and closing["3101"] == "-3800.00"


def test_statements_json_and_pdf(cli_book, tmp_path, capsys):
    doc = run_json(capsys, ["statements", "--book", cli_book, "--year", "2026", "--json"])
    assert set(doc) >= {"year", "balance_sheet", "activities", "cash_flow"}
    bs = {r["row"]: r for r in doc["balance_sheet"]}
    assert bs[60]["closing"] == bs[120]["closing"] == "3800.00"
    cf = {r["row"]: r["amount"] for r in doc["cash_flow"]}
    assert (cf[2], cf[19], cf[61]) == ("5000.00", "1200.00", "3800.00")
    out = tmp_path / "st.pdf"
    assert main(["statements", "--book", cli_book, "--year", "2026", "--pdf", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_exports_and_voucher_pdf(cli_book, tmp_path, capsys):
    for name, fmt in (("a.csv", None), ("a.journal", None), ("a.beancount", None), ("b.txt", "hledger")):
        argv = ["ledger", "export", "--book", cli_book, str(tmp_path / name)] + (["--format", fmt] if fmt else [])
        assert main(argv) == 0
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("date,voucher,summary,account,debit,credit\n")
    if shutil.which("hledger"):
        res = subprocess.run(["hledger", "-f", str(tmp_path / "a.journal"), "bal"], capture_output=True, text=True)
        assert res.returncode == 0 and res.stdout.strip().splitlines()[-1].strip() == "0"
    pdf = tmp_path / "v.pdf"
    assert main(["ledger", "voucher-pdf", "--book", cli_book, str(pdf), "--year", "2026", "--layout", "a4"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["ledger", "voucher-pdf", "--book", cli_book, str(pdf), "--period", "2026-05"]) == 1
    xlsx = tmp_path / "l.xlsx"
    assert main(["ledger", "export-xlsx", "--book", cli_book, str(xlsx), "--year", "2026"]) == 0
    assert xlsx.stat().st_size > 0


def test_every_ledger_subcommand_goes_through_actions(cli_book, tmp_path, capsys, actions_only):
    """Issue 12: each ``ledger`` subcommand and ``statements`` reaches the book only through actions."""
    from secretariat_app.cli import build_parser

    csv = tmp_path / "more.csv"
    csv.write_text(CSV.replace("2026-01-05,1", "2026-03-05,1").replace("2026-02-06,1", "2026-03-06,2"),
                   encoding="utf-8")
    b = ["--book", cli_book]
    runs = {
        "import": ["ledger", "import", *b, str(csv), "--prepared"],
        "export": ["ledger", "export", *b, str(tmp_path / "x.beancount")],
        "trial-balance": ["ledger", "trial-balance", *b, "--year", "2026", "--from", "2026-02"],
        "close": ["ledger", "close", *b, "--period", "2026-01"],
        "reopen": ["ledger", "reopen", *b, "--period", "2026-01", "--note", "补记"],
        "year-end": ["ledger", "year-end", *b, "--year", "2026"],
        "voucher-pdf": ["ledger", "voucher-pdf", *b, str(tmp_path / "v.pdf"), "--period", "2026-01", "--number", "1"],
        "export-xlsx": ["ledger", "export-xlsx", *b, str(tmp_path / "x.xlsx"), "--year", "2026"],
    }
    sub = next(a for a in build_parser()._subparsers._group_actions[0].choices["ledger"]._actions
               if a.dest == "ledger_command")
    assert set(sub.choices) == set(runs)
    for name, argv in runs.items():
        assert main(argv) == 0, name
    for flag in (["--json"], ["--xlsx", str(tmp_path / "st.xlsx")], ["--pdf", str(tmp_path / "st.pdf")]):
        assert main(["statements", *b, "--year", "2026", *flag]) == 0
    out = capsys.readouterr().out
    assert "Preview only" in out or "--post" in out
