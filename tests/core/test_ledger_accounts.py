"""Chart of accounts and editions (DOMAIN.md §3; NPO-FORMS-2004.md §1)."""

import json
import shutil
from datetime import date

import pytest

from secretariat_app.core import ledger as L
from secretariat_app.core.ledger import edition as E
from secretariat_app.core.ledger import formula
from secretariat_app.errors import DomainError

CHART_2004 = """1001 现金 1002 银行存款 1009 其他货币资金 1101 短期投资 1102 短期投资跌价准备 1111 应收票据 1121 应收账款
1122 其他应收款 1131 坏账准备 1141 预付账款 1201 存货 1202 存货跌价准备 1301 待摊费用 1401 长期股权投资 1402 长期债权投资
1421 长期投资减值准备 1501 固定资产 1502 累计折旧 1505 在建工程 1506 文物文化资产 1509 固定资产清理 1601 无形资产
1701 受托代理资产 2101 短期借款 2201 应付票据 2202 应付账款 2203 预收账款 2204 应付工资 2206 应交税金 2209 其他应付款
2301 预提费用 2401 预计负债 2501 长期借款 2502 长期应付款 2601 受托代理负债 3101 非限定性净资产 3102 限定性净资产
4101 捐赠收入 4201 会费收入 4301 提供服务收入 4401 政府补助收入 4501 商品销售收入 4601 投资收益 4901 其他收入
5101 业务活动成本 5201 管理费用 5301 筹资费用 5401 其他费用""".split()


def test_seeded_chart_is_the_2004_edition(session):
    accounts = {a.code: a for a in L.list_accounts(session)}
    official = dict(zip(CHART_2004[0::2], CHART_2004[1::2]))
    assert len(official) == 48
    for code, name in official.items():
        assert accounts[code].name == name
    assert {c for c in accounts if len(c) == 4} == set(official)
    for code in ("4101", "4201", "4301", "4401", "4501", "4601", "4901"):
        assert accounts[code + "01"].full_name == accounts[code].name + "—非限定性收入"
        assert (accounts[code + "01"].restriction, accounts[code + "02"].restriction) == ("U", "R")
        assert not accounts[code].is_leaf
    assert len(accounts) == 62
    assert {c for c, a in accounts.items() if a.normal == "C" and a.category == "asset"} == \
        {"1102", "1131", "1202", "1421", "1502"}
    assert L.ensure_chart(session) == 0  # idempotent


def test_sub_accounts(session):
    a = L.add_sub_account(session, "1002", "工商银行")
    assert (a.code, a.level, a.normal, a.full_name) == ("100201", 2, "D", "银行存款—工商银行")
    b = L.add_sub_account(session, "420101", "单位会员会费")
    assert (b.code, b.restriction) == ("42010101", "U")
    with pytest.raises(DomainError):
        L.add_sub_account(session, "1002", "工商银行")  # same name twice
    with pytest.raises(DomainError):
        L.add_sub_account(session, "1002", "x", code="1003")
    with pytest.raises(DomainError):
        L.add_sub_account(session, "5201", "x", entrusted=True)  # only cash accounts
    assert L.get_account(session, "1002").is_leaf is False
    assert a.pinyin == "yhckgsyh"


def test_first_sub_account_of_a_used_leaf_takes_over(session):
    L.create_voucher(session, date(2026, 1, 5), [("x", "1001", 500, 0), ("x", "3101", 0, 500)])
    with pytest.raises(DomainError):
        L.add_sub_account(session, "1001", "库存现金")
    L.add_sub_account(session, "1001", "库存现金", take_over=True)
    tb = {r.code: r.closing for r in L.trial_balance(session, 2026).accounts}
    assert tb == {"100101": 500, "3101": -500}


def test_used_account_is_never_deleted_but_can_be_disabled(session):
    L.add_sub_account(session, "5201", "办公费")
    L.add_sub_account(session, "5201", "差旅费")
    L.delete_account(session, "520102")
    v = L.create_voucher(session, date(2026, 1, 5), [("x", "520101", 500, 0), ("x", "1002", 0, 500)])
    with pytest.raises(DomainError):
        L.delete_account(session, "520101")
    with pytest.raises(DomainError):
        L.delete_account(session, "1002")  # official
    with pytest.raises(DomainError):
        L.disable_account(session, "520101")  # still has a balance
    L.reverse_voucher(session, L.post_voucher(session, L.review_voucher(session, v.id, "审").id, "记").id,
                      date(2026, 1, 6))
    L.disable_account(session, "520101")
    assert L.get_account(session, "520101").disabled
    L.enable_account(session, "520101")
    assert not L.get_account(session, "520101").disabled


def test_copy_sub_accounts_between_books(session, tmp_path):
    from secretariat_app.db.book import create_book

    L.add_sub_account(session, "1002", "工商银行")
    L.add_sub_account(session, "5101", "会务费")
    template = L.sub_account_template(session)
    other = create_book(tmp_path / "other.sqlite")
    with other.session() as s2:
        assert L.copy_sub_accounts(s2, template) == 2
        s2.commit()
        assert {a.code for a in L.list_accounts(s2) if not a.official} == {"100201", "510101"}
    other.close()


