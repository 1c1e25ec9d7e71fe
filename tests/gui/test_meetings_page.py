"""The meetings page driven with qtbot: list by year, quick attendance, live outcome and refusal,
minutes approval and PDF export; the dashboard cards."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel

from secretariat_app.core.meetings import queries, service
from secretariat_app.gui.context import AppContext
from secretariat_app.gui.operations import wait_for_ops
from secretariat_app.gui.pages.meetings import MeetingsPage


@pytest.fixture
def page(qtbot, demo_book):
    ctx = AppContext(demo_book)
    p = MeetingsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1300, 820)
    p.show()
    yield p
    wait_for_ops()


def select_rows(table, rows: list[int]) -> None:
    sm = table.selectionModel()
    sm.clearSelection()
    for r in rows:
        sm.select(table.model().index(r, 0), QItemSelectionModel.SelectionFlag.Select
                  | QItemSelectionModel.SelectionFlag.Rows)


def test_list_by_year_and_locked_meeting(page):
    assert page.year.currentData() == date.today().year
    rows = page.model.rows
    assert len(rows) >= 4 and rows[0]["kind"] == "general_assembly"
    page.table.selectRow(0)
    ed = page.editor
    assert ed.state["id"] == rows[0]["id"] and ed.state["locked"]
    assert ed.lock_banner.isVisible() or not ed.lock_banner.isHidden()
    assert "应到" in ed.attendance.summary.text()
    assert not ed.attendance.all_button.isEnabled()
    assert ed.minutes.correct_button.isEnabled() and not ed.minutes.save_button.isEnabled()


def test_quick_attendance_vote_refusal_and_minutes(page, qtbot, tmp_path, monkeypatch):
    ctx = page.ctx
    mid = ctx.read(lambda s: service.create_meeting(s, kind="council", title="临时理事会", date=date.today(),
                                                     agenda=["审议预算"]).id)
    page.refresh()
    page.select_meeting(mid)
    ed = page.editor
    assert ed.state["id"] == mid
    expected = ed.state["figures"]["expected"]
    assert expected > 6 and ed.state["figures"]["unrecorded"] == expected

    ed.tabs.setCurrentWidget(ed.attendance)
    qtbot.mouseClick(ed.attendance.all_button, qtbot_button())
    wait_for_ops()
    assert ed.state["figures"]["present"] == expected
    # Exceptions: the last third (plus one) absent — the quorum is lost.
    n_out = expected - (2 * expected + 2) // 3 + 1
    select_rows(ed.attendance.table, list(range(expected - n_out, expected)))
    ed.attendance.mark("absent")
    wait_for_ops()
    fig = ed.state["figures"]
    assert fig["absent"] == n_out and not fig["quorum_met"]
    assert "未达到法定人数" in ed.attendance.summary.text()

    # A resolution: live outcome, then the refusal shown in the banner.
    ag = ed.agenda
    ed.tabs.setCurrentWidget(ag)
    ag.title.setText("关于年度预算的决议")
    ag.save_resolution()
    wait_for_ops()
    assert len(ed.state["record"]["resolutions"]) == 1 and ag.current is not None
    ag.votes_for.setValue(fig["present"])
    assert "不能通过" in ag.outcome_label.text()
    ag.result.setCurrentIndex(ag.result.findData(True))
    ag.record_vote()
    wait_for_ops()
    assert ed.banner.isVisible() and "不能记为通过" in ed.banner.label.text()
    assert ed.state["record"]["resolutions"][0]["adopted"] is None  # nothing written

    # Back to a quorum: the vote carries.
    ed.tabs.setCurrentWidget(ed.attendance)
    select_rows(ed.attendance.table, list(range(expected - n_out, expected)))
    ed.attendance.mark("present")
    wait_for_ops()
    ed.tabs.setCurrentWidget(ag)
    ag.votes_for.setValue(ed.state["figures"]["present"])
    assert "可以通过" in ag.outcome_label.text()
    ag.record_vote()
    wait_for_ops()
    assert ed.state["record"]["resolutions"][0]["adopted"] is True

    # Minutes: write, approve (locks), export the PDF.
    mt = ed.minutes
    ed.tabs.setCurrentWidget(mt)
    mt.fill_defaults()
    assert "应到" in mt.opening.toPlainText()
    mt.save()
    wait_for_ops()
    assert ed.state["versions"] and not ed.state["locked"]
    from secretariat_app.gui.pages.meetings import dialogs

    monkeypatch.setattr(dialogs.TextPrompt, "exec", lambda self: True)
    monkeypatch.setattr(dialogs.TextPrompt, "value", property(lambda self: "王会长"))
    mt.approve()
    wait_for_ops()
    assert ed.state["locked"] and ed.state["minutes"]["approved_by"] == "王会长"
    assert not ed.attendance.all_button.isEnabled()
    target = tmp_path / "minutes.pdf"
    monkeypatch.setattr(ed, "choose_pdf_path", lambda kind: str(target))
    mt.export()
    wait_for_ops()
    assert target.exists() and target.read_bytes().startswith(b"%PDF") and ed.last_pdf == str(target)
    with ctx.book.session() as s:
        row = next(r for r in queries.list_meetings(s) if r["id"] == mid)
        assert row["minutes"] == "approved" and row["adopted"] == 1
    assert any(r["id"] == mid and r["minutes"] == "approved" for r in page.model.rows)


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_dashboard_cards(qtbot, demo_book):
    from secretariat_app.gui.cards.meetings import cards

    ctx = AppContext(demo_book)
    widgets = cards(ctx)
    for w in widgets:
        qtbot.addWidget(w)
    nxt, held = widgets
    assert nxt.page == "meetings" and nxt.value_label.text() != "—"
    assert "已召开会议" in held.title_label.text()
    assert sum(held.chart.series[0][1]) >= 4


def test_screenshot_states(page):
    states = page.screenshot_states()
    names = [n for n, _o, _c in states]
    assert {"attendance", "minutes", "new"} <= set(names)
    for _name, open_fn, close_fn in states:
        open_fn()
        close_fn()
