"""Opening a fiscal year in a new edition of the standard (DOMAIN.md §3 "Editions").

The 2026 revision (财会〔2024〕25号) re-opens books on 2026-01-01 by carrying the 2025-12-31
balances into the new chart. With the new edition's data file in ``editions/`` (its
``predecessor`` and ``opening_map`` {old code: new code}; unlisted codes carry over unchanged),
``open_year_in_edition`` does it: the previous year must be closed to net assets; the accounts the
new chart adds are created; each leaf balance moves to the mapped account (a sub-account keeps its
suffix and name under the mapped parent); the balances become the year's stored opening balances
and the year records the new edition. Old accounts that nothing maps to any more are disabled once
their balance has moved. No code changes for a new edition — only data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.ledger.accounts import forget_chart, load_chart
from secretariat_app.core.ledger.balances import balances_at_month_end
from secretariat_app.core.ledger.edition import load_edition
from secretariat_app.core.ledger.models import Account, OpeningBalance, Voucher
from secretariat_app.core.ledger.periods import ensure_year, forget_periods, log, unclosed_accounts, year_edition
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import _


def map_code(code: str, opening_map: dict[str, str]) -> str:
    """The new code of ``code``: the longest mapped prefix replaced (1701xx → 新编码xx)."""
    for n in range(len(code), 3, -2):
        if code[:n] in opening_map:
            return opening_map[code[:n]] + code[n:]
    return code


def open_year_in_edition(session: Session, year: int, edition: str, *, user: str = "") -> Changes:
    """Carry the balances of 31 December of ``year - 1`` into ``year`` under ``edition``."""
    with transaction(session):
        ed = load_edition(edition)
        old = year_edition(session, year - 1)
        problems = []
        if ed.predecessor != old:
            problems.append(Problem(_("the edition {new} does not follow {old}").format(new=ed.code, old=old)))
        if unclosed_accounts(session, year - 1):
            problems.append(Problem(_("the year-end closing of {year} is not posted").format(year=year - 1)))
        if session.scalar(select(Voucher.id).where(Voucher.year >= year).limit(1)) is not None:
            problems.append(Problem(_("the book already has vouchers in {year}").format(year=year)))
        if problems:
            raise DomainError(_("The year {year} cannot be opened in the edition {edition}:").format(
                year=year, edition=ed.title), problems=problems)
        chart = load_chart(session)
        now = datetime.now()
        for ea in sorted(ed.accounts, key=lambda a: a.code):  # accounts the new chart adds
            if ea.code not in chart.by_code:
                _add(session, ea.code, ea.name, ea.category, ea.normal, ea.restriction, ed.code, True, ea.seq, now)
                chart = _reload(session)
        balances = balances_at_month_end(session, year - 1, 12)
        carried: dict[int, int] = {}
        moved_from: set[str] = set()
        for acc_id, amount in balances.items():
            if not amount:
                continue
            src = chart.by_id[acc_id]
            target = map_code(src.code, ed.opening_map)
            if target not in chart.by_code:
                parent = chart.by_code.get(target[:-2])
                if parent is None:
                    raise DomainError(_("The mapping of {code} leads to {target}, which the new chart lacks.").format(
                        code=src.code, target=target))
                _add(session, target, src.name, parent.category, parent.normal, parent.restriction, ed.code, False,
                     parent.seq, now, parent=parent)
                chart = _reload(session)
            tgt = chart.by_code[target]
            carried[tgt.id] = carried.get(tgt.id, 0) + amount
            if target != src.code:
                moved_from.add(src.code)
        fy = ensure_year(session, year)
        fy.edition, fy.opening_base = ed.code, True
        session.execute(OpeningBalance.__table__.delete().where(OpeningBalance.year == year))
        for acc_id, amount in carried.items():
            session.add(OpeningBalance(year=year, account_id=acc_id, amount=amount))
        new_codes = {a.code for a in ed.accounts}
        for code in moved_from:
            a = chart.by_code[code]
            if a.official and code not in new_codes:
                a.disabled = True
        forget_chart(session)
        forget_periods(session)
        log(session, "open_year_in_edition", user=user, year=year, note=f"{old} → {ed.code}")
    return Changes({"ledger"})


def _reload(session: Session):
    session.flush()
    forget_chart(session)
    return load_chart(session)


def _add(session, code, name, category, normal, restriction, edition, official, seq, now, parent=None):
    if parent is None and len(code) > 4:
        parent = session.scalar(select(Account).where(Account.code == code[:-2]))
    if parent is not None and parent.is_leaf:
        parent.is_leaf = False
    session.add(Account(code=code, name=name, parent_id=parent.id if parent else None,
                        level=1 + (len(code) - 4) // 2, category=category, normal=normal, restriction=restriction,
                        entrusted=False, is_leaf=True, disabled=False, official=official, edition=edition, seq=seq,
                        created_at=now))
