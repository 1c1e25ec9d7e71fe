"""``secretariat dues …`` (CLI.md): the arrears JSON shape, paying with a receipt, billing,
reprints, reminders, exports — and refusals that exit 1 and write nothing."""

from __future__ import annotations

import json
from datetime import date

import pypdf
import pytest

from secretariat_app.cli import main
from tests.core.dues_example import counts


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_arrears_json_shape(demo_book, capsys):
    year = date.today().year
    code, out, _err = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", str(year), "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["year", "members", "total_due"] and doc["year"] == year
    assert doc["members"]
    total = 0
    for m in doc["members"]:
        assert list(m) == ["no", "name", "billed", "paid", "due"]
        for k in ("billed", "paid", "due"):
            assert isinstance(m[k], str) and len(m[k].split(".")[1]) == 2
        assert float(m["due"]) > 0
        assert round(float(m["billed"]) - float(m["paid"]), 2) == float(m["due"])
        total += round(float(m["due"]) * 100)
    assert isinstance(doc["total_due"], str) and round(float(doc["total_due"]) * 100) == total


def test_pay_with_a_receipt_then_reprint(demo_book, capsys, tmp_path):
    year = date.today().year
    code, out, _e = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", str(year), "--json")
    owing = json.loads(out)["members"][0]
    receipt = tmp_path / "r.pdf"
    code, out, err = run(capsys, "dues", "pay", "--book", demo_book.url, "--member", owing["no"], "--amount",
                         owing["due"], "--date", date.today().isoformat(), "--method", "cash", "--receipt", str(receipt),
                         "--receipt-format", "241", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["amount"] == owing["due"] and doc["prepaid"] == "0.00"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(receipt).pages)
    assert owing["name"] in text and "收据" in text and "现金" in text
    code, out, _e = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", str(year), "--json")
    assert owing["no"] not in {m["no"] for m in json.loads(out)["members"]}
    number = int(doc["receipt"].split("-")[1])
    again = tmp_path / "again.pdf"
    code, out, err = run(capsys, "dues", "receipt", "--book", demo_book.url, "--number", str(number), "--year",
                         str(year), "--pdf", str(again))
    assert code == 0, err
    assert "补打" in "".join(p.extract_text() for p in pypdf.PdfReader(again).pages)
    code, out, err = run(capsys, "dues", "cancel", "--book", demo_book.url, "--payment", str(doc["payment"]))
    assert code == 0, err


@pytest.mark.parametrize("args", [
    ["--member", "M9999", "--amount", "100"],
    ["--member", "M0001", "--amount", "0"],
    ["--member", "M0001", "--amount", "-1"],
    ["--member", "M0001", "--amount", "10.001"],
    ["--member", "M0001", "--amount", "100", "--receipt", "/no/such/folder/r.pdf"],
])
def test_pay_refusals_exit_1_and_write_nothing(demo_book, capsys, args):
    with demo_book.session() as s:
        before = counts(s)
    code, out, err = run(capsys, "dues", "pay", "--book", demo_book.url, "--date", date.today().isoformat(),
                         "--method", "bank", *args)
    assert code == 1 and err.strip() and not out
    with demo_book.session() as s:
        assert counts(s) == before


def test_pay_in_a_closed_period_is_refused(demo_book, capsys):
    if date.today().month == 1:
        pytest.skip("the demo closes the months before the current one")
    code, _o, err = run(capsys, "dues", "pay", "--book", demo_book.url, "--member", "M0001", "--amount", "100",
                        "--date", date(date.today().year, 1, 15).isoformat(), "--method", "bank")
    assert code == 1 and "结账" in err


def test_bill_preview_and_twice(demo_book, capsys):
    year = date.today().year
    code, out, _e = run(capsys, "dues", "bill", "--book", demo_book.url, "--year", str(year), "--preview", "--json")
    assert code == 0 and json.loads(out)["bills"] == 0 and json.loads(out)["already_billed"] > 100
    code, out, err = run(capsys, "dues", "bill", "--book", demo_book.url, "--year", str(year + 1))
    assert code == 1 and str(year + 1) in err                       # no schedule for next year yet
    code, _o, err = run(capsys, "dues", "schedule", "copy", "--book", demo_book.url, "--from", str(year), "--to",
                        str(year + 1))
    assert code == 0, err
    code, out, _e = run(capsys, "dues", "schedule", "list", "--book", demo_book.url, "--year", str(year + 1), "--json")
    rows = json.loads(out)["schedule"]
    assert rows and all(r["status"] == "adopted" for r in rows)
    code, out, err = run(capsys, "dues", "bill", "--book", demo_book.url, "--year", str(year + 1), "--preview")
    assert code == 0 and str(year + 1) in out


