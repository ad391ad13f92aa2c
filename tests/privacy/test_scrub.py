"""Free text is scrubbed of PII (requirement 4): seeded values come out, work history stays, no network."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from models.privacy.scrub import Scrubber, ScrubResult, load_scrubber


@contextmanager
def no_network() -> Iterator[list[tuple[object, ...]]]:
    """Refuse and record every attempt to resolve a host or open a connection."""
    attempts: list[tuple[object, ...]] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted during scrubbing")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "getaddrinfo", refuse)
        mp.setattr(socket, "create_connection", refuse)
        mp.setattr(socket.socket, "connect", refuse)
        mp.setattr(socket.socket, "connect_ex", refuse)
        yield attempts


@pytest.fixture(scope="module")
def scrubber() -> Scrubber:
    # Built under the guard: model loading must not download anything either.
    with no_network() as attempts:
        built = load_scrubber()
    assert attempts == []
    return built


CASE_NOTE = (
    "Client Maria Lopez (DOB 03/14/1991) called from 713-555-0142, email maria.lopez88@gmail.com. "
    "She stayed at Hope House shelter, 42 Elm Street, for 3 years before intake. "
    "Passport number P12345678 was kept by the recruiter; A-number A-123-456-789; SSN 512-44-9831. "
    "Her brother Tomas Reyes lives at 1200 Pacific Ave Apt 4."
)
INTAKE_NOTE = (
    "Ana Morales was referred by the Safe Harbor safe house. Her passport (Philippines, EC1234567) was "
    "held by the employer for 2 years. Alien number A123456789, I-94 number 12345678901. "
    "Contact her at +1 (832) 555-0199 or ana_m@yahoo.com. Driver's license D1234567."
)
FOLLOW_UP = (
    "Jin Li (born 1988-07-02) stayed at Covenant House until March. Case # 2023-0142. SS# 601 22 4471. "
    "Mr. Okafor drove her to the clinic. Moved from 3100 W. 5th St. Apt. 2B; mailing address P.O. Box 4471."
)
SAFETY_NOTE = (
    'Do not place near 1450 Industrial Blvd. Trafficker known as "El Gordo" (real name Ramon Diaz Ortega). '
    "Her daughter Lucia stays with her at the Mercy Home. Her T-visa case is pending. "
    "Cousin Adebayo Okonkwo, 77 Magnolia Court, Unit 3, Atlanta, GA 30310, +52 55 1234 5678."
)
WORK_HISTORY = (
    "Worked 3 years in a warehouse: loaded trucks on the night shift, drove a forklift, 40 hours a week. "
    "Also cleaned hotel rooms every evening and did landscaping for 6 months. "
    "Housekeeper at a motel. Cook, then dishwasher. Speaks Spanish and some English."
)

SEEDED = {
    CASE_NOTE: [
        "Maria", "Lopez", "03/14/1991", "713-555-0142", "maria.lopez88@gmail.com", "Hope House",
        "42 Elm Street", "P12345678", "A-123-456-789", "512-44-9831", "Tomas", "Reyes", "1200 Pacific Ave",
        "Apt 4",
    ],
    INTAKE_NOTE: [
        "Ana", "Morales", "Safe Harbor", "EC1234567", "A123456789", "12345678901", "555-0199",
        "ana_m@yahoo.com", "D1234567",
    ],
    FOLLOW_UP: [
        "Jin Li", "1988-07-02", "Covenant House", "2023-0142", "601 22 4471", "Okafor", "3100 W. 5th St",
        "2B", "4471",
    ],
    SAFETY_NOTE: [
        "1450 Industrial", "El Gordo", "Ramon", "Ortega", "Lucia", "Mercy Home", "T-visa", "Adebayo", "Okonkwo",
        "77 Magnolia", "Unit 3", "30310", "1234 5678",
    ],
}  # fmt: skip


@pytest.mark.parametrize("note", list(SEEDED), ids=["case-note", "intake-note", "follow-up", "safety-note"])
def test_seeded_pii_is_absent_from_scrubbed_text(scrubber: Scrubber, note: str) -> None:
    with no_network() as attempts:
        result = scrubber.scrub(note)
    assert attempts == []
    leaked = [value for value in SEEDED[note] if value in result.text]
    assert leaked == [], f"left in: {leaked}\n{result.text}"


def test_placeholders_are_neutral_and_typed(scrubber: Scrubber) -> None:
    text = scrubber.scrub(CASE_NOTE).text
    for placeholder in ("[NAME]", "[PHONE]", "[EMAIL]", "[ADDRESS]", "[ID]", "[PLACE]", "[DATE]"):
        assert placeholder in text
    assert "shelter" not in text.lower()  # the shelter's name and the word both go


def test_found_spans_point_into_the_input(scrubber: Scrubber) -> None:
    result = scrubber.scrub(CASE_NOTE)
    found = {(entity, CASE_NOTE[start:end]) for entity, start, end in result.found}
    assert ("EMAIL_ADDRESS", "maria.lopez88@gmail.com") in found
    assert ("STREET_ADDRESS", "42 Elm Street") in found
    assert ("SHELTER", "Hope House shelter") in found
    assert ("A_NUMBER", "A-123-456-789") in found
    starts = [start for _, start, _ in result.found]
    assert starts == sorted(starts)
    assert all(a[2] <= b[1] for a, b in zip(result.found, result.found[1:], strict=False))  # no overlaps


def test_work_activities_and_durations_survive(scrubber: Scrubber) -> None:
    result = scrubber.scrub(WORK_HISTORY)
    for phrase in (
        "3 years", "night shift", "drove a forklift", "40 hours a week", "cleaned hotel rooms", "every evening",
        "landscaping for 6 months", "Housekeeper at a motel", "Cook, then dishwasher", "Spanish",
    ):  # fmt: skip
        assert phrase in result.text, result.text
    assert result.found == []


def test_counts_near_street_words_are_not_addresses(scrubber: Scrubber) -> None:
    text = "Drove 2 trucks on the Road to the depot, 12 hour shifts. Did 40 hours drive time a week."
    assert scrubber.scrub(text).text == text


def test_generic_shelter_mention_is_kept(scrubber: Scrubber) -> None:
    text = "The shelter staff said she can start Monday."
    assert scrubber.scrub(text).text == text


def test_birth_dates_go_but_other_dates_stay(scrubber: Scrubber) -> None:
    result = scrubber.scrub("Date of birth: July 4, 1995. Started the job in June 2021 and left last evening.")
    assert "1995" not in result.text
    assert "June 2021" in result.text and "last evening" in result.text


def test_empty_text(scrubber: Scrubber) -> None:
    assert scrubber.scrub("") == ScrubResult(text="")
    assert scrubber.scrub("   ").found == []


def test_email_check_uses_only_the_bundled_suffix_list(scrubber: Scrubber) -> None:
    # tldextract's on-disk cache can hide a fetch once it has succeeded somewhere; check the wiring too.
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    from models.privacy.recognizers import OfflineEmailRecognizer

    email_recognizers = [r for r in scrubber._analyzer.registry.recognizers if isinstance(r, EmailRecognizer)]
    assert email_recognizers and all(isinstance(r, OfflineEmailRecognizer) for r in email_recognizers)
