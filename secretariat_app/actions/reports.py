"""Reports (DOMAIN.md §5, issue 7): what the secretariat types in for a year — the narrative
texts, the year's facts, the staff's scores of the self-evaluation, the package's settings and
its attached PDFs.

Each write needs ``reports.write``, runs in one transaction and names the year it changed in
``uow.changes.reports`` (``"2026"``); queries return plain data (dataclasses of
``core.reports``, tuples), never ORM rows. The documents, the package and what they still lack
are in ``reports_documents``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from secretariat_app.actions.base import Uow, action, query
from secretariat_app.core.reports import attachments, facts, grade, narrative
from secretariat_app.core.reports.models import Activity, Attachment, Disclosure, Standard
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

WRITE = "reports.write"


def _changed(uow: Uow, year: int) -> None:
    uow.changes.record("reports", str(year))


def _year_of(uow: Uow, model, row_id: int) -> int:
    row = uow.session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise DomainError(_("The record no longer exists."))
    return row.year


# ---- narrative texts -------------------------------------------------------------------------

@query()
def section_texts(uow: Uow, year: int, document: str) -> list[narrative.SectionText]:
    """The sections of ``document`` for ``year``; last year's text as a ``carried`` draft."""
    return narrative.section_texts(uow.session, year, document)


@action(WRITE)
def save_texts(uow: Uow, year: int, document: str, texts: dict[str, str]) -> None:
    """Save sections ({key: text}) of the year's ``document`` (annual, csr, party)."""
    narrative.save_texts(uow.session, year, document, texts)
    _changed(uow, year)


@action(WRITE)
def carry_forward(uow: Uow, year: int, document: str) -> int:
    """Take over last year's texts for the sections the year has not written; how many."""
    n = narrative.carry_forward(uow.session, year, document)
    if n:
        _changed(uow, year)
    return n


# ---- the year's facts ------------------------------------------------------------------------

@dataclass(frozen=True)
class YearFacts:
    """The facts tab: staff, the survey, and the year's records as plain tuples."""

    staff: facts.Staff
    survey: dict                                         # respondents, satisfied, note
    activities: list[tuple[int, date, str, str, int, str]]   # id, on_date, kind, title, participants, note
    standards: list[tuple[int, str, str, str, str, str, str]]  # id, title, code, level, role, status, note
    disclosures: list[tuple[int, date, str, str]]        # id, on_date, title, channel


@query()
def year_facts(uow: Uow, year: int) -> YearFacts:
    s = uow.session
    survey = facts.get_survey(s, year)
    return YearFacts(
        staff=facts.get_staff(s, year),
        survey=dict(respondents=survey.respondents, satisfied=survey.satisfied, note=survey.note) if survey
        else dict(respondents=0, satisfied=0, note=""),
        activities=[(a.id, a.on_date, a.kind, a.title, a.participants, a.note) for a in facts.activities(s, year)],
        standards=[(x.id, x.title, x.code, x.level, x.role, x.status, x.note) for x in facts.standards(s, year)],
        disclosures=[(d.id, d.on_date, d.title, d.channel) for d in facts.disclosures(s, year)],
    )


@action(WRITE)
def set_staff(uow: Uow, year: int, values: dict) -> None:
    facts.set_staff(uow.session, year, **values)
    _changed(uow, year)


@action(WRITE)
def set_survey(uow: Uow, year: int, values: dict) -> None:
    facts.set_survey(uow.session, year, **values)
    _changed(uow, year)


@action(WRITE)
def add_activity(uow: Uow, year: int, values: dict) -> int:
    row = facts.add_activity(uow.session, year, **values)
    _changed(uow, year)
    return row.id


@action(WRITE)
def update_activity(uow: Uow, activity_id: int, values: dict) -> None:
    year = _year_of(uow, Activity, activity_id)
    facts.update_activity(uow.session, activity_id, **values)
    _changed(uow, year)


