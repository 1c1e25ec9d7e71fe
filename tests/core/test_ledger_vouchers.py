"""Voucher rules and workflow (DOMAIN.md §3 Vouchers)."""

from datetime import date

import pytest
from sqlalchemy import func, select

from secretariat_app.core import ledger as L
from secretariat_app.core.ledger.models import Line, Voucher
from secretariat_app.errors import DomainError, PermissionDenied

D = date(2026, 3, 5)
OK = [("收会费", "1002", 10000, 0), ("收会费", "420101", 0, 10000)]


def numbers(session, year=2026, month=3):
    return [n for (n,) in session.execute(select(Voucher.number).where(Voucher.year == year, Voucher.month == month)
                                          .order_by(Voucher.number))]


def test_create_numbers_gapless_per_month(session):
    a = L.create_voucher(session, D, OK, preparer="甲")
    b = L.create_voucher(session, D, OK, preparer="甲")
    c = L.create_voucher(session, date(2026, 4, 1), OK, preparer="甲")
    assert (a.number, b.number, c.number) == (1, 2, 1)
    assert a.label == "记-1" and a.state == "prepared" and a.total == 10000


@pytest.mark.parametrize("lines, words", [
    ([("x", "1002", 100, 0), ("x", "420101", 0, 90)], "differ"),
    ([("x", "1002", 100, 0)], "two lines"),
    ([("x", "1002", 100, 100), ("x", "420101", 0, 0)], "one side"),
    ([("x", "1002", -100, 0), ("x", "420101", 0, -100)], "positive"),
    ([("x", "4201", 100, 0), ("x", "1002", 0, 100)], "sub-accounts"),
    ([("x", "9999", 100, 0), ("x", "1002", 0, 100)], "no account"),
    ([("", "1002", 100, 0), ("", "420101", 0, 100)], "summary"),
    ([("x", "1002", 100, 0, 99), ("x", "420101", 0, 100)], "cash-flow"),
])
def test_bad_vouchers_are_refused(session, lines, words):
    from secretariat_app.i18n import set_language

    set_language("en")
    with pytest.raises(DomainError) as e:
        L.create_voucher(session, D, lines)
    assert words in str(e.value)
    assert session.scalar(select(func.count()).select_from(Voucher)) == 0


def test_float_amounts_are_refused(session):
    with pytest.raises(TypeError):
        L.create_voucher(session, D, [("x", "1002", 1.5, 0), ("x", "420101", 0, 1.5)])


def test_summary_repeats_from_the_line_above(session):
    v = L.create_voucher(session, D, [("收会费", "1002", 100, 0), ("", "420101", 0, 100)])
    assert [ln.summary for ln in v.lines] == ["收会费", "收会费"]


def test_workflow_review_post_and_rules(session):
    v = L.create_voucher(session, D, OK, preparer="甲")
    with pytest.raises(PermissionDenied):
        L.review_voucher(session, v.id, "甲")  # reviewer ≠ preparer
    with pytest.raises(DomainError):
        L.post_voucher(session, v.id, "丙")  # not reviewed yet
    L.review_voucher(session, v.id, "乙")
    with pytest.raises(PermissionDenied):
        L.update_voucher(session, v.id, lines=OK, editor="甲")  # reviewed: not by its preparer
    with pytest.raises(PermissionDenied):
        L.unreview_voucher(session, v.id, "丙")  # only the reviewer
    L.unreview_voucher(session, v.id, "乙")
    L.review_voucher(session, v.id, "乙")
    # Someone else may still correct a reviewed voucher: it goes back to prepared.
    w = L.update_voucher(session, v.id, lines=[("改", "1002", 200, 0), ("改", "420101", 0, 200)], editor="乙")
    assert w.state == "prepared" and w.reviewer is None and w.total == 200
    L.review_voucher(session, v.id, "丙")
    p = L.post_voucher(session, v.id, "甲")
    assert p.state == "posted" and p.poster == "甲"
    with pytest.raises(DomainError):
        L.update_voucher(session, v.id, lines=OK, editor="乙")  # posted: never edited
    with pytest.raises(DomainError):
        L.delete_voucher(session, v.id)


