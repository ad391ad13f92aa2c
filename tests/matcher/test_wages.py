"""OEWS wage lookups: area resolution and the metro → state → national and SOC fallbacks."""

import pytest

from matcher.wages import WageTable, broader_socs, load_wages


@pytest.fixture(scope="module")
def wages() -> WageTable:
    return load_wages()


def test_national_figures(wages: WageTable) -> None:
    stats = wages.lookup("53-7051")
    assert stats is not None
    assert stats.area_level == "national" and stats.area_name == "National"
    assert stats.median_hourly == 22.32
    assert (stats.p10_hourly, stats.p25_hourly, stats.p75_hourly, stats.p90_hourly) == (
        17.71,
        19.24,
        26.33,
        30.06,
    )


def test_state_code_and_state_name(wages: WageTable) -> None:
    by_code = wages.lookup("53-7051.00", region="WA")
    assert by_code is not None
    assert (by_code.area_name, by_code.area_level, by_code.median_hourly) == (
        "Washington",
        "state",
        24.0,
    )
    assert wages.lookup("53-7051", region="washington") == by_code


def test_metro_name_is_most_specific(wages: WageTable) -> None:
    stats = wages.lookup("53-7051", region="Seattle, WA")
    assert stats is not None
    assert stats.area_name == "Seattle-Tacoma-Bellevue, WA" and stats.area_level == "metro"
    assert stats.median_hourly == 26.73
    assert wages.areas_for("Seattle, WA") == ["0042660", "5300000"]


def test_area_code(wages: WageTable) -> None:
    stats = wages.lookup("29-1141", area_code="0042660")
    assert stats is not None and stats.area_code == "0042660"
    assert stats.median_hourly == 61.66


def test_unknown_region_falls_back_to_national(wages: WageTable) -> None:
    stats = wages.lookup("53-7051", region="Atlantis")
    assert stats is not None and stats.area_level == "national"


def test_area_missing_the_occupation_falls_back_to_state(wages: WageTable) -> None:
    # Farm managers (11-9013) are published for Washington but not for the Seattle metro.
    stats = wages.lookup("11-9013", region="Seattle, WA")
    assert stats is not None
    assert (stats.area_name, stats.soc, stats.median_hourly) == ("Washington", "11-9013", 49.64)


def test_missing_detailed_soc_falls_back_to_broader_group(wages: WageTable) -> None:
    assert broader_socs("53-7051") == ["53-7051", "53-7050", "53-7000"]
    stats = wages.lookup("53-7059")
    assert stats is not None
    assert stats.soc == "53-7000" and stats.median_hourly == 18.75


def test_annual_only_occupations_get_hourly_from_annual(wages: WageTable) -> None:
    stats = wages.lookup("25-2021", region="WA")
    assert stats is not None and stats.from_annual
    assert stats.median_hourly is not None and 30 < stats.median_hourly < 80


def test_unknown_codes(wages: WageTable) -> None:
    assert wages.lookup("99-9999") is None
    assert wages.lookup("not a code") is None
