"""Year-end closing (期末结转) and restriction releases — DOMAIN.md §3 Vouchers.

Closing entries, generated from the balances at the end of the month, shown, then posted as
vouchers of kind ``closing`` (left out of the statement of activities):
- Dr each income ``…01 非限定性收入`` leaf / Cr 3101 非限定性净资产;
- Dr each ``…02 限定性收入`` leaf / Cr 3102 限定性净资产;
- Dr 3101 / Cr each expense leaf.
A leaf whose balance is on the other side (a net investment loss) is closed the other way round.
The income and expense accounts are then zero; the new year's opening balances follow
(``balances.py``). A restriction lifted on net assets of earlier periods is Dr 3102 / Cr 3101;
one lifted in the year the income was recognised moves inside the income account (Dr ``…02`` /
Cr ``…01``) — ``release_restriction`` does both.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.ledger.accounts import load_chart
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.core.ledger.models import CLOSING, RELEASE
from secretariat_app.core.ledger.periods import income_expense_leaves, year_edition
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _


@dataclass
class VoucherDraft:
    """A voucher not yet written: what the closing would post."""

    date: date
    summary: str
    lines: list[tuple[str, str, int, int, int | None]]

    @property
    def total(self) -> int:
        return sum(ln[2] for ln in self.lines)


def closing_preview(session: Session, year: int, month: int = 12) -> list[VoucherDraft]:
    """The closing vouchers that would bring income and expense to zero at the month's end."""
    ed = load_edition(year_edition(session, year))
    chart = load_chart(session)
    u, r = _leaf(chart, ed.net_assets["U"]), _leaf(chart, ed.net_assets["R"])
    day = date(year, month, calendar.monthrange(year, month)[1])
    groups: dict[str, list] = {"U": [], "R": [], "E": []}
    for a, b in income_expense_leaves(session, year, month):
        key = "E" if a.category == "expense" else ("R" if a.restriction == "R" else "U")
        groups[key].append((a, b))
    drafts = []
    specs = [("U", u, _("Close unrestricted income to unrestricted net assets")),
             ("R", r, _("Close restricted income to restricted net assets")),
             ("E", u, _("Close expenses to unrestricted net assets"))]
    for key, target, summary in specs:
        items = groups[key]
        if not items:
            continue
        lines: list[tuple[str, str, int, int, int | None]] = []
        net = 0
        for a, b in items:  # b debit-positive: close with the opposite entry
            lines.append((summary, a.code, max(-b, 0), max(b, 0), None))
            net += b
        if net > 0:
            lines.append((summary, target, net, 0, None))
        elif net < 0:
            lines.append((summary, target, 0, -net, None))
        # Both sides must be positive amounts: split a leaf with an opposite balance is fine;
        # drop a zero net line (everything cancels inside the group).
        drafts.append(VoucherDraft(day, summary, lines))
    return drafts


def _leaf(chart, code: str) -> str:
    """``code`` itself, or its first leaf when the book added sub-accounts under it."""
    if chart.by_code[code].is_leaf:
        return code
    return sorted(a.code for a in chart.leaves_under(code))[0]


def post_year_end(session: Session, year: int, *, user: str = "", month: int = 12) -> list:
    """Post the closing vouchers of ``closing_preview`` (posted at once, kind ``closing``)."""
    from secretariat_app.core.ledger.vouchers import create_voucher

    with transaction(session):
        drafts = closing_preview(session, year, month)
        if not drafts:
            raise DomainError(_("There is nothing to close: income and expense accounts are already zero at {date}.")
                              .format(date=date(year, month, calendar.monthrange(year, month)[1]).isoformat()))
        return [create_voucher(session, d.date, d.lines, preparer=user, post=True, source="closing", kind=CLOSING)
                for d in drafts]


def release_restriction(session: Session, day: date, amount: int, *, summary: str, preparer: str = "",
                        post: bool = False, from_code: str = "3102", to_code: str = "3101", attachments: int = 0):
    """限定性净资产转为非限定性净资产: Dr ``from_code`` / Cr ``to_code`` (DOMAIN.md §3).

    Defaults to 3102 → 3101 (net assets of earlier periods, statement of activities row 40).
    For a restriction lifted in the year the income was recognised pass the income account's
    ``…02`` and ``…01`` leaves, e.g. ``from_code="410102", to_code="410101"``.
    """
    from secretariat_app.core.ledger.vouchers import create_voucher

    if isinstance(amount, float) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("the amount must be greater than zero"), field=_("Amount"))
    chart = load_chart(session)
    a, b = chart.by_code.get(from_code), chart.by_code.get(to_code)
    ok = a is not None and b is not None and (
        (from_code[:4] == "3102" and to_code[:4] == "3101")
        or (a.category == "income" and b.category == "income" and from_code[:4] == to_code[:4]
            and a.restriction == "R" and b.restriction in ("U", None)))
    if not ok:
        raise DomainError(_("A restriction is released from 3102 to 3101, or inside one income account from its "
                            "restricted to its unrestricted sub-account."), field=_("Account"))
    lines = [(summary, from_code, amount, 0, None), (summary, to_code, 0, amount, None)]
    return create_voucher(session, day, lines, preparer=preparer, post=post, kind=RELEASE, attachments=attachments)
