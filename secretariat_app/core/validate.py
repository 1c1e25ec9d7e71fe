"""Checks of identifiers, phone numbers and dates (DOMAIN.md §1), raising translated errors.

Each ``check_*`` returns the normalized value or raises ``DomainError`` naming ``field``.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code (3–4 digits starting with 0) and a 7–8 digit number, optional extension.
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def check_uscc(value: str, field: str | None = None) -> str:
    """Unified social credit code, GB 32100-2015: 18 characters with a check character."""
    field = field or _("Unified social credit code")
    code = uscc.compact(value or "")
    try:
        return uscc.validate(code)
    except InvalidLength:
        raise DomainError(_("a unified social credit code has 18 characters"), field=field) from None
    except InvalidChecksum:
        raise DomainError(_("the check character of the credit code {code} is wrong").format(code=code), field=field) from None
    except (InvalidFormat, InvalidComponent, ValidationError):
        raise DomainError(_("{code} is not a valid unified social credit code").format(code=code), field=field) from None


def check_ric(value: str, field: str | None = None) -> str:
    """Resident ID number, GB 11643-1999: 17 digits, an ISO 7064 MOD 11-2 check character and a
    real birth date. The area code is *not* checked: stdnum's area check refuses real IDs of people
    born before their district's code was assigned (python-stdnum #442, DOMAIN.md §1)."""
    field = field or _("ID number")
    number = ric.compact(value or "")
    if len(number) != 18:
        raise DomainError(_("an ID number has 18 characters"), field=field)
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise DomainError(_("{number} is not a valid ID number").format(number=number), field=field)
    if ric.calc_check_digit(number) != number[17]:
        raise DomainError(_("the check digit of the ID number {number} is wrong").format(number=number), field=field)
    try:
        born = ric.get_birth_date(number)
    except (InvalidComponent, ValueError):
        raise DomainError(_("the ID number {number} has an impossible birth date").format(number=number), field=field) from None
    if born > date.today() or born.year < 1880:
        raise DomainError(_("the ID number {number} has an impossible birth date").format(number=number), field=field)
    return number


def check_phone(value: str, field: str | None = None) -> str:
    """An 11-digit mobile number or an area-code landline (010-12345678)."""
    field = field or _("Phone")
    raw = re.sub(r"[\s()（）]", "", value or "")
    if raw.startswith("+86"):
        raw = raw[3:]
    if MOBILE_RE.match(raw) or LANDLINE_RE.match(raw):
        return raw
    raise DomainError(_("{phone} is neither an 11-digit mobile number nor an area-code landline").format(phone=value), field=field)


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def parse_date(value: str | date | datetime | None, field: str | None = None) -> date:
    """A date typed by a person or found in a file: 2023-02-14, 2023/2/14, 2023年2月14日, or a date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        raise DomainError(_("a date is required"), field=field)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if re.match(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?$", text):
        raise DomainError(_("{text} is an impossible date").format(text=text), field=field)
    raise DomainError(_("{text} is not a date (write it as 2023-02-14)").format(text=text), field=field)


def mask_id(number: str | None) -> str:
    """``610402********1234`` — personal data in copies meant for others (PIPL)."""
    if not number:
        return ""
    if len(number) <= 10:
        return number[:2] + "*" * max(0, len(number) - 4) + number[-2:]
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """``139****5678``."""
    if not phone:
        return ""
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return phone[:2] + "*" * max(0, len(phone) - 4) + phone[-2:]