def test_delete_closes_the_gap_unless_a_later_one_is_posted(session):
    vs = [L.create_voucher(session, D, OK, preparer="甲") for _ in range(4)]
    L.delete_voucher(session, vs[1].id)
    assert numbers(session) == [1, 2, 3]
    assert L.get_voucher(session, vs[3].id).number == 3
    L.review_voucher(session, vs[3].id, "乙")
    L.post_voucher(session, vs[3].id, "乙")
    with pytest.raises(DomainError):
        L.delete_voucher(session, vs[0].id)  # 记-3 is posted: its number may not change
    # Moving the last unposted one to another month is fine only when nothing posted follows.
    with pytest.raises(DomainError):
        L.update_voucher(session, vs[2].id, day=date(2026, 5, 1))
    assert numbers(session) == [1, 2, 3]


def test_moving_a_voucher_to_another_month_renumbers(session):
    a = L.create_voucher(session, D, OK)
    b = L.create_voucher(session, D, OK)
    L.create_voucher(session, date(2026, 5, 2), OK)
    moved = L.update_voucher(session, a.id, day=date(2026, 5, 9))
    assert (moved.month, moved.number) == (5, 2)
    assert L.get_voucher(session, b.id).number == 1
    assert numbers(session) == [1] and numbers(session, month=5) == [1, 2]
    lines = session.execute(select(Line.date).where(Line.voucher_id == a.id)).scalars().all()
    assert set(lines) == {date(2026, 5, 9)}


def test_reversing_voucher_in_one_call(session):
    v = L.create_voucher(session, D, OK, preparer="甲", post=True)
    with pytest.raises(DomainError):
        L.reverse_voucher(session, L.create_voucher(session, D, OK).id, D)  # unposted: edit it instead
    r = L.reverse_voucher(session, v.id, date(2026, 3, 20), preparer="乙")
    assert r.kind == "reversal" and r.corrects_id == v.id
    assert [(ln.account, ln.debit, ln.credit) for ln in r.lines] == [("1002", -10000, 0), ("420101", 0, -10000)]
    assert r.lines[0].cashflow_row == v.lines[0].cashflow_row == 2
    with pytest.raises(DomainError):
        L.reverse_voucher(session, v.id, D)  # once
    tb = {x.code: x for x in L.trial_balance(session, 2026).accounts}
    assert tb["1002"].closing == 10000  # the other unposted voucher only
    L.review_voucher(session, r.id, "丙")
    L.post_voucher(session, r.id, "丙")
    assert L.account_balance(session, "420101", date(2026, 3, 31), posted_only=True) == 0


