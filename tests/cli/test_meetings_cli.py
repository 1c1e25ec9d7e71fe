"""``secretariat meetings …`` (CLI.md): the list's JSON shape, the PDFs, and refusals that write nothing."""

from __future__ import annotations

import json

import pypdf

from secretariat_app.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_json_shape(demo_book, capsys):
    code, out, _err = run(capsys, "meetings", "list", "--book", demo_book.url, "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["meetings"] and len(doc["meetings"]) >= 3
    for m in doc["meetings"]:
        assert list(m) == ["id", "kind", "title", "date", "expected", "present", "quorum_met"]
        assert m["kind"] in ("general_assembly", "council", "standing_council", "supervisors", "presidents", "other")
        assert isinstance(m["id"], int) and isinstance(m["expected"], int) and isinstance(m["present"], int)
        assert len(m["date"]) == 10 and m["date"][4] == "-"
        assert m["quorum_met"] is (3 * m["present"] >= 2 * m["expected"])
    assert any(m["kind"] == "general_assembly" and m["quorum_met"] for m in doc["meetings"])


def test_list_plain_and_by_year(demo_book, capsys):
    code, out, _err = run(capsys, "meetings", "list", "--book", demo_book.url, "--year", "1999")
    assert code == 0 and out.strip()
    code, out, _err = run(capsys, "meetings", "list", "--book", demo_book.url, "--year", "1999", "--json")
    assert json.loads(out) == {"meetings": []}


def test_minutes_signin_and_notice_pdfs(demo_book, capsys, tmp_path):
    code, out, _err = run(capsys, "meetings", "list", "--book", demo_book.url, "--json")
    ga = next(m for m in json.loads(out)["meetings"] if m["kind"] == "general_assembly")
    for command in ("minutes", "signin", "notice"):
        target = tmp_path / f"{command}.pdf"
        code, out, err = run(capsys, "meetings", command, "--book", demo_book.url, "--meeting", str(ga["id"]),
                             "--pdf", str(target))
        assert code == 0, err
        assert str(target) in out
        text = "".join(p.extract_text() for p in pypdf.PdfReader(str(target)).pages)
        assert ga["title"] in text.replace("\n", "")
    code, out, _err = run(capsys, "meetings", "show", "--book", demo_book.url, "--meeting", str(ga["id"]))
    assert code == 0 and json.loads(out)["attendance"]["present"] == ga["present"]


def test_unknown_meeting_is_refused_and_nothing_written(demo_book, capsys, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "x.pdf"
    code, _out, err = run(capsys, "meetings", "minutes", "--book", demo_book.url, "--meeting", "9999",
                          "--pdf", str(target))
    assert code == 1 and "9999" in err
    assert not target.exists() and list(out_dir.iterdir()) == []


def test_minutes_in_english(demo_book, capsys, tmp_path):
    target = tmp_path / "m.pdf"
    code, _out, err = run(capsys, "meetings", "minutes", "--book", demo_book.url, "--meeting", "1",
                          "--pdf", str(target), "--lang", "en")
    assert code == 0, err
    assert "Minutes of" in "".join(p.extract_text() for p in pypdf.PdfReader(str(target)).pages)


def test_every_subcommand_reaches_the_book_only_through_actions(demo_book, capsys, tmp_path, actions_only):
    from datetime import date

    book = demo_book.url
    code, out, err = run(capsys, "meetings", "add", "--book", book, "--kind", "council", "--title", "临时理事会",
                         "--date", date.today().isoformat(), "--place", "秘书处", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert list(added) == ["id", "kind", "title", "date", "expected", "present", "quorum_met"]
    mid = str(added["id"])
    show = json.loads(run(capsys, "meetings", "show", "--book", book, "--meeting", mid)[1])
    nos = [x["no"] for x in show["exceptions"]]
    att = tmp_path / "att.csv"
    att.write_text("member,status\n" + "".join(f"{no},present\n" for no in nos[1:]), encoding="utf-8")
    code, out, err = run(capsys, "meetings", "attend", "--book", book, "--meeting", mid, "--file", str(att))
    assert code == 0, err
    code, out, err = run(capsys, "meetings", "attend", "--book", book, "--meeting", mid, "--member", nos[0],
                         "--as", "proxy", "--proxy-to", nos[1])
    assert code == 0, err
    row = next(m for m in json.loads(run(capsys, "meetings", "list", "--book", book, "--json")[1])["meetings"]
               if m["id"] == added["id"])
    assert row["present"] == row["expected"] and row["quorum_met"]
    n = row["present"]
    code, out, err = run(capsys, "meetings", "resolve", "--book", book, "--meeting", mid, "--title", "关于预算的决议",
                         "--yes", str(n - 2), "--no", "1", "--abstain", "1")
    assert code == 0 and "通过" in out, err
    code, out, err = run(capsys, "meetings", "resolve", "--book", book, "--meeting", mid, "--title", "修改章程",
                         "--yes", "1", "--no", "0", "--abstain", "0", "--kind", "charter")
    assert code == 1  # a council cannot amend the charter: refused, nothing written
    code, out, err = run(capsys, "meetings", "elect", "--book", book, "--meeting", mid, "--office", "监事",
                         "--candidate", nos[2], "--votes", str(n), "--apply")
    assert code == 0, err
    rec = json.loads(run(capsys, "meetings", "show", "--book", book, "--meeting", mid)[1])
    assert [r["title"] for r in rec["resolutions"]] == ["关于预算的决议"] and rec["elections"][0]["applied"]
    code, out, err = run(capsys, "meetings", "approve", "--book", book, "--meeting", mid)
    assert code == 1 and "纪要" in err  # no minutes written yet
    from secretariat_app.actions import Actor, meetings_minutes

    meetings_minutes.save_minutes(Actor(demo_book), int(mid), dict(opening="会议开始"))
    code, out, err = run(capsys, "meetings", "approve", "--book", book, "--meeting", mid, "--by", "王会长")
    assert code == 0 and "王会长" in out, err
    assert json.loads(run(capsys, "meetings", "list", "--book", book, "--json")[1])  # still readable
    for command in ("minutes", "signin", "notice"):
        target = tmp_path / f"{command}.pdf"
        code, out, err = run(capsys, "meetings", command, "--book", book, "--meeting", mid, "--pdf", str(target))
        assert code == 0 and target.exists(), err


def test_a_viewer_may_list_but_not_add(demo_book, capsys, monkeypatch):
    from secretariat_app.core.auth import set_current_user
    from secretariat_app.core.trust.users import add_user

    with demo_book.session() as s:
        add_user(s, "admin", "secret-pass-1", "admin")
        add_user(s, "wang", "secret-pass-2", "viewer")
    set_current_user(None)
    monkeypatch.setenv("SECRETARIAT_PASSWORD", "secret-pass-2")
    code, out, _err = run(capsys, "meetings", "list", "--book", demo_book.url, "--user", "wang", "--json")
    assert code == 0 and json.loads(out)["meetings"]
    code, _out, err = run(capsys, "meetings", "add", "--book", demo_book.url, "--user", "wang", "--kind", "council",
                          "--title", "X", "--date", "2026-01-05")
    assert code == 1 and "wang" in err
    set_current_user(None)
