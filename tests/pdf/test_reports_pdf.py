"""Report PDFs read back: figures equal their services, the package's numbering, bookmarks and
fonts (issue 7). The pdf modules render the plain data of ``core.reports``; the package is made
by the reports action that ties the documents together."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from secretariat_app.actions import Actor, reports_documents
from secretariat_app.core.book_settings import get_settings
from secretariat_app.core.reports import grade, sources
from secretariat_app.core.reports.data import party_building_data
from secretariat_app.pdf.reports import assemble
from secretariat_app.pdf.reports.csr import csr_report_pdf
from secretariat_app.pdf.reports.grade import grade_pdf
from secretariat_app.pdf.reports.party import party_report_pdf

YEAR = date.today().year


@pytest.fixture
def demo(demo_book):
    with demo_book.session() as s:
        from tests.core.test_reports_data import ensure_vouchers

        ensure_vouchers(s, YEAR)
        yield s


@pytest.fixture
def actor(demo_book, demo):
    demo.commit()  # the vouchers ensured above, for the actions' own sessions
    return Actor(demo_book)


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def outline_titles(reader: PdfReader, items=None, depth=0) -> list[tuple[int, str, int]]:
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += outline_titles(reader, item, depth + 1)
        else:
            out.append((depth, item.title, reader.get_destination_page_number(item)))
    return out


def external_pdf(pages: int = 2, landscape_last: bool = True, font: str = "Helvetica") -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    for n in range(pages):
        if landscape_last and n == pages - 1:
            c.setPageSize(landscape(A4))
        c.setFont(font, 12)
        c.drawString(100, 300, f"external page {n + 1}")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_grade_pdf_figures_equal_the_evaluation(demo):
    ev = grade.grade_evaluation(demo, YEAR)
    text = flat(text_of(grade_pdf(ev, get_settings(demo).name)))
    assert "等级评估自评表" in text
    assert f"可达等级：{ev.grade}" in text
    for g in ev.groups:
        assert flat(f"小计：{g.title}") in text
    assert f"{ev.total:,}" in text
    assert "第1页共1页" in text or "第1页共2页" in text


def test_csr_pdf_has_cover_and_book_figures(demo):
    from secretariat_app.core.reports.data import csr_report_data
    from secretariat_app.i18n import format_amount

    d = csr_report_data(demo, YEAR)
    data = csr_report_pdf(d)
    reader = PdfReader(io.BytesIO(data))
    cover = flat(reader.pages[0].extract_text())
    assert "社会责任报告" in cover and flat(d.settings.name) in cover
    assert "第" not in cover  # a plain cover
    text = flat(text_of(data))
    assert flat(f"接受捐赠（元）{format_amount(d.donations.received, fen=True)}") in text
    assert flat(f"年末会员数{d.members.total}") in text.replace(",", "")
    n, people = d.count("training")
    assert flat(f"{n}场，{people}人次") in text
    assert "行业自律" in text and "环境治理" in text


def test_party_pdf(demo):
    text = flat(text_of(party_report_pdf(party_building_data(demo, YEAR))))
    assert "党建工作报告" in text and "单独建立党支部" in text and "政治学习" in text


def test_package_numbering_bookmarks_fonts(demo, actor, tmp_path):
    docs = ["csr", "minutes", "grade", "party", "roll", "attachments"]
    meetings = sources.meetings_of_year(demo, YEAR)
    audit = tmp_path / "审计报告.pdf"
    audit.write_bytes(external_pdf())
    result = reports_documents.build_package(actor, YEAR, documents=docs, attach_files=[audit], limit_kb=50_000)
    assert len(result.parts) == 1 and not result.over_limit
    reader = PdfReader(io.BytesIO(result.whole))
    total = len(reader.pages)
    assert total == result.pages
    for i, page in enumerate(reader.pages, 1):
        assert flat(f"第{i}页共{total}页") in flat(page.extract_text()), f"page {i}"
    # Bookmarks: cover, contents, then each document at its first page; minutes grouped.
    top = [(t, p) for d, t, p in outline_titles(reader) if d == 0]
    titles = [t for t, _p in top]
    assert titles[:2] == ["封面", "目录"]
    assert titles[2:] == ["社会责任报告", "年度会议纪要", "等级评估自评表", "党建工作报告", "会员名册（脱敏）", "审计报告"]
    minutes = [t for d, t, _p in outline_titles(reader) if d == 1 and t.startswith(str(YEAR))]
    assert len(minutes) == len(meetings)
    # The contents page lists each document's first page, matching its bookmark.
    contents = flat(reader.pages[1].extract_text())
    for title, level, first, last in result.contents:
        assert flat(title) in contents
        if level == 0:
            assert (title, first - 1) in top
    starts = dict(top)
    assert "社会责任报告" in flat(reader.pages[starts["社会责任报告"]].extract_text())
    assert "external page 1" in reader.pages[starts["审计报告"]].extract_text()
    # Every font of our own pages is embedded; the attachment's Helvetica is named in a warning.
    ours = PdfReader(io.BytesIO(assemble.subset(reader, 0, starts["审计报告"] - 1, [], {})))
    assert assemble.unembedded_fonts(ours) == set()
    assert any("Helvetica" in w for w in result.warnings)
    # The landscape attachment page is numbered at its own foot.
    last = reader.pages[-1]
    assert float(last.mediabox.width) > float(last.mediabox.height)


def test_package_split_under_limit(actor):
    result = reports_documents.build_package(actor, YEAR, documents=["csr", "grade", "party"], limit_kb=60)
    assert result.over_limit and len(result.parts) == 1
    assert any("超过上限" in w for w in result.warnings)
    parts = result.split()
    assert len(parts) > 1
    pages = [len(PdfReader(io.BytesIO(p)).pages) for p in parts]
    assert sum(pages) == result.pages
    # Numbers run over the whole package in every part.
    last = PdfReader(io.BytesIO(parts[-1])).pages[-1]
    assert flat(f"第{result.pages}页共{result.pages}页") in flat(last.extract_text())


def test_document_alone_is_numbered_on_its_own(actor):
    data = reports_documents.document_pdf(actor, YEAR, "minutes")
    reader = PdfReader(io.BytesIO(data))
    n = len(reader.pages)
    assert flat(f"第{n}页共{n}页") in flat(reader.pages[-1].extract_text())


def test_annual_report_figures_equal_their_services(demo):
    from secretariat_app.core.ledger import statements
    from secretariat_app.core.members import dashboard
    from secretariat_app.core.reports.data import annual_report_data
    from secretariat_app.i18n import format_amount
    from secretariat_app.pdf.reports.annual import annual_report_pdf

    data = annual_report_pdf(annual_report_data(demo, YEAR))
    reader = PdfReader(io.BytesIO(data))
    text = flat(text_of(data))
    st = statements(demo, YEAR)
    assert flat(f"资产总计{format_amount(st.line('balance_sheet', 60).values['closing'], fen=True)}") in text
    assert flat(f"收入合计{format_amount(st.line('activities', 11).values['ytd_T'], fen=True)}") in text
    joined, left = dashboard.joins_exits(demo, YEAR)
    total = sum(dashboard.by_kind(demo, date(YEAR, 12, 31)).values())
    start = sum(dashboard.by_kind(demo, date(YEAR - 1, 12, 31)).values())
    assert flat(f"年初会员数新入会退会年末会员数{start}{joined}{left}{total}") in text.replace(",", "")
    for title in ("基本情况", "内部治理", "会员数", "工作人员", "开展活动", "标准", "财务状况", "资产负债表", "业务活动表",
                  "现金流量表", "真实性承诺书", "签字盖章页", "业务主管单位意见"):
        assert title in text, title
    meetings = sources.meetings_of_year(demo, YEAR)
    assert flat(f"合计{len(meetings)}") in text
    from secretariat_app.core.dues.dashboard import dues_dashboard

    dash = dues_dashboard(demo, YEAR)
    if dash.billed:
        assert flat(f"应收会费（元）{format_amount(dash.billed, fen=True)}") in text
        assert flat(f"实收会费（元）{format_amount(dash.collected, fen=True)}") in text
    # The statements keep their landscape pages inside the portrait report.
    sizes = {(float(p.mediabox.width) > float(p.mediabox.height)) for p in reader.pages}
    assert sizes == {True, False}
    assert flat(f"第{len(reader.pages)}页共{len(reader.pages)}页") in flat(reader.pages[-1].extract_text())


def test_whole_default_package(actor):
    result = reports_documents.build_package(actor, YEAR)
    reader = PdfReader(io.BytesIO(result.whole))
    titles = [t for d, t, _p in outline_titles(reader) if d == 0]
    assert titles[2:5] == ["年度工作报告", "财务报表", "社会责任报告"]
    assert result.size <= result.limit  # the demo's package fits the usual 2 MB
    assert assemble.unembedded_fonts(reader) == set()
