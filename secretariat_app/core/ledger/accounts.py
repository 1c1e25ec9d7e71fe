"""Chart of accounts (会计科目): seeding from the edition, sub-accounts, disabling (DOMAIN.md §3).

- Every book gets the edition's chart (48 accounts + the ``xxxx01 非限定性收入`` /
  ``xxxx02 限定性收入`` sub-accounts of every income account) on first use: ``ensure_chart``.
- Sub-accounts add 2 digits a level (``100201 工商银行``); they inherit class, normal balance and
  (under an income account's ``01``/``02``) the restriction. Cash sub-accounts may be flagged as
  held for others (受托代理资产), which the balance sheet moves out of 货币资金.
- Vouchers post to leaf accounts only. A used account is never deleted; it can be disabled
  (when its balance is zero). Adding the first sub-account under a used leaf needs
  ``take_over=True``: the new sub-account takes over its postings, so no figure changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.ledger.edition import edition_for_new_year, load_edition
from secretariat_app.core.ledger.models import Account, Line, OpeningBalance, Total
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

SEP = "—"


@dataclass(frozen=True)
class AccountInfo:
    id: int
    code: str
    name: str
    full_name: str
    parent_code: str | None
    level: int
    category: str
    normal: str
    restriction: str | None
    entrusted: bool
    is_leaf: bool
    disabled: bool
    official: bool
    edition: str

    @property
    def top(self) -> str:
        return self.code[:4]

    @property
    def pinyin(self) -> str:
        """Pinyin initials of the full name, for the account picker (``yhck`` finds 银行存款)."""
        return pinyin_initials(self.full_name)


def pinyin_initials(text: str) -> str:
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return ""
    return "".join(ch for p in lazy_pinyin(text, style=Style.FIRST_LETTER) for ch in p[:1] if ch.isalnum()).lower()


class Chart:
    """The book's chart in memory (a hundred rows): lookups by code and id, subtrees."""

    def __init__(self, rows: list[Account]):
        self.by_code: dict[str, Account] = {a.code: a for a in rows}
        self.by_id: dict[int, Account] = {a.id: a for a in rows}
        self._full: dict[str, str] = {}

    def full_name(self, code: str) -> str:
        if code not in self._full:
            a = self.by_code[code]
            parent = self.by_id.get(a.parent_id) if a.parent_id else None
            self._full[code] = (self.full_name(parent.code) + SEP + a.name) if parent else a.name
        return self._full[code]

    def info(self, code: str) -> AccountInfo:
        a = self.by_code[code]
        parent = self.by_id.get(a.parent_id) if a.parent_id else None
        return AccountInfo(id=a.id, code=a.code, name=a.name, full_name=self.full_name(a.code),
                           parent_code=parent.code if parent else None, level=a.level, category=a.category,
                           normal=a.normal, restriction=a.restriction, entrusted=a.entrusted, is_leaf=a.is_leaf,
                           disabled=a.disabled, official=a.official, edition=a.edition)

    def leaves_under(self, code: str) -> list[Account]:
        return [a for c, a in self.by_code.items() if c.startswith(code) and a.is_leaf]

    def sorted_codes(self) -> list[str]:
        return sorted(self.by_code)

    def is_cash(self, code: str, cash_accounts: tuple[str, ...]) -> bool:
        """An org cash account (1001/1002/1009 subtree), not a 受托代理 cash sub-account."""
        a = self.by_code.get(code)
        return bool(a) and code[:4] in cash_accounts and not self.entrusted(code)

    def entrusted(self, code: str) -> bool:
        a = self.by_code.get(code)
        while a is not None:
            if a.entrusted:
                return True
            a = self.by_id.get(a.parent_id) if a.parent_id else None
        return False


def load_chart(session: Session) -> Chart:
    """The chart, cached for the rest of the current transaction (account services reset it)."""
    trans = session.get_transaction()
    cached = session.info.get("ledger.chart")
    if trans is not None and cached is not None and cached[0] is trans:
        return cached[1]
    ensure_chart(session)
    chart = Chart(list(session.scalars(select(Account))))
    trans = session.get_transaction()
    if trans is not None:
        session.info["ledger.chart"] = (trans, chart)
    return chart


def forget_chart(session: Session) -> None:
    session.info.pop("ledger.chart", None)


