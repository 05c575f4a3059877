"""Validators for Chinese identifiers, each naming exactly what is wrong.

- 居民身份证号: GB 11643-1999 (18 characters, ISO 7064 MOD 11-2 check character, a real birth date).
- 统一社会信用代码: GB 32100-2015 (18 characters from a 31-character set, MOD 31 check character).
- Mainland mobile numbers: 11 digits starting 13–19 (an optional +86 / 86 prefix is accepted and dropped).

Every function raises ``django.core.exceptions.ValidationError`` with a message in Chinese (translated to
English by the ``en`` catalogue) and returns the normalised value.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# --- 居民身份证号 (GB 11643) ---------------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# GB/T 2260 province-level codes (the first two digits of every mainland ID number).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def id_number_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Return the normalised 18-character ID number, or raise with the reason."""
    raw = (value or "").strip().replace(" ", "")
    number = raw.upper()
    if len(number) != 18:
        raise ValidationError(
            _("居民身份证号应为18位，当前为%(n)d位。") % {"n": len(number)}, code="id_length"
        )
    if not number[:17].isdigit():
        raise ValidationError(_("居民身份证号前17位必须是数字。"), code="id_digits")
    if not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_("居民身份证号最后一位必须是数字或 X。"), code="id_last_char")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("居民身份证号前两位 %(code)s 不是有效的省级行政区划代码。") % {"code": number[:2]},
            code="id_region",
        )
    birth = id_number_birth_date(number)
    if birth is None:
        raise ValidationError(
            _("居民身份证号中的出生日期 %(digits)s 不是有效日期。") % {"digits": number[6:14]},
            code="id_birth_date",
        )
    today = today or datetime.date.today()
    if birth > today or birth < EARLIEST_BIRTH:
        raise ValidationError(
            _("居民身份证号中的出生日期 %(date)s 不在合理范围内。") % {"date": birth.isoformat()},
            code="id_birth_range",
        )
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _("居民身份证号校验位错误：按 GB 11643 应为 %(expected)s，实际为 %(actual)s。")
            % {"expected": expected, "actual": number[17]},
            code="id_check_char",
        )
    return number


def id_number_birth_date(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def id_number_gender(number: str) -> str:
    """'M' or 'F' from the 17th digit (odd: male)."""
    return "M" if int(number[16]) % 2 == 1 else "F"


# --- 统一社会信用代码 (GB 32100) -------------------------------------------------------------

CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_VALUES = {c: i for i, c in enumerate(CREDIT_CHARS)}


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_VALUES[c] * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    code = (value or "").strip().replace(" ", "").upper()
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为18位，当前为%(n)d位。") % {"n": len(code)}, code="credit_length"
        )
    bad = [(i + 1, c) for i, c in enumerate(code) if c not in CREDIT_VALUES]
    if bad:
        pos, char = bad[0]
        raise ValidationError(
            _("统一社会信用代码第%(pos)d位“%(char)s”不是允许的字符（不得使用 I、O、Z、S、V）。")
            % {"pos": pos, "char": char},
            code="credit_char",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("统一社会信用代码第3–8位应为行政区划代码（6位数字），当前为 %(part)s。") % {"part": code[2:8]},
            code="credit_region",
        )
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：按 GB 32100 应为 %(expected)s，实际为 %(actual)s。")
            % {"expected": expected, "actual": code[17]},
            code="credit_check_char",
        )
    return code


# --- mobile phone ------------------------------------------------------------------------

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def validate_mobile(value: str) -> str:
    phone = re.sub(r"[\s\-()]", "", value or "")
    if phone.startswith("+86"):
        phone = phone[3:]
    elif phone.startswith("86") and len(phone) == 13:
        phone = phone[2:]
    if not phone.isdigit():
        raise ValidationError(_("手机号只能包含数字。"), code="mobile_digits")
    if len(phone) != 11:
        raise ValidationError(
            _("手机号应为11位数字，当前为%(n)d位。") % {"n": len(phone)}, code="mobile_length"
        )
    if not MOBILE_RE.match(phone):
        raise ValidationError(
            _("手机号 %(phone)s 不是有效的中国大陆手机号（应以13–19开头）。") % {"phone": phone},
            code="mobile_prefix",
        )
    return phone


def validate_landline_or_mobile(value: str) -> str:
    """Contact phones on official forms may be landlines (0571-87056297) or mobiles."""
    text = (value or "").strip()
    if re.fullmatch(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?", text):
        return text
    return validate_mobile(text)


# --- Django field validators -------------------------------------------------------------


def id_number_validator(value: str) -> None:
    validate_id_number(value)


def credit_code_validator(value: str) -> None:
    validate_credit_code(value)


def mobile_validator(value: str) -> None:
    validate_mobile(value)


def contact_phone_validator(value: str) -> None:
    validate_landline_or_mobile(value)
