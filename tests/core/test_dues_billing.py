"""Dues: the fee schedule and its resolution, the billing run (pro rata, twice-safe, preview),
waivers and reductions (DOMAIN.md §2, issue 5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from secretariat_app.core.book_settings import set_value, update_settings
from secretariat_app.core.dues import billing, schedule
from secretariat_app.core.dues.models import OPEN, PAID, WAIVED, Bill
from secretariat_app.core.dues.plan import pro_rata
from secretariat_app.core.members import service as members
from secretariat_app.errors import DomainError
from tests.core.dues_example import DIRECTOR, FEES, MEMBER, YEAR, admit, association, counts, prepared_book

TODAY = date(YEAR, 11, 25)
NEXT = YEAR + 1


@pytest.fixture
def book(book_url, tmp_path, tmp_path_factory):
    """Three members (a director, two members), the adopted dues resolution, this year's fees."""
    b, data = prepared_book(book_url, tmp_path, tmp_path_factory, "association", association)
    b.dues_example = data
    yield b
    b.close()


@pytest.fixture
def ex(book):
    return book.dues_example


def bills(session, year: int = YEAR) -> dict[str, Bill]:
    from secretariat_app.core.members.models import Member

    return {no: b for no, b in session.execute(select(Member.no, Bill).join(Bill, Bill.member_id == Member.id)
                                               .where(Bill.year == year))}


# ---- pro rata --------------------------------------------------------------------------------------

@pytest.mark.parametrize("amount, joined, months, fen", [
    (500000, date(YEAR, 8, 20), 5, 208333),       # 5,000.00 × 5/12 = 2,083.333… → 2,083.33
    (500000, date(YEAR, 1, 31), 12, 500000),      # January: the whole year
    (500000, date(YEAR - 3, 6, 1), 12, 500000),   # joined before the year
    (500000, date(YEAR, 12, 1), 1, 41667),        # 416.666… → 416.67
    (18, date(YEAR, 12, 5), 1, 2),                # 1.5 fen → 2 (half up)
    (6, date(YEAR, 12, 5), 1, 1),                 # 0.5 fen → 1 (half up)
])
def test_pro_rata_by_month(amount, joined, months, fen):
    assert pro_rata(amount, joined, YEAR, "by_month") == (months, fen)
    assert pro_rata(amount, joined, YEAR, "none") == (12, amount)


def test_billing_run_pro_rata_setting(session, ex):
    newcomer = admit(session, "年中入会有限公司", MEMBER, joined=date(YEAR, 8, 20), serial=9)
    set_value(session, "dues.pro_rata", "by_month")
    session.commit()
    res = billing.bill_year(session, YEAR, today=TODAY)
    assert res.count == 4
    b = bills(session)
    assert b[newcomer].amount == 83333 and b[newcomer].months == 5      # 2,000.00 × 5/12
    assert b[ex["members"][0]].amount == 500000 and b[ex["members"][1]].amount == 200000
    assert all(x.status == OPEN and x.paid == 0 for x in b.values())


# ---- the schedule and its resolution ---------------------------------------------------------------

def test_a_schedule_without_resolution_is_a_draft_and_cannot_be_billed(session, ex):
    update_settings(session, first_fiscal_year=YEAR - 2)
    schedule.set_schedule(session, NEXT, {MEMBER: "2000", DIRECTOR: "5000"})
    session.commit()
    rows = schedule.list_schedules(session, NEXT)
    assert len(rows) == 2 and all(r.status == schedule.DRAFT and not r.billable for r in rows)
    before = counts(session)
    with pytest.raises(DomainError) as e:
        billing.bill_year(session, NEXT, today=TODAY)
    assert "草稿" in str(e.value)
    session.rollback()
    assert counts(session) == before


def test_existing_rate_in_the_first_fiscal_year_needs_a_note(session, ex):
    update_settings(session, first_fiscal_year=NEXT)
    schedule.set_schedule(session, NEXT, {MEMBER: "1800", DIRECTOR: "4500"})  # no note: a draft still
    assert {r.status for r in schedule.list_schedules(session, NEXT)} == {schedule.DRAFT}
    schedule.set_schedule(session, NEXT, {MEMBER: "1800", DIRECTOR: "4500"}, note="2016年成立大会通过")
    assert {r.status for r in schedule.list_schedules(session, NEXT)} == {schedule.EXISTING}
    res = billing.bill_year(session, NEXT, today=TODAY)
    assert res.count == 3 and bills(session, NEXT)[ex["members"][1]].amount == 180000
    # After the first fiscal year an existing rate copied over is a draft again.
    schedule.copy_schedule(session, NEXT, NEXT + 1)
    assert {r.status for r in schedule.list_schedules(session, NEXT + 1)} == {schedule.DRAFT}


