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
