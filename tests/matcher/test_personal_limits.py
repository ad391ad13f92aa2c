"""Issue 15: languages with level and fixed hours (childcare) as constraints with explanations."""

from dataclasses import replace

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.constraints import violations
from matcher.personal_limits import FixedHours, LanguageRequirement, blocked_shifts, language_requirements
from matcher.ranking import rank
from matcher.types import Candidate, Constraints, ProfileQuery
from tests.matcher.test_explain import JOB, PROFILE, run

SCHOOL_RUN = (FixedHours("mon", 15 * 60, 18 * 60), FixedHours("tue", 15 * 60, 18 * 60))


def job(**kw: object) -> Candidate:
    base: dict[str, object] = {"item_id": 1, "kind": "job", "source_id": "j1", "title": "Cook"}
    return Candidate(**{**base, **kw})  # type: ignore[arg-type]


def person(**kw: object) -> ProfileQuery:
    return ProfileQuery(id="p", constraints=Constraints(**kw))  # type: ignore[arg-type]


def test_language_requirements_are_read_from_the_posting_words() -> None:
    text = "Front desk. Must be fluent in English and Spanish. Basic French a plus. Must speak Vietnamese."
    assert language_requirements(text) == [
        LanguageRequirement("en", "fluent", "fluent in English and Spanish"),
        LanguageRequirement("es", "fluent", "fluent in English and Spanish"),
        LanguageRequirement("fr", "basic", "Basic French"),
        LanguageRequirement("vi", "conversational", "Must speak Vietnamese"),
    ]
    assert language_requirements("Bilingual English/Spanish preferred.")[1].code == "es"
    assert language_requirements("Cook Spanish rice and French toast.") == []


def test_a_job_asking_for_fluent_english_is_left_out_for_a_basic_speaker_only() -> None:
    posting = job(text="Cashier. Fluent English required.")
    assert violations(person(languages=(("en", "basic"),)), posting) == ["language:en"]
    assert violations(person(languages=(("en", "fluent"),)), posting) == []
    # Not recorded: nothing known, it passes and the explanation asks the caseworker to check.
    assert violations(person(languages=(("es", "fluent"),)), posting) == []
    assert violations(person(), posting) == []
    # Programs are not held to it (an English class asks for "basic English" of its learners).
    assert violations(person(languages=(("en", "none"),)), replace(posting, kind="program")) == []


def test_the_explanation_names_the_language_asked_and_the_recorded_level() -> None:
    asks = replace(JOB, text=JOB.text + " Conversational Spanish required.")
    e = run(item=asks)
    assert (
        'Language: asks for conversational Spanish ("Conversational Spanish"); level not recorded, check it.' in e.lines
    )
    spoken = replace(PROFILE, constraints=replace(PROFILE.constraints, languages=(("es", "fluent"),)))
    assert (
        'Language: asks for conversational Spanish ("Conversational Spanish"); recorded: fluent.'
        in run(profile=spoken, item=asks).lines
    )


def test_fixed_hours_block_the_shifts_they_overlap() -> None:
    assert blocked_shifts(("day", "evening", "night"), (), SCHOOL_RUN) == ["day", "evening"]
    assert blocked_shifts(("day",), ("sat", "sun"), SCHOOL_RUN) == []  # a weekend job: the school run is weekdays
    # A Sunday night shift runs into Monday morning; Monday 06:00-07:00 overlaps it, 09:00 does not.
    assert blocked_shifts(("night",), ("sun",), (FixedHours("mon", 5 * 60, 7 * 60),)) == ["night"]
    assert blocked_shifts(("night",), ("sun",), (FixedHours("mon", 9 * 60, 10 * 60),)) == []


def test_a_job_whose_every_shift_overlaps_fixed_hours_is_left_out() -> None:
    childcare = person(fixed_hours=SCHOOL_RUN)
    assert violations(childcare, job(shifts=("day",))) == ["schedule:fixed_hours"]
    assert violations(childcare, job(shifts=("day", "night"))) == []  # the night shift fits
    assert violations(childcare, job(shifts=("flexible",))) == []
    assert violations(childcare, job()) == []  # no shift published: the explanation asks
    assert violations(person(), job(shifts=("day",))) == []


def test_the_schedule_line_says_which_shift_the_fixed_hours_overlap() -> None:
    childcare = replace(PROFILE, constraints=replace(PROFILE.constraints, fixed_hours=SCHOOL_RUN))
    two = replace(JOB, shifts=("day", "night"))
    assert run(profile=childcare, item=two).schedule.endswith(
        "Fixed hours overlap the day shift; another listed shift fits."
    )
    assert run(profile=childcare, item=replace(JOB, shifts=())).schedule.endswith(
        "The person has fixed hours: check the shift times."
    )


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(level=st.sampled_from(["none", "basic", "conversational"]), n=st.integers(min_value=2, max_value=8))
def test_rank_never_returns_a_job_asking_for_more_english_than_recorded(level: str, n: int) -> None:
    items = [
        job(item_id=i, source_id=f"j{i}", text="Fluent English required." if i % 2 else "Stock shelves.")
        for i in range(n)
    ]
    profile = ProfileQuery(id="p", constraints=Constraints(languages=(("en", level),)))
    vectors = np.ones((n, 4), dtype=np.float32)
    ranked = rank(profile, items, profile_vec=np.ones(4, dtype=np.float32), cand_vecs=vectors, top_k=n)
    assert ranked and all(m.candidate.item_id % 2 == 0 for m in ranked)
