"""Demo reports (``init --demo``, runs last): the texts a CSR, annual and party-building report
need, the year's activities, standards, disclosures, staff, satisfaction survey and the staff
scores of the grade self-evaluation — all through this capability's services."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.reports import facts, grade, narrative
from secretariat_app.core.reports.models import ANNUAL, CSR, PARTY

TEXTS = {
    ANNUAL: {
        "overview": (
            "{year}年，协会在业务主管单位和登记管理机关的指导下，坚持“服务会员、服务行业、服务政府、服务社会”的宗旨，"
            "围绕智能制造产业发展开展工作，会员规模稳步扩大，服务能力持续提升。\n\n"
            "## 主要工作\n\n"
            "- 按章程召开会员大会、理事会和监事会，完成理事增补；\n"
            "- 组织智能制造专题培训和企业数字化转型对接活动；\n"
            "- 牵头编制团体标准两项，参与地方标准一项；\n"
            "- 承接政府购买服务项目，完成全区智能制造企业调研报告。"),
        "governance": (
            "协会严格执行章程，重大事项经会员大会或理事会审议决定。本年度财务收支纳入统一核算，"
            "会费收取严格执行会员大会通过的会费标准，按规定开具票据。"),
        "services": (
            "协会建立会员走访制度，全年走访会员企业四十余家，收集意见建议；为会员提供政策解读、"
            "融资对接、人才招聘等服务。\n\n"
            "1. 举办“智造沙龙”四期；\n2. 编印《会员服务手册》；\n3. 开通会员服务热线。"),
        "government": (
            "承接西咸新区经济发展局委托的“智能制造企业发展状况调研”项目，形成调研报告一份，"
            "为政府制定产业政策提供参考。"),
        "standards": "协会标准化工作委员会组织会员企业开展团体标准研制，标准文本均经公开征求意见和专家审查。",
        "problems": "秘书处专职人员不足，会员服务的深度和覆盖面有待提高；协会自身造血能力仍需增强。",
        "plans": (
            "- 加强秘书处队伍建设，完善内部管理制度；\n"
            "- 深化会员服务，扩大会员覆盖面；\n"
            "- 推进团体标准的宣贯和实施。"),
    },
    CSR: {
        "foreword": (
            "本报告是{name}发布的年度社会责任报告，介绍协会在行业自律、标准建设、会员服务、"
            "公益慈善和环境治理等方面履行社会责任的情况。报告期为{year}年1月1日至12月31日。"),
        "self_discipline": (
            "协会制定《会员自律公约》，引导会员企业诚信经营、公平竞争；建立会员信用档案，"
            "对违反公约的行为予以提醒和通报。"),
        "standards": "协会牵头制定的团体标准覆盖智能产线验收和工业数据采集两个领域，推动行业规范发展。",
        "commitments": (
            "协会向会员公开服务承诺：咨询事项两个工作日内答复，投诉事项五个工作日内处理并反馈。"),
        "training": "全年组织专题培训，内容涵盖智能制造政策、工业互联网安全、企业质量管理等。",
        "mediation": "协会设立行业纠纷调解委员会，协助会员企业化解合同和知识产权纠纷。",
        "public_welfare": "协会组织会员企业参与助学、助残等公益活动，倡导企业履行社会责任。",
        "environment": "协会倡导绿色制造，组织会员企业开展节能诊断，推广清洁生产技术。",
        "outlook": "新的一年，协会将继续以服务为本，在推动行业高质量发展中履行好社会责任。",
    },
    PARTY: {
        "organization": "协会党支部现有党员{party}名，按期换届，“三会一课”制度落实到位。",
        "study": "党支部以主题党日、专题学习等形式组织党员学习党的理论和方针政策。",
        "activities": "全年开展主题党日活动，组织党员参与志愿服务和会员企业走访。",
        "integration": "坚持党建引领会建，把党建工作融入会员服务、行业自律和公益活动之中。",
        "plans": "继续加强党支部规范化建设，推进党建与业务深度融合。",
    },
}

ACTIVITIES = [
    (2, 26, "智能制造政策解读培训会", "training", 120),
    (3, 20, "工业互联网安全专题培训", "training", 86),
    (4, 17, "会员企业数字化转型对接会", "service", 65),
    (5, 15, "《智能产线验收规范》团体标准研讨会", "standards", 32),
    (6, 12, "设备采购合同纠纷调解", "mediation", 6),
    (7, 1, "庆祝建党主题党日活动", "party_building", 18),
    (7, 24, "智能制造企业发展状况调研（政府购买服务）", "government", 40),
    (8, 28, "助学公益活动", "public_welfare", 25),
    (9, 18, "企业质量管理培训", "training", 74),
    (10, 22, "会员企业节能诊断服务", "service", 15),
]

STANDARDS = [
    ("智能产线验收规范", "T/XXZZ 001—{year}", "group", "lead", "published"),
    ("工业数据采集接口要求", "T/XXZZ 002—{year}", "group", "lead", "drafting"),
    ("智能工厂评价导则", "", "local", "participant", "drafting"),
]

DISCLOSURES = [
    (1, 20, "上年度工作报告", "协会网站"),
    (3, 25, "会费标准及收支情况", "协会网站、微信公众号"),
    (4, 30, "上年度财务报告", "协会网站"),
    (6, 28, "年度检查结论", "全国社会组织信用信息公示平台"),
]

STAFF_SCORES = {
    "charter": (10, "章程经会员大会通过并核准"),
    "office": (13, "办公场所固定，面积约120平方米"),
    "party": (36, "党支部组织健全，活动正常"),
    "dues_management": (27, "会费标准经会员大会无记名投票通过"),
    "human_resources": (24, "签订劳动合同，建立薪酬制度"),
    "records": (26, "档案、证书和印章专人管理"),
    "rules": (18, "财务、人事、印章等制度齐全"),
    "member_services": (70, "走访会员、对接服务成效明显"),
    "self_discipline": (50, "制定自律公约并落实"),
    "standards": (52, "牵头团体标准两项"),
    "government": (48, "承接政府购买服务一项"),
    "training": (54, "全年培训三场二百八十人次"),
    "mediation": (15, "调解纠纷一起"),
    "public_welfare": (24, "组织公益活动一次"),
    "honours": (28, "获评区级优秀社会组织"),
}


def _on(year: int, month: int, day: int, today: date) -> date:
    d = date(year, month, day)
    return d if d <= today or today.year != year else max(date(year, 1, 1), today)


def build(session: Session, ctx: dict) -> None:
    today: date = ctx["today"]
    year = today.year
    name = ctx.get("name", "")
    party = 3
    for document, sections in TEXTS.items():
        narrative.save_texts(session, year, document, {
            k: v.format(year=year, name=name, party=party) for k, v in sections.items()})
    facts.set_staff(session, year, staff_count=7, full_time=5, part_time=2, social_insured=5, degree_holders=6,
                    party_members=party, party_org="branch", note="秘书长1名，专职工作人员4名，兼职2名。")
    for month, day, title, kind, people in ACTIVITIES:
        facts.add_activity(session, year, on_date=_on(year, month, day, today), title=title, kind=kind,
                           participants=people)
    for title, code, level, role, status in STANDARDS:
        facts.add_standard(session, year, title=title, code=code.format(year=year), level=level, role=role,
                           status=status)
    for month, day, title, channel in DISCLOSURES:
        facts.add_disclosure(session, year, on_date=_on(year, month, day, today), title=title, channel=channel)
    facts.set_survey(session, year, respondents=96, satisfied=89, note="问卷星线上调查")
    grade.set_scores(session, year, STAFF_SCORES)
