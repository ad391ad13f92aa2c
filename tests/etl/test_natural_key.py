from hypothesis import given
from hypothesis import strategies as st

from etl.normalize.natural_key import natural_key


def test_natural_key_ignores_case_spacing_and_punctuation() -> None:
    assert natural_key("ACME  Inc.", "Welding I", "Newark, NJ") == natural_key("acme inc", "welding i", "newark nj")


def test_natural_key_differs_by_provider_name_or_place() -> None:
    base = natural_key("Acme", "Welding", "Newark")
    assert base != natural_key("Acme", "Welding", "Trenton")
    assert base != natural_key("Acme", "Plumbing", "Newark")
    assert base != natural_key("Other", "Welding", "Newark")
    assert base.startswith("nk:") and len(base) == 27


@given(st.text(), st.text(), st.text())
def test_natural_key_is_stable_and_fits_a_source_id(provider: str, name: str, place: str) -> None:
    key = natural_key(provider, name, place)
    assert key == natural_key(provider, name, place)
    assert len(key) <= 200
