"""External PDFs of the submission package and the package's settings (issue 7).

An attachment (audit report, the scanned signed-and-sealed page, the supervising department's
opinion) is stored as bytes in the book, so that the package can be rebuilt on another computer
exactly as it was; one file may be at most ``MAX_ATTACHMENT_BYTES``. Only readable, unencrypted
PDF files are taken (pypdf reads them here, and merges them into the package later).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from secretariat_app.core.changes import Changes
from secretariat_app.core.reports.models import (
    DEFAULT_PACKAGE,
    DOCUMENT_LABELS,
    PACKAGE_DOCUMENTS,
    Attachment,
    PackageSettings,
)
from secretariat_app.core.reports.narrative import _check_year
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
DEFAULT_LIMIT_KB = 2048  # many portals take 2 MB a file
REPORTS = Changes({"reports"})


@dataclass
class AttachmentInfo:
    """An attachment without its bytes (lists, the package's table of contents)."""

    id: int
    year: int
    title: str
    file_name: str
    size: int
    pages: int
    position: int


def pdf_pages(data: bytes, name: str = "") -> int:
    """The page count of a PDF file; DomainError when it is not a readable, unencrypted PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise DomainError(_("{name} is not a PDF file.").format(name=name or _("The file")))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DomainError(_("{name} is protected by a password; save it without one first.").format(name=name))
        n = len(reader.pages)
    except DomainError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise DomainError(_("{name} cannot be read as a PDF file: {reason}").format(name=name, reason=exc)) from exc
    if n == 0:
        raise DomainError(_("{name} has no pages.").format(name=name))
    return n


def list_attachments(session: Session, year: int) -> list[AttachmentInfo]:
    rows = session.execute(
        select(Attachment.id, Attachment.year, Attachment.title, Attachment.file_name, Attachment.size,
               Attachment.pages, Attachment.position)
        .where(Attachment.year == year).order_by(Attachment.position, Attachment.id))
    return [AttachmentInfo(*r) for r in rows]


def attachment_bytes(session: Session, attachment_id: int) -> bytes:
    data = session.scalar(select(Attachment.content).where(Attachment.id == attachment_id))
    if data is None:
        raise DomainError(_("The attachment no longer exists."))
    return bytes(data)


def add_attachment(session: Session, year: int, source: str | Path | bytes, *, title: str = "",
                   file_name: str = "") -> AttachmentInfo:
    """Store an external PDF for the year's package (a path, or the bytes with ``file_name``)."""
    year = _check_year(year)
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        name = file_name or "attachment.pdf"
    else:
        path = Path(source)
        name = file_name or path.name
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise DomainError(_("Cannot read {name}: {reason}").format(name=str(path), reason=exc.strerror or exc)) from exc
        if size > MAX_ATTACHMENT_BYTES:
            data = b""
        else:
            data = path.read_bytes()
    if not data or len(data) > MAX_ATTACHMENT_BYTES:
        raise DomainError(_("{name} is larger than {mb} MB; scan it at a lower resolution.")
                          .format(name=name, mb=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    pages = pdf_pages(data, name)
    title = (title or Path(name).stem).strip()[:200]
    with transaction(session):
        position = (session.scalar(select(func.max(Attachment.position)).where(Attachment.year == year)) or 0) + 1
        row = Attachment(year=year, title=title, file_name=name[:260], content=data, size=len(data), pages=pages,
                         position=position, added_at=datetime.now().replace(microsecond=0))
        session.add(row)
        session.flush()
        info = AttachmentInfo(row.id, year, title, row.file_name, row.size, pages, position)
    return info


def rename_attachment(session: Session, attachment_id: int, title: str) -> Changes:
    title = (title or "").strip()
    if not title:
        raise DomainError(_("required"), field=_("Title"))
    with transaction(session):
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise DomainError(_("The attachment no longer exists."))
        row.title = title[:200]
    return REPORTS


def remove_attachment(session: Session, attachment_id: int) -> Changes:
    with transaction(session):
        row = session.get(Attachment, attachment_id)
        if row is not None:
            session.delete(row)
    return REPORTS


def move_attachment(session: Session, attachment_id: int, step: int) -> Changes:
    """Move an attachment up (``-1``) or down (``+1``) in the package."""
    with transaction(session):
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise DomainError(_("The attachment no longer exists."))
        items = list(session.scalars(select(Attachment).where(Attachment.year == row.year)
                                     .order_by(Attachment.position, Attachment.id)))
        i = items.index(row)
        j = max(0, min(len(items) - 1, i + step))
        items.insert(j, items.pop(i))
        for n, item in enumerate(items, 1):
            item.position = n
    return REPORTS


# ---- package settings ------------------------------------------------------------------------

@dataclass
class PackageChoice:
    year: int
    limit_kb: int
    documents: list[str]

    @property
    def limit_bytes(self) -> int:
        return self.limit_kb * 1024


def get_package(session: Session, year: int) -> PackageChoice:
    """The year's package settings, else last year's, else the defaults (2 MB, usual documents)."""
    for y in (year, year - 1):
        row = session.get(PackageSettings, y)
        if row is not None:
            docs = [d for d in row.documents.split(",") if d in PACKAGE_DOCUMENTS]
            return PackageChoice(year, row.limit_kb, docs)
    return PackageChoice(year, DEFAULT_LIMIT_KB, list(DEFAULT_PACKAGE))


def parse_limit_mb(value) -> int:
    """A size limit in MB (``2``, ``1.5``) as KB; DomainError when it is not a sensible size."""
    from decimal import Decimal, InvalidOperation

    try:
        mb = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise DomainError(_("a size in MB such as 2"), field=_("Size limit")) from None
    if not Decimal("0.1") <= mb <= Decimal(1000):
        raise DomainError(_("a size between 0.1 and 1000 MB"), field=_("Size limit"))
    return int(mb * 1024)


def set_package(session: Session, year: int, *, limit_mb=None, documents: list[str] | None = None) -> Changes:
    year = _check_year(year)
    with transaction(session):  # reads too: a read before it would open a transaction nobody commits
        current = get_package(session, year)
        limit_kb = parse_limit_mb(limit_mb) if limit_mb is not None else current.limit_kb
        docs = current.documents if documents is None else list(documents)
        unknown = [d for d in docs if d not in PACKAGE_DOCUMENTS]
        if unknown:
            raise DomainError(_("Unknown documents: {names}").format(names=", ".join(unknown)), field=_("Documents"))
        if not docs:
            raise DomainError(_("choose at least one document"), field=_("Documents"))
        docs = [d for d in PACKAGE_DOCUMENTS if d in docs]  # package order
        row = session.get(PackageSettings, year)
        if row is None:
            row = PackageSettings(year=year)
            session.add(row)
        row.limit_kb, row.documents = limit_kb, ",".join(docs)
        row.updated_at = datetime.now().replace(microsecond=0)
    return REPORTS


def document_label(key: str) -> str:
    return _(DOCUMENT_LABELS.get(key, key))
