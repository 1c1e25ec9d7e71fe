"""Shared widgets: the lazy SQL table model, charts, forms, cards, and the dashboard frame."""

from __future__ import annotations

import sys
import types
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QModelIndex, Qt

from secretariat_app.errors import DomainError, Problem


@pytest.fixture
def people(tmp_path):
    """A plain SQLite table of 1,000 rows (the model only needs a source with ``.book``-like sessions)."""
    from secretariat_app.db.book import Book, make_engine

    engine = make_engine("sqlite:///" + str(tmp_path / "people.sqlite"))
    meta = sa.MetaData()
    t = sa.Table("people", meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(40)),
                 sa.Column("city", sa.String(20)), sa.Column("fee", sa.BigInteger))
    meta.create_all(engine)
    with engine.begin() as c:
        c.execute(t.insert(), [{"id": i, "name": f"会员{i:04d}", "city": ["西安", "咸阳", "宝鸡"][i % 3],
                                "fee": i * 150 - 30000} for i in range(1, 1001)])
    book = Book(url=str(engine.url), engine=engine)
    yield book, t
    engine.dispose()


class _Source:
    """Stands in for ``ctx``: ``call(fetch, request)`` runs the page query (an action's body)."""

    def call(self, fn, *args):
        return fn(*args)


def make_model(people):
    from sqlalchemy.orm import Session

    from secretariat_app.actions.paging import fetch_page
    from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel

    book, t = people

    def page(request):
        q = sa.select(t.c.name, t.c.city, t.c.fee, t.c.id).order_by(t.c.id)
        if request.filters.get("city"):
            q = q.where(t.c.city == request.filters["city"])
        with Session(book.engine) as s:
            return fetch_page(s, q, request, search_columns=[0, 1], key_index=3)

    return LazyTableModel(_Source(), [Column("名称"), Column("城市"), Column("会费", kind="money")], key_index=3,
                          page_size=100, fetch=page), t


def test_lazy_model_pages_sorts_and_filters(people, qtmodeltester):
    model, t = make_model(people)
    model.reload()
    assert model.total == 1000 and model.rowCount() == 100 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    assert model.data(model.index(0, 0)) == "会员0001"
    assert model.data(model.index(0, 2)) == "-298.50"  # integer fen
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.key(0) == 1
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert model.data(model.index(0, 0)) == "会员1000" and model.rowCount() == 100
    model.set_search("会员05")
    assert model.total == 100 and model.data(model.index(0, 0)).startswith("会员05")
    model.set_search("")
    model.set_filter_values(city="西安")
    assert model.total == 333
    model.fetch_all()
    assert model.rowCount() == 333 and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)  # last: its checks call fetchMore inside a reset


def test_search_treats_wildcards_literally(people):
    model, _t = make_model(people)
    model.set_search("%")
    assert model.total == 0


def test_lazy_model_never_raises(people):
    model, _t = make_model(people)
    model.reload()
    assert model.data(model.index(5000, 0)) is None
    assert model.data(QModelIndex()) is None
    assert model.headerData(99, Qt.Orientation.Horizontal) is None
    model.rows[0] = ("short",)  # a malformed row
    assert model.data(model.index(0, 2)) is None
    assert model.row_values(-1) is None and model.key(9999) is None


def test_failed_query_is_reported_not_raised(people):
    from sqlalchemy.orm import Session

    from secretariat_app.actions.paging import fetch_page
    from secretariat_app.gui.widgets.lazy_table import Column, LazyTableModel

    book, _t = people

    def bad(request):
        with Session(book.engine) as s:
            return fetch_page(s, sa.select(sa.text("nope FROM missing_table")), request)

    model = LazyTableModel(_Source(), [Column("x")], fetch=bad)
    messages = []
    model.load_failed.connect(messages.append)
    model.reload()
    assert model.rowCount() == 0 and not model.canFetchMore()
    assert messages and model.error


