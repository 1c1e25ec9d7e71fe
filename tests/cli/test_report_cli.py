"""``secretariat report …`` (CLI.md; issue 7)."""

from __future__ import annotations

from datetime import date

from pypdf import PdfReader

from secretariat_app.cli import main

YEAR = str(date.today().year)


def test_single_documents(demo_book, tmp_path, capsys):
    for doc in ("csr", "grade", "party"):
        out = tmp_path / f"{doc}.pdf"
        assert main(["report", doc, "--book", _arg(demo_book), "--year", YEAR, "--pdf", str(out)]) == 0
        assert PdfReader(str(out)).pages
    assert "已写入" in capsys.readouterr().out


def test_missing_data_refuses_with_exit_1(book, tmp_path, capsys):
    book.close()  # a fresh book's header reaches the file when its last connection closes
    out = tmp_path / "annual.pdf"
    assert main(["report", "annual", "--book", _arg(book), "--year", YEAR, "--pdf", str(out)]) == 1
    err = capsys.readouterr().err
    assert "记账凭证" in err and "统一社会信用代码" in err
    assert not out.exists()
    assert main(["report", "missing", "--book", _arg(book), "--year", YEAR]) == 1


def test_submission_with_attachment_and_split(demo_book, tmp_path, capsys):
    from reportlab.pdfgen.canvas import Canvas

    attach = tmp_path / "主管单位意见.pdf"
    c = Canvas(str(attach))
    c.drawString(100, 700, "opinion")
    c.save()
    out = tmp_path / "package.pdf"
    args = ["report", "submission", "--book", _arg(demo_book), "--year", YEAR, "--pdf", str(out),
            "--documents", "csr,grade,party", "--attach", str(attach)]
    assert main(args) == 0
    reader = PdfReader(str(out))
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[-1] == "主管单位意见"
    assert f"共 {len(reader.pages)} 页" in capsys.readouterr().out
    assert main(args + ["--limit-mb", "0.1", "--split"]) == 0
    parts = sorted(tmp_path.glob("package-*.pdf"))
    assert len(parts) > 1
    assert sum(len(PdfReader(str(p)).pages) for p in parts) == len(reader.pages)
    assert all(p.stat().st_size <= 0.1 * 1024 * 1024 for p in parts)


def test_bad_options(demo_book, tmp_path, capsys):
    out = str(tmp_path / "x.pdf")
    assert main(["report", "submission", "--book", _arg(demo_book), "--year", YEAR, "--pdf", out,
                 "--documents", "csr,brochure"]) == 1
    assert "brochure" in capsys.readouterr().err
    assert main(["report", "submission", "--book", _arg(demo_book), "--year", YEAR, "--pdf", out,
                 "--attach", str(tmp_path / "nothing.pdf")]) == 1
    assert main(["report", "submission", "--book", _arg(demo_book), "--year", YEAR, "--pdf", out,
                 "--limit-mb", "zero"]) == 1


def _arg(book) -> str:
    """The --book argument for a fixture's book: its file, or its URL (PostgreSQL)."""
    return str(book.path) if book.path is not None else book.url


def test_every_subcommand_reaches_the_book_only_through_actions(demo_book, tmp_path, capsys, actions_only):
    import json

    book = _arg(demo_book)
    for doc in ("grade", "party"):
        assert main(["report", doc, "--book", book, "--year", YEAR, "--pdf", str(tmp_path / f"{doc}.pdf")]) == 0
    out = tmp_path / "pkg.pdf"
    assert main(["report", "submission", "--book", book, "--year", YEAR, "--pdf", str(out),
                 "--documents", "grade,party,roll"]) == 0
    assert PdfReader(str(out)).pages
    capsys.readouterr()
    code = main(["report", "missing", "--book", book, "--year", YEAR, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert doc["year"] == int(YEAR) and [d["document"] for d in doc["documents"]][:2] == ["annual", "statements"]
    assert code == (1 if any(d["missing"] for d in doc["documents"]) else 0)
    code = main(["report", "missing", "--book", book, "--year", YEAR])
    assert "[OK]" in capsys.readouterr().out
