"""The book's dues preferences (``settings`` rows ``dues.*``) and the accounts payments post to.

- ``dues.pro_rata``: ``none`` (members admitted during the year pay the full year) or
  ``by_month`` (they pay the months from the month of joining, see ``billing.pro_rata``).
- ``dues.receipt_format``: ``a4x2`` (two receipts on an A4 sheet) or ``241`` (the 241 × 93.1 mm
  three-part continuous form, one receipt a form).
- ``dues.bank_account``: the account a bank payment debits — ``1002`` or a sub-account such as
  ``100201 工商银行`` (a 1002 with sub-accounts needs one chosen).
- ``dues.wechat_account`` / ``dues.alipay_account``: where WeChat Pay and Alipay receipts go.
  Decision (DOMAIN.md is silent): money collected through a WeChat Pay or Alipay merchant account
  sits outside the bank until it is withdrawn, so it is **1009 其他货币资金** by default; a book
  that settles them straight into the bank may choose a 1002 sub-account instead.
- Cash is 1001 现金 (``dues.cash_account``, a 1001 sub-account if the book has them).

Every payment's voucher credits 420101 会费收入—非限定性收入 (bills of the current and past years)
and 2203 预收账款 (dues paid ahead: future years, unallocated) — DOMAIN.md §2.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import get_value, set_value
from secretariat_app.core.changes import Changes
from secretariat_app.core.dues.models import ALIPAY, BANK, CASH, WECHAT
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import N_, _

INCOME_ACCOUNT = "420101"
PREPAID_ACCOUNT = "2203"
CASHFLOW_ROW = 2  # 现金流量表 row 2: 收取会费收到的现金

PRO_RATA = ("none", "by_month")
PRO_RATA_LABELS = {"none": N_("None: the full year"), "by_month": N_("By month, from the month of joining")}
RECEIPT_FORMATS = ("a4x2", "241")
RECEIPT_FORMAT_LABELS = {"a4x2": N_("A4, two receipts a page"),
                         "241": N_("241 mm continuous form (241 × 93.1 mm, three-part)")}

DEFAULTS = {
    "dues.pro_rata": "none",
    "dues.receipt_format": "a4x2",
    "dues.bank_account": "1002",
    "dues.cash_account": "1001",
    "dues.wechat_account": "1009",
    "dues.alipay_account": "1009",
}
METHOD_KEYS = {BANK: "dues.bank_account", CASH: "dues.cash_account", WECHAT: "dues.wechat_account",
               ALIPAY: "dues.alipay_account"}
# The top-level cash account each method's account must belong to.
METHOD_ROOTS = {BANK: ("1002",), CASH: ("1001",), WECHAT: ("1009", "1002"), ALIPAY: ("1009", "1002")}


def dues_settings(session: Session) -> dict[str, str]:
    """Every dues preference with its default filled in (keys without the ``dues.`` prefix)."""
    return {k.split(".", 1)[1]: get_value(session, k, v) or v for k, v in DEFAULTS.items()}


def pro_rata_mode(session: Session) -> str:
    mode = get_value(session, "dues.pro_rata", "none") or "none"
    return mode if mode in PRO_RATA else "none"


def receipt_format(session: Session) -> str:
    fmt = get_value(session, "dues.receipt_format", "a4x2") or "a4x2"
    return fmt if fmt in RECEIPT_FORMATS else "a4x2"


def account_for(session: Session, method: str, bank_account: str | None = None) -> str:
    """The account code a payment by ``method`` debits (``bank_account`` overrides the setting)."""
    if bank_account:
        return str(bank_account).strip()
    key = METHOD_KEYS[method]
    return get_value(session, key, DEFAULTS[key]) or DEFAULTS[key]


def check_account(session: Session, method: str, code: str, *, field: str | None = None) -> str:
    """Refuse an account that is not a usable leaf under the method's cash account."""
    from secretariat_app.core.ledger.accounts import load_chart

    field = field or _("Account")
    chart = load_chart(session)
    acc = chart.by_code.get(code)
    roots = METHOD_ROOTS[method]
    if acc is None:
        raise DomainError(_("there is no account {code}").format(code=code or "—"), field=field)
    if not any(code.startswith(r) for r in roots):
        raise DomainError(_("account {code} is not a cash account for this method ({roots})").format(
            code=code, roots=", ".join(roots)), field=field)
    if not acc.is_leaf:
        raise DomainError(_("{code} has sub-accounts; choose one of them").format(code=code), field=field)
    if acc.disabled:
        raise DomainError(_("account {code} is disabled").format(code=code), field=field)
    return code


def save_dues_settings(session: Session, **values) -> Changes:
    """Validate then save dues preferences (keys without the prefix); nothing written on a refusal."""
    problems: list[Problem] = []
    clean: dict[str, str] = {}
    for key, raw in values.items():
        full = "dues." + key
        if full not in DEFAULTS:
            raise ValueError(f"unknown dues setting {key}")
        value = str(raw or "").strip()
        try:
            if key == "pro_rata" and value not in PRO_RATA:
                raise DomainError(_("choose none or by month"), field=_("Pro rata"))
            if key == "receipt_format" and value not in RECEIPT_FORMATS:
                raise DomainError(_("choose A4 or the 241 mm form"), field=_("Receipt format"))
            method = next((m for m, k in METHOD_KEYS.items() if k == full), None)
            if method is not None:
                check_account(session, method, value, field=_("Account"))
        except DomainError as exc:
            problems.append(Problem(exc.message, field=exc.field))
            continue
        clean[full] = value
    if problems:
        raise DomainError(_("The settings were not saved."), problems=problems)
    with transaction(session):
        for k, v in clean.items():
            set_value(session, k, v)
    return Changes({"dues", "settings"})
