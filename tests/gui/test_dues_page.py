"""The dues page driven with qtbot: keyboard payment entry with the member picked by typing,
cancellation, billing preview then confirm, the fee schedule editor, arrears filters and exports,
the receipts register, the dashboard cards and the settings section."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from secretariat_app.core.dues.arrears import arrears
from secretariat_app.core.dues.models import Payment, Receipt
from secretariat_app.gui.context import AppContext
from secretariat_app.gui.operations import wait_for_ops
from secretariat_app.gui.pages.dues import DuesPage

YEAR = date.today().year


@pytest.fixture
def page(qtbot, demo_book):
    ctx = AppContext(demo_book, screenshot_mode=True)
    p = DuesPage(ctx)
    ctx.changed.connect(p.refresh)  # as the main window does
    qtbot.addWidget(p)
    p.resize(1300, 820)
    p.show()
    qtbot.waitExposed(p)
    yield p
    wait_for_ops()


def read(page, fn):
    """What the book says now (a session of the test's own, as a second program would open)."""
    with page.ctx.book.session() as s:
        return fn(s)


def owing(page) -> list:
    return read(page, lambda s: arrears(s, YEAR))


def test_keyboard_payment_entry(page, qtbot):
    tab = page.payments
    assert page.tabs.currentWidget() is tab and tab.model.rowCount() > 50
    target = next(r for r in owing(page) if r.years_overdue == 1 and r.paid == 0)
    tab.member.setFocus()
    qtbot.keyClicks(tab.member, target.no[:-1])              # the start of the number: the completer lists matches
    assert tab.completer.popup().isVisible() or tab.choices.rowCount()
    assert any(tab.choices.item(i).data(Qt.ItemDataRole.UserRole) == target.no for i in range(tab.choices.rowCount()))
    qtbot.keyClicks(tab.member, target.no[-1])
    qtbot.keyClick(tab.member, Qt.Key.Key_Return)           # Enter takes the member, moves to the amount
    assert tab.member_no == target.no and target.name in tab.member.text()
    assert tab.amount.text() == f"{target.due / 100:.2f}"   # the amount defaults to what is owed
    assert tab.amount.hasFocus() or not tab.isActiveWindow()
    qtbot.keyClick(tab.amount, Qt.Key.Key_Return)
    qtbot.keyClick(tab.day, Qt.Key.Key_Return)
    qtbot.keyClick(tab.method, Qt.Key.Key_Return)
    tab.reference.setText("GUI-0001")
    qtbot.keyClick(tab.reference, Qt.Key.Key_Return)        # Enter on the last field records
    wait_for_ops()
    assert "收据" in tab.banner.label.text(), tab.banner.label.text()
    assert tab.member.text() == "" and tab.member_no is None
    assert target.no not in {r.no for r in owing(page)}
    assert any(r[1] == target.no and r[5] == "GUI-0001" for r in tab.model.rows[:10])  # the list shows it


def test_member_picked_by_pinyin_initials(page, qtbot):
    from pypinyin import Style, lazy_pinyin

    tab = page.payments
    target = owing(page)[0]
    initials = "".join(p[0] for p in lazy_pinyin(target.name[:4], style=Style.FIRST_LETTER))
    qtbot.keyClicks(tab.member, initials)
    nos = [tab.choices.item(i).data(Qt.ItemDataRole.UserRole) for i in range(tab.choices.rowCount())]
    assert target.no in nos
    tab.completer.popup().setCurrentIndex(tab.completer.completionModel().index(nos.index(target.no), 0))
    qtbot.keyClick(tab.completer.popup(), Qt.Key.Key_Return)
    assert tab.member_no == target.no and tab.amount.text() == f"{target.due / 100:.2f}"


def test_wrong_amount_is_shown_and_nothing_recorded(page):
    tab = page.payments
    n = read(page, lambda s: s.query(Payment).count())
    tab.take_member("M0001")
    tab.amount.setText("12.345")
    tab.record()
    wait_for_ops()
    assert "两位小数" in tab.banner.label.text()
    assert read(page, lambda s: s.query(Payment).count()) == n


def test_cancel_a_payment_from_the_list(page):
    tab = page.payments
    tab.model.reload()
    tab.table.selectRow(0)
    pid = tab.selected_payment()[9]
    tab.cancel_selected(reason="测试作废")
    wait_for_ops()
    page.refresh(None)
    assert read(page, lambda s: s.get(Payment, pid).cancelled)


def test_billing_preview_then_confirm(page):
    page.tabs.setCurrentWidget(page.schedule)
    sched = page.schedule
    sched.year.setValue(YEAR + 1)
    wait_for_ops()
    assert sched.table.rowCount() >= 10
    sched.copy_previous()
    wait_for_ops()
    assert sched.table.item(0, 2).text() == "50000.00"
    sched.set_amount("会员单位", "2400")
    sched.save()
    wait_for_ops()
    assert "已保存" in sched.banner.label.text() or sched.banner.label.text() == ""
    page.tabs.setCurrentWidget(page.billing)
    bill = page.billing
    bill.year.setValue(YEAR + 1)
    bill.preview(wait=True)
    assert bill.table.model() is bill.preview_model and bill.preview_model.rowCount() > 100
    assert bill.confirm_btn.isEnabled()
    n = bill.preview_model.rowCount()
    bill.confirm()
    wait_for_ops()
    assert bill.table.model() is bill.model and bill.model.total == n
    assert "开具" in bill.banner.label.text()
    bill.preview(wait=True)
    assert bill.preview_model.rowCount() == 0 and not bill.confirm_btn.isEnabled()   # nobody billed twice
    bill.discard()
    bill.table.selectRow(0)
    bill.change_bill(reason="理事会同意减免", reduction="100")
    wait_for_ops()
    assert bill.model.row_values(0)[5] == 10000


def test_draft_schedule_refuses_billing_in_the_banner(page):
    page.tabs.setCurrentWidget(page.schedule)
    sched = page.schedule
    sched.year.setValue(YEAR + 2)
    sched.set_amount("会员单位", "2000")
    sched.save()
    wait_for_ops()
    page.tabs.setCurrentWidget(page.billing)
    page.billing.year.setValue(YEAR + 2)
    page.billing.preview(wait=True)
    assert "草稿" in page.billing.banner.label.text()


def test_arrears_filters_and_exports(page, tmp_path):
    page.tabs.setCurrentWidget(page.arrears)
    tab = page.arrears
    everyone = tab.model.total
    assert everyone == len(owing(page)) and "名会员欠缴" in tab.total.text()
    tab.min_years.setValue(2)
    assert 0 < tab.model.total < everyone
    tab.reminders(str(tmp_path / "letters.pdf"))
    wait_for_ops()
    import pypdf

    assert len(pypdf.PdfReader(tmp_path / "letters.pdf").pages) == tab.model.total
    tab.min_years.setValue(0)
    tab.level.setCurrentIndex(tab.level.findText("会员单位"))
    n = tab.model.total
    tab.export(str(tmp_path / "a.xlsx"))
    wait_for_ops()
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "a.xlsx").active.max_row == n + 2


