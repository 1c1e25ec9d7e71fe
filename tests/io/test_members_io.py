"""Import and export of the roll (issue 3): formats, encodings, all or nothing, every bad row named,
rejects, --update, wrong files, the export → import round trip, masking — through the actions
(``actions.members_files``), which run io's parsing and core's rules in one unit of work."""

from __future__ import annotations

import csv
import random
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from secretariat_app.actions import Actor, members, members_files
from secretariat_app.core.members import service, synth
from secretariat_app.core.members.models import Member
from secretariat_app.errors import DomainError
from secretariat_app.io.members_import import read_roll_file

HEADER = ["类型", "名称", "统一社会信用代码", "身份证号", "会员等级", "入会日期", "联系人", "手机", "地址", "行业"]
EN_HEADER = ["kind", "name", "credit_code", "id_number", "level", "joined", "contact", "mobile", "address", "industry"]
RNG = random.Random(3)


def good_rows(n: int = 4) -> list[list]:
    rows = []
    for i in range(n):
        if i % 2 == 0:
            name, industry = synth.company_name(RNG)
            rows.append(["单位", f"{name[:-4]}{i}有限公司", synth.credit_code(RNG), "", "理事单位", "2023-02-14",
                         synth.person_name(RNG), synth.mobile(RNG), "陕西省西咸新区沣泾大道1号", industry])
        else:
            rows.append(["个人", synth.person_name(RNG) + str(i), "", synth.id_number(RNG), "会员", "2023/2/14",
                         "", synth.mobile(RNG), "", ""])
    return rows


def write_xlsx(path: Path, rows, header=HEADER) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_csv(path: Path, rows, header=HEADER, encoding="utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def n_members(book) -> int:
    with book.session() as s:
        return s.scalar(select(func.count()).select_from(Member))


def import_members(book, path, **options):
    return members_files.import_roll(Actor(book), str(path), **options).value


def list_members(book, **options):
    return members.list_roll(Actor(book), **options)


def export_members(book, path, **options):
    return members_files.export_roll(Actor(book), str(path), **options)


def test_good_xlsx_with_excel_dates(book, tmp_path):
    rows = good_rows(4)
    rows[0][5] = datetime(2021, 5, 18)  # an Excel date cell
    result = import_members(book, write_xlsx(tmp_path / "m.xlsx", rows))
    assert (result.created, result.rejected) == (4, 0)
    roll = list_members(book)
    assert [r["no"] for r in roll] == ["M0001", "M0002", "M0003", "M0004"]
    assert roll[0]["joined"] == "2021-05-18" and roll[1]["joined"] == "2023-02-14"
    assert roll[1]["kind"] == "individual" and roll[0]["level"] == "理事单位"
    with book.session() as session:
        m = service.member_by_no(session, "M0001")
        assert m.contact_name == rows[0][6] and service.history(session, m.id)[0].kind == "admitted"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(book, tmp_path, encoding):
    rows = good_rows(3)
    result = import_members(book, write_csv(tmp_path / "m.csv", rows, encoding=encoding))
    assert result.created == 3
    assert list_members(book)[0]["name"] == rows[0][1]


def test_english_headers(book, tmp_path):
    import_members(book, write_csv(tmp_path / "m.csv", good_rows(2), header=EN_HEADER))
    assert n_members(book) == 2


def test_bad_file_names_every_bad_row_and_writes_nothing(book, tmp_path):
    members.admit(Actor(book), dict(kind="corporate", name="已有会员有限公司", level="会员单位", joined="2020-01-01",
                                    credit_code=(existing := synth.credit_code(RNG))))
    rows = good_rows(8)
    rows[0][2] = rows[0][2][:-1] + ("0" if rows[0][2][-1] != "0" else "1")   # row 2: check character
    rows[1][4] = "钻石会员"                                                 # row 3: unknown level
    rows[2][5] = "2023-02-30"                                              # row 4: impossible date
    rows[3][7] = "1391234"                                                 # row 5: bad phone
    rows[5][3] = rows[3][3]                                                # row 7: duplicate of row 5
    rows[6][2] = existing                                                  # row 8: already in the roll
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    with pytest.raises(DomainError) as e:
        import_members(book, path)
    problems = {(p.row, p.field): p.message for p in e.value.problems}
    assert set(problems) == {(2, "统一社会信用代码"), (3, "会员等级"), (4, "入会日期"), (5, "手机"), (7, "身份证号"),
                             (8, "统一社会信用代码")}
    assert "校验" in problems[(2, "统一社会信用代码")]
    assert "钻石会员" in problems[(3, "会员等级")]
    assert "第 5 行" in problems[(7, "身份证号")]
    assert "M0001" in problems[(8, "统一社会信用代码")]
    assert "第 2 行" in str(e.value) and "6 " in e.value.message
    assert n_members(book) == 1


def test_skip_invalid_with_rejects(book, tmp_path):
    rows = good_rows(5)
    rows[2][1] = ""  # row 4: no name
    path = write_csv(tmp_path / "mixed.csv", rows)
    result = import_members(book, path, skip_invalid=True, rejects=str(tmp_path / "rejects.xlsx"))
    assert (result.created, result.rejected) == (4, 1)
    ws = load_workbook(tmp_path / "rejects.xlsx").active
    data = list(ws.values)
    assert list(data[0]) == HEADER + ["错误原因"]
    assert len(data) == 2 and "第 4 行" in data[1][-1] and "名称" in data[1][-1]
    assert n_members(book) == 4


def test_update_instead_of_refusing(book, tmp_path):
    rows = good_rows(2)
    import_members(book, write_csv(tmp_path / "a.csv", rows))
    rows[0][8] = "陕西省西咸新区新地址88号"
    rows[0][4] = "副会长单位"
    path = write_csv(tmp_path / "b.csv", rows)
    with pytest.raises(DomainError):
        import_members(book, path)
    result = import_members(book, path, update=True)
    assert (result.created, result.updated) == (0, 2)
    with book.session() as session:
        m = service.member_by_no(session, "M0001")
        assert m.address == "陕西省西咸新区新地址88号" and m.level.name == "副会长单位"
        assert [e.kind for e in service.history(session, m.id)][-2:] == ["edited", "level_changed"]
    assert n_members(book) == 2


def docx_bytes() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize("name, content, words", [
    ("word.xlsx", docx_bytes(), "Word"),
    ("random.xlsx", bytes(range(256)) * 4, "不是 Excel"),
    ("empty.csv", b"", "空"),
    ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".xls"),
    ("notes.docx", b"hello", ".xlsx"),
    ("binary.csv", b"\x00\x01\x02" * 100, "不是文本"),
    ("header.csv", "名称,手机\n某公司,13912345678\n".encode(), "缺少列"),
    ("only_header.csv", (",".join(HEADER) + "\n").encode(), "没有会员数据"),
])
def test_wrong_files_are_refused_clearly(book, tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DomainError) as e:
        import_members(book, path)
    assert words in str(e.value)
    assert n_members(book) == 0


