"""Issue 15: the scrubber never destroys work data. Taxonomy and curated terms typed as skills, interests or
job titles are kept as typed; job-duty sentences pass through the scrubber unaltered; names, contact
details and IDs are still removed (tests/privacy/test_scrub.py holds the seeded recall)."""

import csv
import gzip
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.schemas.profiles import ProfileIn
from api.services.free_text import clean_tag, clean_tags, is_placeholder_only, is_work_term, planned_removals
from matcher.occupations import OCCUPATIONS_FILE
from matcher.taxonomy import DATA_DIR, SKILLS_FILE
from models.privacy.tools import PrivacyTools
from models.privacy.work_terms import WORK_TERMS_FILE, work_terms
from scripts.make_work_terms import HEADER, derive, name_list, task_statements
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

    All 18,831 take ~200 s through the scrubber, too slow for a unit test: bench/scrubber.py --every 1
    measures the whole set, and ONCE_ALTERED below holds every statement a full run ever altered."""
    with gzip.open(DATA_DIR / "onet_tasks.csv.gz", "rt", encoding="utf-8") as f:
        rows = [row["text"] for row in csv.DictReader(f) if row["kind"] == "task"]
    return rows[::60]


# Every O*NET task statement a full bench run (--every 1) ever altered: the 34 still altered after the
# first issue-15 pass (proper nouns such as Braille, Geiger, LEED, U.S.; openings like "Draft detailed"),
# kept in a file as the bench printed them.
ONCE_ALTERED_FILE = Path(__file__).with_name("once_altered_duty_sentences.txt")
# O*NET task statements the scrubber altered before issue 15 (each lost a word), and the example.
ONCE_ALTERED = [
    *ONCE_ALTERED_FILE.read_text(encoding="utf-8").splitlines(),
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


def test_every_task_statement_once_altered_is_on_the_list() -> None:
    sentences = ONCE_ALTERED_FILE.read_text(encoding="utf-8").splitlines()
    assert len(sentences) == 34
    assert set(sentences) <= set(task_statements())


def test_work_terms_file_is_what_the_script_derives_from_the_task_statements() -> None:
    lines = derive(task_statements(), name_list())
    assert WORK_TERMS_FILE.read_text(encoding="utf-8") == HEADER + "\n".join(lines) + "\n"
    terms = work_terms()
    assert {"LEED", "U.S.", "HVAC"} <= terms.acronyms
    assert ("", " counters") in terms.phrases["Geiger"] and ("plaster of ", "") in terms.phrases["Paris"]
    assert {"draft", "insert", "soak"} <= terms.verbs and {"mark", "bill", "grant"} <= terms.name_verbs
    # A capitalised word is never listed alone: only acronyms are.
    assert "Geiger" not in terms.acronyms and "Braille" not in terms.acronyms


@pytest.mark.parametrize(
    ("kept", "scrubbed", "name"),
    [
        ("Measure radioactivity using Geiger counters.", "Geiger called me about the shift.", "Geiger"),
        ("Set up 24-hour Holter and event monitors.", "Holter said she can start Monday.", "Holter"),
        ("Shape masks from plaster of Paris and wax.", "Paris drove her to work.", "Paris"),
        ("Coordinate special programs, such as United Way campaigns.", "Worked for John Smith in Paris.", "Paris"),
    ],
)
def test_capitalised_work_terms_are_kept_only_in_their_phrase(
    privacy: PrivacyTools, kept: str, scrubbed: str, name: str
) -> None:
    assert privacy.scrubber.scrub(kept).text == kept
    assert name not in privacy.scrubber.scrub(scrubbed).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Draft the letter for Maria Lopez.", "Draft the letter for [NAME]."),
        ("Maria Lopez works at the bakery.", "[NAME] works at the bakery."),
        ("Ask Maria about the shift.", "Ask [NAME] about the shift."),
        ("Mark called me yesterday.", "[NAME] called me yesterday."),
        ("Mark painted walls at the hotel.", "[NAME] painted walls at the hotel."),
        ("Wash dishes with Ana Morales.", "Wash dishes with [NAME]."),
        ("Medicaid card with client Maria Lopez.", "Medicaid card with client [NAME]."),
    ],
)
def test_names_in_duty_like_sentences_are_still_removed(privacy: PrivacyTools, text: str, expected: str) -> None:
    assert privacy.scrubber.scrub(text).text == expected


# Names the model finds in these templates. ("Accept the order for Ana Morales." is missed by spaCy itself,
# before any work-term rule runs, on this branch and before it: a known limit, see docs/intake.md.)
NAMES = [("Maria", "Lopez"), ("Grace", "Hunter"), ("John", "Smith"), ("Rosa", "Hernandez")]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_a_name_after_any_task_opening_verb_is_removed(privacy: PrivacyTools, data: st.DataObject) -> None:
    verb = data.draw(st.sampled_from(sorted(work_terms().verbs))).capitalize()
    first, last = data.draw(st.sampled_from(NAMES))
    template = data.draw(st.sampled_from(["{v} the order for {f} {l}.", "{v} the boxes; {f} {l} checked them."]))
    cleaned = privacy.scrubber.scrub(template.format(v=verb, f=first, l=last)).text
    assert first not in cleaned and last not in cleaned
