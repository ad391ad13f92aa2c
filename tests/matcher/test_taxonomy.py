"""The packaged skill taxonomy and occupations: extraction spans, resolution, title → SOC."""

import time

import pytest

from matcher.occupations import load_occupations, normalize_soc, title_to_soc
from matcher.taxonomy import SkillMatch, Taxonomy, load_taxonomy, normalize_term

POSTING = (
    "Warehouse Associate. Operate forklifts and pallet jacks; provide excellent customer "
    "service to drivers. Cash handling and bookkeeping a plus. Food safety certification "
    "required. Patient care experience welcome."
)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def evidence_by_label(matches: list[SkillMatch]) -> dict[str, str]:
    return {m.label: m.evidence for m in matches}


def test_short_job_terms_are_found_with_exact_evidence(taxonomy: Taxonomy) -> None:
    matches = taxonomy.extract(POSTING)
    found = evidence_by_label(matches)
    assert found["operate forklift"] == "Operate forklifts"
    assert found["customer service"] == "customer service"
    assert found["process payments"] == "Cash handling"
    assert found["Bookkeeping"] == "bookkeeping"
    assert found["food safety"] == "Food safety"
    assert found["Patient care"] == "Patient care"
    for m in matches:
        assert POSTING[m.start : m.end] == m.evidence


def test_matches_come_in_text_order_once_per_skill(taxonomy: Taxonomy) -> None:
    text = "Forklift experience. We train on forklift safety. Customer service matters."
    matches = taxonomy.extract(text)
    ids = [m.skill_id for m in matches]
    assert len(ids) == len(set(ids))
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert matches[0].evidence == "Forklift" and matches[0].start == 0


def test_no_sub_word_matches(taxonomy: Taxonomy) -> None:
    assert taxonomy.extract("We sell roasted cashews and cashew butter.") == []
    assert taxonomy.extract("cash handling")[0].evidence == "cash handling"


def test_terms_do_not_cross_sentence_punctuation(taxonomy: Taxonomy) -> None:
    assert [m.evidence for m in taxonomy.extract("We value our customer. Service is key.")] == []


def test_stopwords_and_ad_boilerplate_are_not_skills(taxonomy: Taxonomy) -> None:
    text = "We offer health benefits, paid time off and a fast-paced environment for you and us."
    assert taxonomy.extract(text) == []


def test_plural_and_possessive_forms_match(taxonomy: Taxonomy) -> None:
    matches = taxonomy.extract("Must hold a valid drivers license.")
    assert [(m.label, m.evidence) for m in matches] == [("Driving", "valid drivers license")]
    assert normalize_term("Driver's Licenses") == normalize_term("drivers license")


def test_resolve_typed_skills(taxonomy: Taxonomy) -> None:
    forklift = taxonomy.resolve("Forklift driving")
    assert forklift is not None and taxonomy.label(forklift) == "operate forklift"
    assert taxonomy.resolve("customer service") == "15a33d76-4640-438d-ae64-fdc0c1d3eebc"
    assert taxonomy.resolve("  BOOKKEEPING ") == "wf:bookkeeping"
    assert taxonomy.resolve("qwertyuiop") is None
    # A typed skill that is not an id is shown as typed.
    assert taxonomy.label("knitting circles") == "knitting circles"


def test_search_prefix(taxonomy: Taxonomy) -> None:
    hits = taxonomy.search("forkl", limit=5)
    assert ("28cb374e-6261-4133-8371-f9a5470145da", "operate forklift") in hits
    assert all("forkl" in label.lower() for _, label in hits)
    assert len(taxonomy.search("c", limit=3)) == 3


def test_skills_for_occupation(taxonomy: Taxonomy) -> None:
    forklift_ops = [taxonomy.label(s) for s in taxonomy.skills_for_occupation("53-7051.00")]
    assert "operate forklift" in forklift_ops
    nurses = [taxonomy.label(s) for s in taxonomy.skills_for_occupation("291141")]
    assert "Patient care" in nurses
    assert taxonomy.skills_for_occupation("not-a-code") == []


def test_extraction_is_fast(taxonomy: Taxonomy) -> None:
    text = " ".join([POSTING] * 5)  # about 150 words
    taxonomy.extract(text)
    runs = 500
    start = time.perf_counter()
    for _ in range(runs):
        taxonomy.extract(text)
    per_call = (time.perf_counter() - start) / runs
    assert per_call < 1e-3  # generous for shared CI; ~60 µs on an idle core


def test_normalize_soc() -> None:
    assert normalize_soc("29-1141.00") == "29-1141"
    assert normalize_soc("291141") == "29-1141"
    assert normalize_soc(" 53-7051 ") == "53-7051"
    assert normalize_soc("29-114") is None
    assert normalize_soc(None) is None


def test_occupations_have_titles_tasks_and_activities() -> None:
    occupations = load_occupations()
    assert occupations.title("29-1141.00") == "Registered Nurses"
    assert any("patient" in t.lower() for t in occupations.tasks["29-1141"])
    assert occupations.activities["53-7051"]


@pytest.mark.parametrize(
    ("title", "soc"),
    [
        ("Registered Nurse - ICU Night Shift", "29-1141"),
        ("Cashier", "41-2011"),
        ("Forklift Operator", "53-7051"),
        ("Warehouse Associate", "53-7062"),
        ("Customer Service Representative", "43-4051"),
        ("Home Health Aide", "31-1121"),
        ("Sewing Machine Operator", "51-6031"),
        ("Truck Driver CDL-A", "53-3032"),
    ],
)
def test_title_to_soc(title: str, soc: str) -> None:
    assert title_to_soc(title) == soc


def test_title_to_soc_gives_up_on_unknown_titles() -> None:
    assert title_to_soc("zzz qqq") is None
    assert title_to_soc("") is None
