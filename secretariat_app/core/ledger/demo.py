"""Demo books (``init --demo``): a small association's year from January to today.

Opening balances on 1 January (cash, bank, other receivables, a computer and its depreciation,
last December's withheld tax, a restricted training fund of 50,000.00 from last year); then
every month rent, salaries (accrued, paid net of tax, tax paid the month after), depreciation,
petty cash, office costs; quarterly bank interest; the general assembly and council meetings;
a government purchased-service project (income in April, costs through the year); the
restricted training fund released when the training is held (Dr 3102 / Cr 3101); a restricted
donation for standards work received in July and partly spent and released inside 4101.
Dues income is not here: the dues builder posts its payments through ``create_voucher``.
Vouchers go through 制单 → 审核 → 记账; the current month keeps a few unposted vouchers, and
``finish`` (run after every builder) closes the months before the current one.
"""

from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import add_sub_account, ensure_chart
from secretariat_app.core.ledger.periods import close_blockers, close_period, set_opening_balances
from secretariat_app.core.ledger.vouchers import create_voucher
from secretariat_app.core.ledger.workflow import post_voucher, review_voucher
from secretariat_app.core.ledger.yearend import release_restriction

PREPARER, REVIEWER, POSTER = "张敏", "李晓梅", "张敏"

SUB_ACCOUNTS = [
    ("5101", "510101", "会员大会及理事会会务费"),
    ("5101", "510102", "行业培训支出"),
    ("5101", "510103", "政府购买服务项目支出"),
    ("5101", "510104", "标准编制与行业调研支出"),
    ("5201", "520101", "工资及社会保险"),
    ("5201", "520102", "房租及物业费"),
    ("5201", "520103", "办公及通讯费"),
    ("5201", "520104", "折旧费"),
    ("5201", "520105", "差旅费"),
]

OPENING = {  # debit-positive fen, 1 January
    "1001": 326050,
    "1002": 78632075,
    "1122": 500000,
    "1501": 6850000,
    "1502": -2130000,
    "2206": -240000,
    "3101": -78938125,
    "3102": -5000000,
}


def _yuan(yuan: int, fen: int = 0) -> int:
    """Whole yuan and fen to integer fen (money is never a float)."""
    return yuan * 100 + fen


class _Book:
    def __init__(self, session: Session, ctx: dict):
        self.session = session
        self.today: date = ctx["today"]
        self.rng = ctx["rng"]
        self.pending: list[tuple] = []

    def voucher(self, day: date, lines, attachments: int = 1, state: str = "posted", release: dict | None = None):
        """Queue a voucher of the month; ``flush`` writes the month's vouchers in date order."""
        if day <= self.today:
            self.pending.append((day, len(self.pending), lines, attachments, state, release))

    def flush(self) -> None:
        for day, _i, lines, attachments, state, release in sorted(self.pending, key=lambda p: (p[0], p[1])):
            self._write(day, lines, attachments, state, release)
        self.pending = []

    def _write(self, day: date, lines, attachments: int, state: str, release: dict | None):
        if release is not None:
            v = release_restriction(self.session, day, preparer=PREPARER, **release)
            if state == "posted":
                review_voucher(self.session, v.id, REVIEWER)
                post_voucher(self.session, v.id, POSTER)
            return v
        if state == "posted":  # one call: reviewed and posted (the workflow's figures, fewer writes)
            return create_voucher(self.session, day, lines, attachments=attachments, preparer=PREPARER, post=True,
                                  reviewer=REVIEWER, poster=POSTER)
        v = create_voucher(self.session, day, lines, attachments=attachments, preparer=PREPARER)
        if state == "reviewed":
            review_voucher(self.session, v.id, REVIEWER)
        return v

    def pay(self, day, summary, expense, amount, attachments=1, state="posted", cash="1002"):
        return self.voucher(day, [(summary, expense, amount, 0), (summary, cash, 0, amount)], attachments, state)

    def receive(self, day, summary, income, amount, attachments=1, state="posted"):
        return self.voucher(day, [(summary, "1002", amount, 0), (summary, income, 0, amount)], attachments, state)


def build(session: Session, ctx: dict) -> None:
    """Chart, opening balances and this year's vouchers up to ``ctx["today"]`` (≤ 2 s)."""
    ensure_chart(session)
    for parent, code, name in SUB_ACCOUNTS:
        add_sub_account(session, parent, name, code=code)
    today: date = ctx["today"]
    year = today.year
    set_opening_balances(session, year, OPENING, user=PREPARER)
    b = _Book(session, ctx)
    for month in range(1, today.month + 1):
        _month(b, year, month, current=(month == today.month))
        b.flush()
    ctx["ledger_year"] = year


