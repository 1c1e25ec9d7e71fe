"""``secretariat members …`` (CLI.md): exit codes, messages on stderr, JSON shape, files."""

from __future__ import annotations

import csv
import json
import random

from secretariat_app.cli import main
from secretariat_app.core.members import synth
from secretariat_app.core.trust import users as trust_users

HEADER = "类型,名称,统一社会信用代码,身份证号,会员等级,入会日期,联系人,手机,地址,行业"
RNG = random.Random(8)


def cli_book(book) -> str:
    """The book's URL for the CLI, with the fixture's connections closed (its WAL checkpointed)."""
    book.close()
    return book.url


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER.split(","))
        w.writerows(rows)
    return str(path)


def rows(n=3):
    out = []
    for i in range(n):
        out.append(["单位", f"西咸新区测试{i}制造有限公司", synth.credit_code(RNG), "", "会员单位", "2024-01-0%d" % (i + 1),
                    "张三", synth.mobile(RNG), "", "通用设备制造业"])
    return out


def test_import_list_export_roll(capsys, book, tmp_path):
    book_url = cli_book(book)
    good = rows(3)
    code, out, err = run(capsys, "members", "import", "--book", book_url, write(tmp_path / "a.csv", good))
    assert code == 0 and "3" in out, err
    code, out, err = run(capsys, "members", "list", "--book", book_url, "--json")
    doc = json.loads(out)
    assert code == 0 and [m["no"] for m in doc["members"]] == ["M0001", "M0002", "M0003"]
    assert doc["members"][0] == {"no": "M0001", "kind": "corporate", "name": good[0][1], "credit_code": good[0][2],
                                 "id_number": "", "level": "会员单位", "joined": "2024-01-01", "status": "active"}
    code, out, err = run(capsys, "members", "leave", "M0002", "--book", book_url, "--date", "2025-01-01",
                         "--reason", "removed")
    assert code == 0
    code, out, err = run(capsys, "members", "list", "--book", book_url, "--json", "--status", "active",
                         "--search", "测试")
    assert [m["no"] for m in json.loads(out)["members"]] == ["M0001", "M0003"]
    code, out, err = run(capsys, "members", "list", "--book", book_url, "--json", "--status", "left")
    assert [m["status"] for m in json.loads(out)["members"]] == ["left"]
    code, out, err = run(capsys, "members", "export", "--book", book_url, str(tmp_path / "out.xlsx"), "--masked")
    assert code == 0 and (tmp_path / "out.xlsx").stat().st_size > 0
    code, out, err = run(capsys, "members", "roll", "--book", book_url, "--pdf", str(tmp_path / "roll.pdf"))
    assert code == 0 and (tmp_path / "roll.pdf").read_bytes()[:4] == b"%PDF"
    code, out, err = run(capsys, "members", "show", "M0002", "--book", book_url, "--json")
    shown = json.loads(out)
    assert shown["status"] == "left" and [h["event"] for h in shown["history"]] == ["入会", "离会"]


def test_bad_file_exit_1_nothing_written(capsys, book, tmp_path):
    book_url = cli_book(book)
    bad = rows(3)
    bad[1][7] = "12345"
    bad[2][4] = "钻石会员"
    code, out, err = run(capsys, "members", "import", "--book", book_url, write(tmp_path / "bad.csv", bad, "gb18030"))
    assert code == 1
    assert "第 3 行" in err and "手机" in err and "第 4 行" in err and "钻石会员" in err
    assert "Traceback" not in err
    code, out, err = run(capsys, "members", "list", "--book", book_url, "--json")
    assert json.loads(out) == {"members": []}
    code, out, err = run(capsys, "members", "import", "--book", book_url, "--skip-invalid",
                         "--rejects", str(tmp_path / "rej.csv"), str(tmp_path / "bad.csv"))
    assert code == 0 and "rej.csv" in out
    assert len(json.loads(run(capsys, "members", "list", "--book", book_url, "--json")[1])["members"]) == 1
    text = (tmp_path / "rej.csv").read_text(encoding="utf-8-sig")
    assert "错误原因" in text and "第 3 行" in text


