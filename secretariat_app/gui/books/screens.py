"""The books page's screens for ``secretariat-app --screenshots`` (``BooksPage.screenshot_states``).

Every view and dialog, with realistic content: a voucher being typed, a posted one, a refused
save, the list, the trial balance and a drill-down, both ledgers, the three statements, the
periods with a refused closing, the year-end preview, the opening balances, the reopen note.
Nothing here writes to the book (refusals write nothing).
"""

from __future__ import annotations

from datetime import date


def _tab(page, i: int):
    return lambda: page.tabs.setCurrentIndex(i)


def screenshot_states(page) -> list[tuple[str, object, object]]:
    from secretariat_app.actions import ledger_periods, ledger_vouchers
    from secretariat_app.actions.paging import PageRequest
    from secretariat_app.gui.pages.books import ENTRY, LEDGERS, LIST, PERIODS, STATEMENTS, TRIAL

    entry = page.entry
    holder: dict = {}

    def typed():
        page.tabs.setCurrentIndex(ENTRY)
        entry.new_voucher(date.today(), [("收到会员单位2026年度会费", "1002", 500000, 0, None),
                                         ("收到会员单位2026年度会费", "420101", 0, 300000, None),
                                         ("", "2203", 0, 200000, None)])
        entry.attachments.setValue(2)

    def unbalanced():
        typed()
        m = entry.grid.model()
        m.set_cell(2, 3, 150000)
        entry.save()

    def posted():
        first = page.ctx.call(ledger_vouchers.voucher_page,
                              PageRequest(limit=1, filters={"state": "posted"}, count=False)).rows
        if first:
            page.open_voucher(first[0].id)

    def back_to_new():
        page.tabs.setCurrentIndex(ENTRY)
        entry.new_voucher()

    def drill():
        page.tabs.setCurrentIndex(TRIAL)
        holder["dlg"] = page.trial.open_drill_down("1002", "银行存款") if page.trial.tb is not None else None

    def close_dialog():
        dlg = holder.pop("dlg", None) or getattr(page.periods, "_dialog", None)
        if dlg is not None:
            dlg.reject()

    def general_ledger():
        page.tabs.setCurrentIndex(LEDGERS)
        page.ledgers.mode.button(1).setChecked(True)
        page.ledgers._mode(1)

    def detail_ledger():
        page.ledgers.mode.button(0).setChecked(True)
        page.ledgers._mode(0)

    def statement(i: int):
        def fn():
            page.tabs.setCurrentIndex(STATEMENTS)
            page.statements.tabs.setCurrentIndex(i)
        return fn

    def refused_close():
        page.tabs.setCurrentIndex(PERIODS)
        periods = page.ctx.call(ledger_periods.period_status, page.periods.year.year())
        blocked = next((p for p in periods if not p.closed and p.unposted), None)
        if blocked is not None:
            page.periods.select_month(blocked.month)
            page.periods.close_month()

    def year_end():
        page.tabs.setCurrentIndex(PERIODS)
        holder["dlg"] = page.periods.year_end()

    def opening():
        page.tabs.setCurrentIndex(PERIODS)
        holder["dlg"] = page.periods.opening_balances()

    def reopen():
        from secretariat_app.gui.books.dialogs import ReopenDialog

        d = ReopenDialog(f"{date.today().year}-01", page)
        d.note.setPlainText("发现1月差旅费凭证附件不全，需补充后重新结账")
        d.show()
        holder["dlg"] = d

    def finish():
        close_dialog()
        page.periods.banner.clear()
        back_to_new()

    return [
        ("entry-typing", typed, None),
        ("entry-refused", unbalanced, back_to_new),
        ("entry-posted", posted, back_to_new),
        ("list", _tab(page, LIST), None),
        ("trial-balance", _tab(page, TRIAL), None),
        ("drill-down", drill, close_dialog),
        ("general-ledger", general_ledger, None),
        ("detail-ledger", detail_ledger, None),
        ("balance-sheet", statement(0), None),
        ("activities", statement(1), None),
        ("cash-flow", statement(2), None),
        ("periods-refused", refused_close, None),
        ("year-end", year_end, close_dialog),
        ("opening-balances", opening, close_dialog),
        ("reopen", reopen, finish),
    ]
