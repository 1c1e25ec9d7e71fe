"""Every figure of the reports equals the same figure from its own service (issue 7)."""

from __future__ import annotations

from datetime import date

import pytest

from secretariat_app.core.reports import data, grade, sources
from secretariat_app.core.reports.indicators import GRADES, TOTAL_POINTS, grade_for
from secretariat_app.errors import DomainError

YEAR = date.today().year


@pytest.fixture
def demo(demo_book):
    with demo_book.session() as s:
        yield s


def ensure_vouchers(session, year: int) -> None:
    """The demo's books, or two vouchers (dues received, a donation) when the demo has none."""
    from secretariat_app.core.ledger import create_voucher, voucher_page

    total, _rows = voucher_page(session, year=year, limit=1)
    if total:
        return
    day = date(year, 1, 15)
    create_voucher(session, day, [("收到会费", "1002", 500000, 0, None), ("收到会费", "420101", 0, 500000, None)])
    create_voucher(session, day, [("收到捐赠", "1002", 120000, 0, None), ("收到捐赠", "410101", 0, 120000, None)])


def test_member_figures_are_the_rolls(demo):
    from secretariat_app.core.members import dashboard

    m = sources.member_figures(demo, YEAR)
    end = date(YEAR, 12, 31)
    assert m.by_kind == dashboard.by_kind(demo, end)
    assert m.total == sum(dashboard.by_kind(demo, end).values())
    assert [(r.level, r.count) for r in m.by_level] == [(r.level, r.count) for r in dashboard.by_level(demo, end)]
    assert (m.joined, m.left) == dashboard.joins_exits(demo, YEAR)
    assert m.at_start == sum(dashboard.by_kind(demo, date(YEAR - 1, 12, 31)).values())
    assert m.total > 100


def test_meetings_are_the_meetings_services(demo):
    from secretariat_app.core.meetings.queries import held_meetings

    rows = sources.meetings_of_year(demo, YEAR)
    held = held_meetings(demo, YEAR)
    assert [(r.id, r.expected, r.present, r.quorum_met) for r in rows] == \
        [(h["id"], h["expected"], h["present"], h["quorum_met"]) for h in held]
    assert len(rows) >= 3


def test_csr_and_party_data(demo):
    ensure_vouchers(demo, YEAR)
    from secretariat_app.core.ledger import statements

    csr = data.csr_report_data(demo, YEAR)
    st = statements(demo, YEAR)
    received = next(ln.values["ytd_T"] for ln in st.activities if ln.row and ln.item.endswith("捐赠收入"))
    assert csr.donations.received == received
    assert csr.meetings_held == len(sources.meetings_of_year(demo, YEAR))
    assert csr.members.total == sources.member_figures(demo, YEAR).total
    trainings = [a for a in csr.trainings]
    assert csr.count("training") == (len(trainings), sum(a.participants for a in trainings))
    assert csr.texts["foreword"]
    party = data.party_building_data(demo, YEAR)
    assert party.staff.party_members == 3 and party.activities
    assert party.meetings_held == csr.meetings_held


def test_annual_data_takes_the_statements_of_the_ledger(demo):
    ensure_vouchers(demo, YEAR)
    from secretariat_app.core.ledger import statements

    d = data.annual_report_data(demo, YEAR)
    st = statements(demo, YEAR)
    assert d.statements.line("balance_sheet", 60).values == st.line("balance_sheet", 60).values
    from secretariat_app.pdf.reports.annual import financial_figures

    figures = dict(financial_figures(d.statements))
    assert figures["资产总计"] == st.line("balance_sheet", 60).values["closing"]
    assert figures["收入合计"] == st.line("activities", 11).values["ytd_T"]
    assert sum(n for _k, n in d.meetings_by_kind) == len(d.meetings)
    assert d.staff.staff_count == 7
    assert d.officers and d.texts["overview"]


def test_missing_data_says_what_is_missing(session):
    assert data.missing_data(session, YEAR, "csr") == [
        "账套设置中未填写：统一社会信用代码, 法定代表人"]
    missing = data.missing_data(session, YEAR, "annual")
    assert any("记账凭证" in m for m in missing)
    with pytest.raises(DomainError) as err:
        data.annual_report_data(session, YEAR)
    assert len(err.value.problems) == 2


def test_grade_indicators_answered_by_the_data(demo):
    ev = grade.grade_evaluation(demo, YEAR)
    assert sum(g.points for g in ev.groups) == TOTAL_POINTS == 1000
    assert [g.title for g in ev.groups] == ["基础条件", "内部治理", "工作绩效", "社会评价"]
    by_key = {i.key: i for i in ev.indicators}
    held = sources.meetings_of_year(demo, YEAR)
    assembly = [m for m in held if m.kind == "general_assembly" and m.quorum_met]
    assert by_key["general_assembly"].score == (50 if assembly else 0)
    assert str(len(assembly)) in by_key["general_assembly"].note
    m = sources.member_figures(demo, YEAR)
    assert f"{m.left}" in by_key["member_development"].note
    assert by_key["satisfaction"].score == round(80 * 89 / 96)  # the demo survey
    assert by_key["disclosure"].score == 40  # four disclosures
    assert ev.total == sum(i.score or 0 for i in ev.indicators)
    assert ev.grade == grade_for(ev.total)
    assert ev.unscored == 0


def test_grade_thresholds():
    assert [grade_for(n) for n in (1000, 900, 899, 800, 700, 600, 500, 499, 0)] == \
        ["5A", "5A", "4A", "4A", "3A", "2A", "1A", "", ""]
    assert GRADES[0] == (900, "5A")


def test_dues_are_the_dues_dashboards(demo):
    ensure_vouchers(demo, YEAR)
    from secretariat_app.core.dues.dashboard import dues_dashboard

    d = data.annual_report_data(demo, YEAR)
    dash = dues_dashboard(demo, YEAR)
    if not dash.billed and not dash.collected and not dash.arrears_total:
        assert d.dues is None
    else:
        assert (d.dues.billed, d.dues.paid, d.dues.due, d.dues.members_in_arrears) == \
            (dash.billed, dash.collected, dash.arrears_total, dash.members_owing)