def ensure_chart(session: Session, edition: str | None = None) -> int:
    """Seed the edition's chart into a book that has none; returns the number of accounts added.

    Called lazily by the ledger services (and safe to call from ``create_book``): a no-op once the
    book has a chart.
    """
    with transaction(session):
        if session.scalar(select(Account.id).limit(1)) is not None:
            return 0
        return _seed(session, load_edition(edition or edition_for_new_year(datetime.now().year, None)))


def _seed(session: Session, ed) -> int:
    forget_chart(session)
    now = datetime.now()
    ids: dict[str, Account] = {}
    codes = {a.code for a in ed.accounts}
    for ea in sorted(ed.accounts, key=lambda a: a.code):
        parent = ids.get(ea.code[:-2]) if len(ea.code) > 4 else None
        acc = Account(code=ea.code, name=ea.name, parent_id=parent.id if parent else None,
                      level=1 + (len(ea.code) - 4) // 2, category=ea.category, normal=ea.normal,
                      restriction=ea.restriction, entrusted=False,
                      is_leaf=not any(c != ea.code and c.startswith(ea.code) for c in codes),
                      disabled=False, official=True, edition=ed.code, seq=ea.seq, created_at=now)
        session.add(acc)
        session.flush()
        ids[ea.code] = acc
    forget_chart(session)
    return len(ids)


def list_accounts(session: Session, *, include_disabled: bool = True) -> list[AccountInfo]:
    chart = load_chart(session)
    out = [chart.info(c) for c in chart.sorted_codes()]
    return [a for a in out if include_disabled or not a.disabled]


def get_account(session: Session, code: str) -> AccountInfo:
    chart = load_chart(session)
    if code not in chart.by_code:
        raise DomainError(_("There is no account {code} in the chart.").format(code=code), field=_("Account"))
    return chart.info(code)


def account_used(session: Session, account_id: int) -> bool:
    if session.scalar(select(Line.id).where(Line.account_id == account_id).limit(1)) is not None:
        return True
    return session.scalar(select(OpeningBalance.year).where(OpeningBalance.account_id == account_id,
                                                            OpeningBalance.amount != 0).limit(1)) is not None


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("An account needs a name."), field=_("Account name"))
    if len(name) > 100 or SEP in name:
        raise DomainError(_("An account name has at most 100 characters and no '—'."), field=_("Account name"))
    return name


def add_sub_account(session: Session, parent_code: str, name: str, *, code: str | None = None,
                    entrusted: bool = False, take_over: bool = False) -> AccountInfo:
    """Add a sub-account under ``parent_code`` (2 more digits); see the module docstring."""
    name = _check_name(name)
    with transaction(session):
        forget_chart(session)
        chart = load_chart(session)
        parent = chart.by_code.get(parent_code)
        if parent is None:
            raise DomainError(_("There is no account {code} in the chart.").format(code=parent_code), field=_("Account"))
        siblings = [c for c, a in chart.by_code.items() if a.parent_id == parent.id]
        if code is None:
            free = [f"{parent_code}{i:02d}" for i in range(1, 100) if f"{parent_code}{i:02d}" not in chart.by_code]
            if not free:
                raise DomainError(_("Account {code} already has 99 sub-accounts.").format(code=parent_code))
            code = free[0]
        code = code.strip()
        if not (len(code) == len(parent_code) + 2 and code.startswith(parent_code) and code.isdigit()
                and code[-2:] != "00"):
            raise DomainError(_("A sub-account of {parent} has its code plus two digits (01–99), e.g. {example}.")
                              .format(parent=parent_code, example=parent_code + "01"), field=_("Code"))
        if code in chart.by_code:
            raise DomainError(_("Account {code} already exists.").format(code=code), field=_("Code"))
        if any(chart.full_name(c).endswith(SEP + name) or chart.by_code[c].name == name for c in siblings):
            raise DomainError(_("{parent} already has a sub-account named {name}.").format(parent=parent_code, name=name),
                              field=_("Account name"))
        if entrusted and parent_code[:4] not in load_edition(parent.edition).cash_accounts:
            raise DomainError(_("Only cash accounts (1001, 1002, 1009) have sub-accounts held for others."),
                              field=_("Held for others"))
        if parent.disabled:
            raise DomainError(_("Account {code} is disabled.").format(code=parent_code))
        used = parent.is_leaf and account_used(session, parent.id)
        if used and not take_over:
            raise DomainError(_("Account {code} already has postings; its first sub-account must take them over.")
                              .format(code=parent_code), field=_("Account"))
        restriction = parent.restriction
        acc = Account(code=code, name=name, parent_id=parent.id, level=parent.level + 1, category=parent.category,
                      normal=parent.normal, restriction=restriction, entrusted=bool(entrusted), is_leaf=True,
                      disabled=False, official=False, edition=parent.edition, seq=parent.seq, created_at=datetime.now())
        session.add(acc)
        session.flush()
        if parent.is_leaf:
            parent.is_leaf = False
            if used:
                _move_postings(session, parent.id, acc.id)
        session.flush()
        forget_chart(session)
        return load_chart(session).info(code)


