"""Book settings (账套设置): who the association is, and the book's preferences.

Stored as key/value rows in ``settings`` so that later capabilities add preferences (member number
prefix, pro-rata dues, backups kept) without a schema change. ``BookSettings`` is the typed,
validated view of the association's own data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from secretariat_app.core.changes import Changes
from secretariat_app.core.validate import check_phone, check_uscc, parse_date
from secretariat_app.db.base import Base
from secretariat_app.db.session import transaction
from secretariat_app.errors import DomainError, Problem
from secretariat_app.i18n import LANGUAGES, N_, _


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


# Field labels, translated where shown (settings page, error messages).
LABELS = {
    "name": N_("Association name"),
    "credit_code": N_("Unified social credit code"),
    "registration_number": N_("Registration number"),
    "registration_date": N_("Registration date"),
    "registration_authority": N_("Registration authority"),
    "supervising_department": N_("Supervising department"),
    "address": N_("Address"),
    "legal_representative": N_("Legal representative"),
    "secretary_general": N_("Secretary-general"),
    "phone": N_("Phone"),
    "language": N_("Language"),
    "first_fiscal_year": N_("First fiscal year"),
}


@dataclass
class BookSettings:
    name: str = ""
    credit_code: str = ""
    registration_number: str = ""
    registration_date: date | None = None
    registration_authority: str = ""
    supervising_department: str = ""
    address: str = ""
    legal_representative: str = ""
    secretary_general: str = ""
    phone: str = ""
    language: str = "zh_CN"
    first_fiscal_year: int = date.today().year

    def to_dict(self) -> dict:
        d = asdict(self)
        d["registration_date"] = self.registration_date.isoformat() if self.registration_date else ""
        return d


def label(key: str) -> str:
    return _(LABELS.get(key, key))


def get_value(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Setting, key)
    return row.value if row is not None else default


def set_value(session: Session, key: str, value: str) -> None:
    """Write one preference; joins the caller's transaction."""
    with transaction(session):
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=str(value)))
        else:
            row.value = str(value)


def get_settings(session: Session) -> BookSettings:
    rows = dict(session.execute(select(Setting.key, Setting.value)).all())
    s = BookSettings()
    for f in fields(BookSettings):
        raw = rows.get(f.name)
        if raw is None:
            continue
        if f.name == "registration_date":
            s.registration_date = date.fromisoformat(raw) if raw else None
        elif f.name == "first_fiscal_year":
            s.first_fiscal_year = int(raw)
        else:
            setattr(s, f.name, raw)
    return s


def validate_settings(values: dict) -> dict:
    """Check and normalize settings values; raise one DomainError listing every bad field."""
    problems: list[Problem] = []
    out: dict = {}
    known = {f.name for f in fields(BookSettings)}
    for key, raw in values.items():
        if key not in known:
            raise ValueError(f"unknown setting {key}")
        value = raw.strip() if isinstance(raw, str) else raw
        try:
            if key == "name":
                if not value:
                    raise DomainError(_("the association's name is required"), field=label(key))
                if len(value) > 200:
                    raise DomainError(_("at most 200 characters"), field=label(key))
            elif key == "credit_code" and value:
                value = check_uscc(value, label(key))
            elif key == "phone" and value:
                value = check_phone(value, label(key))
            elif key == "registration_date":
                if value:
                    value = parse_date(value, label(key))
                    if value > date.today():
                        raise DomainError(_("the registration date cannot be in the future"), field=label(key))
                else:
                    value = None
            elif key == "language":
                if value not in LANGUAGES:
                    raise DomainError(_("unknown language {lang}").format(lang=value), field=label(key))
            elif key == "first_fiscal_year":
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise DomainError(_("a year such as 2026"), field=label(key)) from None
                if not 1980 <= value <= 2100:
                    raise DomainError(_("a year between 1980 and 2100"), field=label(key))
        except DomainError as exc:
            problems.append(Problem(exc.message, field=exc.field))
            continue
        out[key] = value
    if problems:
        raise DomainError(_("The settings were not saved."), problems=problems)
    return out


def update_settings(session: Session, **values) -> Changes:
    """Validate then save book settings in one transaction; nothing is written when a field is bad."""
    clean = validate_settings(values)
    with transaction(session):
        for key, value in clean.items():
            if key == "registration_date":
                value = value.isoformat() if value else ""
            set_value(session, key, "" if value is None else str(value))
    return Changes({"settings"})