def test_adjusting_voucher(session):
    v = L.create_voucher(session, D, OK, post=True)
    tmpl = L.adjustment_template(session, v.id)
    assert [t.account for t in tmpl] == ["1002", "420101"]
    adj = L.create_adjusting_voucher(session, v.id, D, [(t.summary, t.account, t.debit // 10, t.credit // 10)
                                                        for t in tmpl])
    assert adj.kind == "adjusting" and adj.corrects_id == v.id and adj.total == 1000


def test_source_vouchers_are_changed_by_their_source(session):
    v = L.create_voucher(session, D, OK, source="dues", source_ref="P1")
    with pytest.raises(DomainError):
        L.delete_voucher(session, v.id)
    L.delete_voucher(session, v.id, allow_source=True)


def test_automatic_posting_joins_the_callers_transaction(book):
    from secretariat_app.db.session import transaction

    with book.session() as s:
        with pytest.raises(RuntimeError):
            with transaction(s):
                L.create_voucher(s, D, OK, post=True, source="dues")
                raise RuntimeError("the payment failed")
    with book.session() as s:
        assert s.scalar(select(func.count()).select_from(Voucher)) == 0
    with book.session() as s:
        with transaction(s):
            v = L.create_voucher(s, D, OK, post=True, source="dues", preparer="系统", reviewer="出纳")
        assert (v.state, v.poster, v.reviewer) == ("posted", "系统", "出纳")
    with book.session() as s:
        assert s.scalar(select(func.count()).select_from(Voucher)) == 1


def test_unpost_needs_the_right(session):
    v = L.create_voucher(session, D, OK, post=True)
    with pytest.raises(PermissionDenied):
        L.unpost_voucher(session, v.id, "甲", can_unpost=False)
    w = L.unpost_voucher(session, v.id, "主管", can_unpost=True, note="更正")
    assert w.state == "reviewed"


def test_cashflow_row_suggestion_and_change(session):
    lines = [("付会务费", "5101", 500, 0), ("付会务费", "1002", 0, 500)]
    assert L.suggest_cashflow_row(session, lines, 1) == 16
    assert L.suggest_cashflow_row(session, lines, 0) is None
    v = L.create_voucher(session, D, [("资助", "5101", 500, 0), ("资助", "1002", 0, 500, 14)])
    assert v.lines[1].cashflow_row == 14  # the user's choice is kept
    w = L.create_voucher(session, D, [("收利息", "1002", 5, 0), ("收利息", "460101", 0, 5)])
    assert w.lines[0].cashflow_row == 26


def test_disabled_and_parent_accounts_take_no_posting(session):
    L.add_sub_account(session, "5201", "办公费")
    with pytest.raises(DomainError):
        L.create_voucher(session, D, [("x", "5201", 100, 0), ("x", "1002", 0, 100)])
    L.disable_account(session, "520101")
    with pytest.raises(DomainError):
        L.create_voucher(session, D, [("x", "520101", 100, 0), ("x", "1002", 0, 100)])


def test_voucher_page_filters(session):
    L.add_sub_account(session, "5201", "房租")
    for m in (1, 2, 3):
        L.create_voucher(session, date(2026, m, 3), [("房租", "520101", 100, 0), ("房租", "1002", 0, 100)], post=m < 3)
        L.create_voucher(session, date(2026, m, 4), OK)
    total, rows = L.voucher_page(session, year=2026)
    assert total == 6 and [r.month for r in rows] == [1, 1, 2, 2, 3, 3]
    assert L.voucher_page(session, year=2026, account="5201")[0] == 3
    assert L.voucher_page(session, year=2026, state="posted")[0] == 2
    assert L.voucher_page(session, year=2026, text="房租", from_month=2, to_month=3)[0] == 2
    assert L.voucher_page(session, year=2026, text="记-2")[0] == 3
    assert L.drill_down(session, "1002", 2026, 2, 2)[0] == 2
    total, page = L.voucher_page(session, year=2026, offset=4, limit=10)
    assert total == 6 and len(page) == 2


def test_stale_expected_version_is_refused_and_nothing_written(session):
    """Issue 8: the entry form's loaded version travels to the save; a change made since is refused,
    nothing written. Editing only the lines (another table) still bumps the version."""
    v = L.create_voucher(session, D, OK, preparer="甲")
    session.commit()
    other = [("改", "1002", 200, 0), ("改", "420101", 0, 200)]
    first = L.update_voucher(session, v.id, lines=other, editor="乙")
    session.commit()
    assert first.row_version == v.row_version + 1
    with pytest.raises(DomainError):
        L.update_voucher(session, v.id, lines=[("再改", "1002", 300, 0), ("再改", "420101", 0, 300)], editor="丙",
                         expected_version=v.row_version)
    session.rollback()
    now = L.get_voucher(session, v.id)
    assert now.total == 200 and [ln.summary for ln in now.lines] == ["改", "改"] and now.row_version == first.row_version
    again = L.update_voucher(session, v.id, lines=OK, editor="乙", expected_version=now.row_version)
    assert again.total == 10000


def test_review_and_post_refuse_a_voucher_changed_since_it_was_looked_at(session):
    v = L.create_voucher(session, D, OK, preparer="甲")
    session.commit()
    L.update_voucher(session, v.id, lines=[("改", "1002", 200, 0), ("改", "420101", 0, 200)], editor="乙")
    session.commit()
    with pytest.raises(DomainError):
        L.review_voucher(session, v.id, "丙", expected_version=v.row_version)
    session.rollback()
    assert L.get_voucher(session, v.id).state == "prepared"
    seen = L.review_voucher(session, v.id, "丙", expected_version=L.get_voucher(session, v.id).row_version)
    session.commit()
    with pytest.raises(DomainError):
        L.post_voucher(session, v.id, "丁", expected_version=seen.row_version - 1)
    session.rollback()
    assert L.post_voucher(session, v.id, "丁", expected_version=seen.row_version).state == "posted"
