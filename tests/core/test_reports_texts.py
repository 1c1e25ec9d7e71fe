"""Narrative sections of the reports: markup, saving per year, carry-forward (issue 7)."""

from __future__ import annotations

import pytest

from secretariat_app.core.reports import markup, narrative
from secretariat_app.core.reports.models import ANNUAL, CSR
from secretariat_app.errors import DomainError


def test_markup_blocks_and_canonical_form():
    text = "# 总体\n\n今年我们\n做了很多工作，\nand more.\n\n- 一\n- 二 **重点**\n  续行\n\n1. 甲\n2) 乙\n\n### 小节"
    blocks = markup.parse(text)
    assert [b.kind for b in blocks] == ["heading", "paragraph", "bullets", "numbered", "heading"]
    assert blocks[1].text == "今年我们做了很多工作， and more."
    assert blocks[2].items == ["一", "二 **重点** 续行"]
    assert blocks[4].level == 3
    canon = markup.normalize(text)
    assert markup.normalize(canon) == canon
    assert "1. 甲\n2. 乙" in canon
    assert markup.inline_runs("a **b** c\\*") == [("a ", False), ("b", True), (" c*", False)]
    assert markup.to_reportlab("1 < 2 & **粗**") == "1 &lt; 2 &amp; <b>粗</b>"
    assert markup.plain_text(text).splitlines()[0] == "总体"


def test_bold_opened_at_a_wrapped_line_is_joined_without_space():
    assert markup.normalize("甲 **\n粗体** 乙") == "甲 **粗体** 乙\n"


def test_save_and_read_back(session):
    narrative.save_texts(session, 2026, ANNUAL, {"overview": "今年\n工作顺利。", "plans": "- 甲\n- 乙"})
    texts = narrative.texts(session, 2026, ANNUAL)
    assert texts["overview"] == "今年工作顺利。\n"
    assert texts["plans"] == "- 甲\n- 乙\n"
    assert texts["governance"] == ""
    assert narrative.texts(session, 2026, CSR)["foreword"] == ""


def test_last_year_is_a_draft_until_carried_forward(session):
    narrative.save_texts(session, 2025, CSR, {"foreword": "去年的前言", "outlook": "去年的展望"})
    narrative.save_texts(session, 2026, CSR, {"outlook": "今年的展望"})
    sections = {s.key: s for s in narrative.section_texts(session, 2026, CSR)}
    assert sections["foreword"].carried and sections["foreword"].content.startswith("去年的前言")
    assert not sections["outlook"].carried and sections["outlook"].content.startswith("今年的展望")
    assert narrative.texts(session, 2026, CSR)["foreword"] == ""  # not the year's own yet
    assert narrative.report_texts(session, 2026, CSR)["foreword"] == ""  # a draft is not printed
    assert narrative.carry_forward(session, 2026, CSR) == 1
    assert narrative.texts(session, 2026, CSR)["foreword"].startswith("去年的前言")
    assert narrative.texts(session, 2026, CSR)["outlook"].startswith("今年的展望")  # own text kept


def test_refusals_write_nothing(session):
    with pytest.raises(DomainError):
        narrative.save_texts(session, 2026, ANNUAL, {"overview": "好", "no_such_section": "x"})
    with pytest.raises(DomainError):
        narrative.save_texts(session, 2026, ANNUAL, {"overview": "x" * (narrative.MAX_TEXT + 1)})
    with pytest.raises(DomainError):
        narrative.save_texts(session, 2026, "brochure", {"overview": "x"})
    with pytest.raises(DomainError):
        narrative.save_texts(session, 12026, ANNUAL, {"overview": "x"})
    assert narrative.texts(session, 2026, ANNUAL)["overview"] == ""
