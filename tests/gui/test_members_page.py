"""The member page with qtbot: search, filters, add, edit, change level, leave, import wizard,
dashboard cards and the settings section."""

from __future__ import annotations

import csv
import random

import pytest
from PySide6.QtCore import Qt

from secretariat_app.core.members import service, synth
from secretariat_app.gui.members.dialogs import LeaveDialog, LevelDialog, MemberDialog
from secretariat_app.gui.members.import_wizard import BAD_FILL, ImportWizard

RNG = random.Random(21)


@pytest.fixture
def demo_ctx(demo_book, qtbot):
    from PySide6.QtWidgets import QWidget

    from secretariat_app.gui.context import AppContext

    parent = QWidget()
    qtbot.addWidget(parent)
    return AppContext(demo_book, parent, screenshot_mode=True)


@pytest.fixture
def page(demo_ctx, qtbot):
    from secretariat_app.gui.pages.members import MembersPage

    p = MembersPage(demo_ctx)
    demo_ctx.changed.connect(p.refresh)  # what the shell does for every page
    qtbot.addWidget(p)
    p.resize(1300, 800)
    p.show()
    return p


def test_opens_searches_and_filters(page, qtbot):
    total = page.model.total
    assert total >= 120 and page.model.rowCount() == total
    assert page.model.data(page.model.index(0, 0)) == "M0001"
    page.search.setText("西咸")  # typed text (QTest cannot type Chinese); the 150 ms debounce applies
    qtbot.waitUntil(lambda: page.model.search == "西咸", timeout=3000)
    assert 0 < page.model.total < total
    assert all("西咸" in page.model.rows[r][1] or "西咸" in (page.model.rows[r][4] or "")
               for r in range(page.model.rowCount()))
    qtbot.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.model.total == total
    page.status_box.setCurrentIndex(page.status_box.findData("left"))
    assert 0 < page.model.total < 20
    assert page.model.data(page.model.index(0, 9)) == "已离会"
    page.status_box.setCurrentIndex(0)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert page.model.sort_column == 1 and page.model.sort_order == Qt.SortOrder.DescendingOrder
    assert page.model.data(page.model.index(0, 0)) != "M0001"  # the database sorted it


def fill(dialog, **values):
    for key, value in values.items():
        w = dialog.form.widget(key)
        if hasattr(w, "setText") and not hasattr(w, "setCurrentIndex"):
            w.setText(value)
        else:
            i = w.findData(value)
            w.setCurrentIndex(i if i >= 0 else w.findText(value))


def test_add_edit_level_leave(page, demo_ctx, qtbot, wait_ops):
    code = synth.credit_code(RNG)
    page.add_member()
    dlg = page._dialog
    assert isinstance(dlg, MemberDialog)
    fill(dlg, name="西咸新区新增测试有限公司", credit_code=code[:-1] + ("0" if code[-1] != "0" else "1"),
         contact_name="王五", mobile="139")
    dlg.accept()
    wait_ops()
    assert dlg.isVisible()  # refused: shown beside the fields, nothing written
    assert not dlg.form.rows["credit_code"].error.isHidden() and not dlg.form.rows["mobile"].error.isHidden()
    fill(dlg, credit_code=code, mobile="13912345678")
    dlg.accept()
    wait_ops()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: page.detail.member is not None and page.detail.member["credit_code"] == code, timeout=5000)
    new = page.detail.member
    assert new["no"].startswith("M") and new["contact_name"] == "王五"

    page.edit_member()
    dlg = page._dialog
    fill(dlg, address="陕西省西咸新区沣泾大道9号")
    dlg.accept()
    wait_ops()
    qtbot.waitUntil(lambda: page.detail.member["address"] == "陕西省西咸新区沣泾大道9号", timeout=5000)

    page.change_level()
    dlg = page._dialog
    assert isinstance(dlg, LevelDialog)
    fill(dlg, level="理事单位")
    dlg.accept()
    wait_ops()
    qtbot.waitUntil(lambda: page.detail.member["level"] == "理事单位", timeout=5000)

    page.record_leaving()
    dlg = page._dialog
    assert isinstance(dlg, LeaveDialog)
    dlg.accept()
    wait_ops()
    qtbot.waitUntil(lambda: page.detail.member["status"] == "left", timeout=5000)
    assert not page.detail.leave_btn.isEnabled()
    assert page.detail.history.rowCount() >= 4
    with demo_ctx.book.session() as s:
        m = service.member_by_no(s, new["no"])
        assert m.status == "left" and m.address == "陕西省西咸新区沣泾大道9号"


def test_keyboard(page, qtbot):
    page.focus_search()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() or page.table.currentIndex().row() == 0
    qtbot.waitUntil(lambda: page.detail.member is not None, timeout=3000)
    assert page.detail.member["no"] == "M0001"


