"""身份证号 (GB 11643-1999) and 统一社会信用代码 (GB 32100-2015) validation.

Each failure carries a plain Chinese message that a counter clerk can read aloud.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９ｘＸＡＢＣＤＥＦＧＨＪＫＬＭＮＰＱＲＴＵＷＸＹ",
    "0123456789XXABCDEFGHJKLMNPQRTUWXY",
)


class InvalidIdentifier(ValueError):
    """A malformed identity number; ``str(exc)`` is the Chinese message for the user."""


@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: date
    gender: str  # "male" | "female": from digit 17, used by the policy engine only
    region_code: str


def _ascii_digits(raw: str) -> str:
    """NFKC, then every decimal digit of any script as its ASCII digit: "١٢٣", "１２３" and
    "𝟏𝟐𝟑" are all 123, so one number is one person whatever keyboard typed it."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def normalise_id_number(raw: str) -> str:
    """Strip spaces, turn digits of any script and a lower-case x into the canonical form."""
    return re.sub(r"\s+", "", _ascii_digits(raw)).translate(_FULLWIDTH).upper()


def id_check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def parse_id_number(raw: str, *, today: date | None = None) -> IdCard:
    """Validate an 18-character 身份证号 and return what it encodes.

    Raises ``InvalidIdentifier`` with a message naming what is wrong: length, characters,
    birth date, or the check character (GB 11643: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
    sum mod 11 indexes "10X98765432").
    """
    number = normalise_id_number(raw)
    if not number:
        raise InvalidIdentifier("请填写身份证号")
    if len(number) != 18:
        raise InvalidIdentifier(f"身份证号应为 18 位，现在是 {len(number)} 位")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise InvalidIdentifier("身份证号前 17 位只能是数字，最后一位是数字或 X")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentifier("身份证号中的出生日期（第 7–14 位）不是有效日期") from None
    today = today or date.today()
    if birth > today or birth.year < 1900:
        raise InvalidIdentifier("身份证号中的出生日期（第 7–14 位）不在合理范围内")
    if id_check_character(number[:17]) != number[17]:
        raise InvalidIdentifier("身份证号校验位不正确，请核对每一位数字")
    gender = "male" if int(number[16]) % 2 == 1 else "female"
    return IdCard(number=number, birth_date=birth, gender=gender, region_code=number[:6])


def uscc_check_character(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def parse_uscc(raw: str) -> str:
    """Validate a 统一社会信用代码 (GB 32100) and return it in canonical form."""
    code = normalise_id_number(raw)
    if not code:
        raise InvalidIdentifier("请填写统一社会信用代码")
    if len(code) != 18:
        raise InvalidIdentifier(f"统一社会信用代码应为 18 位，现在是 {len(code)} 位")
    bad = sorted({c for c in code if c not in _USCC_ALPHABET})
    if bad:
        raise InvalidIdentifier(
            "统一社会信用代码含有不允许的字符：" + "、".join(bad) + "（不使用 I、O、Z、S、V）"
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise InvalidIdentifier("统一社会信用代码校验位不正确，请核对")
    return code


_PHONE_RE = re.compile(r"1[3-9][0-9]{9}")


def normalise_phone(raw: str) -> str:
    """Return an 11-digit mainland mobile number or raise ``InvalidIdentifier``."""
    phone = re.sub(r"[\s\-]", "", _ascii_digits(raw).translate(_FULLWIDTH))
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        raise InvalidIdentifier("请填写手机号")
    if not _PHONE_RE.fullmatch(phone):
        raise InvalidIdentifier("手机号应为 11 位数字，以 1 开头")
    return phone
