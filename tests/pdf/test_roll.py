"""The printed roll (名册): landscape, grouped by level, masked by default — read back from the PDF."""

from __future__ import annotations

import pdfplumber
from sqlalchemy import select

from secretariat_app.core.members.models import Member
from secretariat_app.pdf.roll import write_roll


def text_of(path) -> tuple[str, list]:
    with pdfplumber.open(path) as pdf:
        return "\n".join(p.extract_text() or "" for p in pdf.pages), [(p.width, p.height) for p in pdf.pages]


def test_roll_masked_by_default(demo_book, tmp_path):
    with demo_book.session() as s:
        n = write_roll(s, tmp_path / "roll.pdf")
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
    with demo_book.session() as s:
        write_roll(s, tmp_path / "full.pdf", masked=False, status="all")
        p = s.scalars(select(Member).where(Member.kind == "individual")).first()
        left = s.scalars(select(Member).where(Member.status == "left")).first()
    text, _sizes = text_of(tmp_path / "full.pdf")
    assert p.id_number in text and left.name in text and "请勿外传" in text


def test_empty_roll(book, tmp_path):
    with book.session() as s:
        assert write_roll(s, tmp_path / "empty.pdf") == 0
    text, _sizes = text_of(tmp_path / "empty.pdf")
    assert "没有可列出的会员" in text
