"""Meeting notices (会议通知), made from the meeting's data (DOMAIN.md §4).

A notice has a number (e.g. 〔2026〕3号), an issue date, recipients, a body text, a reply date and
a contact; when none was saved, ``notice_data`` proposes one from the meeting (kind, date, time,
place, agenda). A notice is not part of the meeting's record, so it may be edited at any time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.meetings.common import get_meeting
from secretariat_app.core.meetings.models import (
    COUNCIL,
    GENERAL_ASSEMBLY,
    PRESIDENTS,
    STANDING_COUNCIL,
    SUPERVISORS,
    Meeting,
    Notice,
)
from secretariat_app.core.validate import parse_date
from secretariat_app.db.session import action, transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import N_, _, format_date

RECIPIENTS = {
    GENERAL_ASSEMBLY: N_("All member units and individual members"),
    COUNCIL: N_("All council members"),
    STANDING_COUNCIL: N_("All standing council members"),
    SUPERVISORS: N_("All supervisors"),
    PRESIDENTS: N_("The president, vice presidents and the secretary-general"),
}


def latest_notice(session: Session, meeting_id: int) -> Notice | None:
    return session.scalar(select(Notice).where(Notice.meeting_id == meeting_id).order_by(Notice.id.desc()).limit(1))


def default_body(m: Meeting) -> str:
    when = format_date(m.date) + (f" {m.start_time}" if m.start_time else "")
    return _("The association will hold {title} on {when} at {place}. Please attend on time; a member who "
             "cannot attend may give a written proxy to another member, or ask for leave, before the reply "
             "date.").format(title=m.title, when=when, place=m.place or "—")


@action
def save_notice(session: Session, meeting_id: int, *, issued_on=None, number: str = "", recipients: str = "",
                body: str = "", reply_by=None, contact: str = "") -> Notice:
    """Save the meeting's notice (the latest one is updated; the first save creates it)."""
    m = get_meeting(session, meeting_id)
    issued = parse_date(issued_on, _("Issued on")) if issued_on else date.today()
    reply = parse_date(reply_by, _("Reply by")) if reply_by else None
    if reply is not None and reply > m.date:
        raise DomainError(_("the reply date is after the meeting"), field=_("Reply by"))
    if issued > m.date:
        raise DomainError(_("a notice is issued before the meeting"), field=_("Issued on"))
    values = dict(number=(number or "").strip()[:64], recipients=(recipients or "").strip()[:300],
                  body=(body or "").strip(), reply_by=reply, contact=(contact or "").strip()[:200], issued_on=issued)
    with transaction(session):
        n = latest_notice(session, m.id)
        if n is None:
            n = Notice(meeting_id=m.id, created_at=datetime.now(), **values)
            session.add(n)
        else:
            for k, v in values.items():
                setattr(n, k, v)
        session.flush()
    return n


def notice_data(session: Session, meeting_id: int) -> dict:
    """The notice as plain data: the saved one, or a proposal from the meeting."""
    from secretariat_app.core.book_settings import get_value

    m = get_meeting(session, meeting_id)
    n = latest_notice(session, m.id)
    phone = get_value(session, "phone", "") or ""
    secretary = get_value(session, "secretary_general", "") or ""
    default_contact = "　".join(x for x in (secretary, phone) if x)
    issued = n.issued_on if n else min(date.today(), m.date)
    reply_default = m.date - timedelta(days=3)
    return dict(
        meeting_id=m.id, saved=n is not None, association=get_value(session, "name", "") or "",
        title=m.title, kind=m.kind, date=m.date.isoformat(), start_time=m.start_time, end_time=m.end_time,
        place=m.place, convener=m.convener,
        number=n.number if n else "",
        issued_on=issued.isoformat(),
        recipients=(n.recipients if n and n.recipients else _(RECIPIENTS.get(m.kind, N_("All participants")))),
        body=(n.body if n and n.body else default_body(m)),
        reply_by=(n.reply_by.isoformat() if n and n.reply_by else
                  (reply_default.isoformat() if reply_default >= issued else None)),
        contact=(n.contact if n and n.contact else default_contact),
        agenda=[dict(position=a.position, title=a.title, presenter=a.presenter) for a in m.agenda],
    )
