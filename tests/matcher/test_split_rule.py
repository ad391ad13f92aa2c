"""The split rule of issue 13: which occupations learning may see."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.split_rule import SplitRuleError, is_training_esco, is_training_soc, side_of_esco, side_of_soc


def test_soc_codes_ending_in_an_even_digit_are_training_and_odd_ones_reserved() -> None:
    assert is_training_soc("29-1142") is True
    assert is_training_soc("29-1141.00") is False
    assert is_training_soc("537062") is True
    assert side_of_soc("35-2014") == "training"
    assert side_of_soc("35-2021") == "reserved"


def test_esco_uuids_beginning_0_to_7_are_training_and_8_to_f_reserved() -> None:
    assert is_training_esco("http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34") is True
    assert is_training_esco("7fffffff-0000-0000-0000-000000000000") is True
    assert is_training_esco("80000000-0000-0000-0000-000000000000") is False
    assert side_of_esco("F0000000-0000-0000-0000-000000000000") == "reserved"


@pytest.mark.parametrize("code", ["", "29-114", "nurse", "29-1141-00"])
def test_codes_the_rule_cannot_place_are_refused_not_guessed(code: str) -> None:
    with pytest.raises(SplitRuleError, match="Not a 6-digit SOC code"):
        is_training_soc(code)


@given(st.uuids())
def test_every_esco_uuid_falls_on_exactly_the_side_its_first_hex_digit_says(uuid: object) -> None:
    text = str(uuid)
    assert is_training_esco(text) == (int(text[0], 16) < 8)


@given(st.integers(min_value=11, max_value=55), st.integers(min_value=0, max_value=9999))
def test_every_soc_code_falls_on_the_side_of_its_last_digit(major: int, minor: int) -> None:
    code = f"{major:02d}-{minor:04d}"
    assert is_training_soc(code) == (minor % 2 == 0)
