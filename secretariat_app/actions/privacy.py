"""Personal data leaves the actions masked for every role without the right to see it (PIPL).

Personal data (DOMAIN.md §1, shared/CLI.md): ID numbers, mobile and phone numbers, and the
addresses of individuals. Actions mask records with ``mask_record`` before they return them (to a
table, ``show``, ``--json``, an export, a printed roll, a PDF) and free text such as audit-log
values with ``mask_text``; the front ends never mask anything themselves, so no front end can
forget to.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from secretariat_app.core.validate import mask_id, mask_phone

#: record field -> how it is masked; "address" only for individuals
ID_FIELDS = frozenset({"id_number"})
PHONE_FIELDS = frozenset({"mobile", "phone", "contact_phone", "contact_mobile"})
ADDRESS_FIELDS = frozenset({"address"})

_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)")


def mask_address(address: str | None) -> str:
    """The district stays (the first 6 characters), the street and number go: ``陕西省西安市****``."""
    if not address:
        return ""
    keep = min(6, max(0, len(address) - 2))
    return address[:keep] + "****"


def mask_value(field: str, value: Any, *, individual: bool = True) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if field in ID_FIELDS:
        return mask_id(value)
    if field in PHONE_FIELDS:
        return mask_phone(value)
    if field in ADDRESS_FIELDS and individual:
        return mask_address(value)
    return value


def mask_record(record: Mapping[str, Any], *, individual: bool | None = None) -> dict[str, Any]:
    """A copy of ``record`` with its personal fields masked.

    ``individual`` (default: ``record["kind"] == "individual"``) decides whether an address is
    personal; a corporate member's registered address is not."""
    if individual is None:
        individual = record.get("kind") == "individual"
    return {k: mask_value(k, v, individual=bool(individual)) for k, v in record.items()}


def mask_text(text: str | None) -> str:
    """Mask ID numbers and phone numbers wherever they appear in free text (audit values, notes)."""
    if not text:
        return text or ""
    text = _ID_RE.sub(lambda m: m.group(1) + "*" * 8 + m.group(3), text)
    text = _MOBILE_RE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return _LANDLINE_RE.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)


def is_full_identifier(text: str) -> bool:
    """Whether a search text is (or contains) a whole ID or phone number: confirming a guessed
    number is seeing it, so such a search needs the personal-data right."""
    t = re.sub(r"[\s-]", "", text or "")
    return bool(re.search(r"\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|0\d{9,11}", t))
