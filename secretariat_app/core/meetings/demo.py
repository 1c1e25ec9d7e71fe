"""Demo meetings (``init --demo``): the year's general assembly, a council meeting, a board of
supervisors meeting and a presidents' office meeting, held so far this year with attendance,
resolutions, a by-election and approved minutes — and the next meeting, announced.

Runs after the member roll (``ctx["members"]``) and before dues, which reads
``ctx["dues_resolution"] = {id, meeting_id, date (a date), for, against, abstain}``: the general
assembly's adopted dues-schedule resolution (secret ballot, DOMAIN.md §2).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings import attendance, elections, minutes, notices, service, votes
from secretariat_app.core.meetings.body import body_member_ids, figures
from secretariat_app.core.meetings.models import ABSENT, LEAVE, PROXY

PLACE = "西咸新区沣东新城协同创新港3号楼报告厅"
ROOM = "协会秘书处第一会议室"
RECORDER = "张婷"


def _held_dates(today: date) -> list[date]:
    """Four dates this year before today: the usual ones (general assembly in March …) where they
    have passed, the others spread over the days since."""
    fixed = [date(today.year, 3, 14), date(today.year, 6, 19), date(today.year, 7, 10), date(today.year, 9, 11)]
    kept = [d for d in fixed if d < today]
    start = kept[-1] if kept else date(today.year, 1, 1)
    rest = len(fixed) - len(kept)
    span = max((today - start).days, 0)
    return kept + [start + timedelta(days=span * (k + 1) // (rest + 1)) for k in range(rest)]


def _attendance(session: Session, meeting, rng, *, absent: int, leave: int, proxies: int) -> None:
    """All present, then the exceptions: a few absent, on leave, and by proxy to a present member."""
    attendance.mark_all_present(session, meeting.id)
    ids = body_member_ids(session, meeting)
    others = rng.sample(ids[1:], min(len(ids) - 1, absent + leave + 2 * proxies))
    entries = []
    for mid in others[:absent]:
        entries.append(dict(member_id=mid, status=ABSENT))
    for mid in others[absent:absent + leave]:
        entries.append(dict(member_id=mid, status=LEAVE, note="出差"))
    rest = others[absent + leave:]
    for k in range(min(proxies, len(rest) // 2)):
        entries.append(dict(member_id=rest[2 * k], status=PROXY, proxy_to=rest[2 * k + 1]))
    if entries:
        attendance.set_attendance_many(session, meeting.id, entries)


def _vote(session: Session, resolution, *, against: int = 0, abstain: int = 0) -> None:
    m = service.get_meeting(session, resolution.meeting_id)
    present = figures(session, m).counted
    votes.record_vote(session, resolution.id, votes_for=present - against - abstain, votes_against=against,
                      votes_abstain=abstain)


def _chair(session: Session) -> tuple[str, str]:
    """(president's person, secretary-general) from the officer posts, with fallbacks."""
    from secretariat_app.core.book_settings import get_value
    from secretariat_app.core.members.service import posts_on

    president = next((p.person or p.member.name for p in posts_on(session, date.today(), "presidents")
                      if p.post == "会长"), "王建国")
    return president, get_value(session, "secretary_general", "") or "李晓梅"


def _minutes(session: Session, meeting, texts: dict, opening: str, approved_by: str, today: date) -> None:
    items = {a.id: texts.get(a.position, "") for a in meeting.agenda}
    minutes.save_minutes(session, meeting.id, opening=opening, items=items,
                         closing="会议议程全部完成，会议圆满结束。")
    when = datetime.combine(min(meeting.date + timedelta(days=7), today), time(16, 30))
    minutes.approve_minutes(session, meeting.id, approved_by=approved_by, today=today,
                            approved_at=min(when, datetime.now()))


def _notice(session: Session, meeting, number: str, recipients: str = "") -> None:
    notices.save_notice(session, meeting.id, issued_on=meeting.date - timedelta(days=14), number=number,
                        recipients=recipients, reply_by=meeting.date - timedelta(days=5))


def build(session: Session, ctx: dict) -> None:
    rng = ctx["rng"]
    today = min(ctx.get("today") or date.today(), date.today())
    y = today.year
    president, secretary = _chair(session)
    d_ga, d_council, d_sup, d_pres = _held_dates(today)
    ids = []

    # 1. The general assembly: reports, the dues schedule (secret ballot), a by-election to the council.
    ga = service.create_meeting(
        session, kind="general_assembly", title=f"{y}年度会员大会", date=d_ga, start_time="09:00", end_time="12:00",
        place=PLACE, convener="协会理事会", chair=president, recorder=RECORDER,
        agenda=[dict(title=f"审议{y - 1}年度工作报告", presenter=secretary),
                dict(title=f"审议{y - 1}年度财务收支情况报告", presenter="财务负责人"),
                dict(title="审议会费标准调整方案", presenter=secretary),
                dict(title="增补理事", presenter=president)],
        guests=[dict(name="刘振华", organization="西咸新区工商业联合会", title="副主席"),
                dict(name="陈海燕", organization="西咸新区行政审批与政务服务局", title="社会组织管理科科长")])
    _notice(session, ga, f"西咸智造协〔{y}〕3号")
    _attendance(session, ga, rng, absent=9, leave=8, proxies=6)
    a = ga.agenda
    r1 = votes.add_resolution(session, ga.id, title=f"关于通过{y - 1}年度工作报告的决议", agenda_item_id=a[0].id)
    _vote(session, r1, against=1, abstain=2)
    r2 = votes.add_resolution(session, ga.id, title=f"关于通过{y - 1}年度财务收支情况报告的决议", agenda_item_id=a[1].id)
    _vote(session, r2, abstain=3)
    r3 = votes.add_resolution(session, ga.id, title="关于调整会费标准的决议", subject="dues_schedule",
                              agenda_item_id=a[2].id,
                              text=f"自{y}年1月1日起执行新的会费标准，按会员等级收取。")
    _vote(session, r3, against=6, abstain=4)
    r4 = votes.add_resolution(session, ga.id, title="关于增补理事的决议", subject="election", agenda_item_id=a[3].id)
    _vote(session, r4, against=2, abstain=3)
    _by_election(session, ga, r4)
    _minutes(session, ga, {
        1: f"秘书长{secretary}代表理事会作{y - 1}年度工作报告，回顾了行业调研、标准制定、会员服务和对接政府等工作。"
           "与会会员围绕行业数字化转型、人才培训和展会组织提出了意见和建议。",
        2: "财务负责人报告了上年度会费收入、政府购买服务收入和各项支出情况，并说明了年度审计结论。",
        3: "秘书处说明了会费标准调整的依据和测算过程。会议以无记名投票方式进行表决。",
        4: "会长介绍了增补理事候选人情况，会议以无记名投票方式进行选举。",
    }, f"{ga.title}于{d_ga.year}年{d_ga.month}月{d_ga.day}日在{PLACE}召开，由会长{president}主持。", secretary, today)
    ctx["dues_resolution"] = {"id": r3.id, "meeting_id": ga.id, "date": d_ga, "for": r3.votes_for,
                              "against": r3.votes_against, "abstain": r3.votes_abstain}
    ids.append(ga.id)

    # 2. A council meeting: half-year review, new members (2/3 of those present).
    council = service.create_meeting(
        session, kind="council", title=f"第二届理事会{y}年第二次会议", date=d_council, start_time="14:30",
        end_time="17:00", place=ROOM, convener="会长办公会", chair=president, recorder=RECORDER,
        agenda=[dict(title="上半年工作总结和下半年工作安排", presenter=secretary),
                dict(title="审议新会员入会申请", presenter=secretary)])
    _notice(session, council, f"西咸智造协〔{y}〕9号")
    _attendance(session, council, rng, absent=1, leave=2, proxies=2)
    c1 = votes.add_resolution(session, council.id, title="关于下半年工作安排的决议", agenda_item_id=council.agenda[0].id)
    _vote(session, c1, abstain=1)
    c2 = votes.add_resolution(session, council.id, title="关于吸收新会员的决议", subject="admit_member",
                              agenda_item_id=council.agenda[1].id)
    _vote(session, c2)
    newcomer = _newcomer(session, d_council)
    if newcomer is not None:
        votes.link_resolution(session, c2.id, "member", newcomer)
    _minutes(session, council, {1: "秘书长报告上半年工作，理事们就行业标准和展会安排进行了讨论。",
                                2: "秘书处介绍了入会申请单位的基本情况，经审议同意吸收为会员。"},
             f"理事会会议由会长{president}主持。", secretary, today)
    ids.append(council.id)

    # 3. The board of supervisors and 4. the presidents' office.
    sup = service.create_meeting(
        session, kind="supervisors", title=f"第二届监事会{y}年第一次会议", date=d_sup, start_time="10:00",
        place=ROOM, convener="监事长", chair=_supervisor_chair(session, d_sup), recorder=RECORDER,
        agenda=["审查上半年财务收支情况", "监督会费标准执行情况"])
    _attendance(session, sup, rng, absent=0, leave=0, proxies=0)
    s1 = votes.add_resolution(session, sup.id, title="关于上半年财务收支情况的审查意见", agenda_item_id=sup.agenda[0].id)
    _vote(session, s1)
    _minutes(session, sup, {1: "监事会审阅了上半年会计报表和银行对账单，未发现异常。",
                            2: "会费按新标准收取，收据连续编号，未发现问题。"}, "监事会会议由监事长主持。", secretary, today)
    ids.append(sup.id)

    pres = service.create_meeting(
        session, kind="presidents", title=f"{y}年第三次会长办公会", date=d_pres, start_time="15:00", place=ROOM,
        convener=president, chair=president, recorder=RECORDER,
        agenda=["筹备年度行业发展论坛", "团体标准《智能制造车间数据采集规范》立项"])
    _attendance(session, pres, rng, absent=0, leave=1, proxies=0)
    for item in pres.agenda:
        res = votes.add_resolution(session, pres.id, title=f"关于{item.title}的决定", agenda_item_id=item.id)
        _vote(session, res)
    _minutes(session, pres, {1: "会议研究了论坛的时间、规模和经费安排。", 2: "会议同意立项并成立标准起草组。"},
             "会长办公会由会长主持。", secretary, today)
    ids.append(pres.id)

    # 5. The next meeting, announced but not yet held.
    nxt = service.create_meeting(
        session, kind="council", title=f"第二届理事会{y}年第三次会议", date=today + timedelta(days=21),
        start_time="14:30", place=ROOM, convener="会长办公会", chair=president, recorder=RECORDER,
        agenda=[f"{y}年度工作总结", f"{y + 1}年度工作计划和预算"])
    notices.save_notice(session, nxt.id, issued_on=today, number=f"西咸智造协〔{y}〕15号",
                        reply_by=nxt.date - timedelta(days=5))
    ids.append(nxt.id)
    ctx["meetings"] = ids


def _by_election(session: Session, ga, resolution) -> None:
    """Two director-level members without a post stand for one council seat; the winner's post starts."""
    from secretariat_app.core.members.models import Member, OfficerPost
    from secretariat_app.core.members.queries import active_filter

    with_posts = select(OfficerPost.member_id).where(OfficerPost.end_on.is_(None))
    cands = list(session.scalars(select(Member).where(active_filter(ga.date), Member.id.not_in(with_posts))
                                 .order_by(Member.seq).limit(40)))
    cands = [m for m in cands if m.level.code == "director"][:2] or cands[:2]
    if len(cands) < 2:
        return
    e = elections.add_election(session, ga.id, office="理事", body="council", seats=1, resolution_id=resolution.id)
    present = figures(session, ga).counted
    c_ids = [elections.add_candidate(session, e.id, m.id, person=m.legal_representative or m.name).id for m in cands]
    elections.record_election_votes(session, e.id, {c_ids[0]: present - 20, c_ids[1]: 14})
    elections.apply_election(session, e.id, end_previous=False)
    votes.link_resolution(session, resolution.id, "election", e.id)


def _newcomer(session: Session, on_date: date) -> int | None:
    from secretariat_app.core.members.models import Member

    return session.scalar(select(Member.id).where(Member.joined >= on_date).order_by(Member.joined, Member.id).limit(1))


def _supervisor_chair(session: Session, on_date: date) -> str:
    from secretariat_app.core.members.service import posts_on

    return next((p.person or p.member.name for p in posts_on(session, on_date, "supervisors") if p.post == "监事长"),
                "监事长")