def test_wrong_files_and_refusals(capsys, book, tmp_path):
    book_url = cli_book(book)
    (tmp_path / "doc.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    for path in (tmp_path / "doc.xlsx", tmp_path / "missing.csv"):
        code, out, err = run(capsys, "members", "import", "--book", book_url, str(path))
        assert code == 1 and err.strip() and "Traceback" not in err
    code, out, err = run(capsys, "members", "add", "--book", book_url, "--kind", "individual", "--name", "李四",
                         "--level", "会员", "--joined", "2024-01-01", "--id-number", "610402198001011234")
    assert code == 1 and "校验" in err
    code, out, err = run(capsys, "members", "leave", "M9999", "--book", book_url, "--date", "2025-01-01",
                         "--reason", "resigned")
    assert code == 1 and "M9999" in err
    code, out, err = run(capsys, "members", "add", "--book", book_url, "--kind", "individual", "--name", "李四",
                         "--level", "会员", "--joined", "2024-01-01", "--id-number", synth.id_number(RNG), "--json")
    assert code == 0 and json.loads(out)["no"] == "M0001"
    code, out, err = run(capsys, "members", "level", "M0001", "理事", "--book", book_url, "--date", "2025-01-01")
    assert code == 0 and "理事" in out


def test_every_subcommand_goes_through_actions(capsys, book, tmp_path, actions_only):
    """Issue 12: each ``members`` subcommand reaches the book only through an action."""
    book_url = cli_book(book)
    path = write(tmp_path / "a.csv", rows(2))
    steps = [
        ["members", "import", "--book", book_url, "--dry-run", path],
        ["members", "import", "--book", book_url, path],
        ["members", "export", "--book", book_url, str(tmp_path / "out.csv")],
        ["members", "list", "--book", book_url, "--json"],
        ["members", "roll", "--book", book_url, "--pdf", str(tmp_path / "roll.pdf"), "--date", "2025-01-01"],
        ["members", "add", "--book", book_url, "--kind", "individual", "--name", "李四", "--level", "会员",
         "--joined", "2024-01-01", "--id-number", synth.id_number(RNG)],
        ["members", "level", "M0003", "理事", "--book", book_url, "--date", "2025-01-01"],
        ["members", "leave", "M0002", "--book", book_url, "--date", "2025-01-01", "--reason", "resigned"],
        ["members", "show", "M0003", "--book", book_url],
        ["members", "show", "M0003", "--book", book_url, "--json"],
    ]
    for argv in steps:
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)


def test_a_viewer_sees_show_and_list_masked_and_cannot_confirm_a_number(capsys, book, tmp_path, monkeypatch):

    person_id, mobile = synth.id_number(RNG), synth.mobile(RNG)
    book_url = book.url
    with book.session() as s:
        trust_users.add_user(s, "admin", "secret-pass-1", "admin")
        trust_users.add_user(s, "wang", "secret-pass-1", "viewer")
    trust_users.logout()
    cli_book(book)
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret-pass-1")
    code, out, err = run(capsys, "members", "add", "--book", book_url, "--user", "admin", "--kind", "individual",
                         "--name", "李四", "--level", "会员", "--joined", "2024-01-01", "--id-number", person_id,
                         "--mobile", mobile, "--address", "陕西省西安市雁塔区科技路1号")
    assert code == 0, err
    for argv in (["members", "show", "M0001"], ["members", "show", "M0001", "--json"], ["members", "list"],
                 ["members", "list", "--json"]):
        code, out, err = run(capsys, *argv, "--book", book_url, "--user", "wang")
        assert code == 0 and "M0001" in out, err
        assert person_id not in out and mobile not in out and "科技路" not in out, argv
    shown = json.loads(run(capsys, "members", "show", "M0001", "--json", "--book", book_url, "--user", "wang")[1])
    assert shown["id_number"] == person_id[:6] + "********" + person_id[-4:]
    assert shown["mobile"] == mobile[:3] + "****" + mobile[-4:]
    for guess in (person_id, mobile, mobile[1:]):
        code, out, err = run(capsys, "members", "list", "--json", "--search", guess, "--book", book_url, "--user", "wang")
        assert json.loads(out) == {"members": []}, guess
    code, out, err = run(capsys, "members", "list", "--json", "--search", mobile, "--book", book_url, "--user", "admin")
    assert [m["no"] for m in json.loads(out)["members"]] == ["M0001"]
    code, out, err = run(capsys, "members", "leave", "M0001", "--book", book_url, "--user", "wang", "--date",
                         "2025-01-01", "--reason", "resigned")
    assert code == 1 and "wang" in err
