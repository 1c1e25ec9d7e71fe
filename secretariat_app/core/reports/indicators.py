"""The indicators of the grade self-evaluation (等级评估自评, DOMAIN.md §5) and the grade scale.

The indicator groups and their points follow the common scale of the Ministry of Civil Affairs'
evaluation of industry associations and chambers of commerce (社会组织评估, 1000 points:
基础条件 · 内部治理 · 工作绩效 · 社会评价). Local evaluation schemes differ in the detail of
indicators; the groups, their weight and the grade thresholds below are the common ones:

====================  ======
grade                 total
====================  ======
5A                    ≥ 900
4A                    ≥ 800
3A                    ≥ 700
2A                    ≥ 600
1A                    ≥ 500
(no grade)            < 500
====================  ======

An indicator is ``data`` when the book answers it (``core/reports/grade.py`` computes the score
and says why), else ``staff``: scored by the secretariat with a note. Indicators are data here, so
a local scheme is a change of this table, not of the code that scores.
"""

from __future__ import annotations

from dataclasses import dataclass

from secretariat_app.i18n import N_


@dataclass(frozen=True)
class Indicator:
    key: str
    group: str
    title: str  # English source text, translated where shown
    points: int
    source: str  # "data" | "staff"
    criterion: str = ""  # how it is scored (English source text)


GROUPS = [
    ("basic", N_("Basic conditions")),          # 基础条件
    ("governance", N_("Internal governance")),  # 内部治理
    ("performance", N_("Work performance")),    # 工作绩效
    ("reputation", N_("Social evaluation")),    # 社会评价
]

INDICATORS: list[Indicator] = [
    # 基础条件 70
    Indicator("legal_status", "basic", N_("Legal person status and registration"), 20, "data",
              N_("Book settings hold the credit code, registration number and date, legal representative")),
    Indicator("charter", "basic", N_("Charter"), 10, "staff"),
    Indicator("office", "basic", N_("Office premises"), 15, "staff"),
    Indicator("staffing", "basic", N_("Full-time staff and social insurance"), 25, "data",
              N_("At least three full-time staff; every full-time employee insured")),
    # 内部治理 380
    Indicator("general_assembly", "governance", N_("General assembly held"), 50, "data",
              N_("A general assembly with quorum in the year")),
    Indicator("council", "governance", N_("Council and standing council meetings"), 50, "data",
              N_("Two or more council or standing council meetings with quorum in the year")),
    Indicator("supervisors", "governance", N_("Board of supervisors meetings"), 30, "data",
              N_("A board of supervisors meeting in the year")),
    Indicator("party", "governance", N_("Party building"), 40, "staff"),
    Indicator("finance", "governance", N_("Financial statements"), 60, "data",
              N_("The three statements of the year can be produced from the books")),
    Indicator("dues_management", "governance", N_("Dues management"), 30, "staff"),
    Indicator("disclosure", "governance", N_("Information disclosure"), 40, "data",
              N_("Ten points for each disclosure recorded in the year, up to four")),
    Indicator("human_resources", "governance", N_("Human resources"), 30, "staff"),
    Indicator("records", "governance", N_("Records, certificates and seals"), 30, "staff"),
    Indicator("rules", "governance", N_("Internal rules"), 20, "staff"),
    # 工作绩效 400
    Indicator("member_development", "performance", N_("Member development and exits"), 60, "data",
              N_("Members who left in the year as a share of members at its start: "
                 "≤ 5% full points, ≤ 10% two thirds, ≤ 20% one third")),
    Indicator("member_services", "performance", N_("Services to members"), 80, "staff"),
    Indicator("self_discipline", "performance", N_("Industry self-discipline"), 60, "staff"),
    Indicator("standards", "performance", N_("Standards work"), 60, "staff"),
    Indicator("government", "performance", N_("Government functions and purchased services"), 60, "staff"),
    Indicator("training", "performance", N_("Training"), 60, "staff"),
    Indicator("mediation", "performance", N_("Dispute mediation"), 20, "staff"),
    # 社会评价 150
    Indicator("satisfaction", "reputation", N_("Member satisfaction"), 80, "data",
              N_("The survey entered for the year: points in proportion to the share satisfied")),
    Indicator("public_welfare", "reputation", N_("Public welfare"), 30, "staff"),
    Indicator("honours", "reputation", N_("Honours and recognition"), 40, "staff"),
]

BY_KEY = {i.key: i for i in INDICATORS}
TOTAL_POINTS = sum(i.points for i in INDICATORS)  # 1000

# (minimum total, grade), highest first.
GRADES = [(900, "5A"), (800, "4A"), (700, "3A"), (600, "2A"), (500, "1A")]


def grade_for(total: int) -> str:
    """The grade a total reaches ("" below 500)."""
    for minimum, grade in GRADES:
        if total >= minimum:
            return grade
    return ""


def group_points(group: str) -> int:
    return sum(i.points for i in INDICATORS if i.group == group)
