"""The demo book (``init --demo``): a realistic association, built through the services.

Each capability contributes a builder ``build(session, ctx)`` in its ``demo`` module; they run in
the order below, in one transaction, so that a failed demo leaves no half-built book. ``ctx`` is
a dict shared between builders (e.g. the members created, the demo year).
"""

from __future__ import annotations

import importlib
import random
from datetime import date

from sqlalchemy.orm import Session

from secretariat_app.core.book_settings import update_settings
from secretariat_app.db.session import transaction

BUILDERS = [
    "secretariat_app.core.members.demo",
    "secretariat_app.core.ledger.demo",
    "secretariat_app.core.meetings.demo",
    "secretariat_app.core.dues.demo",
    "secretariat_app.core.reports.demo",
]


def demo_settings(name: str) -> dict:
    today = date.today()
    return dict(
        name=name,
        credit_code=_valid_uscc("51610000MJY6543A1"),
        registration_number="陕民社登字第0321号",
        registration_date=date(2016, 5, 18).isoformat(),
        registration_authority="西咸新区行政审批与政务服务局",
        supervising_department="西咸新区工商业联合会",
        address="陕西省西咸新区沣东新城协同创新港3号楼5层",
        legal_representative="王建国",
        secretary_general="李晓梅",
        phone="029-33681234",
        language="zh_CN",
        first_fiscal_year=today.year - 2,
    )


def _valid_uscc(base17: str) -> str:
    from stdnum.cn import uscc

    return base17 + uscc.calc_check_digit(base17)


def build_demo(session: Session, name: str, *, seed: int = 2026, today: date | None = None) -> dict:
    """Fill an empty book with the demo association; returns the shared context."""
    ctx: dict = {"rng": random.Random(seed), "today": today or date.today(), "name": name}
    finishers = []
    with transaction(session):
        update_settings(session, **demo_settings(name))
        for module_name in BUILDERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name or module_name.startswith(str(exc.name) + "."):
                    continue
                raise
            module.build(session, ctx)
            finishers.append(getattr(module, "finish", None))
        for finish in finishers:  # e.g. the ledger closes past months once dues are posted
            if finish is not None:
                finish(session, ctx)
    return ctx
