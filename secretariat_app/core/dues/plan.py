"""Pure arithmetic of dues, shared by the one-at-a-time services and the bulk paths.

- :func:`pro_rata` — a member admitted during the year pays, with setting ``by_month``, the months
  from the month of joining to December **including the month of joining**, out of twelve:
  ``amount × (13 − month) / 12``, rounded half-up to the fen. Joining on 15 March: 10 months;
  joining in January (or before the year): the whole year. Example: 5,000.00 joining in
  August → 5,000.00 × 5 / 12 = 2,083.333… → 2,083.33.
- :func:`allocate` — a payment settles the member's open bills **oldest year first**; what is left
  becomes prepaid dues (预收会费) for the next year without a bill.
- :func:`payment_lines` — the one voucher a payment posts (DOMAIN.md §2): Dr the cash account
  chosen (1002 / a bank sub-account, 1001 for cash, 1009 or a bank sub-account for WeChat Pay and
  Alipay) with cash-flow row 2 收取会费收到的现金; Cr 420101 会费收入—非限定性收入 for what settles
  bills (the current and past years), Cr 2203 预收账款 for what is paid ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from secretariat_app.core.dues.settings import CASHFLOW_ROW, INCOME_ACCOUNT, PREPAID_ACCOUNT


def pro_rata(amount: int, joined: date | None, year: int, mode: str) -> tuple[int, int]:
    """``(months, fen)`` billed for ``year`` to a member who joined on ``joined``."""
    if mode != "by_month" or joined is None or joined.year != year:
        return 12, amount
    months = 13 - joined.month
    q, r = divmod(amount * months, 12)
    return months, q + (1 if 2 * r >= 12 else 0)


@dataclass
class OpenBill:
    id: int
    year: int
    due: int


@dataclass
class Share:
    bill_id: int | None  # None: prepaid
    year: int
    amount: int


def allocate(open_bills: list[OpenBill], amount: int, prepaid_year: int) -> list[Share]:
    """Oldest open bill first; the rest is prepaid for ``prepaid_year``."""
    out: list[Share] = []
    left = amount
    for b in sorted(open_bills, key=lambda b: (b.year, b.id)):
        if left <= 0:
            break
        if b.due <= 0:
            continue
        take = min(b.due, left)
        out.append(Share(b.id, b.year, take))
        left -= take
    if left > 0:
        out.append(Share(None, prepaid_year, left))
    return out


def prepaid_year_for(latest_billed: int | None, day: date) -> int:
    """The year prepaid money is meant for: after the member's last bill, not before this year."""
    return max((latest_billed + 1) if latest_billed is not None else day.year, day.year)


def period_text(shares: list[Share]) -> str:
    """The period a payment covers: ``2025—2026年度`` / ``2026年度``; prepaid years included."""
    from secretariat_app.i18n import _

    years = sorted({s.year for s in shares})
    if not years:
        return ""
    if len(years) == 1:
        return _("year {year}").format(year=years[0])
    return _("years {first}–{last}").format(first=years[0], last=years[-1])


def payment_lines(account: str, shares: list[Share], summary: str, prepaid_summary: str) -> list[tuple]:
    """Voucher lines ``(summary, account, debit, credit, cashflow_row)`` of one payment."""
    total = sum(s.amount for s in shares)
    income = sum(s.amount for s in shares if s.bill_id is not None)
    prepaid = total - income
    lines: list[tuple[str, str, int, int, int | None]] = [(summary, account, total, 0, CASHFLOW_ROW)]
    if income:
        lines.append((summary, INCOME_ACCOUNT, 0, income, None))
    if prepaid:
        lines.append((prepaid_summary, PREPAID_ACCOUNT, 0, prepaid, None))
    return lines
