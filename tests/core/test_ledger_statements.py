"""Statements on the hand-worked example (tests/core/ledger_example.py), identities, closing."""

import random
from datetime import date

import ledger_example as ex
import pytest
from sqlalchemy import text

from secretariat_app.core import ledger as L
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.errors import DomainError


def _values(st, statement, row):
    return st.line(statement, row).values


def test_hand_worked_statements(session):
    vs = ex.build(session)
    # Suggested cash-flow rows: 5101 → 16, 5201 → 19, 2202 → 16, 1501 → 35, 4601 → 26, 2101 in → 45.
    rows = {v.number if v.month != 4 else 100 + v.number: [ln.cashflow_row for ln in v.lines] for v in vs}
    assert [ln.cashflow_row for ln in vs[3].lines] == [None, 19]
    assert [ln.cashflow_row for ln in vs[4].lines] == [None, 16]
    assert [ln.cashflow_row for ln in vs[11].lines] == [None, None]  # cash to cash: no flow
    assert [ln.cashflow_row for ln in vs[13].lines] == [45, None]
    assert rows
    st = L.statements(session, ex.Y)
    for row, (opening, closing) in ex.BALANCE_SHEET.items():
        v = _values(st, "balance_sheet", row)
        assert (v["opening"], v["closing"]) == (ex.y(opening), ex.y(closing)), row
    for row, (u, r, t) in ex.ACTIVITIES.items():
        v = _values(st, "activities", row)
        assert (v["ytd_U"], v["ytd_R"], v["ytd_T"]) == (ex.y(u), ex.y(r), ex.y(t)), row
    for row, (u, r, t) in ex.ACTIVITIES_DECEMBER.items():
        v = _values(st, "activities", row)
        assert (v["month_U"], v["month_R"], v["month_T"]) == (ex.y(u), ex.y(r), ex.y(t)), row
    for row, amount in ex.CASH_FLOW.items():
        assert _values(st, "cash_flow", row)["amount"] == ex.y(amount), row
    # Unclosed income and expense are in net assets: the footnote says so.
    assert st.footnotes
    assert st.edition == "npo2004"


def test_json_shape_follows_cli_md(session):
    ex.build(session)
    doc = L.statements_json(session, ex.Y)
    assert doc["year"] == ex.Y
    bs = {r["row"]: r for r in doc["balance_sheet"]}
    assert bs[1] == {"row": 1, "item": "货币资金", "opening": "51000.00", "closing": "92600.00"}
    assert bs[60]["closing"] == bs[120]["closing"] == "107100.00"
    act = {r["row"]: r for r in doc["activities"]}
    assert act[1] == {"row": 1, "item": "其中：捐赠收入", "unrestricted": "12000.00", "restricted": "18000.00",
                      "total": "30000.00"}
    assert act[45]["item"] == '四、净资产变动额（若为净资产减少额，以"-"号填列）'
    cf = {r["row"]: r for r in doc["cash_flow"]}
    assert cf[61] == {"row": 61, "item": "五、现金及现金等价物净增加额", "amount": "41600.00"}
    # Every line of the form with a row number, names as NPO-FORMS-2004.md.
    ed = load_edition("npo2004")
    for key in ("balance_sheet", "cash_flow"):
        expected = [(ln["row"], ln["item"]) for ln in ed.lines(key) if ln.get("row")]
        assert [(r["row"], r["item"]) for r in doc[key]] == expected