def test_schedule_set_needs_matching_levels(demo_book, capsys):
    code, _o, err = run(capsys, "dues", "schedule", "set", "--book", demo_book.url, "--year", "2030", "--level",
                        "会员单位", "--amount", "2000", "--level", "理事单位")
    assert code == 1 and err
    code, _o, err = run(capsys, "dues", "schedule", "set", "--book", demo_book.url, "--year", "2030", "--level",
                        "没有这个等级", "--amount", "2000")
    assert code == 1 and "没有这个等级" in err
    code, _o, err = run(capsys, "dues", "schedule", "set", "--book", demo_book.url, "--year", "2030", "--level",
                        "会员单位", "--amount", "2500", "--note", "草案")
    assert code == 0, err


def test_reminders_and_xlsx(demo_book, capsys, tmp_path):
    year = str(date.today().year)
    pdf = tmp_path / "letters.pdf"
    code, out, err = run(capsys, "dues", "reminders", "--book", demo_book.url, "--year", year, "--pdf", str(pdf),
                         "--min-years", "2")
    assert code == 0, err
    n = len(pypdf.PdfReader(pdf).pages)
    code, out, _e = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", year, "--json")
    assert 1 <= n < len(json.loads(out)["members"])
    xlsx = tmp_path / "arrears.xlsx"
    code, out, err = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", year, "--xlsx", str(xlsx),
                         "--level", "会员单位")
    assert code == 0, err
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:6] == ("会员编号", "名称", "会员等级", "应缴", "已缴", "欠缴")
    assert all(r[2] == "会员单位" for r in rows[1:-1]) and rows[-1][0] == "合计"
    assert sum(r[5] for r in rows[1:-1]) == rows[-1][5]


def test_waive_and_reduce(demo_book, capsys):
    year = str(date.today().year)
    code, out, _e = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", year, "--json")
    owing = [m for m in json.loads(out)["members"] if m["paid"] == "0.00"]
    code, _o, err = run(capsys, "dues", "waive", "--book", demo_book.url, "--member", owing[0]["no"], "--year", year,
                        "--reason", "受灾企业免缴")
    assert code == 0, err
    code, _o, err = run(capsys, "dues", "reduce", "--book", demo_book.url, "--member", owing[1]["no"], "--year", year,
                        "--amount", "100", "--reason", "")
    assert code == 1 and err
    code, out, _e = run(capsys, "dues", "arrears", "--book", demo_book.url, "--year", year, "--json")
    assert owing[0]["no"] not in {m["no"] for m in json.loads(out)["members"]}


def test_every_dues_command_goes_through_actions(demo_book, actions_only, capsys, tmp_path):
    """Each ``dues`` subcommand, in-process, with any book session outside an action failing the test."""
    year = date.today().year
    book = ["--book", demo_book.url]

    def ok(*argv) -> str:
        code, out, err = run(capsys, "dues", *argv, *book)
        assert code == 0, (argv, err)
        return out

    ok("schedule", "set", "--year", "2031", "--level", "会员单位", "--amount", "2500", "--note", "草案")
    ok("schedule", "copy", "--from", str(year), "--to", str(year + 1))
    assert json.loads(ok("schedule", "list", "--year", str(year + 1), "--json"))["schedule"]
    assert "预览" in ok("bill", "--year", str(year + 1), "--preview")
    ok("bill", "--year", str(year + 1))
    owing = json.loads(ok("arrears", "--year", str(year), "--json"))["members"]
    ok("arrears", "--year", str(year), "--xlsx", str(tmp_path / "a.xlsx"), "--min-years", "1")
    ok("arrears", "--year", str(year), "--level", "会员单位")
    paid = json.loads(ok("pay", "--member", owing[0]["no"], "--amount", owing[0]["due"], "--date",
                         date.today().isoformat(), "--method", "bank", "--receipt", str(tmp_path / "r.pdf"), "--json"))
    ok("receipt", "--year", str(year), "--number", paid["receipt"].split("-")[1], "--pdf", str(tmp_path / "r2.pdf"))
    ok("cancel", "--payment", str(paid["payment"]), "--reason", "重复录入")
    ok("reminders", "--year", str(year), "--pdf", str(tmp_path / "letters.pdf"), "--min-years", "2")
    ok("waive", "--member", owing[1]["no"], "--year", str(year), "--reason", "受灾企业免缴")
    ok("reduce", "--member", owing[2]["no"], "--year", str(year), "--amount", "100", "--reason", "理事会同意")
