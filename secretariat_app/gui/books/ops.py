"""What the books views run in workers (``ctx.run_op``) or as short reads (``ctx.read``).

Plain functions ``fn(session, ...)`` over ``core.ledger``: they return plain data (dataclasses of
the core, tuples) and, for writes, a result carrying ``Changes({"ledger"})`` so that the pages
refresh (STYLE.md convention 3). Nothing here keeps a session or an ORM object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core import ledger as L
from secretariat_app.core.changes import Changes
from secretariat_app.db.session import transaction

LEDGER = "ledger"


@dataclass
class VoucherResult:
    """A voucher written (or ``None`` when deleted) and what changed."""

    voucher: L.VoucherInfo | None
    changes: Changes = field(default_factory=lambda: Changes({LEDGER}))
    count: int = 1


@dataclass(frozen=True)
class AccountChoice:
    code: str
    name: str
    full_name: str
    pinyin: str
    leaf: bool
    disabled: bool
    cash: bool
    category: str
    official: bool = True
    entrusted: bool = False

    @property
    def label(self) -> str:
        return f"{self.code} {self.full_name}"


# ---- reads --------------------------------------------------------------------------------------

def account_choices(session: Session, with_pinyin: bool = True) -> list[AccountChoice]:
    """Every account of the chart with what the pickers need (code order).

    ``with_pinyin=False`` leaves the pinyin initials empty: importing pypinyin takes most of a second,
    so the views first show the chart without them and fill them in from a worker (``common.load_choices``).
    """
    from secretariat_app.core.ledger.accounts import load_chart
    from secretariat_app.core.ledger.edition import load_edition
    from secretariat_app.core.ledger.periods import year_edition

    chart = load_chart(session)
    edition = load_edition(year_edition(session, date.today().year))
    out = []
    for a in L.list_accounts(session):
        out.append(AccountChoice(a.code, a.name, a.full_name, a.pinyin if with_pinyin else "", a.is_leaf, a.disabled,
                                 chart.is_cash(a.code, edition.cash_accounts), a.category, a.official,
                                 chart.entrusted(a.code)))
    return out


def cashflow_items(session: Session, year: int) -> list[tuple[int, str]]:
    """The rows of the cash-flow statement a cash line may carry: (row, official item)."""
    from secretariat_app.core.ledger.edition import load_edition
    from secretariat_app.core.ledger.periods import year_edition

    ed = load_edition(year_edition(session, year))
    rows = ed.cashflow_rows
    return [(ln["row"], ln["item"]) for ln in ed.lines("cash_flow") if ln.get("row") in rows]


def edition_code(session: Session, year: int) -> str:
    from secretariat_app.core.ledger.periods import year_edition

    return year_edition(session, year)


def next_number(session: Session, year: int, month: int) -> int:
    """The number the next voucher of the month gets (numbers are gapless, DOMAIN.md §3)."""
    from secretariat_app.core.ledger.models import Voucher

    n = session.scalar(select(func.max(Voucher.number)).where(Voucher.year == year, Voucher.month == month))
    return int(n or 0) + 1


def neighbour(session: Session, year: int, month: int, number: int, step: int) -> int | None:
    """The id of the voucher before (``step`` −1) or after (+1) 记-``number`` of ``year-month``."""
    from sqlalchemy import tuple_

    from secretariat_app.core.ledger.models import Voucher

    key = tuple_(Voucher.year, Voucher.month, Voucher.number)
    here = (year, month, number)
    q = select(Voucher.id)
    if step > 0:
        q = q.where(key > here).order_by(Voucher.year, Voucher.month, Voucher.number)
    else:
        q = q.where(key < here).order_by(Voucher.year.desc(), Voucher.month.desc(), Voucher.number.desc())
    return session.scalar(q.limit(1))


def last_voucher_id(session: Session) -> int | None:
    from secretariat_app.core.ledger.models import Voucher

    return session.scalar(select(Voucher.id).order_by(Voucher.year.desc(), Voucher.month.desc(),
                                                      Voucher.number.desc()).limit(1))


def ledger_years(session: Session) -> list[int]:
    """Years with vouchers or stored opening balances."""
    from secretariat_app.core.ledger.models import FiscalYear, Voucher

    years = {y for (y,) in session.execute(select(Voucher.year).distinct())}
    years |= {y for (y,) in session.execute(select(FiscalYear.year))}
    return sorted(years)


def corrections_of(session: Session, voucher_id: int) -> list[tuple[int, str, int, int, int]]:
    """Vouchers that correct ``voucher_id``: (id, kind, year, month, number)."""
    from secretariat_app.core.ledger.models import Voucher

    return [tuple(r) for r in session.execute(
        select(Voucher.id, Voucher.kind, Voucher.year, Voucher.month, Voucher.number)
        .where(Voucher.corrects_id == voucher_id).order_by(Voucher.id))]


def voucher_brief(session: Session, voucher_id: int | None) -> tuple[int, int, int] | None:
    """(year, month, number) of a voucher, for "corrects 记-N of 2026-05" links."""
    from secretariat_app.core.ledger.models import Voucher

    if voucher_id is None:
        return None
    row = session.execute(select(Voucher.year, Voucher.month, Voucher.number)
                          .where(Voucher.id == voucher_id)).first()
    return tuple(row) if row else None


# ---- writes -------------------------------------------------------------------------------------

def save_voucher(session: Session, voucher_id: int | None, day: date, lines: list, attachments: int,
                 user: str, adjusting_of: int | None = None, expected_version: int | None = None) -> VoucherResult:
    """Create (or update) a voucher from the entry grid; an adjusting voucher is linked to its original."""
    if voucher_id is not None:
        v = L.update_voucher(session, voucher_id, day=day, lines=lines, attachments=attachments, editor=user,
                            expected_version=expected_version)
    elif adjusting_of is not None:
        v = L.create_adjusting_voucher(session, adjusting_of, day, lines, preparer=user, attachments=attachments)
    else:
        v = L.create_voucher(session, day, lines, attachments=attachments, preparer=user)
    return VoucherResult(v)


def review(session: Session, voucher_id: int, reviewer: str, expected_version: int | None = None) -> VoucherResult:
    return VoucherResult(L.review_voucher(session, voucher_id, reviewer, expected_version=expected_version))


def unreview(session: Session, voucher_id: int, user: str) -> VoucherResult:
    return VoucherResult(L.unreview_voucher(session, voucher_id, user))


def post(session: Session, voucher_id: int, poster: str, expected_version: int | None = None) -> VoucherResult:
    return VoucherResult(L.post_voucher(session, voucher_id, poster, expected_version=expected_version))


def unpost(session: Session, voucher_id: int, user: str) -> VoucherResult:
    return VoucherResult(L.unpost_voucher(session, voucher_id, user))


def reverse(session: Session, voucher_id: int, day: date, user: str) -> VoucherResult:
    return VoucherResult(L.reverse_voucher(session, voucher_id, day, preparer=user))


def delete(session: Session, voucher_id: int, user: str) -> VoucherResult:
    L.delete_voucher(session, voucher_id, user=user)
    return VoucherResult(None)


def review_many(session: Session, ids: list[int], reviewer: str, progress=None) -> VoucherResult:
    """审核 several vouchers as one action (all or none); prepared ones only are touched."""
    return _many(session, ids, progress, lambda vid: L.review_voucher(session, vid, reviewer), L.PREPARED)


def post_many(session: Session, ids: list[int], poster: str, progress=None) -> VoucherResult:
    """记账 several reviewed vouchers as one action (all or none)."""
    return _many(session, ids, progress, lambda vid: L.post_voucher(session, vid, poster), L.REVIEWED)


def _many(session: Session, ids: list[int], progress, fn, state: str) -> VoucherResult:
    from secretariat_app.core.ledger.models import Voucher

    n = 0
    with transaction(session):
        todo = [vid for (vid,) in session.execute(select(Voucher.id).where(Voucher.id.in_(ids),
                                                                          Voucher.state == state))]
        for i, vid in enumerate(todo):
            if progress is not None:
                progress(i, len(todo))
            fn(vid)
            n += 1
    return VoucherResult(None, count=n)


def close_month(session: Session, year: int, month: int, user: str) -> Changes:
    return L.close_period(session, year, month, user=user)


def reopen_month(session: Session, year: int, month: int, user: str, note: str) -> Changes:
    return L.reopen_period(session, year, month, user=user, note=note)


def post_closing(session: Session, year: int, user: str, month: int = 12) -> VoucherResult:
    done = L.post_year_end(session, year, user=user, month=month)
    return VoucherResult(done[-1] if done else None, count=len(done))


def save_opening(session: Session, year: int, balances: dict[str, int], user: str) -> Changes:
    return L.set_opening_balances(session, year, balances, user=user)


# ---- documents ----------------------------------------------------------------------------------

def print_vouchers(session: Session, ids: list[int], path: str, layout: str = "two", progress=None) -> int:
    """记账凭证 PDF of the vouchers ``ids``: A4 (``a4``), two per A4 (``two``) or voucher paper."""
    from secretariat_app.pdf.voucher import write_vouchers

    infos = []
    for i, vid in enumerate(ids):
        if progress is not None and i % 50 == 0:
            progress(i, len(ids))
        infos.append(L.get_voucher(session, vid))
    return write_vouchers(session, infos, Path(path), layout=layout)


def filtered_ids(session: Session, filters: dict, limit: int = 5000) -> list[int]:
    _total, rows = L.voucher_page(session, offset=0, limit=limit, count=False, **filters)
    return [r.id for r in rows]


def print_filtered(session: Session, filters: dict, path: str, layout: str = "two", progress=None) -> int:
    return print_vouchers(session, filtered_ids(session, filters), path, layout, progress=progress)


def write_statements_pdf(session: Session, year: int, month: int, path: str, posted_only: bool = False) -> int:
    """The three statements as PDF — refused (DomainError) when an identity does not hold."""
    from secretariat_app.pdf.statements import write_statements

    st = L.statements(session, year, month, posted_only=posted_only)
    return write_statements(session, st, Path(path))


def write_statements_xlsx(session: Session, year: int, month: int, path: str, posted_only: bool = False) -> None:
    from secretariat_app.io.ledger_xlsx import export_statements_xlsx

    st = L.statements(session, year, month, posted_only=posted_only)
    export_statements_xlsx(session, Path(path), st)


def write_ledger_xlsx(session: Session, year: int, path: str) -> None:
    from secretariat_app.io.ledger_xlsx import export_ledger_xlsx

    export_ledger_xlsx(session, Path(path), year)
