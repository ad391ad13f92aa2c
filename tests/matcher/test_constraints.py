"""Hard constraints: unit cases and the property that `rank` never returns a violating item."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.constraints import normalize_name, violations
from matcher.ranking import rank
from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem


def job(**kw: object) -> Candidate:
    base: dict[str, object] = {"item_id": 1, "kind": "job", "source_id": "j1", "title": "Cook"}
    return Candidate(**{**base, **kw})  # type: ignore[arg-type]


def person(**kw: object) -> ProfileQuery:
    return ProfileQuery(id="p", constraints=Constraints(**kw))  # type: ignore[arg-type]


def test_an_unconstrained_active_job_passes() -> None:
    assert violations(person(), job()) == []


def test_only_active_status_passes() -> None:
    for status in ("held", "rejected", "closed", "expired"):
        assert violations(person(), job(status=status)) == [f"status:{status}"]


def test_area_region_zip_and_remote() -> None:
    assert violations(person(region="WA"), job(region="OR")) == ["area:region"]
    assert violations(person(region="wa"), job(region="WA")) == []
    assert violations(person(zip3s=("981",)), job(zip3="970")) == ["area:zip3"]
    # Remote work passes the area check only for people who accept it.
    assert violations(person(region="WA"), job(region="OR", is_remote=True)) == []
    assert violations(person(remote_ok=False), job(is_remote=True)) == ["area:remote_not_wanted"]
    # No published place: nothing to compare, passes (the explanation says so).
    assert violations(person(region="WA", zip3s=("981",)), job()) == []


def test_schedule_days_shifts_hours() -> None:
    assert violations(person(days=("mon", "tue")), job(days=("mon", "sat"))) == ["schedule:days"]
    assert violations(person(days=("mon", "tue")), job(days=("mon",))) == []
    assert violations(person(shifts=("day",)), job(shifts=("night",))) == ["schedule:shifts"]
    assert violations(person(shifts=("day",)), job(shifts=("night", "day"))) == []
    assert violations(person(shifts=("day",)), job(shifts=("flexible",))) == []
    assert violations(person(max_hours_per_week=20), job(hours_per_week=40)) == ["schedule:hours"]


def test_pay_floor_uses_best_published_rate_and_passes_unpublished_pay() -> None:
    assert violations(person(pay_floor_hourly=18), job(pay_min_hourly=15, pay_max_hourly=17)) == ["pay:below_floor"]
    assert violations(person(pay_floor_hourly=18), job(pay_min_hourly=15, pay_max_hourly=19)) == []
    assert violations(person(pay_floor_hourly=18), job()) == []
    program = job(kind="program", pay_max_hourly=1.0)
    assert violations(person(pay_floor_hourly=18), program) == []


def test_employment_type_and_work_authorization() -> None:
    assert violations(person(employment_types=("PART_TIME",)), job(employment_types=("FULL_TIME",))) == [
        "employment_type"
    ]
    assert violations(person(work_authorized=False), job(requires_work_authorization=True)) == ["work_authorization"]
    assert violations(person(work_authorized=None), job(requires_work_authorization=True)) == []


def test_a_job_not_open_to_the_public_never_passes_whatever_the_profile() -> None:
    closed = job(open_to_public=False, is_remote=True)
    assert violations(person(remote_ok=True), closed) == ["eligibility:not_open_to_public"]
    assert violations(person(), job(open_to_public=True)) == []


@given(c=st.builds(Constraints, remote_ok=st.booleans(), work_authorized=st.none() | st.booleans()))
def test_closed_hiring_path_is_a_hard_constraint_for_every_profile(c: Constraints) -> None:
    profile = ProfileQuery(id="p", work_history=(WorkItem("cooked meals"),), constraints=c)
    assert "eligibility:not_open_to_public" in violations(profile, job(open_to_public=False))


def test_safety_exclusions_match_normalized_names() -> None:
    assert normalize_name("ACME Cleaning, Inc.") == "acme cleaning"
    p = person(excluded_employers=("Acme",), excluded_industries=("cleaning",), excluded_zip3s=("981",))
    assert violations(p, job(org_name="ACME Cleaning Services LLC")) == ["safety:employer"]
    assert violations(p, job(org_name="Acmeology")) == []  # whole words only
    assert violations(p, job(industry="Commercial Cleaning")) == ["safety:industry"]
    assert violations(p, job(zip3="981")) == ["safety:zip3"]


# --- property: rank never returns an item that breaks a constraint ---

REGIONS = ["WA", "OR", None]
ZIPS = ["981", "970", "972", None]
DAYS = ["mon", "tue", "wed", "sat", "sun"]
SHIFTS = ["day", "evening", "night", "flexible"]
TYPES = ["FULL_TIME", "PART_TIME", "TEMPORARY"]
EMPLOYERS = ["Acme Co", "Best Foods", "Cedar Care", "Delta Logistics"]
INDUSTRIES = ["cleaning", "food service", "health care", None]
STATUSES = ["active", "active", "active", "held", "rejected", "closed", "expired"]


def small_list(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), max_size=3, unique=True).map(tuple)


candidates = st.builds(
    Candidate,
    item_id=st.integers(0, 10_000),
    kind=st.sampled_from(["job", "program"]),
    source_id=st.text("abc123", min_size=1, max_size=5),
    title=st.sampled_from(["Cook", "Cleaner", "Driver", "Care aide"]),
    text=st.sampled_from(["cook meals", "clean rooms", "drive trucks", "help patients"]),
    org_name=st.sampled_from(EMPLOYERS),
    industry=st.sampled_from(INDUSTRIES),
    pay_min_hourly=st.none() | st.floats(8, 30),
    pay_max_hourly=st.none() | st.floats(8, 40),
    shifts=small_list(SHIFTS),
    days=small_list(DAYS),
    hours_per_week=st.none() | st.floats(5, 60),
    employment_types=small_list(TYPES),
    region=st.sampled_from(REGIONS),
    zip3=st.sampled_from(ZIPS),
    is_remote=st.booleans(),
    status=st.sampled_from(STATUSES),
    requires_work_authorization=st.booleans(),
    open_to_public=st.booleans(),
)

constraints = st.builds(
    Constraints,
    region=st.sampled_from(REGIONS),
    zip3s=small_list([z for z in ZIPS if z]),
    remote_ok=st.booleans(),
    pay_floor_hourly=st.none() | st.floats(8, 35),
    days=small_list(DAYS),
    shifts=small_list(SHIFTS),
    max_hours_per_week=st.none() | st.floats(10, 50),
    employment_types=small_list(TYPES),
    work_authorized=st.none() | st.booleans(),
    excluded_employers=small_list(EMPLOYERS),
    excluded_industries=small_list([i for i in INDUSTRIES if i]),
    excluded_zip3s=small_list([z for z in ZIPS if z]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    c=constraints,
    catalog=st.lists(candidates, min_size=0, max_size=25),
    seed=st.integers(0, 2**16),
    top_k=st.integers(1, 30),
)
def test_rank_never_returns_a_violating_item(c: Constraints, catalog: list[Candidate], seed: int, top_k: int) -> None:
    profile = ProfileQuery(id="p", work_history=(WorkItem("cooked meals"),), constraints=c)
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(len(catalog), 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True) + 1e-9
    pv = rng.normal(size=8).astype(np.float32)
    ranked = rank(profile, catalog, profile_vec=pv, cand_vecs=vecs.reshape(len(catalog), 8), top_k=top_k)
    assert all(violations(profile, m.candidate) == [] for m in ranked)
    allowed = [x for x in catalog if not violations(profile, x)]
    assert len(ranked) == min(top_k, len(allowed))
