"""Issue 15: the scrubber never destroys work data. Taxonomy and curated terms typed as skills, interests or
job titles are kept as typed; job-duty sentences pass through the scrubber unaltered; names, contact
details and IDs are still removed (tests/privacy/test_scrub.py holds the seeded recall)."""

import csv
import gzip
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schemas.profiles import ProfileIn
from api.services.free_text import clean_tag, clean_tags, is_placeholder_only, is_work_term, planned_removals
from matcher.occupations import OCCUPATIONS_FILE
from matcher.taxonomy import DATA_DIR, SKILLS_FILE
from models.privacy.tools import PrivacyTools
from tests.privacy import seeded


@cache
def skill_labels() -> list[str]:
    with gzip.open(SKILLS_FILE, "rt", encoding="utf-8") as f:
        return [row["label"] for row in csv.DictReader(f)]


@cache
def occupation_titles() -> list[str]:
    titles: list[str] = []
    with gzip.open(OCCUPATIONS_FILE, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            titles += [row["title"], *(t for t in row["onet_titles"].split("|") if t)]
    return titles


@cache
def duty_sentences() -> list[str]:
    """Every 60th O*NET task statement (about 310, spread over all occupations), deterministic.

    The whole set (18,831) is measured by bench/scrubber.py --every 1, where 34 are still altered (see
    docs/intake.md); none of them falls in this sample, which was fixed before that run."""
    with gzip.open(DATA_DIR / "onet_tasks.csv.gz", "rt", encoding="utf-8") as f:
        rows = [row["text"] for row in csv.DictReader(f) if row["kind"] == "task"]
    return rows[::60]


# O*NET task statements the scrubber altered before issue 15 (each lost a word), and the example.
ONCE_ALTERED = [
    "Bolt or weld steel rails to the walls of shafts to guide elevators, working from scaffolding or platforms.",
    "Engrave or stamp identifying symbols, letters, or numbers on products.",
    "Mark reference points on construction materials.",
    "Assess the risks and benefits of therapies for allergic and immunologic disorders.",
    "Washed dishes and kept up kitchen sanitation.",
]


def test_kitchen_sanitation_typed_as_a_skill_is_kept_as_typed(privacy: PrivacyTools) -> None:
    assert clean_tags(["kitchen sanitation", "Loan Officers"], privacy.scrubber) == [
        "kitchen sanitation",
        "Loan Officers",
    ]
    # Also on its own through the scrubber (it is not a taxonomy term, so the scrubber does see it).
    assert privacy.scrubber.scrub("kitchen sanitation").text == "kitchen sanitation"


def test_every_taxonomy_skill_and_occupation_title_is_kept_by_the_intake_cleaning(privacy: PrivacyTools) -> None:
    terms = skill_labels() + occupation_titles()
    assert len(terms) > 15_000
    altered = [t for t, cleaned in zip(terms, clean_tags(terms, privacy.scrubber), strict=True) if cleaned != t.strip()]
    assert altered == []


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_a_taxonomy_term_is_never_altered_in_any_case_or_spacing(privacy: PrivacyTools, data: st.DataObject) -> None:
    term = data.draw(st.sampled_from(skill_labels() + occupation_titles()))
    shape = data.draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize, lambda s: s]))
    pad = data.draw(st.sampled_from(["", " ", "  "]))
    typed = pad + shape(term) + pad
    assert is_work_term(typed)
    assert clean_tag(typed, privacy.scrubber) == typed.strip()


@pytest.mark.parametrize("sentence", ONCE_ALTERED)
def test_duty_sentences_that_lost_a_word_before_now_pass_unaltered(privacy: PrivacyTools, sentence: str) -> None:
    assert privacy.scrubber.scrub(sentence).text == sentence


def test_a_spread_of_onet_duty_sentences_passes_the_scrubber_unaltered(privacy: PrivacyTools) -> None:
    sentences = duty_sentences()
    assert len(sentences) > 250
    altered = [s for s in sentences if privacy.scrubber.scrub(s).text != s]
    assert altered == []


@pytest.mark.parametrize(
    ("text", "kept_out"),
    [
        ("Mark called me yesterday about the shift.", "Mark"),
        ("Grace Hunter helped with the move.", "Grace Hunter"),
        (f"Ask {seeded.NAME[0]} {seeded.NAME[1]} at {seeded.PHONE}.", seeded.PHONE),
        (f"Engrave signs. {seeded.NAME[0]} {seeded.NAME[1]} checked them.", seeded.NAME[1]),
    ],
)
def test_names_beside_duty_wording_are_still_removed(privacy: PrivacyTools, text: str, kept_out: str) -> None:
    assert kept_out not in privacy.scrubber.scrub(text).text


def test_a_name_typed_as_a_skill_is_still_scrubbed_and_shown_before_saving(privacy: PrivacyTools) -> None:
    body = ProfileIn(skills=["forklift", "Maria Lopez"], work_history=[{"activities": f"call {seeded.PHONE}"}])
    removals = planned_removals(body, privacy.scrubber)
    assert [(r.field, r.text, [s[2] for s in r.spans]) for r in removals] == [
        ("skills", "Maria Lopez", ["[NAME]"]),
        ("work_activities_0", f"call {seeded.PHONE}", ["[PHONE]"]),
    ]
    assert removals[1].segments() == [("call ", None), (seeded.PHONE, "[PHONE]")]
    assert clean_tags(["Maria Lopez"], privacy.scrubber) == ["[NAME]"]


def test_a_value_that_is_only_placeholders_is_recognised() -> None:
    assert is_placeholder_only("[NAME]") and is_placeholder_only(" [NAME] [PHONE]")
    assert not is_placeholder_only("cook for [NAME]") and not is_placeholder_only("kitchen sanitation")
