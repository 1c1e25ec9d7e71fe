"""The statements and vouchers as PDF, read back (pdfplumber / pypdf)."""

import sys
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import text

from secretariat_app.core import ledger as L  # noqa: N812 — the ledger API, as its docs write it
from secretariat_app.core.book_settings import update_settings
from secretariat_app.errors import DomainError
from secretariat_app.pdf.statements import write_statements
from secretariat_app.pdf.voucher import write_vouchers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
import ledger_example as ex  # noqa: E402


def pages_text(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def test_three_statements_official_layout(session, tmp_path):
    update_settings(session, name="测试行业协会")
    ex.build(session)
    st = L.statements(session, 2026)
    out = tmp_path / "st.pdf"
    assert write_statements(st, out, unit="测试行业协会") == 3
    bs, act, cf = pages_text(out)
    for page, form, title in ((bs, "会民非01表", "资产负债表"), (act, "会民非02表", "业务活动表"),
                              (cf, "会民非03表", "现金流量表")):
        assert form in page and title in page
        assert "编制单位：测试行业协会" in page and "单位：元" in page
        assert "民间非营利组织会计制度（财会〔2004〕7号）" in page
        for signer in ("单位负责人", "主管会计工作的负责人", "会计机构负责人（会计主管人员）", "制表人"):
            assert signer in page
    assert "2026年12月31日" in bs and "年初数" in bs and "期末数" in bs
    assert "资产总计 60 61,000.00 107,100.00" in bs.replace("\n", " ")
    assert "负债和净资产总计 120 61,000.00 107,100.00" in bs.replace("\n", " ")
    assert "减：累计折旧 32 2,000.00 3,500.00" in bs
    assert "尚未结转" in bs  # the interim footnote
    assert "四、净资产变动额" in act and "29,100.00 14,000.00 43,100.00" in act
    assert "三、限定性净资产转为非限定性净资产 40" in act and "-4,000.00" in act
    assert "2026年度" in cf
    assert "五、现金及现金等价物净增加额 61 41,600.00" in cf
    assert "投资活动产生的现金流量净额 44 -5,700.00" in cf
    with pdfplumber.open(out) as pdf:
        assert pdf.pages[0].width > pdf.pages[0].height  # the two-sided sheet is landscape
        assert pdf.pages[2].width < pdf.pages[2].height


def test_a_broken_identity_prints_nothing(session, tmp_path):
    ex.build(session)
    session.commit()
    session.execute(text("UPDATE ledger_cashflow_totals SET credit = credit + 1 WHERE row = 19"))
    with pytest.raises(DomainError):
        write_statements(L.statements(session, 2026), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("layout, pages", [("a4", 3), ("two", 2), ("voucher", 3)])
def test_voucher_pdf_with_capitals(session, tmp_path, layout, pages):
    update_settings(session, name="测试行业协会")
    v1 = L.create_voucher(session, date(2026, 3, 26), [("召开会员大会会务费", "5101", 3860000, 0),
                                                       ("召开会员大会会务费", "1002", 0, 3860000)],
                          attachments=6, preparer="张敏", post=True, reviewer="李晓梅")
    v2 = L.create_voucher(session, date(2026, 3, 27), [("收会费", "1002", 100205, 0), ("收会费", "420101", 0, 100205)])
    r = L.reverse_voucher(session, v1.id, date(2026, 3, 31))
    out = tmp_path / f"v-{layout}.pdf"
    n = write_vouchers([L.get_voucher(session, i) for i in (v1.id, v2.id, r.id)], out, unit="测试行业协会", layout=layout)
    assert n == pages
    allt = "\n".join(pages_text(out))
    assert allt.count("记账凭证") == 3 and "记账凭证（红字冲销）" in allt
    assert "叁万捌仟陆佰元整" in allt and "壹仟零贰元零伍分" in allt and "负叁万捌仟陆佰元整" in allt
    assert "记字第 1 号" in allt and "附单据 6 张" in allt
    assert "制单：张敏" in allt and "审核：李晓梅" in allt
    assert "5101 业务活动成本" in allt and "38,600.00" in allt


def test_long_voucher_continues_on_a_second_form(session, tmp_path):
    lines = [(f"第{i}项", "5201", 100, 0) for i in range(14)] + [("合计付款", "1002", 0, 1400)]
    v = L.create_voucher(session, date(2026, 3, 1), lines)
    out = tmp_path / "long.pdf"
    write_vouchers([v], out, layout="two")
    allt = "\n".join(pages_text(out))
    assert "接下页" in allt and "（1/2）" in allt and "（2/2）" in allt and "壹拾肆元整" in allt
