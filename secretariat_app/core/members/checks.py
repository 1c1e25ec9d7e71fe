"""Integrity checks of the roll (``secretariat check``; DOMAIN.md §1): identifiers valid and
never twice, numbers unique, statuses consistent with dates, search rows present."""

from __future__ import annotations

from sqlalchemy import func, select

from secretariat_app.core.checks import register_check
from secretariat_app.core.members.models import LEFT, Member, MemberSearch
from secretariat_app.core.validate import check_ric, check_uscc
from secretariat_app.errors import DomainError
from secretariat_app.i18n import N_, _

MAX_REPORTED = 20


@register_check(N_("Member roll"))
def check_members(book) -> list[str]:
    problems: list[str] = []
    with book.session() as s:
        for col, what in ((Member.credit_code, _("credit code")), (Member.id_number, _("ID number")),
                          (Member.no, _("member number"))):
            dup = s.execute(select(col, func.count()).where(col.is_not(None)).group_by(col)
                            .having(func.count() > 1)).all()
            problems += [_("the {what} {value} appears {n} times").format(what=what, value=v, n=n) for v, n in dup]
        rows = s.execute(select(Member.no, Member.kind, Member.credit_code, Member.id_number, Member.status,
                                Member.left_on, Member.joined)).all()
        for no, kind, cc, idn, status, left_on, joined in rows:
            try:
                if kind == "corporate":
                    check_uscc(cc or "")
                else:
                    check_ric(idn or "")
            except DomainError as exc:
                problems.append(f"{no}: {exc.message}")
            if (status == LEFT) != (left_on is not None):
                problems.append(_("{no}: the status does not match the leaving date").format(no=no))
            if left_on is not None and left_on < joined:
                problems.append(_("{no}: left before joining").format(no=no))
            if len(problems) > MAX_REPORTED:
                break
        missing = s.scalar(select(func.count()).select_from(Member).where(
            ~select(MemberSearch.member_id).where(MemberSearch.member_id == Member.id).exists()))
        if missing:
            problems.append(_("{n} members cannot be found by the search").format(n=missing))
    return problems[:MAX_REPORTED]