def test_id_stored_as_number_in_excel(book, tmp_path):
    rows = good_rows(2)
    rows[1][3] = float(rows[1][3][:17] + "1")  # Excel turned the ID into a number and lost digits
    with pytest.raises(DomainError) as e:
        import_members(book, write_xlsx(tmp_path / "n.xlsx", rows))
    assert e.value.problems[0].row == 3 and "文本" in e.value.problems[0].message


@pytest.mark.parametrize("ext", [".xlsx", ".csv"])
def test_export_import_round_trip(book_url, demo_book, tmp_path, ext):
    from secretariat_app.db.book import create_book

    before = list_members(demo_book)
    with demo_book.session() as s:
        detail = {m.no: (m.address, m.industry, m.mobile, m.phone, m.left_on, m.left_reason, m.contact_name)
                  for m in s.scalars(select(Member))}
    n = export_members(demo_book, tmp_path / ("roll" + ext))
    assert n == len(before) >= 120
    empty = create_book(tmp_path / "empty.sqlite")
    try:
        result = import_members(empty, tmp_path / ("roll" + ext))
        assert result.created == n
        assert list_members(empty) == before
        with empty.session() as s:
            after = {m.no: (m.address, m.industry, m.mobile, m.phone, m.left_on, m.left_reason, m.contact_name)
                     for m in s.scalars(select(Member))}
            assert after == detail
    finally:
        empty.close()


def test_masked_export(book, tmp_path):
    rows = good_rows(2)
    import_members(book, write_csv(tmp_path / "a.csv", rows))
    export_members(book, tmp_path / "masked.csv", masked=True)
    text = (tmp_path / "masked.csv").read_text(encoding="utf-8-sig")
    assert rows[1][3] not in text and rows[1][3][:6] + "********" + rows[1][3][-4:] in text
    assert rows[0][7] not in text and rows[0][7][:3] + "****" + rows[0][7][-4:] in text
    assert rows[0][2] in text  # a credit code is not personal data
    assert "陕西省西咸新区沣泾大道1号" in text  # a corporate member's address is not personal data
    with pytest.raises(DomainError):  # a masked copy is not a roll to import
        import_members(book, tmp_path / "masked.csv", update=True)


def test_preview_marks_cells(book, tmp_path):
    rows = good_rows(3)
    rows[1][7] = "abc"
    path = write_csv(tmp_path / "p.csv", rows)
    check = members_files.check_import(Actor(book), str(path), cells=True)
    assert (check.good, check.bad) == (2, 1)
    assert [(p.row, p.field) for p in check.problems] == [(3, "手机")]
    num, texts, marks = check.rows[1]
    assert num == 3 and texts[7] == "abc" and list(marks) == [7]
    assert n_members(book) == 0


def test_io_reads_plain_rows_and_writes_nothing(tmp_path):
    """io parses the file into plain rows; the file's own problems are noted on the row."""
    rows = good_rows(2)
    rows[1][3] = float(rows[1][3][:17] + "1")
    f = read_roll_file(write_xlsx(tmp_path / "r.xlsx", rows))
    assert f.header_of("mobile") == "手机" and [r.row for r in f.rows] == [2, 3]
    assert f.rows[0].values["kind"] == "单位" and f.rows[0].values["status"] == "active"
    assert f.rows[1].problems and f.rows[1].problems[0][0] == "id_number"
