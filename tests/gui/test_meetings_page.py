"""The meetings page driven with qtbot: list by year, quick attendance, live outcome and refusal,
minutes approval and PDF export; the dashboard cards."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from secretariat_app.actions import meetings
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
    mid = meetings.create_meeting(ctx.actor, dict(kind="council", title="临时理事会", date=date.today(),
                                                  agenda=["审议预算"])).value
    page.refresh()
    page.select_meeting(mid)
    ed = page.editor
    assert ed.state["id"] == mid
    expected = ed.state["figures"]["expected"]
    assert expected > 6 and ed.state["figures"]["unrecorded"] == expected

    ed.tabs.setCurrentWidget(ed.attendance)
    qtbot.mouseClick(ed.attendance.all_button, Qt.MouseButton.LeftButton)
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
    row = meetings.meeting_row(ctx.actor, mid)
    assert row["minutes"] == "approved" and row["adopted"] == 1
    assert any(r["id"] == mid and r["minutes"] == "approved" for r in page.model.rows)


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


def test_new_meeting_dialog_creates_through_an_action(page, actions_only):
    from secretariat_app.gui.pages.meetings.dialogs import NewMeetingDialog

    dlg = NewMeetingDialog(page.ctx, page)
    dlg.title.setText("")
    dlg.create()
    wait_for_ops()
    assert dlg.meeting_id is None  # refused: nothing created, the dialog stays open
    dlg.title.setText("会长办公会")
    dlg.kind.setCurrentIndex(dlg.kind.findData("presidents"))
    dlg.create()
    wait_for_ops()
    assert dlg.meeting_id is not None
    assert meetings.meeting_row(page.ctx.actor, dlg.meeting_id)["title"] == "会长办公会"


def test_page_reaches_the_book_only_through_actions(page, actions_only, qtbot):
    page.refresh()
    page.table.selectRow(0)
    ed = page.editor
    for i in range(ed.tabs.count()):
        ed.tabs.setCurrentIndex(i)
    ed.minutes.version.setCurrentIndex(0)
    wait_for_ops()
    assert ed.state is not None


def test_screenshot_states(page):
    states = page.screenshot_states()
    names = [n for n, _o, _c in states]
    assert {"attendance", "minutes", "new"} <= set(names)
    for _name, open_fn, close_fn in states:
        open_fn()
        close_fn()


def test_details_proxy_and_election(page, monkeypatch):
    from secretariat_app.gui.pages.meetings import attendance_tab, elections_tab

    ctx = page.ctx
    mid = meetings.create_meeting(ctx.actor, dict(kind="council", title="理事会", date=date.today())).value
    page.refresh()
    page.select_meeting(mid)
    ed = page.editor
    # Details: a bad title is shown beside its field; a good one is saved.
    ed.details.form.widget("title").setText("")
    ed.details.save()
    wait_for_ops()
    assert ed.details.form.rows["title"].error.isVisible() or ed.banner.isVisible()
    ed.details.form.widget("title").setText("第二届理事会临时会议")
    ed.details.form.widget("place").setText("秘书处会议室")
    ed.details.save()
    wait_for_ops()
    assert ed.state["record"]["title"] == "第二届理事会临时会议" and ed.state["record"]["place"] == "秘书处会议室"
    ed.details.notice_form.widget("number").setText("协〔2026〕20号")
    ed.details.save_notice()
    wait_for_ops()
    assert ed.state["notice"]["number"] == "协〔2026〕20号"

    # Attendance: all present, then a proxy to a member present (picked in the dialog).
    ed.attendance.all_button.click()
    wait_for_ops()
    lines = ed.state["lines"]
    holder = lines[0]["id"]
    monkeypatch.setattr(attendance_tab.MemberPicker, "exec", lambda self: True)
    monkeypatch.setattr(attendance_tab.MemberPicker, "selected_id", lambda self: holder)
    select_rows(ed.attendance.table, [1])
    ed.attendance.mark_proxy()
    wait_for_ops()
    assert ed.state["figures"]["proxies"] == 1
    assert ed.state["lines"][1]["proxy_to_name"] == lines[0]["name"]

    # Elections: a 监事 election, one candidate, votes, posts updated.
    el = ed.elections
    el.office.setCurrentText("监事")
    el.seats.setValue(1)
    el.add_election()
    wait_for_ops()
    assert el.list.count() == 1
    candidate = lines[5]["id"]
    monkeypatch.setattr(elections_tab.MemberPicker, "exec", lambda self: True)
    monkeypatch.setattr(elections_tab.MemberPicker, "selected_id", lambda self: candidate)
    el.add_candidate()
    wait_for_ops()
    assert el.table.rowCount() == 1
    el.table.cellWidget(0, 2).setValue(ed.state["figures"]["present"])
    el.record_votes()
    wait_for_ops()
    assert ed.state["record"]["elections"][0]["candidates"][0]["elected"]
    el.by_election.setChecked(True)
    el.apply()
    wait_for_ops()
    assert ed.state["record"]["elections"][0]["applied"]
    from secretariat_app.core.members.service import posts_on

    with ctx.book.session() as s:  # the roll's own service says the post started
        assert candidate in [p.member_id for p in posts_on(s, date.today(), "supervisors") if p.post == "监事"]
