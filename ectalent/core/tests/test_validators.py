"""居民身份证号 (GB 11643), 统一社会信用代码 (GB 32100) and mainland mobile numbers.

The check characters are computed here independently of ``ectalent.core.validators`` (weights derived from the
standards' formulas, not copied from the module), so a wrong table in the module cannot hide behind itself.
"""

import datetime
import random
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from ectalent.core import validators
from ectalent.core.validators import (
    id_number_birth_date,
    id_number_gender,
    validate_credit_code,
    validate_id_number,
    validate_landline_or_mobile,
    validate_mobile,
)
from ectalent.registry import fake

# --- independent reference implementations ------------------------------------------------

# GB 11643-1999 / ISO 7064 MOD 11-2: weight of position i (1-based from the left, 18 positions) is 2^(18-i) mod 11.
GB11643_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]


def gb11643_check(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, GB11643_WEIGHTS))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


# GB 32100-2015: 31 characters (no I, O, Z, S, V); weight of position i (0-based) is 3^i mod 31.
GB32100_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
GB32100_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def gb32100_check(first17: str) -> str:
    total = sum(GB32100_CHARS.index(c) * w for c, w in zip(first17, GB32100_WEIGHTS))
    return GB32100_CHARS[(31 - total % 31) % 31]


def with_id_check(first17: str) -> str:
    return first17 + gb11643_check(first17)


def with_credit_check(first17: str) -> str:
    return first17 + gb32100_check(first17)


def message_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def test_reference_weights_are_the_published_tables():
    assert GB11643_WEIGHTS == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    assert GB32100_WEIGHTS == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


# --- 居民身份证号: valid ------------------------------------------------------------------------

VALID_IDS = [
    # The published example of GB 11643 (北京朝阳, born 1949-12-31, female, check char X).
    ("11010519491231002X", datetime.date(1949, 12, 31), "F"),
    # Computed here: 义乌 330782, 婺城 330702, 杭州上城 330102, 苏州姑苏 320508, 楚雄 532301.
    (with_id_check("33078219900517001"), datetime.date(1990, 5, 17), "M"),
    (with_id_check("33070220000229002"), datetime.date(2000, 2, 29), "F"),
    (with_id_check("33010219751231123"), datetime.date(1975, 12, 31), "M"),
    (with_id_check("32050819880101004"), datetime.date(1988, 1, 1), "F"),
    (with_id_check("53230119660606009"), datetime.date(1966, 6, 6), "M"),
]


@pytest.mark.parametrize("number, birth, gender", VALID_IDS)
def test_valid_id_numbers_are_accepted_with_birth_date_and_gender(number, birth, gender):
    assert validate_id_number(number) == number
    assert id_number_birth_date(number) == birth
    assert id_number_gender(number) == gender


def test_published_example_check_chars_agree_with_reference():
    assert gb11643_check("11010519491231002") == "X"
    assert gb11643_check("44052418800101001") == "4"
    assert validators.id_number_check_char("11010519491231002") == "X"
    assert validators.id_number_check_char("44052418800101001") == "4"


def test_published_1880_example_has_right_check_char_but_is_refused_for_birth_before_1900():
    """440524188001010014 (GB 11643's own example) is arithmetically valid, but the platform refuses births
    before 1900-01-01 (``EARLIEST_BIRTH``) — a deliberate plausibility rule, reported for a decision."""
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("440524188001010014")
    assert "出生日期" in message_of(excinfo)
    assert "校验位" not in message_of(excinfo)


def test_lowercase_x_is_accepted_and_normalised_to_uppercase():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


def test_surrounding_and_inner_spaces_are_dropped():
    assert validate_id_number("  110105 19491231 002X ") == "11010519491231002X"