def test_only_an_adopted_dues_resolution_adopts_a_schedule(session, ex):
    from secretariat_app.core.meetings import attendance, votes
    from secretariat_app.core.meetings import service as meetings
    from secretariat_app.core.meetings.models import Resolution

    ga = meetings.create_meeting(session, kind="general_assembly", title="临时大会", date=date(YEAR, 6, 1))
    attendance.mark_all_present(session, ga.id)
    ordinary = votes.add_resolution(session, ga.id, title="关于工作报告的决议")
    votes.record_vote(session, ordinary.id, votes_for=3)
    rejected = votes.add_resolution(session, ga.id, title="关于会费的决议", subject="dues_schedule")
    votes.record_vote(session, rejected.id, votes_for=1, votes_against=2)
    session.commit()
    for rid in (ordinary.id, rejected.id, 9999):
        with pytest.raises(DomainError):
            schedule.set_schedule(session, NEXT, {MEMBER: "2000"}, resolution_id=rid)
        session.rollback()
    assert schedule.list_schedules(session, NEXT) == []
    schedule.set_schedule(session, NEXT, {MEMBER: "2000"}, resolution_id=ex["resolution"])
    row = schedule.list_schedules(session, NEXT)[0]
    assert row.status == schedule.ADOPTED and "关于会费标准的决议" in row.resolution
    assert session.get(Resolution, ex["resolution"]).target_type == "fee_schedule"  # it knows what it decided


def test_a_level_without_a_fee_refuses_the_run(session, ex):
    schedule.set_schedule(session, NEXT, {MEMBER: "2000"}, resolution_id=ex["resolution"])
    session.commit()
    with pytest.raises(DomainError) as e:
        billing.bill_year(session, NEXT, today=TODAY)
    assert DIRECTOR in str(e.value)


# ---- the run -------------------------------------------------------------------------------------

def test_running_twice_bills_nobody_twice(session, ex):
    first = billing.bill_year(session, YEAR, today=TODAY)
    assert first.count == 3 and first.total == 500000 + 2 * 200000
    again = billing.bill_year(session, YEAR, today=TODAY)
    assert again.count == 0 and again.already_billed == 3
    late = admit(session, "新入会有限公司", MEMBER, joined=date(YEAR, 11, 1), serial=7)
    third = billing.bill_year(session, YEAR, today=TODAY)
    assert [b.no for b in third.bills] == [late]
    assert len(bills(session)) == 4 and set(bills(session)) == set(ex["members"]) | {late}


def test_preview_writes_nothing(session, ex):
    before = counts(session)
    res = billing.bill_year(session, YEAR, preview=True, today=TODAY)
    assert res.preview and res.count == 3
    assert counts(session) == before


def test_members_who_left_or_join_later_are_not_billed(session, ex):
    from secretariat_app.core.members.queries import member_by_no

    m = member_by_no(session, ex["members"][2])
    members.record_leaving(session, m.id, date(YEAR, 2, 1), "resigned")
    admit(session, "八月入会有限公司", MEMBER, joined=date(YEAR, 8, 20), serial=8)
    session.commit()
    res = billing.bill_year(session, YEAR, today=date(YEAR, 6, 1))  # a run in June: the August newcomer waits
    assert sorted(b.no for b in res.bills) == sorted(ex["members"][:2])


def test_the_level_held_on_1_january_is_billed(session, ex):
    from secretariat_app.core.members.queries import member_by_no

    m = member_by_no(session, ex["members"][1])
    members.change_level(session, m.id, DIRECTOR, date(YEAR, 6, 1))  # promoted mid-year: pays this year's old fee
    session.commit()
    billing.bill_year(session, YEAR, today=TODAY)
    assert bills(session)[ex["members"][1]].amount == 200000


# ---- waivers and reductions ----------------------------------------------------------------------

def test_waive_and_reduce_with_a_reason(session, ex):
    billing.bill_year(session, YEAR, today=TODAY)
    b = billing.bill_of(session, ex["members"][1], YEAR)
    with pytest.raises(DomainError):
        billing.reduce_bill(session, b.id, "500", "")  # a reason is required
    session.rollback()
    billing.reduce_bill(session, b.id, "500", "企业经营困难，理事会同意减免")
    assert (b.reduction, b.status, b.due) == (50000, OPEN, 150000)
    billing.waive_bill(session, b.id, "受灾企业免缴")
    assert (b.reduction, b.waived, b.status, b.due) == (200000, True, WAIVED, 0)
    billing.reduce_bill(session, b.id, "0", "")
    assert (b.reduction, b.waived, b.status) == (0, False, OPEN)


def test_a_paid_bill_cannot_be_reduced_below_what_was_paid(session, ex):
    from secretariat_app.core.dues.payments import record_payment

    billing.bill_year(session, YEAR, today=TODAY)
    record_payment(session, ex["members"][1], "1500", date(YEAR, 4, 1), "bank")
    b = billing.bill_of(session, ex["members"][1], YEAR)
    with pytest.raises(DomainError):
        billing.reduce_bill(session, b.id, "600", "减免")
    session.rollback()
    billing.reduce_bill(session, b.id, "500", "减免")
    assert b.status == PAID and b.due == 0


def test_opening_arrears_only_before_the_first_year(session, ex):
    update_settings(session, first_fiscal_year=YEAR)
    billing.record_opening_arrears(session, ex["members"][0], YEAR - 1, Decimal("5000"), note="期初欠缴")
    with pytest.raises(DomainError):
        billing.record_opening_arrears(session, ex["members"][0], YEAR, Decimal("5000"))
    session.rollback()
    with pytest.raises(DomainError):  # twice
        billing.record_opening_arrears(session, ex["members"][0], YEAR - 1, Decimal("5000"))
    session.rollback()
    assert billing.bill_of(session, ex["members"][0], YEAR - 1).origin == "opening"
    assert FEES[DIRECTOR] == Decimal("5000")
