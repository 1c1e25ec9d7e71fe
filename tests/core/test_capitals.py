"""Amounts in Chinese capitals (DOMAIN.md §2)."""

import random
import re
from decimal import Decimal

import pytest

from secretariat_app.core.capitals import _normalize, rmb_capitals
from secretariat_app.errors import DomainError

CASES = [
    ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
    ("0.05", "伍分"),
    ("0.01", "壹分"),
    ("0.10", "壹角"),
    ("0.50", "伍角"),
    ("0.55", "伍角伍分"),
    ("0.00", "零元整"),
    ("1.00", "壹元整"),
    ("1.05", "壹元零伍分"),
    ("10.00", "壹拾元整"),
    ("10.50", "壹拾元伍角"),
    ("20.00", "贰拾元整"),
    ("30.03", "叁拾元零叁分"),
    ("105", "壹佰零伍元整"),
    ("1000.00", "壹仟元整"),
    ("1002.05", "壹仟零贰元零伍分"),
    ("1002", "壹仟零贰元整"),
    ("1010.10", "壹仟零壹拾元壹角"),
    ("20000.02", "贰万元零贰分"),
    ("100000.00", "壹拾万元整"),
    ("100001.00", "壹拾万零壹元整"),
    ("100100.00", "壹拾万零壹佰元整"),
    ("110000", "壹拾壹万元整"),
    ("1100100.00", "壹佰壹拾万零壹佰元整"),
    ("10010000", "壹仟零壹万元整"),
    ("10000000.01", "壹仟万元零壹分"),
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("1000010000", "壹拾亿零壹万元整"),
    ("1010101010.10", "壹拾亿壹仟零壹拾万壹仟零壹拾元壹角"),
    ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
]


@pytest.mark.parametrize("amount,expected", CASES)
def test_known_amounts(amount, expected):
    assert rmb_capitals(Decimal(amount)) == expected


def test_int_is_fen():
    assert rmb_capitals(1234567) == "壹万贰仟叁佰肆拾伍元陆角柒分"
    assert rmb_capitals(5) == "伍分"
    assert rmb_capitals(0) == "零元整"
    assert rmb_capitals(100_000_00) == "壹拾万元整"


def test_negative_amounts():
    assert rmb_capitals(Decimal("-12.30")) == "负壹拾贰元叁角"
    assert rmb_capitals(-5) == "负伍分"
    assert rmb_capitals(Decimal("-100")) == "负壹佰元整"


def test_string_and_trailing_zeros():
    assert rmb_capitals("1002.050") == "壹仟零贰元零伍分"
    assert rmb_capitals(Decimal("1E+3")) == "壹仟元整"


def test_refusals():
    with pytest.raises(TypeError):
        rmb_capitals(1.5)  # type: ignore[arg-type]
    with pytest.raises(DomainError):
        rmb_capitals(Decimal("1.005"))
    with pytest.raises(DomainError):
        rmb_capitals("abc")
    with pytest.raises(DomainError):
        rmb_capitals(Decimal("10000000000000000"))


def test_normalize_repairs_old_cn2an_habits():
    assert _normalize("零元伍分", 5) == "伍分"
    assert _normalize("壹拾元", 1000) == "壹拾元整"
    assert _normalize("壹拾", 1000) == "壹拾元整"
    assert _normalize("壹仟零零贰元伍分", 100205) == "壹仟零贰元零伍分"
    assert _normalize("壹佰元伍角整", 10050) == "壹佰元伍角"
    assert _normalize("壹元正", 100) == "壹元整"


# ---- every amount reads back to itself ----------------------------------------------------

DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def _read_section(text: str) -> int:
    total, digit = 0, 0
    for ch in text:
        if ch in DIGIT:
            digit = DIGIT[ch]
        elif ch in SMALL:
            total += (digit or 1) * SMALL[ch]
            digit = 0
    return total + digit


def read_capitals(text: str) -> int:
    """Parse capitals back into fen (a reference reader independent of cn2an)."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负").removesuffix("整")
    yuan_part, _, rest = text.partition("元") if "元" in text else ("", "", text)
    fen = 0
    m = re.search("(.)角", rest)
    if m:
        fen += DIGIT[m.group(1)] * 10
    m = re.search("(.)分", rest)
    if m:
        fen += DIGIT[m.group(1)]
    return sign * (_read_int(yuan_part) * 100 + fen)


def _read_int(text: str) -> int:
    for unit, factor in (("亿", 10**8), ("万", 10**4)):
        if unit in text:
            head, tail = text.split(unit, 1)
            return _read_int(head) * factor + _read_int(tail)
    return _read_section(text)


def test_random_amounts_follow_the_rules():
    rng = random.Random(20261125)
    amounts = [rng.choice([rng.randrange(0, 10**k) for k in (2, 3, 5, 7, 9, 12, 16)]) for _ in range(3000)]
    # Zero-rich numbers exercise the 零 rule.
    amounts += [int("".join(rng.choice("0000000123") for _ in range(rng.randrange(1, 16))) or "0")
                for _ in range(2000)]
    for fen in amounts:
        text = rmb_capitals(fen)
        assert read_capitals(text) == fen, (fen, text)
        assert fen == 0 or ("零零" not in text and not re.search("零[元万亿整角分]", text)), (fen, text)
        if fen:
            assert not text.startswith("零"), (fen, text)
        assert text.endswith("整") == (fen % 100 == 0), (fen, text)
        if fen % 100 and fen % 10 == 0:
            assert text.endswith("角")
        if fen >= 100 and fen % 100 and (fen % 100) < 10:
            assert "元零" in text, (fen, text)
