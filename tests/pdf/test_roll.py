"""The printed roll (名册): landscape, grouped by level, masked by default — read back from the PDF.

The roll is written through ``actions.members_files.print_roll`` (which masks); ``pdf.roll`` renders
the plain ``Roll`` it is given."""

from __future__ import annotations

import pdfplumber
from sqlalchemy import select

from secretariat_app.actions import Actor, members_files
from secretariat_app.core.members.models import Member
from secretariat_app.pdf.roll import write_roll


def print_roll(book, path, **options) -> int:
    return members_files.print_roll(Actor(book), str(path), **options)


def text_of(path) -> tuple[str, list]:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages), [(p.width, p.height) for p in pdf.pages]


def test_roll_masked_by_default(demo_book, tmp_path):
    n = print_roll(demo_book, tmp_path / "roll.pdf")
    with demo_book.session() as s:
        people = [m for m in s.scalars(select(Member).where(Member.kind == "individual", Member.status == "active"))]
        corp = s.scalars(select(Member).where(Member.kind == "corporate", Member.status == "active")).first()
        left = s.scalars(select(Member).where(Member.status == "left")).first()
    text, sizes = text_of(tmp_path / "roll.pdf")
    assert n >= 110
    assert all(w > h for w, h in sizes)  # landscape
    assert "会员名册" in text and "西咸新区智能制造行业协会" in text
    for heading in ("会长单位（1）", "副会长单位", "常务理事单位", "理事单位", "会员单位"):
        assert heading in text
    assert text.index("会长单位（1）") < text.index("理事单位（")  # level order
    assert corp.credit_code in text and corp.name in text
    assert left.name not in text  # the roll lists members, not those who left
    p = people[0]
    assert p.id_number not in text and p.id_number[:6] + "********" + p.id_number[-4:] in text
    assert corp.mobile not in text and corp.mobile[:3] + "****" + corp.mobile[-4:] in text
    assert "个人信息保护法" in text
    assert "第 1 页 共" in text


def test_roll_unmasked_and_all(demo_book, tmp_path):
    print_roll(demo_book, tmp_path / "full.pdf", masked=False, status="all")
    with demo_book.session() as s:
        p = s.scalars(select(Member).where(Member.kind == "individual")).first()
        left = s.scalars(select(Member).where(Member.status == "left")).first()
    text, _sizes = text_of(tmp_path / "full.pdf")
    assert p.id_number in text and left.name in text and "请勿外传" in text


def test_empty_roll(book, tmp_path):
    assert print_roll(book, tmp_path / "empty.pdf") == 0
    text, _sizes = text_of(tmp_path / "empty.pdf")
    assert "没有可列出的会员" in text


def test_pdf_renders_the_plain_roll_it_is_given(tmp_path):
    from datetime import date

    from secretariat_app.core.members.roll import Roll, RollEntry, masked_roll

    entry = RollEntry("M0007", "张三", "individual", "11010519491231002X", "", "13912345678", "教育", date(2024, 1, 2),
                      "理事")
    roll = Roll("测试行业协会", date(2025, 1, 1), "active", [("理事", [entry])])
    assert write_roll(tmp_path / "full.pdf", roll) == 1
    text, _sizes = text_of(tmp_path / "full.pdf")
    assert "11010519491231002X" in text and "请勿外传" in text
    write_roll(tmp_path / "masked.pdf", masked_roll(roll))
    text, _sizes = text_of(tmp_path / "masked.pdf")
    assert "11010519491231002X" not in text and "110105********002X" in text and "139****5678" in text