def test_receipts_register_reprint_and_reissue(page, tmp_path):
    page.tabs.setCurrentWidget(page.receipts)
    tab = page.receipts
    tab.table.selectRow(0)
    row = tab.selected()
    tab.reprint(str(tmp_path / "r.pdf"))
    wait_for_ops()
    assert (tmp_path / "r.pdf").stat().st_size > 1000
    assert read(page, lambda s: s.get(Receipt, row[9]).reprints) == row[7] + 1
    tab.reissue()
    wait_for_ops()
    assert read(page, lambda s: s.get(Receipt, row[9]).cancelled)


def test_dashboard_cards_and_settings(qtbot, demo_book, tmp_path):
    from secretariat_app.gui.cards.dues import cards
    from secretariat_app.gui.settings_sections.dues import section

    ctx = AppContext(demo_book, screenshot_mode=True)
    widgets = cards(ctx)
    for w in widgets:
        qtbot.addWidget(w)
    assert len(widgets) == 4 and widgets[0].value_label.text().startswith("¥")
    assert widgets[2].chart.categories and len(widgets[2].chart.series) == 2
    s = section(ctx)
    qtbot.addWidget(s)
    assert s.values()["pro_rata"] == "by_month" and s.values()["bank_account"] == "1002"
    s.receipt.setCurrentIndex(s.receipt.findData("241"))
    s.save()
    wait_for_ops()
    from secretariat_app.core.dues.settings import receipt_format

    with demo_book.session() as session:
        assert receipt_format(session) == "241"


