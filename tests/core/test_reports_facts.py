"""Yearly facts the secretariat enters for the reports (issue 7)."""

from __future__ import annotations

from datetime import date

import pytest

from secretariat_app.core.reports import attachments, facts, grade
from secretariat_app.errors import DomainError


def test_staff_counts_must_add_up(session):
    facts.set_staff(session, 2026, staff_count=5, full_time=4, part_time=1, social_insured=4, party_members=2,
                    party_org="branch", note="秘书长一名")
    st = facts.get_staff(session, 2026)
    assert (st.staff_count, st.full_time, st.social_insured, st.party_org, st.entered) == (5, 4, 4, "branch", True)
    with pytest.raises(DomainError) as err:
        facts.set_staff(session, 2026, staff_count=5, full_time=1, part_time=1, social_insured=9)
    fields = {p.field for p in err.value.problems}
    assert len(fields) >= 1
    assert facts.get_staff(session, 2026).full_time == 4  # nothing written
    assert not facts.get_staff(session, 2025).entered


def test_activity_validation_names_every_field(session):
    facts.add_activity(session, 2026, on_date="2026-03-02", title="政策培训", kind="training", participants=40)
    with pytest.raises(DomainError) as err:
        facts.add_activity(session, 2026, on_date="2025-03-02", title="", kind="picnic", participants=-1)
    assert len(err.value.problems) == 4
    rows = facts.activities(session, 2026)
    assert [(a.title, a.kind, a.participants, a.on_date) for a in rows] == [("政策培训", "training", 40, date(2026, 3, 2))]
    facts.update_activity(session, rows[0].id, participants=45)
    assert facts.activities(session, 2026, "training")[0].participants == 45
    facts.delete_activity(session, rows[0].id)
    assert facts.activities(session, 2026) == []


def test_standards_disclosures_and_survey(session):
    facts.add_standard(session, 2026, title="智能产线验收规范", code="T/XX 001—2026", level="group", role="lead",
                       status="published")
    facts.add_disclosure(session, 2026, on_date="2026-04-30", title="年度财务报告", channel="协会网站")
    facts.set_survey(session, 2026, respondents=100, satisfied=92)
    assert facts.standards(session, 2026)[0].code == "T/XX 001—2026"
    assert len(facts.disclosures(session, 2026)) == 1
    assert facts.get_survey(session, 2026).satisfied == 92
    with pytest.raises(DomainError):
        facts.set_survey(session, 2026, respondents=10, satisfied=11)
    assert facts.get_survey(session, 2026).respondents == 100


def test_staff_scores_within_points(session):
    grade.set_score(session, 2026, "charter", 9, "章程已核准")
    with pytest.raises(DomainError):
        grade.set_score(session, 2026, "charter", 11)
    with pytest.raises(DomainError):
        grade.set_score(session, 2026, "finance", 10)  # answered by the data, not by staff
    assert grade.staff_scores(session, 2026)["charter"].score == 9
    grade.set_scores(session, 2026, {"charter": (None, "")})
    assert "charter" not in grade.staff_scores(session, 2026)


def test_attachments_are_stored_pdfs(session, tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "审计报告.pdf"
    c = Canvas(str(path))
    c.drawString(100, 700, "audit")
    c.showPage()
    c.drawString(100, 700, "page 2")
    c.save()
    info = attachments.add_attachment(session, 2026, path)
    assert (info.title, info.pages) == ("审计报告", 2)
    assert attachments.attachment_bytes(session, info.id) == path.read_bytes()
    bad = tmp_path / "note.pdf"
    bad.write_text("not a pdf")
    with pytest.raises(DomainError):
        attachments.add_attachment(session, 2026, bad)
    assert len(attachments.list_attachments(session, 2026)) == 1


def test_package_settings(session):
    pkg = attachments.get_package(session, 2026)
    assert pkg.limit_kb == 2048 and "annual" in pkg.documents
    attachments.set_package(session, 2026, limit_mb="1.5", documents=["grade", "csr"])
    pkg = attachments.get_package(session, 2026)
    assert pkg.limit_kb == 1536 and pkg.documents == ["csr", "grade"]  # package order
    assert attachments.get_package(session, 2027).documents == ["csr", "grade"]  # last year's by default
    with pytest.raises(DomainError):
        attachments.set_package(session, 2026, limit_mb="lots")
    with pytest.raises(DomainError):
        attachments.set_package(session, 2026, documents=[])


def test_each_service_commits_its_own_action(book):
    """Every writer is one action: called in a fresh session (as the GUI does), it is committed."""
    from secretariat_app.core.reports import narrative

    def call(fn, *args, **kw):
        with book.session() as s:
            return fn(s, *args, **kw)

    call(narrative.save_texts, 2025, "csr", {"foreword": "去年"})
    call(narrative.carry_forward, 2026, "csr")
    call(facts.set_staff, 2026, staff_count=3, full_time=3, part_time=0)
    call(facts.set_staff, 2026, social_insured=3)
    a = call(facts.add_activity, 2026, on_date="2026-05-01", title="培训", kind="training")
    call(facts.update_activity, a.id, participants=12)
    s = call(facts.add_standard, 2026, title="规范")
    call(facts.update_standard, s.id, status="published")
    call(facts.set_survey, 2026, respondents=10, satisfied=9)
    call(grade.set_scores, 2026, {"office": (12, "")})
    call(attachments.set_package, 2026, limit_mb=3)
    call(attachments.set_package, 2026, documents=["grade"])
    assert call(narrative.texts, 2026, "csr")["foreword"] == "去年\n"
    assert call(facts.get_staff, 2026).social_insured == 3
    assert call(facts.activities, 2026)[0].participants == 12
    assert call(facts.standards, 2026)[0].status == "published"
    assert call(facts.get_survey, 2026).satisfied == 9
    assert call(grade.staff_scores, 2026)["office"].score == 12
    pkg = call(attachments.get_package, 2026)
    assert (pkg.limit_kb, pkg.documents) == (3072, ["grade"])
