"""The PDF kit: a real document read back with pypdf and pdfplumber."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from secretariat_app.pdf import fonts, kit
from secretariat_app.pdf.kit import Column

ASSOCIATION = "西咸新区智能制造行业协会"
AMOUNT_RE = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")


def sample_story(rows: int = 90) -> kit.PdfStory:
    story = kit.PdfStory()
    story.title("会员会费明细表", subtitle="2026年度", left=f"编制单位：{ASSOCIATION}", center="2026年12月31日",
                right="单位：元", code="会民非01表")
    story.heading("一、单位会员", 1)
    story.para("本表列出全部单位会员的应缴与已缴会费。名称中的 A&B <符号> 照原样打印。", "body_indent")
    cols = [Column("序号", "integer", width=12 * mm), Column("会员名称"), Column("会员等级", "center"),
            Column("入会日期", "date"), Column("应缴会费", "fen"), Column("已缴会费", "amount")]
    data = [[i, f"秦川装备{i}号有限公司", "理事单位", date(2020, 1 + i % 12, 1 + i % 28), 123456 * i,
             Decimal(1234 * i) / 100] for i in range(1, rows + 1)]
    story.table(cols, data, totals=[["", "合计", "", "", sum(r[4] for r in data), sum(r[5] for r in data)]])
    story.heading("二、说明", 1)
    story.heading("（一）会费标准", 2)
    story.para("会费标准经会员大会表决通过。", "body_indent")
    story.signatures(kit.statement_signers())
    story.seal(caption=[ASSOCIATION, "2026年  月  日"])
    return story


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("kit") / "sample.pdf"
    pages = kit.build_pdf(path, sample_story(), title="会员会费明细表", association=ASSOCIATION)
    return path, pages


def font_dicts(reader: PdfReader):
    """Every font dictionary used by pages and by the forms they draw."""
    seen = {}

    def visit(resources):
        if not resources:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            seen[id(font)] = font
        for ref in (resources.get("/XObject") or {}).values():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form":
                visit(xobj.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return list(seen.values())


def test_three_pages_numbered_and_embedded(sample_pdf):
    path, pages = sample_pdf
    assert pages == 3
    reader = PdfReader(path)
    assert len(reader.pages) == 3
    for i, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"第 {i} 页 共 3 页" in text
        assert ASSOCIATION in text  # header
        assert "会员名称" in text  # header row repeated on every page
    with pdfplumber.open(path) as pdf:
        assert "第 1 页 共 3 页" in pdf.pages[0].extract_text()
        assert "第 3 页 共 3 页" in pdf.pages[2].extract_text()
    fonts_used = font_dicts(reader)
    assert fonts_used
    for font in fonts_used:
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, font.get("/BaseFont")


def test_content_metadata_and_bookmarks(sample_pdf):
    path, _pages = sample_pdf
    reader = PdfReader(path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "A&B <符号>" in text
    assert "秦川装备90号有限公司" in text
    assert "1,234.56" in text and "111,110.40" in text  # fen 123456 × 1 and × 90
    assert "合计" in text
    for label in ("单位负责人：", "主管会计工作的负责人：", "会计机构负责人（会计主管人员）：", "制表人："):
        assert label in text
    assert "（盖章）" in text
    meta = reader.metadata
    assert meta.title == "会员会费明细表" and meta.author == ASSOCIATION
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline if not isinstance(o, list)]
    assert outline[0] == ("会员会费明细表", 0)
    assert ("一、单位会员", 0) in outline
    assert ("二、说明", 2) in outline
    children = [o for o in reader.outline if isinstance(o, list)]
    assert children and children[0][0].title == "（一）会费标准"


def test_amounts_are_right_aligned(sample_pdf):
    path, _pages = sample_pdf
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[1].extract_words()
    amounts = [w for w in words if AMOUNT_RE.match(w["text"])]
    assert len(amounts) > 20
    right_edges = sorted({round(w["x1"]) for w in amounts})
    # Two amount columns: every amount ends at one of two right edges.
    assert len(right_edges) <= 4 and right_edges[-1] - right_edges[0] > 30
    for w in amounts:
        assert min(abs(w["x1"] - e) for e in (right_edges[0], right_edges[-1])) < 1.5


def test_pages_render(sample_pdf, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path, _pages = sample_pdf
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "p")], check=True, timeout=60)
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == 3 and all(p.stat().st_size > 1000 for p in pngs)


def test_english_landscape_in_memory():
    story = kit.PdfStory(lang="en")
    story.title("Member roll", right="Unit: yuan")
    story.table([Column("Name"), Column("Dues", "fen")], [["Acme", 150000], ["Beta", -2550]],
                totals=[["Total", 147450]])
    story.seal()
    data, pages = kit.render_pdf(story, title="Member roll", association="Test Association",
                                 orientation="landscape", lang="en")
    assert data.startswith(b"%PDF") and pages == 1
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = reader.pages[0].extract_text()
    assert "Page 1 of 1" in text
    assert "1,500.00" in text and "-25.50" in text and "1,474.50" in text
    assert "(Seal)" in text
    assert kit.pdf_bytes(story, title="x", lang="en").startswith(b"%PDF")


def test_custom_page_sizes_and_template_switch():
    story = kit.PdfStory()
    story.title("记账凭证")
    story.para("凭证纸")
    story.page_break("landscape")
    story.para("横向页")
    data, pages = kit.render_pdf(story, title="记账凭证", association=ASSOCIATION, pagesize="voucher-241",
                                 header=False)
    reader = PdfReader(io.BytesIO(data))
    assert pages == 2
    w0, h0 = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert abs(w0 - 241 * mm) < 1 and abs(h0 - 139.7 * mm) < 1
    assert ASSOCIATION not in reader.pages[0].extract_text()  # header off
    assert "第 2 页 共 2 页" in reader.pages[1].extract_text()
    # Continuous form given as a size tuple, forced portrait.
    data = kit.pdf_bytes([kit.para("连续纸")], title="t", pagesize=kit.CONTINUOUS_241, orientation="portrait")
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert abs(float(box.width) - 241 * mm) < 1


def test_table_of_contents_and_nested_outline():
    st = kit.get_styles()
    story = [kit.Bookmark("封面", 0), kit.para("报送材料"), *kit.new_page(), kit.table_of_contents(st),
             *kit.new_page()]
    for name in ("年度工作报告", "财务报表"):
        inner = [kit.heading(name, 1), kit.heading("一、基本情况", 2), kit.para("正文。" * 200), *kit.new_page()]
        story += kit.outline_section(name, inner)
    data, pages = kit.render_pdf(story, title="报送材料", association=ASSOCIATION, cover=True)
    reader = PdfReader(io.BytesIO(data))
    assert pages == len(reader.pages) >= 4
    toc_text = reader.pages[1].extract_text()
    assert "年度工作报告" in toc_text and "财务报表" in toc_text
    assert ASSOCIATION not in reader.pages[0].extract_text()  # cover page is plain
    assert f"第 2 页 共 {pages} 页" in reader.pages[1].extract_text()
    top = [o for o in reader.outline if not isinstance(o, list)]
    assert [o.title for o in top] == ["封面", "年度工作报告", "财务报表"]
    nested = [o for o in reader.outline if isinstance(o, list)]
    assert nested[0][0].title == "年度工作报告"  # the document's own h1, one level down
    assert reader.get_destination_page_number(top[1]) == 2


def test_fit_widths():
    from secretariat_app.pdf.tables import fit_widths

    w = fit_widths([None, None, 30.0], [100, 60, 0], [30, 60, 0], [True, False, False], 400)
    assert abs(sum(w) - 400) < 0.01 and w[1] >= 60 and w[2] == 30 and w[0] > w[1]
    # Too wide: the text column shrinks first, numbers keep their width.
    w = fit_widths([None, None], [500, 80], [40, 80], [True, False], 300)
    assert abs(sum(w) - 300) < 0.01 and w[1] == 80
    w = fit_widths(["2*", "1*", "20%"], [0, 0, 0], [0, 0, 0], [True, True, True], 500)
    assert [round(x) for x in w] == [267, 133, 100]


def test_format_cell_refuses_float():
    assert kit.format_cell(Decimal("1234.5"), "amount") == "1,234.50"
    assert kit.format_cell(0, "fen", blank_zero=True) == ""
    with pytest.raises(TypeError):
        kit.format_cell(1.5, "amount")


def test_font_search(monkeypatch, tmp_path):
    found = fonts.register_fonts()
    assert found.normal == fonts.FONT_NAME and found.face.path.is_file()
    try:
        # resources/fonts is searched first.
        res = tmp_path / "fonts"
        res.mkdir()
        (res / found.face.path.name).symlink_to(found.face.path)
        monkeypatch.setattr(fonts, "resource_font_dirs", lambda: [res])
        monkeypatch.delenv(fonts.ENV_VAR, raising=False)
        _font, _bold, face, _bold_face = fonts.find_fonts()
        assert face.path.parent == res
        # The environment variable overrides, and a bad value is a clear, translated refusal.
        monkeypatch.setenv(fonts.ENV_VAR, f"{found.face.path}#{found.face.index}")
        assert fonts.find_fonts()[2] == found.face
        monkeypatch.setenv(fonts.ENV_VAR, str(tmp_path / "nope.ttf"))
        fonts.reset_for_tests()
        with pytest.raises(fonts.FontMissing) as exc:
            fonts.register_fonts()
        assert fonts.ENV_VAR in str(exc.value) and "字体" in str(exc.value)
        # Nothing anywhere: the message says what to install.
        monkeypatch.delenv(fonts.ENV_VAR)
        monkeypatch.setattr(fonts, "_all_candidates", lambda: iter(()))
        with pytest.raises(fonts.FontMissing) as exc:
            fonts.find_fonts()
        assert "fonts-wqy-microhei" in str(exc.value)
    finally:
        fonts.reset_for_tests()
        monkeypatch.undo()
        assert fonts.register_fonts().face == found.face
