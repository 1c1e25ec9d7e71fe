"""The Reports page driven with qtbot (issue 7)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from secretariat_app.actions import reports

YEAR = date.today().year


@pytest.fixture
def page(demo_book, qtbot):
    from PySide6.QtWidgets import QWidget

    from secretariat_app.gui.context import AppContext
    from secretariat_app.gui.pages.reports import ReportsPage

    parent = QWidget()
    qtbot.addWidget(parent)
    ctx = AppContext(demo_book, parent, screenshot_mode=True)
    p = ReportsPage(ctx, parent)
    p.resize(1100, 760)
    p.show()
    return p


def texts(page, year: int, document: str) -> dict[str, str]:
    return {s.key: s.content for s in reports.section_texts(page.ctx.actor, year, document) if not s.carried}


def wait():
    from secretariat_app.gui.operations import wait_for_ops

    wait_for_ops()


def test_edit_save_and_carry_forward(page, actions_only):
    tab = page.narrative
    tab.document.setCurrentIndex(tab.document.findData("csr"))
    tab.list.setCurrentRow(1)  # 行业自律
    key = tab.current
    tab.editor.set_markup("旧文字")
    tab.editor.edit.selectAll()
    tab.editor.edit.insertPlainText("会员自律公约修订完成")
    tab.editor.set_heading(2)
    assert tab.dirty()
    tab.save()
    wait()
    assert not tab.dirty()
    assert texts(page, YEAR, "csr")[key] == "## 会员自律公约修订完成\n"
    # Next year: last year's texts are drafts, then taken over.
    page.year_spin.setValue(YEAR + 1)
    wait()
    assert all(s.carried for s in tab.sections if s.content)
    assert "上年" in tab.list.item(0).text()
    tab.carry_forward()
    wait()
    assert texts(page, YEAR + 1, "csr")[key] == "## 会员自律公约修订完成\n"
    assert not any(s.carried for s in tab.sections)


def test_editor_lists_and_bold(page):
    ed = page.narrative.editor
    ed.set_markup("甲\n\n乙")
    ed.set_list(ed.edit.textCursor().currentList().format().style() if ed.edit.textCursor().currentList() else
                __import__("PySide6.QtGui", fromlist=["QTextListFormat"]).QTextListFormat.Style.ListDisc)
    assert ed.markup().startswith("- 甲")
    ed.edit.selectAll()
    ed.toggle_bold()
    assert "**" in ed.markup()


def test_unsaved_edits_follow_their_year(page):
    tab = page.narrative
    tab.list.setCurrentRow(0)
    key = tab.current
    tab.editor.set_markup("")
    tab.editor.edit.insertPlainText("写给今年")
    page.year_spin.setValue(YEAR - 1)  # switching saves the edits for the year they were typed in
    wait()
    assert texts(page, YEAR, "annual")[key].startswith("写给今年")
    assert texts(page, YEAR - 1, "annual").get(key, "") == ""


def test_grade_tab_scores(page, wait_ops, actions_only):
    page.tabs.setCurrentWidget(page.grade)
    wait_ops()
    tab = page.grade
    ev = reports.grade_evaluation(page.ctx.actor, YEAR)
    assert str(ev.total) in tab.total.text()
    row = tab.keys.index("charter")
    tab.table.item(row, 3).setText("7")
    tab.table.item(row, 4).setText("新章程待核准")
    tab.save()
    wait_ops()
    after = reports.grade_evaluation(page.ctx.actor, YEAR)
    assert next(i for i in after.indicators if i.key == "charter").score == 7
    assert str(ev.total - 3) in tab.total.text()  # the demo scored 10
    tab.table.item(tab.keys.index("office"), 3).setText("99")
    tab.save()
    wait_ops()
    assert not tab.banner.isHidden() and "99" not in tab.total.text()


def test_facts_tab_forms(page, actions_only):
    page.tabs.setCurrentWidget(page.facts)
    tab = page.facts
    assert tab.activities.table.rowCount() == len(reports.year_facts(page.ctx.actor, YEAR).activities)
    tab.staff_form.widget("part_time").setValue(5)  # no longer adds up
    tab.save_staff()
    wait()
    assert reports.year_facts(page.ctx.actor, YEAR).staff.part_time == 2  # refused: nothing written
    assert "已保存" not in tab.staff_form.banner.label.text()
    tab.staff_form.widget("staff_count").setValue(10)
    tab.save_staff()
    wait()
    assert reports.year_facts(page.ctx.actor, YEAR).staff.staff_count == 10


def test_preview_and_package(page, wait_ops, tmp_path):
    page.tabs.setCurrentWidget(page.documents)
    wait_ops()
    tab = page.documents
    assert "记账凭证" in tab.missing.text() or not tab.missing.text()
    tab.preview_document("grade")
    wait_ops()
    dialog = page.last_dialog
    assert dialog is not None and dialog.view.page_count == len(PdfReader(io.BytesIO(dialog.data)).pages)
    assert dialog.view.render_visible() >= 0 and dialog.view.pages[0].rendered
    dialog.close()
    # The package of a few documents, built in a worker.
    for i in range(tab.docs.count()):
        item = tab.docs.item(i)
        from PySide6.QtCore import Qt

        item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in ("csr", "grade")
                           else Qt.CheckState.Unchecked)
    assert tab.chosen() == ["csr", "grade"]
    tab.build_package()
    wait_ops()
    assert tab.result is not None and tab.result.pages >= 4
    assert "页" in tab.status.text()
    out = tmp_path / "pkg.pdf"
    tab.save_package(str(out))
    wait_ops()
    assert len(PdfReader(str(out)).pages) == tab.result.pages
    doc = tmp_path / "grade.pdf"
    tab.save_document("grade", str(doc))
    wait_ops()
    assert PdfReader(str(doc)).pages and "grade.pdf" in tab.banner.label.text()


def test_activity_dialog_adds_a_row(page, qtbot):
    from PySide6.QtCore import QTimer

    page.tabs.setCurrentWidget(page.facts)
    tab = page.facts
    before = tab.activities.table.rowCount()

    def fill():
        dialog = page.last_dialog
        dialog.form.widget("title").setText("标准宣贯会")
        dialog.form.widget("participants").setValue(30)
        dialog.try_save()

    QTimer.singleShot(0, fill)
    tab.activities.add_button.click()
    assert tab.activities.table.rowCount() == before + 1
    assert any(a[3] == "标准宣贯会" for a in reports.year_facts(page.ctx.actor, YEAR).activities)
