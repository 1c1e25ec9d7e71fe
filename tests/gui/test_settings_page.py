"""The settings page: the book settings form (validated, per-field errors), language, sections."""

from __future__ import annotations

from secretariat_app.core.book_settings import get_settings, get_value, label, update_settings
from secretariat_app.gui import recent


def make_page(ctx, qtbot):
    from secretariat_app.gui.pages.settings import SettingsPage

    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    return page


def test_form_shows_the_book_settings(app_ctx, qtbot):
    with app_ctx.book.session() as s:
        update_settings(s, phone="029-33681234", first_fiscal_year=2025, registration_date="2016-05-18")
    page = make_page(app_ctx, qtbot)
    values = page.association.form.values()
    assert values["name"] == "测试行业协会"
    assert values["phone"] == "029-33681234"
    assert values["first_fiscal_year"] == 2025
    assert values["registration_date"] == "2016-05-18"
    assert values["language"] == "zh_CN"
    labels = [row.label_text for row in page.association.form.rows.values()]
    assert label("credit_code") in labels and label("supervising_department") in labels


def test_bad_fields_are_marked_and_nothing_is_written(app_ctx, qtbot, wait_ops):
    page = make_page(app_ctx, qtbot)
    form = page.association.form
    form.widget("phone").setText("12345")
    form.widget("credit_code").setText("51610000MJY6543A1")
    form.widget("secretary_general").setText("李晓梅")
    page.association.save()
    wait_ops()
    assert form.rows["phone"].error.text() and not form.rows["phone"].error.isHidden()
    assert form.rows["credit_code"].error.text()
    assert form.rows["phone"].widget.property("invalid") is True
    assert form.rows["name"].error.isHidden()
    assert "请更正" in form.banner.label.text()
    assert _setting(app_ctx, "secretary_general", "") == ""  # one bad field: nothing saved


def test_valid_settings_are_saved_and_broadcast(app_ctx, qtbot, wait_ops):
    page = make_page(app_ctx, qtbot)
    seen = []
    app_ctx.changed.connect(seen.append)
    form = page.association.form
    form.widget("phone").setText("13800000000")
    form.widget("address").setText("陕西省西安市")
    page.association.save()
    wait_ops()
    s = _all_settings(app_ctx)
    assert s.phone == "13800000000" and s.address == "陕西省西安市"
    assert seen and seen[0].touches("settings")
    assert "已保存" in page.association.notice.label.text()
    assert form.rows["phone"].error.isHidden()


def test_empty_name_is_refused_beside_the_field(app_ctx, qtbot, wait_ops):
    page = make_page(app_ctx, qtbot)
    page.association.form.widget("name").setText("  ")
    page.association.save()
    wait_ops()
    assert page.association.form.rows["name"].error.text()
    assert _setting(app_ctx, "name") == "测试行业协会"


def test_language_switch_applies_on_restart(app_ctx, qtbot, wait_ops):
    from secretariat_app.i18n import current_language

    page = make_page(app_ctx, qtbot)
    combo = page.association.form.widget("language")
    combo.setCurrentIndex(combo.findData("en"))
    page.association.save()
    wait_ops()
    assert _setting(app_ctx, "language") == "en"
    assert current_language() == "zh_CN"  # the running program keeps its language
    assert "重新启动" in page.association.notice.label.text()
    assert recent.settings().value("language") == "en"


def test_revert_restores_the_saved_values(app_ctx, qtbot):
    page = make_page(app_ctx, qtbot)
    page.association.form.widget("name").setText("改了但没保存")
    page.association.revert_button.click()
    assert page.association.form.values()["name"] == "测试行业协会"


def test_sections_become_tabs_and_missing_ones_are_skipped(app_ctx, qtbot, monkeypatch):
    import sys
    import types

    from PySide6.QtWidgets import QLabel

    from secretariat_app.gui.pages import settings as settings_page

    fake = types.ModuleType("secretariat_app.gui.settings_sections.fake_for_test")
    fake.TITLE = "Backups"
    built = []

    def section(ctx):
        built.append(ctx)
        return QLabel("fake section")

    fake.section = section
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    monkeypatch.setattr(settings_page.importlib.util, "find_spec",
                        lambda name: object() if name == fake.__name__ else None)
    monkeypatch.setattr(settings_page, "SETTINGS_SECTIONS", ["secretariat_app.gui.settings_sections.no_such",
                                                             fake.__name__])
    page = make_page(app_ctx, qtbot)
    assert page.tabs.count() == 2 and page.tabs.tabText(0) == "协会信息"
    assert not built  # built when first shown
    page.tabs.setCurrentIndex(1)
    assert built == [app_ctx]
    states = dict((name, (o, c)) for name, o, c in page.screenshot_states())
    assert "invalid" in states and "fake_for_test" in states


def test_another_book_reloads_the_form(app_ctx, qtbot, tmp_path):
    from secretariat_app.db.book import create_book

    page = make_page(app_ctx, qtbot)
    other = create_book(tmp_path / "other.sqlite")
    with other.session() as s:
        update_settings(s, name="另一个协会")
    app_ctx.set_book(other)
    page.refresh(None)
    assert page.association.form.values()["name"] == "另一个协会"
    other.close()


def test_invalid_example_for_screenshots_writes_nothing(app_ctx, qtbot):
    page = make_page(app_ctx, qtbot)
    page.association.show_invalid_example()
    assert page.association.form.rows["phone"].error.text()
    assert _setting(app_ctx, "phone", "") == ""


def _setting(ctx, key, default=None):

    with ctx.book.session() as s:
        return get_value(s, key, default)


def _all_settings(ctx):

    with ctx.book.session() as s:
        return get_settings(s)