def test_birth_date_today_is_accepted_and_tomorrow_refused():
    today = datetime.date(2024, 3, 1)
    born_today = with_id_check(f"330782{today:%Y%m%d}001")
    assert validate_id_number(born_today, today=today) == born_today
    tomorrow = today + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(with_id_check(f"330782{tomorrow:%Y%m%d}001"), today=today)
    assert "出生日期" in message_of(excinfo)


@given(
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)),
    gender=st.sampled_from("MF"),
    county=st.sampled_from(["330782", "330702", "330102", "320508", "532301", "110105"]),
    seed=st.integers(0, 10_000),
)
@settings(max_examples=60, deadline=None)
def test_generated_id_numbers_pass_and_any_other_check_char_fails(birth, gender, county, seed):
    number = fake.id_number(random.Random(seed), county, birth, gender)
    assert number[-1] == gb11643_check(number[:17])
    assert validate_id_number(number) == number
    assert id_number_birth_date(number) == birth
    assert id_number_gender(number) == gender
    wrong = next(c for c in "0123456789X" if c != number[-1])
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number[:17] + wrong)
    assert "校验位" in message_of(excinfo)


# --- 居民身份证号: invalid ----------------------------------------------------------------------


def test_wrong_check_char_is_refused_naming_the_expected_one():
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number("110105194912310021")
    msg = message_of(excinfo)
    assert "校验位" in msg
    assert "X" in msg  # the expected check character is named
    assert excinfo.value.code == "id_check_char"


@pytest.mark.parametrize("number, n", [("11010519491231002", 17), ("11010519491231002X1", 19), ("", 0)])
def test_wrong_length_is_refused(number, n):
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    msg = message_of(excinfo)
    assert "18位" in msg and f"{n}位" in msg


@pytest.mark.parametrize("number", ["1101051949123100AX", "A1010519491231002X", "11010519491231002Y", "11010519491231002-"])
def test_letters_in_id_number_are_refused(number):
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    msg = message_of(excinfo)
    assert "居民身份证号" in msg
    assert ("数字" in msg) or ("X" in msg)


@pytest.mark.parametrize("digits", ["19990230", "19991301", "19990000", "20230229"])
def test_impossible_birth_date_is_refused(digits):
    number = with_id_check(f"330782{digits}001")  # right check char: only the date is wrong
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    msg = message_of(excinfo)
    assert "出生日期" in msg and digits in msg
    assert excinfo.value.code == "id_birth_date"


def test_future_birth_date_is_refused():
    future = datetime.date.today() + datetime.timedelta(days=400)
    number = with_id_check(f"330782{future:%Y%m%d}001")
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    assert "出生日期" in message_of(excinfo)
    assert excinfo.value.code == "id_birth_range"


@pytest.mark.parametrize("province", ["00", "99", "20", "84"])
def test_unknown_province_code_is_refused(province):
    number = with_id_check(f"{province}078219900517001")
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number)
    msg = message_of(excinfo)
    assert "行政区划代码" in msg and province in msg


def test_id_messages_are_chinese():
    for bad in ("110105194912310021", "123", "33078219990230001X"):
        with pytest.raises(ValidationError) as excinfo:
            validate_id_number(bad)
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in excinfo.value.messages)


# --- 统一社会信用代码 ----------------------------------------------------------------------------

PUBLISHED_CREDIT_CODES = [
    "91330100716105852F",  # the brief's example (杭州)
    "91330100799655058B",  # 阿里巴巴（中国）有限公司
    "9144030071526726XG",  # 深圳市腾讯计算机系统有限公司
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes_are_accepted(code):
    assert gb32100_check(code[:17]) == code[-1]
    assert validate_credit_code(code) == code


@pytest.mark.parametrize("first17", ["52330782MJ8765432", "11330000002482061", "91320508MA1XYW123", "12532301431234567"])
def test_computed_credit_codes_are_accepted(first17):
    code = with_credit_check(first17)
    assert validate_credit_code(code) == code


def test_lowercase_credit_code_is_normalised():
    assert validate_credit_code("91330100716105852f") == "91330100716105852F"


@given(seed=st.integers(0, 10_000), region=st.sampled_from(["330782", "330000", "320508", "532300"]),
       prefix=st.sampled_from(["91", "52", "11", "12"]))
@settings(max_examples=60, deadline=None)
def test_generated_credit_codes_pass_and_any_other_check_char_fails(seed, region, prefix):
    code = fake.credit_code(random.Random(seed), region, prefix)
    assert code[-1] == gb32100_check(code[:17])
    assert validate_credit_code(code) == code
    wrong = next(c for c in GB32100_CHARS if c != code[-1])
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code[:17] + wrong)
    assert "校验位" in message_of(excinfo)


