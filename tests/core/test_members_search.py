"""The table's queries (search, filters, sort, paging), the dashboard figures, checks and the demo."""

from __future__ import annotations

import random
from datetime import date

import pytest

from secretariat_app.core.members import dashboard, search, service, synth
from secretariat_app.core.members.search import MemberQuery, count_plan, fetch_page, list_members, plan

RNG = random.Random(11)


@pytest.fixture
def roll(session):
    rows = [
        ("corporate", "西咸新区秦川精密机械有限公司", "理事单位", "2020-03-01", "张伟", "13912345678"),
        ("corporate", "沣东新城星火汽车零部件有限公司", "会员单位", "2021-06-01", "王芳", "13800001111"),
        ("corporate", "陕西丝路新材料股份有限公司", "会长单位", "2019-01-01", "李强", "18600002222"),
        ("individual", "赵敏", "会员", "2022-01-10", "", "13700003333"),
        ("individual", "钱伟", "理事", "2023-07-07", "", "13600004444"),
    ]
    ids = []
    for kind, name, level, joined, contact, mobile in rows:
        ident = {"credit_code": synth.credit_code(RNG)} if kind == "corporate" else {"id_number": synth.id_number(RNG)}
        ids.append(service.admit_member(session, kind=kind, name=name, level=level, joined=joined,
                                        contact_name=contact, mobile=mobile, industry="制造业" if kind == "corporate" else "",
                                        **ident).id)
    service.record_leaving(session, ids[1], "2024-05-01", "resigned")
    session.commit()
    return ids


def names(session, **kw) -> list[str]:
    q = MemberQuery(**kw)
    p = plan(session, q)
    return [r[1] for r in fetch_page(session, q, 0, 50, p)]


@pytest.mark.parametrize("text, expected", [
    ("秦川", ["西咸新区秦川精密机械有限公司"]),          # short CJK word: scan
    ("精密机械", ["西咸新区秦川精密机械有限公司"]),      # ≥ 3 characters: the trigram index on SQLite
    ("M0003", ["陕西丝路新材料股份有限公司"]),
    ("m0003", ["陕西丝路新材料股份有限公司"]),
    ("xxxq", ["西咸新区秦川精密机械有限公司"]),          # pinyin initials
    ("王芳", ["沣东新城星火汽车零部件有限公司"]),          # contact
    ("1370000", ["赵敏"]),                              # phone
    ("伟", ["西咸新区秦川精密机械有限公司", "钱伟"]),       # contact 张伟 and member 钱伟
    ("陕西 新材料", ["陕西丝路新材料股份有限公司"]),      # every word must match
    ("100%", []),                                       # LIKE wildcards are literal
    ("无此会员", []),
])
def test_search(session, roll, text, expected):
    assert names(session, text=text) == expected


def test_filters_sort_and_count(session, roll):
    assert names(session, status="left") == ["沣东新城星火汽车零部件有限公司"]
    assert names(session, kind="individual") == ["赵敏", "钱伟"]
    assert names(session, joined_year=2023) == ["钱伟"]
    assert names(session, industry="制造业", status="active") == ["西咸新区秦川精密机械有限公司", "陕西丝路新材料股份有限公司"]
    assert names(session, sort="joined")[0] == "陕西丝路新材料股份有限公司"
    assert names(session, sort="no", descending=True)[0] == "钱伟"
    by_level = names(session, sort="level")
    assert by_level[0] == "陕西丝路新材料股份有限公司" and by_level[-1] == "赵敏"  # 会长单位 first, individuals last
    by_name = names(session, sort="name")  # pinyin: feng < qian < shan < xi < zhao
    assert by_name == ["沣东新城星火汽车零部件有限公司", "钱伟", "陕西丝路新材料股份有限公司",
                       "西咸新区秦川精密机械有限公司", "赵敏"]
    for key in search.COLUMN_KEYS:
        assert len(names(session, sort=key, text="有限")) == 3
    assert plan(session, MemberQuery(text="有限公司", status="active")).total == 2


def test_large_match_sets_count_off_the_keystroke(session, roll, monkeypatch):
    monkeypatch.setattr(search, "SELECTIVE", 1)
    monkeypatch.setattr(search, "SELECTIVE_OTHER_SORT", 1)
    for text in ("有限", "有限公司"):
        q = MemberQuery(text=text)
        p = plan(session, q, exact=False)
        rows = fetch_page(session, q, 0, 2, p)
        assert len(rows) == 2
        assert count_plan(session, p) == 3
        assert plan(session, MemberQuery(text=text, status="active")).total == 2
        assert len(fetch_page(session, q, 2, 2, p)) == 1


def test_list_json_shape(session, roll):
    rows = list_members(session, status="all")
    assert [r["no"] for r in rows] == ["M0001", "M0002", "M0003", "M0004", "M0005"]
    first = rows[0]
    assert set(first) >= {"no", "kind", "name", "credit_code", "level", "joined", "status"}
    assert first["kind"] == "corporate" and first["joined"] == "2020-03-01" and first["level"] == "理事单位"
    assert [r["status"] for r in list_members(session, status="left")] == ["left"]
    assert len(list_members(session, status="active", search="伟")) == 2


def test_dashboard(session, roll):
    today = date.today()
    levels = {(c.kind, c.level): c.count for c in dashboard.by_level(session)}
    assert levels[("corporate", "会长单位")] == 1 and levels[("corporate", "会员单位")] == 0
    assert dashboard.by_kind(session) == {"corporate": 2, "individual": 2}
    assert dashboard.joins_exits(session, 2024) == (0, 1)
    assert dashboard.joins_exits(session, 2023) == (1, 0)
    t = dashboard.totals(session)
    assert t["active"] == 4 and t["on"] == today


def test_check_finds_a_bad_identifier(book, session, roll):
    from sqlalchemy import update

    from secretariat_app.core.members.checks import check_members
    from secretariat_app.core.members.models import Member

    assert check_members(book) == []
    session.execute(update(Member).where(Member.id == roll[0]).values(credit_code="91610000MA00000001"))
    session.commit()
    problems = check_members(book)
    assert problems and "M0001" in problems[0]


def test_demo_roll(session):
    from secretariat_app.core.members.demo import build
    from secretariat_app.core.members.levels import levels
    from secretariat_app.core.members.models import Member
    from secretariat_app.db.session import transaction

    ctx = {"rng": random.Random(2026), "today": date.today()}
    with transaction(session):
        build(session, ctx)
    assert len(ctx["members"]) >= 120 and 25 <= len(ctx["council"]) <= 35
    members = [session.get(Member, i) for i in ctx["members"]]
    assert {m.level_id for m in members} >= {lv.id for lv in levels(session, "corporate")}
    assert {m.kind for m in members} == {"corporate", "individual"}
    assert any(m.status == "left" for m in members)
    posts = service.posts_on(session, date.today())
    assert [p.post for p in posts].count("会长") == 1 and any(p.post == "监事" for p in posts)
    assert len(service.body_members(session, date.today(), "council")) == len(ctx["council"])
    assert all(m.contact_name for m in members if m.kind == "corporate")
