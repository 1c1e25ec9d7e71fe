"""Demo roll (``init --demo``): an intelligent-manufacturing association of 西咸新区.

130 members through the services (so the history is real): corporate members of every level
with contacts, individual members, a few who left, level changes, and the officers of the
current term — a council of about thirty (会长, 副会长, 秘书长, 常务理事, 理事) and a board of
supervisors. Puts ``ctx["members"]`` (ids in number order), ``ctx["members_by_no"]``,
``ctx["council"]`` (member ids) and ``ctx["term_start"]`` for the later builders.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from secretariat_app.core.members import service, synth
from secretariat_app.core.members.levels import levels

FOUNDED = date(2016, 5, 18)
# Corporate members per level code (会长单位 … 会员单位) and individual members per level.
CORPORATE_PLAN = [("president", 1), ("vice_president", 6), ("standing_director", 10), ("director", 14),
                  ("member", 69)]
INDIVIDUAL_PLAN = [("standing_director", 2), ("director", 4), ("member", 24)]
SIZES = ["大型", "中型", "中型", "小型", "小型", "小型", "微型"]
TITLES = ["高级工程师", "教授", "研究员", "工程师", "副教授", "总工程师"]
EMPLOYERS = ["西安交通大学", "西北工业大学", "西安电子科技大学", "陕西科技大学", "西咸新区管委会产业研究院",
             "中国科学院西安光学精密机械研究所"]


def _unique(rng, fn, seen: set[str]):
    while True:
        value = fn(rng)
        key = value[0] if isinstance(value, tuple) else value
        if key not in seen:
            seen.add(key)
            return value


def _joined(rng, founding: bool, today: date) -> date:
    if founding:
        return FOUNDED
    span = (today - FOUNDED).days
    return FOUNDED + timedelta(days=rng.randrange(30, span))


def build(session: Session, ctx: dict) -> None:
    rng = ctx["rng"]
    today = min(ctx.get("today") or date.today(), date.today())
    term_start = date(today.year - 2, 5, 18) if date(today.year - 2, 5, 18) > FOUNDED else FOUNDED
    names: set[str] = set()
    specs = []
    for code, n in CORPORATE_PLAN:
        for i in range(n):
            specs.append(("corporate", code, code != "member" or i < 20))
    for code, n in INDIVIDUAL_PLAN:
        for i in range(n):
            specs.append(("individual", code, i < 2))
    # Founding members first (numbers follow admission order), then the rest by date.
    dated = [(s, _joined(rng, s[2], today)) for s in specs]
    dated.sort(key=lambda x: x[1])
    # Some members joined this year (the dashboard's joins).
    for k in range(1, 7):
        spec, _d = dated[-k]
        dated[-k] = (spec, date(today.year, 1, 1) + timedelta(days=rng.randrange(0, max(1, (today - date(today.year, 1, 1)).days))))
    dated.sort(key=lambda x: x[1])

    members = []
    level_of = {(lv.kind, lv.code): lv for lv in levels(session)}
    for (kind, code, _founding), joined in dated:
        level = level_of[(kind, code)]
        if kind == "corporate":
            name, industry = _unique(rng, synth.company_name, names)
            m = service.admit_member(
                session, kind=kind, name=name, level=level, joined=joined, credit_code=synth.credit_code(rng),
                contact_name=synth.person_name(rng), mobile=synth.mobile(rng), phone=synth.landline(rng),
                address=synth.address(rng), industry=industry, legal_representative=synth.person_name(rng),
                size=rng.choice(SIZES))
            if rng.random() < 0.3:
                service.add_contact(session, m.id, synth.person_name(rng), mobile=synth.mobile(rng),
                                    position=rng.choice(["办公室主任", "行政经理", "董事会秘书", "总经理助理"]))
        else:
            name = _unique(rng, synth.person_name, names)
            m = service.admit_member(
                session, kind=kind, name=name, level=level, joined=joined, id_number=synth.id_number(rng),
                mobile=synth.mobile(rng), address=synth.address(rng), employer=rng.choice(EMPLOYERS),
                title=rng.choice(TITLES), gender=rng.choice(["男", "女"]), industry="")
        members.append(m)

    _officers(session, ctx, members, term_start)
    _changes(session, rng, members, today, term_start)
    ctx["members"] = [m.id for m in members]
    ctx["members_by_no"] = {m.no: m.id for m in members}
    ctx["term_start"] = term_start


def _officers(session: Session, ctx: dict, members: list, term_start: date) -> None:
    """The current term's officers: presidents' office, standing council, council, supervisors."""
    def at(kind, code):
        return [m for m in members if m.kind == kind and m.level.code == code and m.joined <= term_start]

    council: list[int] = []

    def give(m, post, body):
        person = m.legal_representative if m.kind == "corporate" else m.name
        service.assign_post(session, m.id, post, body, term_start, person=person)
        council.append(m.id)

    for m in at("corporate", "president")[:1]:
        give(m, "会长", "presidents")
    for m in at("corporate", "vice_president"):
        give(m, "副会长", "presidents")
    secretary = at("individual", "standing_director")[:1]
    for m in secretary:
        give(m, "秘书长", "presidents")
    for m in at("corporate", "standing_director") + at("individual", "standing_director")[1:]:
        give(m, "常务理事", "standing_council")
    for m in (at("corporate", "director") + at("individual", "director"))[:12]:
        give(m, "理事", "council")
    plain = at("corporate", "member")
    for i, m in enumerate(plain[:3]):
        service.assign_post(session, m.id, "监事长" if i == 0 else "监事", "supervisors", term_start,
                            person=m.legal_representative)
    ctx["council"] = council


def _changes(session: Session, rng, members: list, today: date, term_start: date) -> None:
    """Some history: promotions at the last election, and members who left."""
    promoted = [m for m in members if m.level.code == "member" and m.kind == "corporate" and m.joined < term_start]
    for m in promoted[5:8]:
        service.change_level(session, m.id, "director", term_start, note="换届调整")
    leavers = [m for m in members if m.level.code == "member" and not service.current_posts(session, m.id)]
    reasons = ["resigned", "resigned", "removed", "dissolved", "resigned", "resigned", "removed", "resigned"]
    for m, reason in zip(rng.sample(leavers, 8), reasons):
        start = max(m.joined + timedelta(days=60), date(today.year - 3, 1, 1))
        if start >= today:
            continue
        when = start + timedelta(days=rng.randrange(0, (today - start).days))
        service.record_leaving(session, m.id, when, reason, note={"removed": "连续两年未缴纳会费",
                                                                  "dissolved": "企业注销"}.get(reason, ""))
