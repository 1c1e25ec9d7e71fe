"""The reports actions (issue 12): each works for the secretariat, refuses a viewer (and the
treasurer) and then changes nothing; the member roll in the submission package is masked for
every role, a viewer's above all."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from secretariat_app.actions import Actor, reports, reports_documents
from secretariat_app.core.auth import set_current_user
from secretariat_app.core.trust.users import add_user
from secretariat_app.errors import DomainError, PermissionDenied

YEAR = date.today().year


@pytest.fixture
def roles(demo_book):
    from tests.core.test_reports_data import ensure_vouchers

    set_current_user(None)
    with demo_book.session() as s:
        ensure_vouchers(s, YEAR)
        s.commit()
        users = dict(admin=add_user(s, "admin", "secret-pass-1", "admin"),
                     secretary=add_user(s, "li", "secret-pass-2", "secretary"),
                     treasurer=add_user(s, "zhao", "secret-pass-3", "treasurer"),
                     viewer=add_user(s, "wang", "secret-pass-4", "viewer"))
    set_current_user(None)
    yield {k: Actor(demo_book, u) for k, u in users.items()}
    set_current_user(None)


def pdf_file(tmp_path, name: str = "a.pdf") -> str:
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / name
    c = Canvas(str(path))
    c.drawString(100, 700, "attached")
    c.save()
    return str(path)


def snapshot(actor: Actor) -> tuple:
    f = reports.year_facts(actor, YEAR)
    texts = {d: [(s.key, s.content, s.carried) for s in reports.section_texts(actor, YEAR, d)]
             for d in ("annual", "csr", "party")}
    st = reports.package_state(actor, YEAR)
    scores = [(i.key, i.score, i.note) for i in reports.grade_evaluation(actor, YEAR).indicators]
    return f, texts, st, scores


def test_texts_facts_scores_and_package_settings(roles, tmp_path):
    sec = roles["secretary"]
    key = reports.section_texts(sec, YEAR, "csr")[1].key
    out = reports.save_texts(sec, YEAR, "csr", {key: "会员自律公约修订完成"})
    assert str(YEAR) in out.changes.reports and out.changes.touches("reports")
    assert next(s for s in reports.section_texts(sec, YEAR, "csr") if s.key == key).content.startswith("会员自律")
    assert reports.carry_forward(sec, YEAR + 1, "csr").value >= 1

    reports.set_staff(sec, YEAR, dict(staff_count=10, full_time=8, part_time=2))
    assert reports.year_facts(sec, YEAR).staff.staff_count == 10
    with pytest.raises(DomainError):
        reports.set_staff(sec, YEAR, dict(staff_count=10, full_time=8, part_time=5))  # does not add up
    assert reports.year_facts(sec, YEAR).staff.part_time == 2
    reports.set_survey(sec, YEAR, dict(respondents=50, satisfied=45))
    assert reports.year_facts(sec, YEAR).survey["satisfied"] == 45

    aid = reports.add_activity(sec, YEAR, dict(on_date=date(YEAR, 3, 1), title="标准宣贯会", kind="training",
                                               participants=30)).value
    reports.update_activity(sec, aid, dict(on_date=date(YEAR, 3, 2), title="标准宣贯会（二）", kind="training"))
    assert any(a[0] == aid and a[3] == "标准宣贯会（二）" for a in reports.year_facts(sec, YEAR).activities)
    reports.delete_activity(sec, aid)
    sid = reports.add_standard(sec, YEAR, dict(title="智能制造团体标准")).value
    reports.update_standard(sec, sid, dict(title="智能制造团体标准（修订）"))
    reports.delete_standard(sec, sid)
    did = reports.add_disclosure(sec, YEAR, dict(on_date=date(YEAR, 4, 1), title="年度报告公示")).value
    reports.delete_disclosure(sec, did)
    facts = reports.year_facts(sec, YEAR)
    assert aid not in [a[0] for a in facts.activities] and did not in [d[0] for d in facts.disclosures]

    reports.set_scores(sec, YEAR, {"charter": ("7", "新章程待核准")})
    assert next(i for i in reports.grade_evaluation(sec, YEAR).indicators if i.key == "charter").score == 7

    reports.set_package(sec, YEAR, limit_mb="3", documents=["csr", "grade"])
    att = reports.add_attachment(sec, YEAR, pdf_file(tmp_path), title="主管单位意见").value
    second = reports.add_attachment(sec, YEAR, pdf_file(tmp_path, "b.pdf")).value
    reports.rename_attachment(sec, att.id, "业务主管单位意见")
    reports.move_attachment(sec, second.id, -1)
    st = reports.package_state(sec, YEAR)
    assert st.choice.limit_kb == 3 * 1024 and st.choice.documents == ["csr", "grade"]
    assert [a.title for a in st.attachments] == ["b", "业务主管单位意见"]
    reports.remove_attachment(sec, second.id)
    reports.remove_attachment(sec, second.id)  # gone already: nothing to do
    assert [a.id for a in reports.package_state(sec, YEAR).attachments] == [att.id]


def _write_calls():
    return [
        (reports.save_texts, (YEAR, "csr", {"foreword": "x"})),
        (reports.carry_forward, (YEAR + 1, "csr")),
        (reports.set_staff, (YEAR, dict(staff_count=1, full_time=1))),
        (reports.set_survey, (YEAR, dict(respondents=1, satisfied=1))),
        (reports.add_activity, (YEAR, dict(on_date=date(YEAR, 1, 2), title="x"))),
        (reports.update_activity, (1, dict(title="x"))),
        (reports.delete_activity, (1,)),
        (reports.add_standard, (YEAR, dict(title="x"))),
        (reports.update_standard, (1, dict(title="x"))),
        (reports.delete_standard, (1,)),
        (reports.add_disclosure, (YEAR, dict(on_date=date(YEAR, 1, 2), title="x"))),
        (reports.delete_disclosure, (1,)),
        (reports.set_scores, (YEAR, {"charter": ("1", "")})),
        (reports.set_package, (YEAR, "1", ["csr"])),
        (reports.add_attachment, (YEAR, b"%PDF-1.4", "x", "x.pdf")),
        (reports.rename_attachment, (1, "x")),
        (reports.remove_attachment, (1,)),
        (reports.move_attachment, (1, 1)),
    ]


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_every_write_refuses_a_role_without_the_right(roles, role):
    sec = roles["secretary"]
    before = snapshot(sec)
    calls = _write_calls()
    for fn, args in calls:
        with pytest.raises(PermissionDenied):
            fn(roles[role], *args)
    assert snapshot(sec) == before
    from secretariat_app.actions.base import REGISTRY

    writes = {k for k, f in REGISTRY.items() if k.split(".")[0] in ("reports", "reports_documents")
              and f.__action__ == "action"}
    assert writes == {f"reports.{fn.__name__}" for fn, _a in calls}


def test_documents_for_a_viewer_and_nothing_on_a_refusal(roles, tmp_path):
    viewer = roles["viewer"]
    out = tmp_path / "grade.pdf"
    data = reports_documents.document_pdf(viewer, YEAR, "grade", out)
    assert out.read_bytes() == data and PdfReader(str(out)).pages
    assert dict(reports_documents.missing_all(viewer, YEAR))["grade"] == []
    assert reports_documents.missing(viewer, YEAR, "grade") == []
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DomainError):
        reports_documents.document_pdf(viewer, YEAR - 30, "minutes", empty / "m.pdf")  # no meetings then
    assert list(empty.iterdir()) == []


def _roll_text(actor: Actor) -> str:
    data = reports_documents.document_pdf(actor, YEAR, "roll")
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_packages_roll_is_masked_for_every_role(roles, tmp_path):
    from secretariat_app.core.members.models import Member

    with roles["admin"].book.session() as s:
        mobiles = [m for (m,) in s.query(Member.mobile).filter(Member.mobile.is_not(None), Member.mobile != "",
                                                               Member.left_on.is_(None)).limit(20)]
    assert mobiles
    for role in ("viewer", "secretary"):
        text = _roll_text(roles[role])
        assert "脱敏" in text or "隐藏" in text or "****" in text
        assert not any(m in text for m in mobiles), role
        assert any(m[:3] + "****" + m[-4:] in text for m in mobiles)
    result = reports_documents.build_package(roles["viewer"], YEAR, documents=["roll"], limit_kb=50_000)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(result.whole)).pages))
    assert not any(m in text for m in mobiles)
    saved = reports_documents.save_package(roles["viewer"], result, tmp_path / "pkg.pdf")
    assert saved.paths == [str(tmp_path / "pkg.pdf")] and len(PdfReader(saved.paths[0]).pages) == result.pages