def test_page_on_an_empty_book(qtbot, app_ctx):
    p = DuesPage(app_ctx)
    qtbot.addWidget(p)
    for i in range(p.tabs.count()):
        p.tabs.setCurrentIndex(i)
    wait_for_ops()
    assert p.payments.model.total == 0 and p.arrears.model.total == 0


def test_the_page_reaches_the_book_only_through_actions(qtbot, demo_book, actions_only, tmp_path):
    from secretariat_app.gui.cards.dues import cards
    from secretariat_app.gui.settings_sections.dues import section

    ctx = AppContext(demo_book, screenshot_mode=True)
    p = DuesPage(ctx)
    ctx.changed.connect(p.refresh)
    qtbot.addWidget(p)
    for i in range(p.tabs.count()):
        p.tabs.setCurrentIndex(i)
    wait_for_ops()
    for w in cards(ctx) + [section(ctx)]:
        qtbot.addWidget(w)
    p.tabs.setCurrentWidget(p.payments)
    p.payments._typed("M00")
    assert p.payments.take_member("M0001")
    p.payments.amount.setText("10")
    p.payments.record()
    wait_for_ops()
    assert "收据" in p.payments.banner.label.text()
    p.tabs.setCurrentWidget(p.arrears)
    p.arrears.min_years.setValue(2)
    p.arrears.reminders(str(tmp_path / "letters.pdf"))
    p.arrears.export(str(tmp_path / "a.xlsx"))
    wait_for_ops()
    assert (tmp_path / "letters.pdf").exists() and (tmp_path / "a.xlsx").exists()
    p.billing.preview(wait=True)
    assert not ctx.messages or all(kind != "error" for kind, _m in ctx.messages), ctx.messages


def test_a_viewer_sees_masked_mobiles_and_cannot_record(qtbot, demo_book):
    from secretariat_app.core.auth import Principal, acting_as, set_current_user
    from secretariat_app.core.trust.users import add_user

    with demo_book.session() as s:
        admin = add_user(s, "admin", "secret-pass-0", "admin")
        with acting_as(admin):
            add_user(s, "wang", "secret-pass-1", "viewer")
        s.commit()
    set_current_user(None)
    ctx = AppContext(demo_book, screenshot_mode=True)
    ctx.user = Principal("wang", "viewer")
    p = DuesPage(ctx)
    qtbot.addWidget(p)
    p.tabs.setCurrentWidget(p.arrears)
    wait_for_ops()
    rows = p.arrears.model.rows
    assert rows and all(not r[9] or "****" in r[9] for r in rows)
    p.tabs.setCurrentWidget(p.payments)
    n = p.payments.model.total
    p.payments.take_member("M0001")
    p.payments.amount.setText("10")
    p.payments.record()
    wait_for_ops()
    assert "查看者" in p.payments.banner.label.text() or "viewer" in p.payments.banner.label.text()
    p.payments.model.reload()
    assert p.payments.model.total == n