def test_credit_code_with_wrong_check_char_is_refused_naming_expected():
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code("91330100716105852G")
    msg = message_of(excinfo)
    assert "校验位" in msg and "F" in msg
    assert excinfo.value.code == "credit_check_char"


@pytest.mark.parametrize("char", ["I", "O", "Z", "S", "V"])
def test_credit_code_with_forbidden_letter_is_refused(char):
    code = "91330100" + char + "16105852F"
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    msg = message_of(excinfo)
    assert "不是允许的字符" in msg and "第9位" in msg and char in msg


@pytest.mark.parametrize("code, n", [("91330100716105852", 17), ("91330100716105852FF", 19)])
def test_credit_code_with_wrong_length_is_refused(code, n):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    msg = message_of(excinfo)
    assert "18位" in msg and f"{n}位" in msg


def test_credit_code_with_letters_in_region_part_is_refused():
    code = with_credit_check("9133A100716105852")
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert "行政区划代码" in message_of(excinfo)


# --- mobile phones ------------------------------------------------------------------------


@pytest.mark.parametrize("raw, normalised", [
    ("13800138000", "13800138000"),
    ("+86 138 0013 8000", "13800138000"),
    ("+8613800138000", "13800138000"),
    ("8613800138000", "13800138000"),
    ("138-0013-8000", "13800138000"),
    ("19912345678", "19912345678"),
])
def test_good_mobiles_are_accepted_and_normalised(raw, normalised):
    assert validate_mobile(raw) == normalised


def test_mobile_with_invalid_prefix_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_mobile("12345678901")
    msg = message_of(excinfo)
    assert "手机号" in msg and "12345678901" in msg


@pytest.mark.parametrize("raw, n", [("1380013800", 10), ("138001380001", 12)])
def test_mobile_with_wrong_length_is_refused(raw, n):
    with pytest.raises(ValidationError) as excinfo:
        validate_mobile(raw)
    msg = message_of(excinfo)
    assert "11位" in msg and f"{n}位" in msg


def test_mobile_with_letters_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        validate_mobile("1380013800a")
    assert "数字" in message_of(excinfo)


def test_contact_phone_accepts_landline_or_mobile():
    assert validate_landline_or_mobile("0571-87056297") == "0571-87056297"
    assert validate_landline_or_mobile("13800138000") == "13800138000"
    with pytest.raises(ValidationError):
        validate_landline_or_mobile("12345")


def test_fake_mobiles_pass():
    rng = random.Random(7)
    for _ in range(200):
        phone = fake.mobile(rng)
        assert validate_mobile(phone) == phone


# --- languages ----------------------------------------------------------------------------

EN_CATALOGUE = Path(validators.__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.mo"


def test_messages_are_chinese_by_default():
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as excinfo:
            validate_id_number("110105194912310021")
    assert "校验位" in message_of(excinfo)


@pytest.mark.skipif(not EN_CATALOGUE.exists(), reason="English catalogue not compiled yet (ectalent/locale/en)")
def test_messages_are_english_when_english_is_active():
    with translation.override("en"):
        with pytest.raises(ValidationError) as excinfo:
            validate_id_number("110105194912310021")
        msg = message_of(excinfo)
    assert "校验位" not in msg
    assert "check" in msg.lower()