def test_import_wizard_marks_bad_cells(page, demo_ctx, qtbot, wait_ops, tmp_path):
    path = tmp_path / "in.csv"
    good = ["单位", "西咸新区导入测试有限公司", synth.credit_code(RNG), "", "会员单位", "2024-03-01", "赵六",
            "13900001111", "", "专用设备制造业"]
    bad = ["单位", "西咸新区导入错误有限公司", synth.credit_code(RNG), "", "钻石会员", "2024-03-01", "", "1", "", ""]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["类型", "名称", "统一社会信用代码", "身份证号", "会员等级", "入会日期", "联系人", "手机", "地址", "行业"])
        w.writerows([good, bad])
    before = page.model.total
    wizard = ImportWizard(demo_ctx, page, str(path))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.check()
    wait_ops()
    assert wizard.stack.currentIndex() == 1
    m = wizard.model
    assert m.rowCount() == 2 and not wizard.import_btn.isEnabled()
    assert m.data(m.index(1, 5), Qt.ItemDataRole.BackgroundRole) == BAD_FILL       # 会员等级
    assert "钻石会员" in m.data(m.index(1, 5), Qt.ItemDataRole.ToolTipRole)
    assert m.data(m.index(1, 8), Qt.ItemDataRole.BackgroundRole) == BAD_FILL       # 手机
    assert m.data(m.index(0, 5), Qt.ItemDataRole.BackgroundRole) is None
    wizard.skip_box.setChecked(True)
    assert wizard.import_btn.isEnabled()
    wizard.run_import()
    wait_ops()
    assert wizard.stack.currentIndex() == 2 and wizard.result.created == 1
    qtbot.waitUntil(lambda: page.model.total == before + 1, timeout=5000)


def test_cards_and_settings(demo_ctx, qtbot, wait_ops):
    from secretariat_app.core.members.levels import levels
    from secretariat_app.gui.cards.members import cards
    from secretariat_app.gui.settings_sections.members import section

    widgets = cards(demo_ctx)
    assert len(widgets) == 3 and int(widgets[0].value_label.text().replace(",", "")) >= 110
    sec = section(demo_ctx)
    qtbot.addWidget(sec)
    table = sec.tables["corporate"].table
    assert table.item(0, 0).text() == "会长单位"
    table.item(4, 0).setText("普通会员单位")
    sec.prefix.setText("XH")
    sec.save()
    wait_ops()
    with demo_ctx.book.session() as s:
        assert [lv.name for lv in levels(s, "corporate")][-1] == "普通会员单位"
        assert service.next_member_no(s).startswith("XH")
    sec.prefix.setText("X1")
    sec.save()
    wait_ops()
    assert not sec.banner.isHidden() and "前缀" in sec.banner.label.text()


def test_contacts_add_make_primary_deactivate(page, demo_ctx, qtbot, wait_ops):
    from secretariat_app.gui.members.contacts import ContactDialog

    row = next(r for r in range(page.model.rowCount()) if page.model.rows[r][2])  # a corporate member
    page.select_row(row)
    qtbot.waitUntil(lambda: page.detail.member is not None and page.detail.member["kind"] == "corporate",
                    timeout=5000)
    panel = page.detail.contacts
    before = len(panel.rows)
    panel.add()
    dlg = panel._dialog
    assert isinstance(dlg, ContactDialog)
    fill(dlg, contact_name="赵六", position="办公室主任", mobile="139", email="zhao@")
    dlg.accept()
    wait_ops()
    assert dlg.isVisible()  # refused beside the fields
    assert not dlg.form.rows["mobile"].error.isHidden() and not dlg.form.rows["email"].error.isHidden()
    fill(dlg, mobile="13987654321", email="zhao@example.cn")
    dlg.accept()
    wait_ops()
    assert not dlg.isVisible()
    qtbot.waitUntil(lambda: len(panel.rows) == before + 1, timeout=5000)
    new = next(c for c in panel.rows if c["contact_name"] == "赵六")
    assert not new["primary"] and new["position"] == "办公室主任"

    panel.select_contact(new["id"])
    assert panel.primary_btn.isEnabled()
    panel.make_primary()
    wait_ops()
    qtbot.waitUntil(lambda: page.detail.member["contact_name"] == "赵六", timeout=5000)
    assert [c["contact_name"] for c in panel.rows if c["primary"]] == ["赵六"]
    mid = page.detail.member["id"]
    qtbot.waitUntil(lambda: page.model.row_of_key(mid) is not None, timeout=5000)
    r = page.model.row_of_key(mid)
    texts = [page.model.data(page.model.index(r, c)) for c in range(page.model.columnCount())]
    assert "赵六" in texts and "13987654321" in texts  # the 联系人/手机 columns follow the primary

    panel.select_contact(new["id"])
    panel.edit()
    dlg = panel._dialog
    fill(dlg, phone="029-33681234")
    dlg.accept()
    wait_ops()
    qtbot.waitUntil(lambda: any(c["phone"] == "029-33681234" for c in panel.rows), timeout=5000)

    panel.select_contact(new["id"])
    panel.deactivate()
    wait_ops()
    qtbot.waitUntil(lambda: page.detail.member["contact_name"] != "赵六", timeout=5000)
    assert not next(c for c in panel.rows if c["id"] == new["id"])["active"]
    with demo_ctx.book.session() as s:
        kinds = [e.kind for e in service.history(s, mid)]
        assert kinds.count("contact_changed") >= 4


def test_edit_refused_when_the_member_changed_behind_the_dialog(page, demo_ctx, qtbot, wait_ops):
    """Issue 8: the dialog keeps the version it opened on; another user's save in between is named and
    this save refused, nothing written."""
    from secretariat_app.core.members.models import Member

    page.select_row(0)
    qtbot.waitUntil(lambda: page.detail.member is not None, timeout=5000)
    mid = page.detail.member["id"]
    page.edit_member()
    dlg = page._dialog
    fill(dlg, address="陕西省咸阳市秦都区")
    with demo_ctx.book.session() as s:  # another user saves first
        service.update_member(s, mid, address="陕西省西安市雁塔区科技路1号")
        s.commit()
        version = s.get(Member, mid).row_version
    dlg.accept()
    wait_ops()
    assert dlg.isVisible() and "未保存任何内容" in dlg.form.banner.label.text()
    with demo_ctx.book.session() as s:
        m = s.get(Member, mid)
        assert m.address == "陕西省西安市雁塔区科技路1号" and m.row_version == version
    dlg.reject()
