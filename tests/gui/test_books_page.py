"""The books page (issue 4): keyboard-only voucher entry, the workflow, the voucher list, drill-down,
closing refusals, statements, opening balances, the chart of accounts section and the cards."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from secretariat_app.core import ledger as L  # noqa: N812 — the ledger API, as its docs write it

# ---- helpers ----------------------------------------------------------------------------------------

def focus(qtbot, cls_name: str | None = None):
    """The focused widget (after the grid opened its next editor)."""
    def ready():
        w = QApplication.focusWidget()
        return w is not None and (cls_name is None or type(w).__name__ == cls_name)

    qtbot.waitUntil(ready, timeout=3000)
    return QApplication.focusWidget()


def type_text(qtbot, text: str, cls_name: str | None = None) -> None:
    """Type ``text`` into the focused widget, key by key (Chinese characters as text-only key events)."""
    w = focus(qtbot, cls_name)
    for ch in text:
        if ch.isascii():
            QTest.keyClick(w, ch)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(w, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def key(qtbot, k, modifier=Qt.KeyboardModifier.NoModifier, cls_name: str | None = None) -> None:
    QTest.keyClick(focus(qtbot, cls_name), k, modifier)


def enter(qtbot, cls_name: str | None = None) -> None:
    key(qtbot, Qt.Key.Key_Return, cls_name=cls_name)
    qtbot.wait(5)


@pytest.fixture
def page(app_ctx, qtbot, wait_ops):
    from secretariat_app.gui.pages.books import BooksPage

    p = BooksPage(app_ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    qtbot.waitExposed(p)
    wait_ops()  # the account pickers get their pinyin initials from a worker on first use
    return p


@pytest.fixture
def demo_page(demo_book, qtbot, wait_ops):
    from PySide6.QtWidgets import QWidget

    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.pages.books import BooksPage

    parent = QWidget()
    qtbot.addWidget(parent)
    ctx = AppContext(demo_book, parent, screenshot_mode=True)
    p = BooksPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    qtbot.waitExposed(p)
    wait_ops()
    return p


def vouchers(book, **filters):
    with book.session() as s:
        return L.voucher_page(s, limit=1000, **filters)[1]


def type_fee_voucher(qtbot, summary: str = "收到会费", amount: str = "1200") -> None:
    """摘要 → 银行存款 by pinyin → debit; next line: empty summary, 会费收入 by pinyin, credit by ``=``."""
    type_text(qtbot, summary, "QLineEdit")
    enter(qtbot)
    type_text(qtbot, "yhck", "AccountEdit")
    enter(qtbot)
    type_text(qtbot, amount, "AmountEdit")
    enter(qtbot)
    enter(qtbot, "QLineEdit")                 # empty summary: repeats the line above
    type_text(qtbot, "hfsr", "AccountEdit")   # 会费收入—非限定性收入 (first match)
    enter(qtbot)
    enter(qtbot, "AmountEdit")                # no debit: on to the credit
    type_text(qtbot, "=", "AmountEdit")       # the balancing amount
    enter(qtbot)


# ---- voucher entry ------------------------------------------------------------------------------------

def test_a_whole_voucher_typed_with_keys_only(page, book, qtbot, wait_ops):
    entry = page.entry
    entry.preparer_edit.setText("王会计")
    assert entry.number == 1
    entry.focus_grid()
    type_fee_voucher(qtbot)
    m = entry.grid.model()
    assert [(ln.summary, ln.account, ln.debit, ln.credit) for _row, ln in m.filled()] == [
        ("收到会费", "1002", 120000, 0), ("收到会费", "420101", 0, 120000)]
    assert m.cashflow_of(m.lines[0]) == 2  # suggested from the counterpart: dues received
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    saved = vouchers(book)
    assert len(saved) == 1
    v = saved[0]
    assert (v.number, v.total, v.state, v.preparer, v.date) == (1, 120000, "prepared", "王会计", date.today())
    with book.session() as s:
        lines = L.get_voucher(s, v.id).lines
    assert [(ln.account, ln.debit, ln.credit, ln.cashflow_row) for ln in lines] == [
        ("1002", 120000, 0, 2), ("420101", 0, 120000, None)]
    # the next voucher is open, numbered on, empty, the cursor in its first summary
    assert entry.voucher is None and entry.number == 2
    assert not entry.grid.model().filled()
    assert type(focus(qtbot)).__name__ == "QLineEdit"
    # and it is typed the same way
    type_fee_voucher(qtbot, "收到个人会员会费", "300")
    key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_ops()
    assert [(r.number, r.total, r.summary) for r in vouchers(book)] == [(1, 120000, "收到会费"),
                                                                    (2, 30000, "收到个人会员会费")]


def test_totals_line_shows_capitals_and_the_difference(page, qtbot):
    m = page.entry.grid.model()
    m.set_cell(0, 1, "1002")
    m.set_cell(0, 2, 1234567)
    total_row = m.rowCount() - 1
    assert "差额" in m.index(total_row, 4).data() or "12,345.67" in m.index(total_row, 4).data()
    m.set_cell(1, 1, "420101")
    m.set_cell(1, 3, 1234567)
    assert m.index(total_row, 0).data().endswith("壹万贰仟叁佰肆拾伍元陆角柒分")
    assert m.index(total_row, 2).data() == "12,345.67"


def test_space_switches_side_ctrl_delete_removes_a_line_and_a_chosen_cash_row_is_kept(page, book, qtbot, wait_ops):
    entry = page.entry
    entry.focus_grid()
    type_text(qtbot, "支付培训场地费", "QLineEdit")
    enter(qtbot)
    type_text(qtbot, "5101", "AccountEdit")  # 5101 has no sub-accounts in a new book
    enter(qtbot)
    type_text(qtbot, "800", "AmountEdit")
    key(qtbot, Qt.Key.Key_Space, cls_name="AmountEdit")             # the amount moves to the credit side
    m = entry.grid.model()
    qtbot.waitUntil(lambda: m.lines[0].credit == 80000)
    assert m.lines[0].debit == 0
    qtbot.waitUntil(lambda: entry.grid.currentIndex().column() == 3)
    key(qtbot, Qt.Key.Key_Space, cls_name="AmountEdit")             # and back
    qtbot.waitUntil(lambda: m.lines[0].debit == 80000)
    enter(qtbot, "AmountEdit")
    enter(qtbot, "QLineEdit")
    type_text(qtbot, "1002", "AccountEdit")
    enter(qtbot)
    enter(qtbot, "AmountEdit")
    type_text(qtbot, "=", "AmountEdit")
    enter(qtbot)
    assert m.cashflow_of(m.lines[1]) == 16      # suggested: 5101 paid in cash is row 16 …
    m.set_cell(1, 4, 14)                         # … or row 14, the bookkeeper's choice
    m.set_cell(3, 0, "多余的一行")
    entry.grid.setCurrentIndex(m.index(3, 0))
    entry.grid.line_key(Qt.Key.Key_Delete)
    assert [ln.summary for ln in m.lines[:3]] == ["支付培训场地费", "支付培训场地费", ""]
    entry.save()
    wait_ops()
    with book.session() as s:
        v = L.get_voucher(s, vouchers(book)[0].id)
    assert [(ln.account, ln.debit, ln.credit, ln.cashflow_row) for ln in v.lines] == [
        ("5101", 80000, 0, None), ("1002", 0, 80000, 14)]


def test_unknown_account_stays_in_the_cell(page, qtbot):
    page.entry.focus_grid()
    type_text(qtbot, "收到捐赠", "QLineEdit")
    enter(qtbot)
    type_text(qtbot, "zzzz", "AccountEdit")
    enter(qtbot)
    assert type(focus(qtbot)).__name__ == "AccountEdit"
    assert "zzzz" in page.entry.banner.label.text()


def test_refused_voucher_names_the_problem_and_writes_nothing(page, book, qtbot, wait_ops):
    entry = page.entry
    m = entry.grid.model()
    for row, (code, d, c) in enumerate((("1002", 50000, 0), ("420101", 0, 40000))):
        m.set_cell(row, 0, "收到会费")
        m.set_cell(row, 1, code)
        m.set_cell(row, 2 if d else 3, d or c)
    entry.save()
    wait_ops()
    text = entry.banner.label.text()
    assert "不能保存" in text and "500.00" in text and "400.00" in text
    assert vouchers(book) == []


def test_review_post_reverse_and_adjust(page, book, qtbot, wait_ops):
    entry = page.entry
    entry.new_voucher(date.today(), [("支付房租", "5201", 300000, 0, None), ("支付房租", "1002", 0, 300000, None)])
    entry.preparer_edit.setText("张敏")
    entry.save()
    wait_ops()
    vid = vouchers(book)[0].id
    page.open_voucher(vid)
    assert entry.review_btn.isEnabled() and not entry.post_btn.isEnabled()
    entry.review(reviewer="张敏")  # the preparer may not review: refused, shown
    wait_ops()
    assert "制单人" in entry.banner.label.text() or "preparer" in entry.banner.label.text()
    entry.review(reviewer="李晓梅")
    wait_ops()
    assert entry.voucher.state == L.REVIEWED and entry.post_btn.isEnabled()
    entry.post(poster="张敏")
    wait_ops()
    assert entry.voucher.state == L.POSTED
    assert entry.grid.model().read_only and not entry.save_btn.isEnabled()
    entry.reverse()
    wait_ops()
    red = entry.voucher
    assert red.kind == L.REVERSAL and red.corrects_id == vid and red.total == -300000
    assert [(ln.account, ln.debit, ln.credit) for ln in red.lines] == [("5201", -300000, 0), ("1002", 0, -300000)]
    page.open_voucher(vid)
    entry.adjust()
    assert entry.adjusting_of == vid and entry.voucher is None
    m = entry.grid.model()
    m.set_cell(0, 2, 250000)
    m.set_cell(1, 3, 250000)
    entry.save()
    wait_ops()
    adj = [r for r in vouchers(book) if r.kind == L.ADJUSTING]
    assert len(adj) == 1 and adj[0].total == 250000


def test_delete_and_pdf(page, book, qtbot, wait_ops, tmp_path):
    from pypdf import PdfReader

    entry = page.entry
    entry.new_voucher(date.today(), [("购买办公用品", "5201", 8800, 0, None), ("", "1001", 0, 8800, None)])
    entry.save()
    wait_ops()
    page.open_voucher(vouchers(book)[0].id)
    out = tmp_path / "v.pdf"
    entry.print_pdf(str(out), layout="a4")
    wait_ops()
    text = PdfReader(str(out)).pages[0].extract_text()
    assert "记账凭证" in text and "捌拾捌元整" in text
    entry.delete(confirm=False)
    wait_ops()
    assert vouchers(book) == []


# ---- voucher list, trial balance, drill-down ------------------------------------------------------

def test_voucher_list_filters(demo_page, demo_book, qtbot):
    view = demo_page.list
    demo_page.tabs.setCurrentWidget(view)
    year = date.today().year
    with demo_book.session() as s:
        total = L.voucher_page(s, year=year)[0]
        unposted = L.voucher_page(s, year=year, state=("prepared", "reviewed"))[0]
        rent = L.voucher_page(s, year=year, text="房租")[0]
        cash = L.voucher_page(s, year=year, account="1001", from_month=3, to_month=3)[0]
    assert view.model.total == total and view.model.rowCount() == min(total, 200)
    view.state.setCurrentIndex(1)
    assert view.model.total == unposted and all(r.state != "posted" for r in view.model.rows)
    view.state.setCurrentIndex(0)
    view.search.setText("房租")
    view.search._now()
    assert view.model.total == rent > 0 and all("房租" in r.summary for r in view.model.rows)
    view.search.setText("")
    view.search._now()
    view.account.setText("xj")
    view.account._typed("xj")
    QTest.keyClick(view.account, Qt.Key.Key_Return)
    view.from_month.set_month(3)
    view.to_month.set_month(3)
    assert view.account.code == "1001"
    assert view.model.total == cash > 0
    view.table.selectRow(0)
    opened = []
    view.open_requested.connect(opened.append)
    view._open(0)
    assert opened == [view.model.rows[0].id]


def test_trial_balance_drill_down_to_a_voucher(demo_page, demo_book, qtbot, wait_ops):
    from secretariat_app.gui.books.trial_balance import PERIOD_DEBIT

    tb_view = demo_page.trial
    demo_page.tabs.setCurrentWidget(tb_view)
    wait_ops()
    assert tb_view.tb is not None and tb_view.model.balanced()
    row = next(i for i, r in enumerate(tb_view.model.rows) if r.code == "1002")
    tb_view.drill(tb_view.model.index(row, PERIOD_DEBIT))
    dlg = tb_view._dialog
    year = date.today().year
    with demo_book.session() as s:
        total, rows = L.drill_down(s, "1002", year, 1, 12)
    assert dlg.model.total == total > 0
    assert [r.id for r in dlg.model.rows[:5]] == [r.id for r in rows[:5]]
    dlg._open(0)
    assert demo_page.tabs.currentWidget() is demo_page.entry
    assert demo_page.entry.voucher.id == rows[0].id
    assert any(ln.account.startswith("1002") for ln in demo_page.entry.voucher.lines)
    # a balance figure opens the account's detail ledger
    demo_page.tabs.setCurrentWidget(tb_view)
    tb_view.drill(tb_view.model.index(row, 6))
    assert demo_page.tabs.currentWidget() is demo_page.ledgers
    assert demo_page.ledgers.code == "1002" and demo_page.ledgers.detail.total > 0


def test_detail_ledger_pages_with_running_balance(demo_page, demo_book):
    from secretariat_app.gui.books.detail_model import LINE, MONTH, OPEN

    view = demo_page.ledgers
    demo_page.tabs.setCurrentWidget(view)
    view.show_account("1002")
    model = view.detail
    model.page_size = 20
    model.reload()
    assert model.rowCount() < model.total  # lazy: a page at a time
    while model.canFetchMore():
        model.fetchMore()
    lines = [r for r in model.rows if r.kind == LINE]
    assert model.rows[0].kind == OPEN and len(lines) == model.lines
    assert len(model.rows) == model.total
    bal = model.rows[0].balance
    for r in lines:
        bal += r.debit - r.credit
        assert r.balance == bal
    with demo_book.session() as s:
        end = L.account_balance(s, "1002", date(date.today().year, 12, 31))
    assert bal == end
    assert sum(1 for r in model.rows if r.kind == MONTH) == len({r.date.month for r in lines})
    # each month's totals follow its last line
    for i, r in enumerate(model.rows[:-1]):
        if r.kind == LINE and model.rows[i + 1].kind == LINE:
            assert model.rows[i + 1].date.month == r.date.month


# ---- periods and statements ----------------------------------------------------------------------

def test_closing_is_refused_with_the_blockers(demo_page, demo_book, wait_ops):
    view = demo_page.periods
    demo_page.tabs.setCurrentWidget(view)
    blocked = next(p for p in view.periods if not p.closed and p.unposted)
    view.select_month(blocked.month)
    view.close_month()
    wait_ops()
    text = view.banner.label.text()
    assert "不能结账" in text and text.count("记-") == blocked.unposted
    with demo_book.session() as s:
        assert not next(p for p in L.period_status(s, blocked.year) if p.month == blocked.month).closed


def test_close_and_reopen_with_a_note(page, book, wait_ops):
    view = page.periods
    page.tabs.setCurrentWidget(view)
    year = view.year.year()
    page.entry.new_voucher(date(year, 1, 5), [("提现", "1001", 10000, 0, None), ("提现", "1002", 0, 10000, None)])
    page.entry.save()
    wait_ops()
    vid = vouchers(book)[0].id
    with book.session() as s:
        L.review_voucher(s, vid, "李晓梅")
        L.post_voucher(s, vid, "张敏")
    view.load()
    view.select_month(1)
    view.close_month()
    wait_ops()
    assert view.periods[0].closed and "已结账" in view.banner.label.text()
    view.reopen_month(1, note="补记漏记的凭证")
    wait_ops()
    assert not view.periods[0].closed
    from secretariat_app.core.ledger.models import LogEntry

    with book.session() as s:
        assert s.query(LogEntry).filter_by(action="reopen_period").one().note == "补记漏记的凭证"


def test_statements_view_shows_the_statements_figures(demo_page, demo_book, wait_ops):
    from secretariat_app.gui.books.statements_view import amt

    view = demo_page.statements
    demo_page.tabs.setCurrentWidget(view)
    wait_ops()
    year, month = view.year.year(), view.month.month()
    with demo_book.session() as s:
        st = L.statements(s, year, month)
    assert view.st is not None and not view.banner.isVisible()
    bs = view.panes["balance_sheet"].table
    left = [ln for ln in st.balance_sheet if ln.side == "assets"]
    right = [ln for ln in st.balance_sheet if ln.side == "liabilities"]
    for col0, side in ((0, left), (4, right)):
        for i, ln in enumerate(side):
            assert bs.item(i, col0).text() == ln.item
            assert bs.item(i, col0 + 1).text() == str(ln.row or "")
            if not ln.heading:
                assert bs.item(i, col0 + 2).text() == amt(ln.values["opening"], ln.total)
                assert bs.item(i, col0 + 3).text() == amt(ln.values["closing"], ln.total)
    total_assets = next(i for i, ln in enumerate(left) if ln.row == 60)
    assert bs.item(total_assets, 3).text() == amt(st.line("balance_sheet", 120).values["closing"], True)
    act = view.panes["activities"].table
    for i, ln in enumerate(st.activities):
        if not ln.heading:
            assert act.item(i, 4).text() == amt(ln.values["month_T"], ln.total)
            assert act.item(i, 7).text() == amt(ln.values["ytd_T"], ln.total)
    cf = view.panes["cash_flow"].table
    for i, ln in enumerate(st.cash_flow):
        assert cf.item(i, 0).text() == ln.item
        if not ln.heading:
            assert cf.item(i, 2).text() == amt(ln.values["amount"], ln.total)


def test_statements_identity_error_is_shown_and_nothing_exported(demo_page, wait_ops, monkeypatch, tmp_path):
    import importlib

    from secretariat_app.errors import DomainError, Problem

    stmod = importlib.import_module("secretariat_app.core.ledger.statements")

    def broken(st, ed):
        raise DomainError("报表勾稽关系不成立，不予打印：", problems=[Problem("资产总计 ≠ 负债和净资产总计")])

    monkeypatch.setattr(stmod, "check_identities", broken)
    view = demo_page.statements
    demo_page.tabs.setCurrentWidget(view)
    wait_ops()
    view.load()
    wait_ops()
    assert view.st is None and "资产总计" in view.banner.label.text()
    assert view.panes["balance_sheet"].table.rowCount() == 0 and not view.pdf_btn.isEnabled()
    view.export_pdf(str(tmp_path / "st.pdf"))
    wait_ops()
    assert not (tmp_path / "st.pdf").exists()


def test_opening_balances_must_balance(page, book, wait_ops):
    from secretariat_app.gui.books.dialogs import OpeningBalancesDialog

    year = date.today().year
    dlg = OpeningBalancesDialog(page.ctx, year, page)
    row = {code: i for i, code in enumerate(dlg.codes)}
    dlg.table.item(row["1002"], dlg.DEBIT).setText("100000")
    dlg.table.item(row["3101"], dlg.CREDIT).setText("90000")
    assert "差额" in dlg.totals.text()
    dlg.save()
    wait_ops()
    assert "不平" in dlg.banner.label.text() or "balance" in dlg.banner.label.text()
    with book.session() as s:
        assert L.get_opening_balances(s, year) == {}
    dlg.table.item(row["3101"], dlg.CREDIT).setText("100,000.00")
    assert "借贷平衡" in dlg.totals.text()
    dlg.save()
    wait_ops()
    assert dlg.saved
    with book.session() as s:
        assert L.get_opening_balances(s, year) == {"1002": 10000000, "3101": -10000000}


def test_year_end_preview_then_post(page, book, wait_ops):
    from secretariat_app.gui.books.dialogs import YearEndDialog

    year = date.today().year
    page.entry.new_voucher(date(year, 2, 1), [("收到会费", "1002", 50000, 0, None), ("", "420101", 0, 50000, None)])
    page.entry.save()
    wait_ops()
    dlg = YearEndDialog(page.ctx, year, page)
    assert len(dlg.drafts) == 1 and dlg.table.rowCount() == 3 and dlg.post_btn.isEnabled()
    dlg.post()
    wait_ops()
    assert dlg.posted
    with book.session() as s:
        assert L.unclosed_accounts(s, year) == []


# ---- settings section and cards ---------------------------------------------------------------------

def test_chart_section_adds_renames_disables_and_copies(app_ctx, book, tmp_path, qtbot, wait_ops):
    from secretariat_app.db.book import create_book
    from secretariat_app.gui.settings_sections.ledger import section

    w = section(app_ctx)
    qtbot.addWidget(w)
    assert "2004" in w.edition.text()
    w.select("1002")
    w.add(name="工商银行")
    wait_ops()
    w.load()
    assert w.account("100201").name == "工商银行"
    w.select("100201")
    w.rename(name="工商银行西咸支行")
    wait_ops()
    w.load()
    assert w.account("100201").name == "工商银行西咸支行"
    w.select("1002")
    w.add(name="工商银行西咸支行")  # duplicate name: refused, shown
    wait_ops()
    assert "工商银行西咸支行" in w.banner.label.text()
    w.select("100201")
    w.toggle()
    wait_ops()
    w.load()
    assert w.account("100201").disabled
    other = create_book(str(tmp_path / "other.sqlite"))
    with other.session() as s:
        L.add_sub_account(s, "5101", "会员大会会务费")
    other.close()
    w.copy_from(str(tmp_path / "other.sqlite"))
    wait_ops()
    w.load()
    assert w.account("510101").name == "会员大会会务费"


def test_dashboard_cards(demo_book, qtbot):
    from PySide6.QtWidgets import QWidget

    from secretariat_app.core.ledger.balances import current_balance_of
    from secretariat_app.gui.cards.books import cards, ledger_figures
    from secretariat_app.gui.context import AppContext
    from secretariat_app.i18n import format_money

    parent = QWidget()
    qtbot.addWidget(parent)
    ctx = AppContext(demo_book, parent, screenshot_mode=True)
    widgets = cards(ctx)
    assert len(widgets) == 4
    with demo_book.session() as s:
        bank = current_balance_of(s, "1002")
    f = ledger_figures(ctx)
    assert f.bank == bank
    assert widgets[0].value_label.text() == format_money(bank, fen=True)
    assert widgets[1].value_label.text() == str(f.prepared + f.reviewed)
    assert f.open_months


def test_save_refused_when_the_voucher_changed_behind_the_entry(page, book, qtbot, wait_ops):
    """Issue 8: the entry keeps the version it loaded; another user's save in between is named and this
    save refused, nothing written."""
    with book.session() as s:
        vid = L.create_voucher(s, date.today(), [("支付房租", "5201", 300000, 0), ("支付房租", "1002", 0, 300000)],
                               preparer="张敏").id
        s.commit()
    page.open_voucher(vid)
    m = page.entry.grid.model()
    m.set_cell(0, 2, 250000)
    m.set_cell(1, 3, 250000)
    with book.session() as s:  # another user saves first
        L.update_voucher(s, vid, lines=[("付房租", "5201", 310000, 0), ("付房租", "1002", 0, 310000)], editor="李晓梅")
        s.commit()
    page.entry.save()
    wait_ops()
    assert "未保存任何内容" in page.entry.banner.label.text()
    with book.session() as s:
        v = L.get_voucher(s, vid)
    assert v.total == 310000 and [ln.summary for ln in v.lines] == ["付房租", "付房租"]