def test_edition_data_is_complete():
    ed = E.load_edition("npo2004")
    assert len([a for a in ed.accounts if len(a.code) == 4]) == 48
    for key, form in (("balance_sheet", "会民非01表"), ("activities", "会民非02表"), ("cash_flow", "会民非03表")):
        assert ed.statements[key]["form"] == form
        for ln in ed.lines(key):
            if not ln.get("heading"):
                f = ln["formula"]
                for text in (f.values() if isinstance(f, dict) else [f]):
                    formula.parse(text)
    rows = [ln["row"] for ln in ed.lines("balance_sheet") if ln.get("row")]
    assert rows == [1, 2, 3, 4, 8, 9, 15, 18, 20, 21, 24, 30, 31, 32, 33, 34, 35, 38, 40, 41, 51, 60,
                    61, 62, 63, 65, 66, 71, 72, 74, 78, 80, 81, 84, 88, 90, 91, 100, 101, 105, 110, 120]
    act = [(ln["row"], ln["item"]) for ln in ed.lines("activities") if ln.get("row")]
    assert act[:7] == [(1, "其中：捐赠收入"), (2, "会费收入"), (3, "提供服务收入"), (4, "商品销售收入"),
                       (5, "政府补助收入"), (6, "投资收益"), (9, "其他收入")]
    assert sorted(ed.cashflow_rows) == [1, 2, 3, 4, 5, 8, 14, 15, 16, 19, 25, 26, 27, 30, 35, 36, 39, 45, 48, 51, 52, 55]


def test_formula_parser():
    t = formula.parse("1001 + 1002 - entrusted(1001,1002) + r20 - input(74_2501) + 0")
    assert [(x.sign, x.kind, x.name) for x in t] == [(1, "account", "1001"), (1, "account", "1002"),
                                                    (-1, "fn", "entrusted"), (1, "row", "20"), (-1, "fn", "input"),
                                                    (1, "zero", "0")]
    with pytest.raises(ValueError):
        formula.parse("1001 1002")


@pytest.fixture
def edition_2026(tmp_path):
    """A stand-in for the 2026 edition: a data file only (the real one is not reproduced)."""
    raw = json.loads((E.EDITIONS_DIR / "npo2004.json").read_text(encoding="utf-8"))
    raw.update(code="npo2026test", title="测试版会计制度（2026）", predecessor="npo2004", first_year=2026,
               opening_map={"1009": "1012", "1701": "1711"})
    raw["accounts"] = [a for a in raw["accounts"] if a["code"] not in ("1009", "1701")] + [
        {"seq": 3, "code": "1012", "name": "其他货币资金（新）", "category": "asset", "normal": "D"},
        {"seq": 23, "code": "1711", "name": "受托代理资产（新）", "category": "asset", "normal": "D"}]
    raw = json.loads(json.dumps(raw, ensure_ascii=False).replace('"1009"', '"1012"').replace("1009)", "1012)")
                     .replace("1009 ", "1012 ").replace("1701 ", "1711 "))
    raw["opening_map"] = {"1009": "1012", "1701": "1711"}
    text = json.dumps(raw, ensure_ascii=False)
    folder = tmp_path / "editions"
    folder.mkdir()
    (folder / "npo2026test.json").write_text(text, encoding="utf-8")
    E.SEARCH_PATH.append(folder)
    yield "npo2026test"
    E.SEARCH_PATH.remove(folder)
    shutil.rmtree(folder)


def test_a_new_edition_is_data_and_a_year_opening_mapping(session, edition_2026):
    from secretariat_app.core.ledger.newyear import open_year_in_edition

    L.ensure_chart(session, "npo2004")  # a book kept since 2025 starts on the 2004 chart
    L.set_opening_balances(session, 2025, {"1002": 10000, "1009": 3000, "1701": 700, "2601": -700, "3101": -13000})
    L.create_voucher(session, date(2025, 6, 1), [("x", "1009", 500, 0), ("x", "430101", 0, 500)])
    with pytest.raises(DomainError):
        open_year_in_edition(session, 2026, edition_2026)  # 2025 not closed yet
    L.post_year_end(session, 2025)
    open_year_in_edition(session, 2026, edition_2026)
    st = L.statements(session, 2026)
    assert st.edition == edition_2026 and st.edition_title == "测试版会计制度（2026）"
    tb = {r.code: r.opening for r in L.trial_balance(session, 2026).accounts}
    assert tb["1012"] == 3500 and tb["1711"] == 700 and "1009" not in tb
    assert st.line("balance_sheet", 1).values["opening"] == 13500
    assert L.get_account(session, "1009").disabled
    v = L.create_voucher(session, date(2026, 2, 1), [("x", "1012", 100, 0), ("x", "430101", 0, 100)])
    assert v.lines[0].cashflow_row == 3
    assert L.statements(session, 2025).edition == "npo2004"
