"""Amounts in Chinese capitals (大写金额) for receipts and vouchers (DOMAIN.md §2).

``rmb_capitals(Decimal("12345.67"))`` → ``壹万贰仟叁佰肆拾伍元陆角柒分``. The rules are those of
《正确填写票据和结算凭证的基本规定》 as DOMAIN.md §2 states them:

* whole yuan end in 整 (``10.00`` → 壹拾元整); an amount ending in 分 has no 整; one ending in 角
  may go either way — we write none (cn2an's choice, ``0.50`` → 伍角);
* a run of zeros inside the number reads one 零 (``1002.05`` → 壹仟零贰元零伍分; ``100001`` →
  壹拾万零壹元整); a zero 角 before a non-zero 分 reads 零 (``1.05`` → 壹元零伍分);
* less than one yuan starts at the first non-zero unit, never with 零元 (``0.05`` → 伍分);
* zero is 零元整; a negative amount is prefixed 负.

``cn2an.an2cn(x, "rmb")`` does the conversion; :func:`_normalize` then repairs the few places
where cn2an versions have departed from the rules (a leading 零元/零, a doubled 零, a missing 整).
"""

from __future__ import annotations

import re
from decimal import Decimal

from secretariat_app.core.money import from_fen, to_fen
from secretariat_app.errors import DomainError
from secretariat_app.i18n import _

# cn2an handles at most 16 integer digits: just under 10 quadrillion yuan.
MAX_FEN = 10**18 - 1


def rmb_capitals(value: Decimal | int | str) -> str:
    """The amount in Chinese capitals. ``value`` is a ``Decimal`` (yuan, at most two decimals) or
    an ``int`` (fen, as stored in the book). Raises DomainError for more than two decimals or an
    amount too large to write."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError("money must be Decimal or int fen, never float")
    if isinstance(value, int):
        fen = value
    else:
        try:
            fen = to_fen(Decimal(value))
        except (ValueError, ArithmeticError):
            raise DomainError(_("not an amount in yuan and fen: {value}").format(value=value)) from None
    if abs(fen) > MAX_FEN:
        raise DomainError(_("the amount {value} is too large to write in capitals").format(value=from_fen(fen)))
    if fen == 0:
        return "零元整"
    sign = "负" if fen < 0 else ""
    return sign + _normalize(_cn2an(abs(fen)), abs(fen))


def _cn2an(fen: int) -> str:
    import cn2an

    text = f"{from_fen(fen):.2f}"
    return cn2an.an2cn(text, "rmb")


def _normalize(text: str, fen: int) -> str:
    """Repair cn2an output so that it follows the rules above (for a positive amount)."""
    text = text.replace("负", "").replace("正", "整")
    text = re.sub("零+", "零", text)
    # No zero right before a unit word (壹拾零元 → 壹拾元), nor at the very start (零元伍分 → 伍分).
    text = re.sub("零(?=[元万亿])", "", text)
    yuan, jiao_fen = divmod(fen, 100)
    if yuan == 0:
        text = re.sub("^[零元]+", "", text)
    if jiao_fen == 0:
        if not text.endswith("整"):
            text = text.rstrip("零") + ("" if text.endswith("元") else "元") + "整"
    elif jiao_fen % 10:  # ends in 分: no 整
        text = text.removesuffix("整")
    else:  # ends in 角
        text = text.removesuffix("整")
    if jiao_fen and yuan and jiao_fen < 10 and "元零" not in text:
        # 壹元伍分 → 壹元零伍分: a zero 角 between yuan and 分 must be read.
        text = text.replace("元", "元零", 1)
    return text