def test_year_end_closing_zeroes_income_and_expense(session):
    ex.build(session)
    drafts = L.closing_preview(session, ex.Y)
    assert len(drafts) == 3
    assert sum(d.total for d in drafts) == ex.y(47300 + 18000 + 22200)
    before = L.statements(session, ex.Y)
    done = L.post_year_end(session, ex.Y, user="会计")
    assert all(v.kind == "closing" and v.state == "posted" for v in done)
    assert L.unclosed_accounts(session, ex.Y) == []
    tb = L.trial_balance(session, ex.Y)
    for r in tb.accounts:
        if r.code[0] in "45":
            assert r.closing == 0, r.code
    byc = {r.code: r.closing for r in tb.accounts}
    assert byc["3101"] == -ex.y(77100) and byc["3102"] == -ex.y(24000)
    after = L.statements(session, ex.Y)
    # Closing vouchers stay out of the statement of activities; the balance sheet is unchanged.
    for a, b in zip(before.activities, after.activities):
        assert a.values == b.values
    for a, b in zip(before.balance_sheet, after.balance_sheet):
        assert a.values == b.values
    assert not after.footnotes
    # The next year opens with the closing balances.
    nxt = L.statements(session, ex.Y + 1)
    assert _values(nxt, "balance_sheet", 60)["opening"] == ex.y(107100)
    assert _values(nxt, "balance_sheet", 101)["opening"] == ex.y(77100)
    with pytest.raises(DomainError):
        L.post_year_end(session, ex.Y)  # nothing left to close


def test_broken_identity_is_an_error(session):
    ex.build(session)
    session.commit()
    # Tamper: a cash line loses its row (as a raw edit or a bad import would leave it).
    session.execute(text("UPDATE ledger_cashflow_totals SET debit = debit + 100 WHERE row = 2"))
    with pytest.raises(DomainError) as e:
        L.statements(session, ex.Y)
    assert "现金及现金等价物净增加额" in str(e.value)


def test_interim_statement_at_a_month(session):
    ex.build(session)
    st = L.statements(session, ex.Y, 3)
    # March: 1002 = 50,000 + 20,000 + 30,000 + 15,000 − 8,000
    assert _values(st, "balance_sheet", 1)["closing"] == ex.y(1000 + 107000)
    assert _values(st, "balance_sheet", 60)["closing"] == _values(st, "balance_sheet", 120)["closing"]
    assert _values(st, "cash_flow", 61)["amount"] == ex.y(57000)


def test_breakdown_rows_from_5101_sub_accounts(session):
    L.add_sub_account(session, "5101", "会务费")
    L.add_sub_account(session, "5101", "培训费")
    L.create_voucher(session, date(2026, 3, 1), [("会", "510101", 1000, 0), ("培", "510102", 500, 0),
                                                ("付", "1002", 0, 1500)])
    st = L.statements(session, 2026)
    assert st.line("activities", 13).item == "其中：会务费"
    assert st.line("activities", 14).item == "培训费"
    assert _values(st, "activities", 13)["ytd_U"] == 1000
    assert _values(st, "activities", 12)["ytd_U"] == 1500


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_identities_hold_on_random_books(session, seed):
    rng = random.Random(seed)
    L.add_sub_account(session, "1002", "受托代理存款", entrusted=True)
    L.add_sub_account(session, "1002", "基本户")
    codes = ["100202", "1001", "1122", "1501", "2202", "2101", "420101", "410102", "430101", "460101", "5101",
             "5201", "5301", "3101", "100201", "2601", "1009"]
    from secretariat_app.db.session import transaction

    with transaction(session):
        for i in range(120):
            a, b = rng.sample(codes, 2)
            amt = rng.randint(1, 10**7)
            d = date(2026, rng.randint(1, 12), rng.randint(1, 28))
            L.create_voucher(session, d, [("x", a, amt, 0), ("x", b, 0, amt)], post=rng.random() < 0.5)
            if i % 40 == 39:
                L.release_restriction(session, d, rng.randint(1, 1000), summary="解除限定")
    st = L.statements(session, 2026)  # raises if an identity breaks
    bs1 = st.line("balance_sheet", 1).values
    assert st.line("cash_flow", 61).values["amount"] == bs1["closing"] - bs1["opening"]
    assert st.line("balance_sheet", 60).values["closing"] == st.line("balance_sheet", 120).values["closing"]
    # Entrusted cash is not the organisation's own: it is shown as 受托代理资产.
    entrusted = L.account_balance(session, "100201", date(2026, 12, 31))
    assert st.line("balance_sheet", 51).values["closing"] == entrusted
    for m in (3, 7):
        L.statements(session, 2026, m)
