"""Meeting documents read back: minutes (会议纪要), sign-in sheet (签到表), notice (会议通知)."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from secretariat_app.core.meetings import minutes, notices, queries, service
from secretariat_app.core.meetings.body import figures
from secretariat_app.pdf import meetings as pdf


def minutes_pdf_bytes(s, meeting_id: int, version: int | None = None) -> bytes:
    """The pdf module renders the plain minutes data the core gives."""
    return pdf.minutes_pdf(minutes.minutes_data(s, meeting_id, version))


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def fonts_embedded(data: bytes) -> bool:
    reader = pypdf.PdfReader(io.BytesIO(data))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            desc = font.get_object()
            descendants = desc.get("/DescendantFonts")
            fd = (descendants[0].get_object() if descendants else desc).get("/FontDescriptor")
            if fd is not None and not any(k in fd.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return False
    return True


@pytest.fixture
def ga(demo_book):
    with demo_book.session() as s:
        row = next(r for r in queries.list_meetings(s) if r["kind"] == "general_assembly")
        yield s, row


def test_minutes_header_quorum_resolutions_and_signatures(ga):
    s, row = ga
    data = minutes_pdf_bytes(s, row["id"])
    assert data.startswith(b"%PDF") and fonts_embedded(data)
    t = text_of(data)
    fig = figures(s, service.get_meeting(s, row["id"]))
    assert f"{row['title']}会议纪要" in t
    assert f"应到{fig.expected}人" in t
    assert f"实到{fig.counted}人（含委托{fig.proxies}人）" in t
    assert "符合章程规定，会议有效" in t
    rec = queries.meeting_record(s, row["id"])
    assert rec["chair"] in t and rec["recorder"] in t and "主持人：" in t and "记录人：" in t
    for item in rec["agenda"]:
        assert item["title"] in t
    dues = next(r for r in rec["resolutions"] if r["subject"] == "dues_schedule")
    assert f"赞成{dues['votes_for']}票，反对{dues['votes_against']}票，弃权{dues['votes_abstain']}票" in t
    assert "无记名投票" in t and "决议通过" in t
    assert "审定，已锁定" in t and "当选" in t  # approved version; the by-election's result


def test_minutes_draft_and_versions(ga):
    s, row = ga
    minutes.start_correction(s, row["id"], reason="更正列席人员")
    s.commit()
    t = text_of(minutes_pdf_bytes(s, row["id"]))
    assert "草稿第2版" in t
    assert "第1版" in text_of(minutes_pdf_bytes(s, row["id"], version=1))


def test_minutes_of_a_meeting_without_minutes_is_a_draft(demo_book):
    with demo_book.session() as s:
        m = service.create_meeting(s, kind="supervisors", title="监事会临时会议", date=date.today())
        t = text_of(minutes_pdf_bytes(s, m.id))
        assert "监事会临时会议会议纪要" in t and "草稿第1版" in t and "应到3人" in t


def test_signin_sheet_lists_the_body_with_a_signature_column(demo_book):
    with demo_book.session() as s:
        council = next(r for r in queries.list_meetings(s) if r["kind"] == "council")
        lines = queries.body_lines(s, service.get_meeting(s, council["id"]))
        rec = queries.meeting_record(s, council["id"], lines)
        data = pdf.signin_pdf(dict(rec, members=lines))
        t = text_of(data)
        assert f"{council['title']}签到表" in t and "签名" in t and "序号" in t
        assert len(lines) == council["expected"]
        for line in lines:
            assert re.sub(r"\s+", "", line["name"]) in t
        assert "会长" in t  # the posts are printed


def test_notice_from_the_meeting(demo_book, tmp_path):
    with demo_book.session() as s:
        row = next(r for r in queries.list_meetings(s) if r["kind"] == "general_assembly")
        t = text_of(pdf.notice_pdf(notices.notice_data(s, row["id"])))
        m = service.get_meeting(s, row["id"])
        assert f"关于召开{m.title}的通知" in t and re.sub(r"\s+", "", m.place) in t
        assert all(a.title in t for a in m.agenda) and "盖章" in t


def test_english_minutes(ga):
    from secretariat_app.i18n import set_language

    s, row = ga
    set_language("en")
    t = text_of(minutes_pdf_bytes(s, row["id"]))
    assert "Minutesof" in t and "Expected" in t and "byproxy" in t
