"""Work the dues page hands to ``ctx.run_op`` (a worker with its own session) or to ``ctx.read``
(small reads on the GUI thread). Everything returns plain data — ids, numbers, tuples, dicts —
with the ``Changes`` to broadcast, never ORM objects (STYLE.md convention 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.dues import billing, payments, schedule
from secretariat_app.core.dues.models import Bill, Payment, Receipt
from secretariat_app.core.members.levels import levels
from secretariat_app.core.members.models import Member, MemberSearch
from secretariat_app.db.session import transaction


@dataclass
class Done:
    """A finished write: a message for the page and the areas it changed."""

    message: str = ""
    changes: Changes = field(default_factory=lambda: Changes({"dues"}))
    value: object = None


# ---- schedule ------------------------------------------------------------------------------------

def schedule_editor(session: Session, year: int) -> dict:
    """The levels (id, kind, name), this year's rows by level, and the dues resolutions."""
    rows = {r.level_id: r for r in schedule.list_schedules(session, year)}
    return {"levels": [(lv.id, lv.kind, lv.name) for lv in levels(session)],
            "rows": {lid: (r.amount, r.status, r.resolution_id, r.note, r.bills) for lid, r in rows.items()},
            "resolutions": schedule.dues_resolutions(session),
            "years": schedule.schedule_years(session),
            "first_year": schedule.first_fiscal_year(session)}


def save_schedule(session: Session, year: int, amounts: dict, resolution_id: int | None, note: str) -> Done:
    ch = schedule.set_schedule(session, year, amounts, resolution_id=resolution_id, note=note)
    return Done(changes=ch)


def copy_schedule(session: Session, from_year: int, to_year: int) -> Done:
    return Done(changes=schedule.copy_schedule(session, from_year, to_year))


# ---- billing ---------------------------------------------------------------------------------------

def preview_bills(session: Session, year: int, progress=None) -> billing.BillingResult:
    res = billing.bill_year(session, year, preview=True)
    session.rollback()
    return res


def run_billing(session: Session, year: int, progress=None) -> billing.BillingResult:
    return billing.bill_year(session, year)


def change_bill(session: Session, bill_id: int, reduction: str, reason: str, waive: bool) -> Done:
    if waive:
        return Done(changes=billing.waive_bill(session, bill_id, reason))
    return Done(changes=billing.reduce_bill(session, bill_id, reduction, reason))


def bill_years(session: Session) -> list[int]:
    years = set(session.scalars(select(Bill.year).distinct())) | set(schedule.schedule_years(session))
    return sorted(years | {date.today().year}, reverse=True)


# ---- payments -------------------------------------------------------------------------------------

def member_choices(session: Session, text: str, limit: int = 20) -> list[tuple[str, str, int]]:
    """Members matching what was typed — number, name, pinyin initials, contact (the roll's
    search text) — as ``(no, name, open due fen)``, number order."""
    from secretariat_app.core.members.validation import fold

    words = [w for w in (text or "").split() if w]
    if not words:
        return []
    q = select(Member.id, Member.no, Member.name).join(MemberSearch, MemberSearch.member_id == Member.id)
    for w in words:
        q = q.where(MemberSearch.text.like("%" + fold(w).replace("%", "").replace("_", "") + "%"))
    rows = session.execute(q.order_by(Member.status, Member.seq).limit(limit)).all()
    if not rows:
        return []
    due = dict(session.execute(select(Bill.member_id, func.sum(Bill.amount - Bill.reduction - Bill.paid))
                               .where(Bill.member_id.in_([r[0] for r in rows]), Bill.status == "open")
                               .group_by(Bill.member_id)).all())
    return [(no, name, int(due.get(mid) or 0)) for mid, no, name in rows]


def open_due_of(session: Session, member_no: str) -> tuple[str, int] | None:
    """(name, open due up to this year in fen) of a member number, or None."""
    m = session.scalar(select(Member).where(Member.no == (member_no or "").strip().upper()))
    if m is None:
        return None
    return m.name, payments.open_due(session, m.id, date.today().year)


def record(session: Session, values: dict, receipt_path: str | None = None, fmt: str | None = None) -> Done:
    """Record one payment (and print its receipt to ``receipt_path``), one transaction."""
    with transaction(session):
        res = payments.record_payment(session, values["member"], values["amount"], values["date"],
                                      values["method"], reference=values.get("reference") or None,
                                      payer=values.get("payer") or None)
        if receipt_path:
            from secretariat_app.pdf.receipts import write_receipt

            write_receipt(session, res.receipt_id, receipt_path, fmt=fmt, reprint=False)
    return Done(res.receipt_no, Changes({"dues", "ledger"}), res)


def cancel(session: Session, payment_id: int, reason: str) -> Done:
    return Done(changes=payments.cancel_payment(session, payment_id, reason=reason))


# ---- receipts ------------------------------------------------------------------------------------

def reprint(session: Session, receipt_id: int, path: str, fmt: str | None) -> Done:
    from secretariat_app.pdf.receipts import write_receipt

    with transaction(session):
        payments.mark_reprint(session, receipt_id)
        write_receipt(session, receipt_id, path, fmt=fmt, reprint=True)
    return Done(path)


def reissue(session: Session, receipt_id: int) -> Done:
    new = payments.reissue_receipt(session, receipt_id)
    return Done(new.label)


def payment_of_receipt(session: Session, receipt_id: int) -> int | None:
    return session.scalar(select(Receipt.payment_id).where(Receipt.id == receipt_id))


def payment_cancelled(session: Session, payment_id: int) -> bool:
    return bool(session.scalar(select(Payment.cancelled).where(Payment.id == payment_id)))


# ---- arrears --------------------------------------------------------------------------------------

def reminders(session: Session, year: int, path: str, level_id: int | None, min_years: int | None,
              progress=None) -> Done:
    from secretariat_app.core.dues.documents import reminder_batch
    from secretariat_app.pdf.reminders import write_reminders

    batch = reminder_batch(session, year, level=level_id, min_years_overdue=min_years)
    write_reminders(batch, path)
    return Done(str(len(batch.letters)), Changes())


def export(session: Session, year: int, path: str, level_id: int | None, min_years: int | None,
           progress=None) -> Done:
    from secretariat_app.io.dues_xlsx import export_arrears

    n = export_arrears(session, path, year, level=level_id, min_years_overdue=min_years)
    return Done(str(n), Changes())


def level_choices(session: Session) -> list[tuple[int, str]]:
    return [(lv.id, lv.name) for lv in levels(session)]


def temp_receipt_path() -> str:
    import tempfile

    return str(Path(tempfile.gettempdir()) / f"secretariat-receipt-{date.today().isoformat()}.pdf")
