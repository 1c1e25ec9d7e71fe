"""Money: integer fen in the database, Decimal in Python, never float (STYLE.md convention 1)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")


def quantize(value: Decimal | int | str) -> Decimal:
    """Decimal rounded half-up to 0.01."""
    if isinstance(value, float):  # guard: money is never a float
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_fen(value: Decimal | int | str) -> int:
    """Exact conversion to integer fen; refuses more than two decimals."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    d = Decimal(value)
    fen = d * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"more than two decimals: {value}")
    return int(fen)


def from_fen(fen: int) -> Decimal:
    """Integer fen to a Decimal with exactly two decimals."""
    return (Decimal(int(fen)) / 100).quantize(CENT)


def parse_amount(text: str | Decimal | int, *, field: str | None = None,
                 allow_zero: bool = False, allow_negative: bool = False) -> int:
    """Parse a user-entered amount ("1,234.50", "1234.5", "¥12") into fen.

    Raises DomainError (naming ``field``) for anything that is not a number with at most two
    decimals, or a non-positive amount unless allowed.
    """
    from secretariat_app.errors import DomainError
    from secretariat_app.i18n import _

    if isinstance(text, float):
        raise TypeError("money must not be a float")
    raw = str(text).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    if not raw:
        raise DomainError(_("an amount is required"), field=field)
    try:
        d = Decimal(raw)
    except InvalidOperation:
        raise DomainError(_("not an amount: {text}").format(text=text), field=field) from None
    if not d.is_finite():
        raise DomainError(_("not an amount: {text}").format(text=text), field=field)
    exponent = d.as_tuple().exponent  # an int: d is finite
    if isinstance(exponent, int) and exponent < -2 and d != d.quantize(CENT):
        raise DomainError(_("an amount has at most two decimals: {text}").format(text=text), field=field)
    fen = int((d * 100).to_integral_value())
    if fen == 0 and not allow_zero:
        raise DomainError(_("the amount must be greater than zero"), field=field)
    if fen < 0 and not allow_negative:
        raise DomainError(_("the amount must be greater than zero"), field=field)
    return fen


def fen_str(fen: int) -> str:
    """The JSON form of CLI.md: a string with exactly two decimals ("1234.50", "-3.00")."""
    return f"{from_fen(fen):.2f}"
