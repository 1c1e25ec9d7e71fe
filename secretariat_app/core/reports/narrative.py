"""Narrative sections of the reports, saved in the book per year and document (issue 7).

Each narrative document (annual work report, social-responsibility report, party-building
report) has fixed sections (``SECTIONS``) whose text the secretariat writes in the small markup of
``markup.py``. A year without its own text starts from last year's (carry-forward): the editor
shows last year's text as a draft (:func:`section_texts`), and :func:`carry_forward` copies it
into the year when the user accepts it. Texts are normalized before they are stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.reports.markup import normalize
from secretariat_app.core.reports.models import ANNUAL, CSR, PARTY, ReportText
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import N_, _

MAX_TEXT = 20000  # characters of one section: about ten printed pages

# Sections of each narrative document, in print order: (key, English title).
SECTIONS: dict[str, list[tuple[str, str]]] = {
    ANNUAL: [
        ("overview", N_("Overview of the year's work")),
        ("governance", N_("Governance and charter changes")),
        ("services", N_("Services to members")),
        ("government", N_("Government purchased services and functions undertaken")),
        ("standards", N_("Standards work")),
        ("problems", N_("Problems and shortcomings")),
        ("plans", N_("Work plan for next year")),
    ],
    CSR: [
        ("foreword", N_("Foreword")),
        ("self_discipline", N_("Industry self-discipline")),
        ("standards", N_("Standards work")),
        ("commitments", N_("Service commitments")),
        ("training", N_("Training")),
        ("mediation", N_("Dispute mediation")),
        ("public_welfare", N_("Public welfare and donations")),
        ("environment", N_("Environmental governance")),
        ("outlook", N_("Outlook")),
    ],
    PARTY: [
        ("organization", N_("Party organization")),
        ("study", N_("Political study")),
        ("activities", N_("Party activities")),
        ("integration", N_("Party building and the association's work")),
        ("plans", N_("Plans for next year")),
    ],
}


@dataclass
class SectionText:
    """A section as the editor shows it: ``carried`` when the text is last year's draft."""

    key: str
    title: str
    content: str
    carried: bool = False
    updated_at: datetime | None = None


def section_title(document: str, key: str) -> str:
    for k, title in SECTIONS.get(document, []):
        if k == key:
            return _(title)
    return key


def _check(document: str, key: str | None = None) -> None:
    if document not in SECTIONS:
        raise DomainError(_("Unknown report document {document}.").format(document=document))
    if key is not None and key not in dict(SECTIONS[document]):
        raise DomainError(_("Unknown section {section} of the report.").format(section=key))


def _check_year(year: int) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("a year such as 2026"), field=_("Year")) from None
    if not 1980 <= year <= 2100:
        raise DomainError(_("a year between 1980 and 2100"), field=_("Year"))
    return year


def stored_texts(session: Session, year: int, document: str) -> dict[str, ReportText]:
    rows = session.scalars(select(ReportText).where(ReportText.year == year, ReportText.document == document))
    return {r.section_key: r for r in rows}


def texts(session: Session, year: int, document: str) -> dict[str, str]:
    """The year's own texts of ``document`` by section key (missing sections: ``""``)."""
    _check(document)
    own = stored_texts(session, year, document)
    return {k: (own[k].content if k in own else "") for k, _t in SECTIONS[document]}


def section_texts(session: Session, year: int, document: str) -> list[SectionText]:
    """Every section of ``document`` for the editor: the year's text, else last year's as a draft."""
    _check(document)
    own = stored_texts(session, year, document)
    last = stored_texts(session, year - 1, document)
    out = []
    for key, title in SECTIONS[document]:
        if key in own and own[key].content.strip():
            out.append(SectionText(key, _(title), own[key].content, False, own[key].updated_at))
        elif key in last and last[key].content.strip():
            out.append(SectionText(key, _(title), last[key].content, True, last[key].updated_at))
        else:
            out.append(SectionText(key, _(title), "", False, None))
    return out


def report_texts(session: Session, year: int, document: str) -> dict[str, str]:
    """The texts a printed report uses: the year's own only. Last year's text is a draft to edit;
    printed unseen it would report last year's work as this year's."""
    return texts(session, year, document)


def save_texts(session: Session, year: int, document: str, values: dict[str, str]) -> Changes:
    """Save several sections of one document and year in one transaction."""
    year = _check_year(year)
    _check(document)
    clean = {}
    for key, content in values.items():
        _check(document, key)
        text = normalize(content or "")
        if len(text) > MAX_TEXT:
            raise DomainError(_("at most {n} characters").format(n=MAX_TEXT), field=section_title(document, key))
        clean[key] = text
    now = datetime.now().replace(microsecond=0)
    with transaction(session):
        own = stored_texts(session, year, document)
        for key, text in clean.items():
            row = own.get(key)
            if row is None:
                session.add(ReportText(year=year, document=document, section_key=key, content=text, updated_at=now))
            elif row.content != text:
                row.content = text
                row.updated_at = now
    return Changes({"reports"})


def save_text(session: Session, year: int, document: str, key: str, content: str) -> Changes:
    return save_texts(session, year, document, {key: content})


def carry_forward(session: Session, year: int, document: str, *, overwrite: bool = False) -> int:
    """Copy last year's sections into ``year`` where the year has none (or all, ``overwrite``).

    Returns how many sections were copied.
    """
    year = _check_year(year)
    _check(document)
    with transaction(session):  # reads too: a read before it would open a transaction nobody commits
        last = stored_texts(session, year - 1, document)
        own = stored_texts(session, year, document)
        values = {k: r.content for k, r in last.items() if k in dict(SECTIONS[document]) and r.content.strip()
                  and (overwrite or k not in own or not own[k].content.strip())}
        if values:
            save_texts(session, year, document, values)
    return len(values)
