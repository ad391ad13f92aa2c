"""Issue 12, item 8: the scrubber catches spelled-out e-mail addresses, social-media handles, and shelter or
program names from a list an agency can extend, and still leaves ordinary work words alone."""

from pathlib import Path

import pytest

from models.privacy.recognizers import PLACE_NAMES_FILE, read_place_names
from models.privacy.scrub import Scrubber
from models.privacy.tools import PrivacyTools, PrivacyUnavailableError, load_privacy_tools


@pytest.fixture(scope="module")
def scrubber(privacy: PrivacyTools) -> Scrubber:
    return privacy.scrubber


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Reach her at maria dot g at gmail dot com after 5.", "maria dot g at gmail dot com"),
        ("Email: maria_g (at) yahoo (dot) com", "maria_g (at) yahoo (dot) com"),
        ("She writes from ana.m @ hotmail . com now.", "ana.m @ hotmail . com"),
        ("Her address is rosa at outlook dot com.", "rosa at outlook dot com"),
        ("Old mailbox jd 1990 [at] proton [dot] me", "1990 [at] proton [dot] me"),
    ],
)
def test_item8_scrubber_catches_spelled_out_email(scrubber: Scrubber, text: str, address: str) -> None:
    result = scrubber.scrub(text)
    assert address not in result.text and "[EMAIL]" in result.text, result.text
    assert "gmail" not in result.text and "yahoo" not in result.text and "hotmail" not in result.text


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("She messages her cousin from @maria_g_1990 most nights.", "maria_g_1990"),
        ("IG: mariag", "mariag"),
        ("on instagram maria.g.90 and tiktok rosa_la_reina", "maria.g.90"),
        ("on instagram maria.g.90 and tiktok rosa_la_reina", "rosa_la_reina"),
        ("profile at facebook.com/maria.gonzalez.77", "maria.gonzalez.77"),
        ("Her username is mg_1990.", "mg_1990"),
    ],
)
def test_item8_scrubber_catches_social_handles(scrubber: Scrubber, text: str, handle: str) -> None:
    result = scrubber.scrub(text)
    assert handle not in result.text, result.text
    assert "[HANDLE]" in result.text or "[URL]" in result.text, result.text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("She stayed at Union Gospel Mission for two months.", "Union Gospel Mission"),
        ("Referred by Seattle's Union Gospel Mission.", "Union Gospel Mission"),
        ("Slept at the Bowery Rescue Mission in March.", "Bowery Rescue Mission"),
        ("Came to us from Covenant House.", "Covenant House"),
        ("Placed through the salvation army program.", "salvation army"),
        ("Case opened by the Anti-Trafficking Program of King County.", "Anti-Trafficking Program"),
        ("Services at the YWCA downtown.", "YWCA"),
    ],
)
def test_item8_scrubber_catches_listed_shelter_and_program_names(scrubber: Scrubber, text: str, name: str) -> None:
    result = scrubber.scrub(text)
    assert name not in result.text and "[PLACE]" in result.text, result.text


@pytest.mark.parametrize(
    "text",
    [
        "Did kitchen sanitation and dish pit for a year.",
        "Drove a forklift on the night shift, 40 hours a week.",
        "Worked the front desk at a hotel; also housekeeping.",
        "Worked at Amazon dot com warehouse, picking and packing.",
        "Can handle 100 boxes an hour and lift 50 lbs.",
        "The rescue mission took three hours; she was calm under pressure.",
        "Ran the register, 5 boxes @ $2 each for the bake sale.",
        "Posts on Instagram every day about cooking.",
        "Learned some English at the library.",
    ],
)
def test_item8_ordinary_work_words_survive(scrubber: Scrubber, text: str) -> None:
    assert scrubber.scrub(text).text == text


def test_item8_an_agency_extends_the_list_with_its_own_names(tmp_path: Path) -> None:
    local = tmp_path / "our-places.txt"
    local.write_text("# our local programs\nBridge of Hope Residence\n* Recovery Cottage\n", encoding="utf-8")
    tools = load_privacy_tools(home=tmp_path / "home", env="development", place_names_file=local)
    result = tools.scrubber.scrub("Moved from Bridge of Hope Residence to the Maple Recovery Cottage last week.")
    assert "Bridge of Hope" not in result.text and "Maple Recovery Cottage" not in result.text, result.text
    assert result.text.count("[PLACE]") == 2
    # The starter list still applies beside the agency's own.
    assert "Union Gospel Mission" not in tools.scrubber.scrub("Stayed at Union Gospel Mission.").text


def test_item8_an_unreadable_list_stops_start_up(tmp_path: Path) -> None:
    with pytest.raises(PrivacyUnavailableError, match="scrubber could not load"):
        load_privacy_tools(home=tmp_path / "home", env="development", place_names_file=tmp_path / "missing.txt")


def test_item8_starter_list_format() -> None:
    names = read_place_names(PLACE_NAMES_FILE)
    assert "Union Gospel Mission" in names and "* Rescue Mission" in names
    assert not any(name.startswith("#") for name in names)