def _move_postings(session: Session, old_id: int, new_id: int) -> None:
    """The new first sub-account takes over its parent's postings (figures unchanged)."""
    session.execute(update(Line).where(Line.account_id == old_id).values(account_id=new_id))
    session.execute(update(OpeningBalance).where(OpeningBalance.account_id == old_id).values(account_id=new_id))
    session.execute(update(Total).where(Total.account_id == old_id).values(account_id=new_id))


def rename_account(session: Session, code: str, name: str) -> Changes:
    """Rename a sub-account the book added (the edition's official names stay as printed)."""
    name = _check_name(name)
    with transaction(session):
        forget_chart(session)
        acc = _get(session, code)
        if acc.official:
            raise DomainError(_("Account {code} is an account of the standard; its name cannot change.").format(code=code))
        acc.name = name
        forget_chart(session)
    return Changes({"ledger"})


def disable_account(session: Session, code: str) -> Changes:
    """Disable an account (and its sub-accounts): no new postings. Its balance must be zero."""
    from secretariat_app.core.ledger.balances import current_balance_of

    with transaction(session):
        forget_chart(session)
        _get(session, code)
        if current_balance_of(session, code) != 0:
            raise DomainError(_("Account {code} still has a balance; bring it to zero before disabling it.")
                              .format(code=code))
        session.execute(update(Account).where(Account.code.startswith(code)).values(disabled=True))
        forget_chart(session)
    return Changes({"ledger"})


def enable_account(session: Session, code: str) -> Changes:
    with transaction(session):
        forget_chart(session)
        _get(session, code)
        session.execute(update(Account).where(Account.code.startswith(code)).values(disabled=False))
        forget_chart(session)
    return Changes({"ledger"})


def delete_account(session: Session, code: str) -> Changes:
    """Delete an unused sub-account the book added; a used or official account is never deleted."""
    with transaction(session):
        forget_chart(session)
        acc = _get(session, code)
        if acc.official:
            raise DomainError(_("Account {code} is an account of the standard and cannot be deleted; disable it instead.")
                              .format(code=code))
        if not acc.is_leaf:
            raise DomainError(_("Account {code} has sub-accounts; delete those first.").format(code=code))
        if account_used(session, acc.id):
            raise DomainError(_("Account {code} has been used and cannot be deleted; disable it instead.").format(code=code))
        parent_id = acc.parent_id
        session.execute(Total.__table__.delete().where(Total.account_id == acc.id))
        session.delete(acc)
        session.flush()
        if parent_id is not None:
            left = session.scalar(select(func.count()).select_from(Account).where(Account.parent_id == parent_id))
            if not left:
                session.execute(update(Account).where(Account.id == parent_id).values(is_leaf=True))
        forget_chart(session)
    return Changes({"ledger"})


def _get(session: Session, code: str) -> Account:
    ensure_chart(session)
    acc = session.scalar(select(Account).where(Account.code == code))
    if acc is None:
        raise DomainError(_("There is no account {code} in the chart.").format(code=code), field=_("Account"))
    return acc


def sub_account_template(session: Session) -> list[dict]:
    """The sub-accounts this book added, to copy into another book (agency bookkeeping)."""
    chart = load_chart(session)
    return [{"code": c, "name": chart.by_code[c].name, "entrusted": chart.by_code[c].entrusted}
            for c in chart.sorted_codes() if not chart.by_code[c].official]


def copy_sub_accounts(session: Session, template: list[dict]) -> int:
    """Add the template's sub-accounts that this book lacks (parents first); returns how many."""
    n = 0
    with transaction(session):
        for item in sorted(template, key=lambda t: (len(t["code"]), t["code"])):
            chart = load_chart(session)
            if item["code"] in chart.by_code:
                continue
            add_sub_account(session, item["code"][:-2], item["name"], code=item["code"],
                            entrusted=bool(item.get("entrusted")))
            n += 1
    return n