def _month(b: _Book, year: int, m: int, current: bool) -> None:
    rng = b.rng
    last = calendar.monthrange(year, m)[1]
    d = lambda day: date(year, m, min(day, last))  # noqa: E731
    st = lambda day: ("prepared" if current and d(day) >= b.today.replace(day=max(1, b.today.day - 6)) else "posted")  # noqa: E731
    salary, tax = 3600000, 240000
    b.pay(d(3), f"支付{m}月办公室房租及物业费", "520102", 850000, 2, st(3))
    b.pay(d(8), f"缴纳{m - 1 if m > 1 else 12}月代扣个人所得税", "2206", tax, 1, st(8))
    b.voucher(d(10), [(f"计提{m}月工资及社保", "520101", salary, 0), (f"计提{m}月工资及社保", "2204", 0, salary)], 1, st(10))
    b.voucher(d(15), [(f"发放{m}月工资", "2204", salary, 0), (f"发放{m}月工资", "1002", 0, salary - tax),
                      (f"代扣{m}月个人所得税", "2206", 0, tax)], 2, st(15))
    office = _yuan(rng.randint(900, 2600), rng.randint(0, 99))
    if m % 3 == 1:
        b.voucher(d(6), [("提取备用金", "1001", 500000, 0), ("提取备用金", "1002", 0, 500000)], 1, st(6))
    b.pay(d(18), "购买办公用品、支付通讯费", "520103", office, 3, st(18), cash="1001")
    b.voucher(d(last), [(f"计提{m}月固定资产折旧", "520104", 57083, 0), (f"计提{m}月固定资产折旧", "1502", 0, 57083)],
              0, st(last))
    if m % 3 == 0:
        interest = _yuan(rng.randint(1100, 1500), rng.randint(0, 99))
        b.receive(d(21), f"第{m // 3}季度银行存款利息", "460101", interest, 1, st(21))
    if m == 3:
        b.pay(d(26), "召开第三届会员大会第二次会议会务费", "510101", 3860000, 6, st(26))
    if m in (6, 9):
        b.pay(d(12), "召开理事会会议会务费", "510101", _yuan(rng.randint(6000, 9000)), 4, st(12))
    if m == 4:
        b.receive(d(16), "收到区工信局政府购买服务项目款（行业运行监测）", "430101", 15000000, 2, st(16))
    if 5 <= m <= 11:
        b.pay(d(20), "政府购买服务项目：行业运行监测数据采集", "510103", _yuan(rng.randint(12000, 18000)), 3, st(20))
    if m == 6:
        b.pay(d(24), "举办行业人才培训班（限定性培训基金）", "510102", 3000000, 5, st(24))
        b.voucher(d(25), None, 0, st(25), release=dict(amount=3000000, summary="培训基金限定条件已满足，转为非限定性净资产"))
    if m == 7:
        b.receive(d(9), "收到会员企业定向捐赠（团体标准编制专项）", "410102", 8000000, 2, st(9))
    if m == 9:
        b.pay(d(19), "团体标准编制专家评审费", "510104", 2500000, 4, st(19))
        b.voucher(d(20), None, 0, st(20), release=dict(amount=2500000, summary="标准编制专项按用途使用，解除限定",
                                                       from_code="410102", to_code="410101"))
    if m in (5, 10):
        b.receive(d(28), "收到行业培训班培训费", "430101", _yuan(rng.randint(18000, 32000)), 2, st(28))
    if m == 8:
        b.pay(d(14), "秘书处赴会员企业调研差旅费", "520105", _yuan(rng.randint(3000, 6000)), 6, st(14))
    if current:
        # A few vouchers of the current month still waiting for review or posting.
        b.voucher(d(b.today.day), [("预付下月会议场地定金", "1141", 500000, 0), ("预付下月会议场地定金", "1002", 0, 500000)],
                  1, "prepared")
        b.voucher(d(b.today.day), [("报销秘书处差旅费", "520105", 186000, 0), ("报销秘书处差旅费", "1001", 0, 186000)],
                  3, "reviewed")


def finish(session: Session, ctx: dict) -> None:
    """After every builder: close the months before the current one (as far as they can close)."""
    today: date = ctx["today"]
    for m in range(1, today.month):
        if close_blockers(session, today.year, m):
            break
        close_period(session, today.year, m, user=REVIEWER)
