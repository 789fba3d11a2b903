"""GB 32100-2015: the unified social credit code's check character."""

import pytest

from jiesu.enterprise.credit_code import check_character, is_valid, normalise


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B"])
def test_published_codes_are_valid(code):
    assert is_valid(code)


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y44", "wrong check character"),
        ("91350100M000100Y4", "17 characters"),
        ("91350100M000100Y433", "19 characters"),
        ("91350100I000100Y43", "I is not in the alphabet"),
        ("913501A0M000100Y43", "region code not digits"),
        ("", "empty"),
    ],
)
def test_wrong_codes_are_refused(code, why):
    assert not is_valid(code), why


def test_the_check_character_can_be_zero_or_a_letter():
    # then: the last character is computed from the first 17
    assert check_character("91350100M000100Y4") == "3"
    assert check_character("91110000802100433") == "B"
    assert normalise(" 91110000802100433b ") == "91110000802100433B"
