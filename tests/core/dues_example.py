"""A small association for the dues tests, built through the services: members of two levels, the
general assembly's adopted dues resolution (secret ballot), this year's and last year's fees."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select, text

from secretariat_app.core.dues import schedule
from secretariat_app.core.meetings import attendance, votes
from secretariat_app.core.meetings import service as meetings
from secretariat_app.core.members import service as members
from secretariat_app.core.members import synth

YEAR = 2026
DIRECTOR = "理事单位"      # 5,000.00 a year
MEMBER = "会员单位"        # 2,000.00 a year
FEES = {DIRECTOR: Decimal("5000"), MEMBER: Decimal("2000")}


def admit(session, name: str, level: str = MEMBER, joined: date = date(2020, 5, 1), serial: int = 1) -> str:
    rng = random.Random(serial)
    m = members.admit_member(session, kind="corporate", name=name, level=level, joined=joined,
                             credit_code=synth.credit_code(rng, serial=serial), contact_name=f"联系人{serial}",
                             mobile="13800000000", address="西咸新区沣东新城1号")
    session.commit()
    return m.no


def dues_resolution(session, on: date = date(YEAR, 3, 14)) -> int:
    """A general assembly, everybody present, the dues schedule adopted by secret ballot."""
    ga = meetings.create_meeting(session, kind="general_assembly", title=f"{on.year}年度会员大会", date=on)
    attendance.mark_all_present(session, ga.id)
    r = votes.add_resolution(session, ga.id, title="关于会费标准的决议", subject="dues_schedule")
    from secretariat_app.core.meetings.body import figures

    n = figures(session, meetings.get_meeting(session, ga.id)).counted
    votes.record_vote(session, r.id, votes_for=n)
    session.commit()
    return r.id


def association(session, *, n_members: int = 3, year: int = YEAR) -> dict:
    """``n_members`` members (the first a director), the adopted resolution, the year's fees."""
    nos = [admit(session, f"测试企业{i}有限公司", DIRECTOR if i == 1 else MEMBER, serial=i) for i in range(1, n_members + 1)]
    rid = dues_resolution(session)
    schedule.set_schedule(session, year, FEES, resolution_id=rid)
    session.commit()
    return {"members": nos, "resolution": rid}


def counts(session) -> dict:
    """Row counts of every table a dues action may write (refusals must leave them unchanged)."""
    tables = ("dues_bills", "dues_payments", "dues_allocations", "dues_receipts", "dues_prepaid", "dues_fee_schedules",
              "ledger_vouchers", "ledger_lines", "audit_log")
    return {t: session.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in tables}


def balance(session, code: str, year: int = YEAR) -> tuple[int, int]:
    """(debit, credit) of ``code`` (leaf) in the year's trial balance, all vouchers."""
    from secretariat_app.core.ledger import trial_balance

    for r in trial_balance(session, year).accounts:
        if r.code == code:
            return r.debit, r.credit
    return 0, 0


def member_id(session, no: str) -> int:
    from secretariat_app.core.members.models import Member

    return session.scalar(select(Member.id).where(func.upper(Member.no) == no.upper()))


_BUILT: dict[str, dict] = {}


def prepared_book(book_url, tmp_path, tmp_path_factory, key: str, build):
    """A book holding what ``build(session) -> data`` makes, and that data.

    On SQLite the book is built once per test session into a template and copied for each test
    (a book with members, a meeting and bills takes a second to build); on PostgreSQL
    (SECRETARIAT_TEST_PG) it is built afresh in the test's own database.
    """
    import shutil

    from secretariat_app.core.book_settings import update_settings
    from secretariat_app.db.book import create_book, open_book

    def make(url):
        b = create_book(url)
        with b.session() as s:
            update_settings(s, name="测试行业协会")
            s.commit()
            data = build(s)
            s.commit()
        return b, data

    if "://" in str(book_url):
        return make(book_url)
    template = tmp_path_factory.getbasetemp() / f"dues-{key}.sqlite"
    if key not in _BUILT:
        b, _BUILT[key] = make(str(template))
        b.close()
    target = tmp_path / "book.sqlite"
    shutil.copyfile(template, target)
    return open_book(str(target)), _BUILT[key]
