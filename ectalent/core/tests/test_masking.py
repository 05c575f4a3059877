"""Lists and exports show personal data masked; the masks keep just enough to tell records apart."""

import pytest

from ectalent.core.masking import mask_id_number, mask_name, mask_phone


def test_id_number_keeps_region_prefix_and_last_four():
    masked = mask_id_number("11010519491231002X")
    assert masked == "110105********002X"
    assert len(masked) == 18
    assert "19491231" not in masked  # the birth date is hidden


@pytest.mark.parametrize("value", [None, ""])
def test_empty_values_mask_to_empty(value):
    assert mask_id_number(value) == ""
    assert mask_phone(value) == ""
    assert mask_name(value) == ""


def test_short_id_like_value_is_fully_masked():
    assert mask_id_number("123456789") == "*********"


def test_mobile_keeps_first_three_and_last_four():
    assert mask_phone("13800138000") == "138****8000"


def test_landline_keeps_last_four_only_visible():
    masked = mask_phone("0571-87056297")
    assert masked == "0571-****6297"
    assert "8705" not in masked


def test_very_short_phone_is_fully_masked():
    assert mask_phone("1234") == "****"


@pytest.mark.parametrize("name, masked", [("张三丰", "张*丰"), ("李四", "李*"), ("欧阳娜娜", "欧**娜"), ("王", "王")])
def test_names_for_public_pages(name, masked):
    assert mask_name(name) == masked


def test_masks_never_contain_the_full_value():
    for value in ("33078219900517001X", "13912345678"):
        assert value not in mask_id_number(value)
        assert value not in mask_phone(value)
