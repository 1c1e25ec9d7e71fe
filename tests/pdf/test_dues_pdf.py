"""Dues documents read back: receipts (收据) on A4 two a page and on the 241 mm form, with 作废 and
补打; reminder letters (催缴通知) in one PDF, one page per member."""

from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from secretariat_app.core.dues import billing, payments
from secretariat_app.core.dues.documents import receipt_data, reminder_batch
from secretariat_app.core.dues.models import Receipt
from secretariat_app.pdf.receipts import receipts_pdf_bytes, write_receipts
from secretariat_app.pdf.reminders import reminders_pdf_bytes, write_reminders
from tests.core.dues_example import YEAR, association, prepared_book
from tests.core.test_dues_documents import CAPITALS

MM = 72 / 25.4


def pages_of(data: bytes) -> list:
    return pypdf.PdfReader(io.BytesIO(data)).pages


def text_of(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pages_of(data)))


def _paid(session) -> dict:
    ex = association(session)
    billing.bill_year(session, YEAR, today=date(YEAR, 11, 25))
    ex["receipts"] = [payments.record_payment(session, ex["members"][0], amount, date(YEAR, 5, 6), "bank",
                                              reference=f"BK{i}").receipt_id for i, (amount, _w) in enumerate(CAPITALS)]
    return ex


@pytest.fixture
def book(book_url, tmp_path, tmp_path_factory):
    """Three members billed; five payments of the first with the edge amounts of CAPITALS."""
    b, data = prepared_book(book_url, tmp_path, tmp_path_factory, "paid", _paid)
    b.dues_example = data
    yield b
    b.close()


@pytest.fixture
def paid(book):
    return book.dues_example, book.dues_example["receipts"]


def test_receipts_a4_two_a_page_with_capitals(session, paid):
    ex, ids = paid
    data = receipts_pdf_bytes([receipt_data(session, i) for i in ids], "a4x2")
    pages = pages_of(data)
    assert len(pages) == 3                                          # five receipts, two a sheet
    w, h = (float(x) for x in pages[0].mediabox.upper_right)
    assert abs(w - 210 * MM) < 1 and abs(h - 297 * MM) < 1
    t = text_of(data)
    for _amount, words in CAPITALS:
        assert words in t
    for label in ("收据", "交款单位（人）", "测试企业1有限公司", "会员编号：M0001", "收款事由", f"{YEAR}年度会费",
                  "金额（大写）", "¥12,345.67", "¥0.05", "收款方式", "银行转账（BK4）", "开票人", "（盖章）",
                  f"No.{YEAR}-000001", f"No.{YEAR}-000005", "2026年5月6日"):
        assert label in t, label
    assert "作废" not in t and "补打" not in t


def test_receipt_on_the_241_form_void_and_reprint(session, paid, tmp_path):
    ex, ids = paid
    payments.mark_reprint(session, ids[1])
    payments.cancel_payment(session, session.get(Receipt, ids[2]).payment_id, day=date(YEAR, 5, 7))
    session.commit()
    out = tmp_path / "r.pdf"
    write_receipts([receipt_data(session, ids[1])], out, "241")
    data = out.read_bytes()
    [page] = pages_of(data)
    w, h = (float(x) for x in page.mediabox.upper_right)
    assert abs(w - 241 * MM) < 1 and abs(h - 93.1 * MM) < 1
    t = text_of(data)
    assert "补打" in t and "壹拾元整" in t and "作废" not in t
    t = text_of(receipts_pdf_bytes([receipt_data(session, ids[2])], "241"))
    assert "作废" in t and "壹拾万元整" in t and "补打" not in t


def test_reminder_letters(session, paid, tmp_path):
    batch = reminder_batch(session, YEAR, issued=date(YEAR, 11, 25))
    out = tmp_path / "letters.pdf"
    assert write_reminders(batch, out) == len(batch.letters) == 2
    pages = pages_of(out.read_bytes())
    t1 = re.sub(r"\s+", "", pages[0].extract_text())
    assert "会费催缴通知" in t1 and "测试企业2有限公司（联系人2收）" in t1 and "会员编号：M0002" in t1
    assert f"{YEAR}年度会费" in t1 and "2,000.00" in t1 and "贰仟元整" in t1
    assert "测试行业协会" in t1 and "2026年11月25日" in t1 and "请于接到本通知之日起三十日内" in t1
    assert "第1页共2页" in t1
    assert "测试企业3有限公司" in re.sub(r"\s+", "", pages[1].extract_text())


def test_no_letters_to_write(session, paid):
    t = text_of(reminders_pdf_bytes(reminder_batch(session, YEAR - 5)))
    assert "没有欠缴会费的会员" in t


def test_many_letters_in_one_pdf(session, paid):
    batch = reminder_batch(session, YEAR)
    batch.letters = batch.letters * 60
    assert len(pages_of(reminders_pdf_bytes(batch))) == 120