@action(WRITE)
def delete_activity(uow: Uow, activity_id: int) -> None:
    year = _year_of(uow, Activity, activity_id)
    facts.delete_activity(uow.session, activity_id)
    _changed(uow, year)


@action(WRITE)
def add_standard(uow: Uow, year: int, values: dict) -> int:
    row = facts.add_standard(uow.session, year, **values)
    _changed(uow, year)
    return row.id


@action(WRITE)
def update_standard(uow: Uow, standard_id: int, values: dict) -> None:
    year = _year_of(uow, Standard, standard_id)
    facts.update_standard(uow.session, standard_id, **values)
    _changed(uow, year)


@action(WRITE)
def delete_standard(uow: Uow, standard_id: int) -> None:
    year = _year_of(uow, Standard, standard_id)
    facts.delete_standard(uow.session, standard_id)
    _changed(uow, year)


@action(WRITE)
def add_disclosure(uow: Uow, year: int, values: dict) -> int:
    row = facts.add_disclosure(uow.session, year, **values)
    _changed(uow, year)
    return row.id


@action(WRITE)
def delete_disclosure(uow: Uow, disclosure_id: int) -> None:
    year = _year_of(uow, Disclosure, disclosure_id)
    facts.delete_disclosure(uow.session, disclosure_id)
    _changed(uow, year)


# ---- the grade self-evaluation ---------------------------------------------------------------

@query()
def grade_evaluation(uow: Uow, year: int) -> grade.GradeEvaluation:
    """The indicators, their scores (the book's and the staff's), the total and the grade."""
    return grade.grade_evaluation(uow.session, year)


@action(WRITE)
def set_scores(uow: Uow, year: int, scores: dict[str, tuple]) -> None:
    """The staff's scores: {indicator key: (score or None, note)}."""
    grade.set_scores(uow.session, year, scores)
    _changed(uow, year)


# ---- the package's settings and attachments --------------------------------------------------

@dataclass(frozen=True)
class PackageState:
    choice: attachments.PackageChoice
    attachments: list[attachments.AttachmentInfo]


@query()
def package_state(uow: Uow, year: int) -> PackageState:
    """The year's package settings (else last year's, else the defaults) and its attached PDFs."""
    return PackageState(attachments.get_package(uow.session, year), attachments.list_attachments(uow.session, year))


@action(WRITE)
def set_package(uow: Uow, year: int, limit_mb: str | None = None, documents: list[str] | None = None) -> None:
    """The documents that go into the year's package and the size limit of one file (MB)."""
    attachments.set_package(uow.session, year, limit_mb=limit_mb, documents=documents)
    _changed(uow, year)


@action(WRITE)
def add_attachment(uow: Uow, year: int, source: str | os.PathLike | bytes, title: str = "",
                   file_name: str = "") -> attachments.AttachmentInfo:
    """Store an external PDF (a path, or the bytes with ``file_name``) for the year's package."""
    info = attachments.add_attachment(uow.session, year, source if isinstance(source, bytes) else str(source),
                                      title=title, file_name=file_name)
    _changed(uow, year)
    return info


@action(WRITE)
def rename_attachment(uow: Uow, attachment_id: int, title: str) -> None:
    year = _year_of(uow, Attachment, attachment_id)
    attachments.rename_attachment(uow.session, attachment_id, title)
    _changed(uow, year)


@action(WRITE)
def remove_attachment(uow: Uow, attachment_id: int) -> None:
    """Remove an attachment (one removed meanwhile is gone already: nothing to do)."""
    row = uow.session.get(Attachment, attachment_id)
    if row is not None:
        year = row.year
        attachments.remove_attachment(uow.session, attachment_id)
        _changed(uow, year)


@action(WRITE)
def move_attachment(uow: Uow, attachment_id: int, step: int) -> None:
    """Move an attachment up (``-1``) or down (``+1``) in the package."""
    year = _year_of(uow, Attachment, attachment_id)
    attachments.move_attachment(uow.session, attachment_id, step)
    _changed(uow, year)
