"""A book at a glance, for the agency bookkeeper's book switcher (DOMAIN.md §3 代理记账) and the
dashboard.

``summary_of(session)`` reads one book (nothing crosses books): the date of its last voucher, its
open periods (from the first month not closed up to the current month or the last voucher's
month), how many vouchers wait for review or posting, the bank balance (1002 with its
sub-accounts) and, when the dues capability provides ``arrears_total(session, year)``, the dues
in arrears for the current year. Figures are fen; dates ISO strings in ``summary_json``.
``glance_counts(session)``: how many records the book holds, for the dashboard's chart.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, inspect, select, table

from secretariat_app.i18n import N_

# What the "book at a glance" chart counts: (label, table); tables not in the book are left out.
GLANCE = [
    (N_("Members"), "members"),
    (N_("Contacts"), "member_contacts"),
    (N_("Accounts"), "ledger_accounts"),
    (N_("Vouchers"), "ledger_vouchers"),
    (N_("Voucher lines"), "ledger_lines"),
    (N_("Dues bills"), "dues_bills"),
    (N_("Dues payments"), "dues_payments"),
    (N_("Dues receipts"), "dues_receipts"),
    (N_("Meetings"), "meetings"),
    (N_("Resolutions"), "meeting_resolutions"),
]


def glance_counts(session) -> list[tuple[str, int]]:
    """(untranslated label, count) for the tables of ``GLANCE`` that exist in the book."""
    present = set(inspect(session.connection()).get_table_names())
    counts = []
    for title, name in GLANCE:
        if name in present:
            n = session.execute(select(func.count()).select_from(table(name))).scalar() or 0
            counts.append((title, int(n)))
    return counts


def book_summary(book, today: date | None = None) -> dict:
    """``summary_of`` in a session of its own on ``book``."""
    with book.session() as s:
        try:
            return summary_of(s, today)
        finally:
            s.rollback()


def summary_of(s, today: date | None = None) -> dict:
    """{name, last_voucher_date, open_periods, unposted_vouchers, bank_balance, arrears_total}."""
    from secretariat_app.core.book_settings import get_value
    from secretariat_app.core.dues.arrears import arrears_total
    from secretariat_app.core.ledger.balances import current_balance_of
    from secretariat_app.core.ledger.models import POSTED, Voucher
    from secretariat_app.core.ledger.periods import closed_months, first_year

    today = today or date.today()
    last = s.scalar(select(func.max(Voucher.date)))
    unposted = int(s.scalar(select(func.count()).select_from(Voucher).where(Voucher.state != POSTED)) or 0)
    closed = closed_months(s)
    start = first_year(s)
    open_periods: list[str] = []
    if start is not None:
        end = max((today.year, today.month), (last.year, last.month) if last else (0, 0))
        y, m = start, 1
        while (y, m) <= end:
            if (y, m) not in closed:
                open_periods.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    bank = current_balance_of(s, "1002")
    arrears = None
    try:
        arrears = int(arrears_total(s, today.year))
    except Exception:  # noqa: BLE001 — a summary never fails because another capability does
        arrears = None
    name = get_value(s, "name", "") or ""
    return {"name": name, "last_voucher_date": last, "open_periods": open_periods,
            "unposted_vouchers": unposted, "bank_balance": bank, "arrears_total": arrears}


def summary_json(summary: dict) -> dict:
    from secretariat_app.core.money import fen_str

    out = dict(summary)
    out["last_voucher_date"] = summary["last_voucher_date"].isoformat() if summary["last_voucher_date"] else None
    out["bank_balance"] = fen_str(summary["bank_balance"])
    out["arrears_total"] = fen_str(summary["arrears_total"]) if summary["arrears_total"] is not None else None
    return out