def test_charts_draw_data_and_empty_states(qtbot):
    from secretariat_app.gui.widgets.charts import BarChart, PieChart, compact_number, nice_step

    bar = BarChart("会费", value_format=lambda v: f"¥{v:,.2f}")
    bar.set_series(["1月", "2月", "3月"], [("应收", [Decimal("5000"), Decimal("3000"), 0]),
                                           ("实收", [Decimal("4000"), Decimal("-100"), 0])])
    hbar = BarChart(horizontal=True)
    hbar.set_data([("会员", 130), ("凭证", 2400)])
    pie = PieChart("构成", donut=True)
    pie.set_data([("理事单位", 20), ("会员单位", 100), ("空", 0)], "120", "家")
    empty_bar, empty_pie = BarChart(), PieChart()
    for w in (bar, hbar, pie, empty_bar, empty_pie):
        qtbot.addWidget(w)
        w.resize(420, 260)
        assert not w.grab().isNull()
    assert bar._hits and pie._hits
    assert compact_number(15000) == "1.5万" and compact_number(300) == "300"
    assert nice_step(1000) == 250


def test_form_rows_put_problems_beside_fields(qtbot):
    from PySide6.QtWidgets import QLineEdit, QSpinBox

    from secretariat_app.gui.widgets.forms import FormRows

    form = FormRows(columns=2)
    qtbot.addWidget(form)
    form.add_section("基本")
    form.add_row("name", "名称", QLineEdit(), required=True)
    form.add_row("phone", "电话", QLineEdit())
    year = QSpinBox()
    year.setRange(1980, 2100)
    form.add_row("year", "年度", year)
    exc = DomainError("没有保存", problems=[Problem("太短", field="电话"), Problem("必填", field="name"),
                                         Problem("别的问题", field="未知")])
    marked = form.show_error(exc)
    assert marked == ["phone", "name"]
    assert form.rows["phone"].error.text() == "太短" and form.rows["name"].error.text() == "必填"
    assert "别的问题" in form.banner.label.text()
    form.set_values({"name": "协会", "year": 2026})
    assert form.values() == {"name": "协会", "phone": "", "year": 2026}
    form.clear_errors()
    assert form.rows["phone"].error.isHidden() and form.banner.isHidden()
    form.show_error(DomainError("一个错误", field="name"))
    assert form.rows["name"].error.text() == "一个错误"


def test_key_figure_card_opens_its_page(qtbot):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QMouseEvent

    from secretariat_app.gui.widgets.cards import KeyFigureCard

    card = KeyFigureCard("会员", "130", "本年新入会 5 家", page="members")
    qtbot.addWidget(card)
    with qtbot.waitSignal(card.clicked) as blocker:
        ev = QMouseEvent(QMouseEvent.Type.MouseButtonRelease, QPointF(5, 5), QPointF(5, 5),
                         Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        card.mouseReleaseEvent(ev)
    assert blocker.args == ["members"]
    card.set_value("131", "")
    assert card.value_label.text() == "131" and card.detail_label.isHidden()


def test_icons_exist_for_every_page():
    from secretariat_app.gui.main_window import NAV
    from secretariat_app.gui.widgets import icon_pixmap, resource_path

    for _label, name in NAV.values():
        assert resource_path("icons", f"{name}.svg").exists()
        assert not icon_pixmap(name).toImage().isNull()


def test_dashboard_cards_missing_broken_and_working(app_ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from secretariat_app.core.changes import Changes
    from secretariat_app.gui.pages import dashboard
    from secretariat_app.gui.widgets.cards import KeyFigureCard, Panel

    good = types.ModuleType("fake_cards_good")
    refreshed = []

    class RefreshingCard(KeyFigureCard):
        def refresh(self, changes):
            refreshed.append(changes)

    good.cards = lambda ctx: [RefreshingCard("会员", "130", page="members"), Panel("图", QLabel("x"))]
    broken = types.ModuleType("fake_cards_broken")

    def boom(ctx):
        raise RuntimeError("坏了")

    broken.cards = boom
    monkeypatch.setitem(sys.modules, "fake_cards_good", good)
    monkeypatch.setitem(sys.modules, "fake_cards_broken", broken)
    monkeypatch.setattr(dashboard, "CARD_MODULES", ["fake_cards_good", "fake_cards_missing", "fake_cards_broken"])
    page = dashboard.DashboardPage(app_ctx)
    qtbot.addWidget(page)
    page.refresh(None)
    assert set(page.card_widgets) == {"fake_cards_good", "fake_cards_broken"}
    assert page.figures.count() == 1
    assert page.panels.count() == 2 + 2  # own panels, the good module's panel, the broken card
    assert page.name_label.text() == "测试行业协会"
    assert "今天是" in page.date_label.text()
    assert page.completeness.items[0][1] == 1  # only the name is filled in
    page.refresh(Changes({"members"}))
    assert page.card_widgets["fake_cards_good"][0] is not None
    page.refresh(Changes({"nothing-we-show"}))
