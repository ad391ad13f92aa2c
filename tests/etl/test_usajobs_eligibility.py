"""USAJOBS eligibility kept as data, from real Search API responses (tests/fixtures/usajobs_real/README.md)."""

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from etl.enrich import Enricher
from etl.load import run_import
from etl.normalize import parse_jobs
from etl.normalize.jobs_usajobs import job_from_usajobs, open_to_public
from models.job_posting import JobPostingIn

REAL = Path(__file__).parent.parent / "fixtures" / "usajobs_real"


def _jobs(name: str) -> dict[str, JobPostingIn]:
    out = {}
    for item in parse_jobs(REAL / name, "usajobs", "usajobs"):
        assert isinstance(item, JobPostingIn), item
        out[item.source_id] = item
    return out


def test_real_army_posting_open_only_to_federal_employees_is_stored_closed_and_telework_is_not_remote() -> None:
    job = _jobs("army_fed_competitive.json")["DAFN240818010077"]
    assert job.title == "Division Chief (Engineering)"
    assert job.employer_name == "United States Army Futures Command"
    assert (job.city, job.region, job.country) == ("Warren", "MI", "US")
    assert (job.pay_min, job.pay_max, job.pay_unit) == (134751.0, 191900.0, "YEAR")
    assert job.date_posted == date(2024, 6, 4)
    assert job.valid_through is not None and job.valid_through.date() == date(2024, 6, 12)
    assert job.hiring_paths == ["fed-competitive"]
    assert job.open_to_public is False
    assert (job.telework_eligible, job.is_remote) == (True, False)
    assert job.requires_citizenship is True  # "You will be required to provide proof of U.S. Citizenship."
    assert job.security_clearance == "Secret"
    assert job.offering_type == "This position is to be filled as a TEMPORARY position Not-to-Exceed (NTE) 5 Years."
    assert job.schedule_text is None  # the response names no schedule (Name "")
    assert job.openings == 1


def test_real_dcsa_and_nnsa_postings_keep_hiring_path_openings_schedule_and_citizenship() -> None:
    jobs = _jobs("dcsa_nnsa_data_science.json")
    dcsa = jobs["DCSA-22-11428309-P"]
    assert dcsa.title == "COMPUTER SCIENTIST (DATA SCIENTIST/DATA ANALYST)"
    assert dcsa.employer_name == "Defense Counterintelligence and Security Agency"
    assert (dcsa.city, dcsa.region) == ("Fort Meade", "MD")
    assert (dcsa.pay_min, dcsa.pay_max) == (97738.0, 138868.0)
    assert dcsa.date_posted == date(2022, 3, 25)
    assert (dcsa.hiring_paths, dcsa.open_to_public) == (["public"], True)
    assert (dcsa.telework_eligible, dcsa.is_remote) == (True, False)
    assert dcsa.security_clearance == "Sensitive Compartmented Information"
    assert dcsa.requires_citizenship is False  # this trimmed record states none
    assert (dcsa.schedule_text, dcsa.offering_type, dcsa.openings) == ("Full-time", "Permanent", 13)
    assert dcsa.employment_types == ["FULL_TIME"]

    nnsa = jobs["22-NA-IM-02231-11441899-GOV"]
    assert nnsa.employer_name == "National Nuclear Security Administration"
    assert (nnsa.city, nnsa.region) == ("Washington", "DC")
    assert nnsa.hiring_paths == ["fed-transition", "fed-competitive", "vet"]
    assert nnsa.open_to_public is False
    assert nnsa.requires_citizenship is True  # "You must be a United States Citizen."
    assert nnsa.telework_eligible is False and nnsa.is_remote is False
    assert nnsa.openings == 2


def test_remote_indicator_alone_makes_a_usajobs_posting_remote() -> None:
    base = {"PositionID": "X1", "PositionTitle": "Clerk", "OrganizationName": "Agency"}
    telework = job_from_usajobs({**base, "UserArea": {"Details": {"TeleworkEligible": True}}}, "usajobs")
    remote = job_from_usajobs({**base, "UserArea": {"Details": {"RemoteIndicator": True}}}, "usajobs")
    assert (telework.is_remote, telework.telework_eligible) == (False, True)
    assert (remote.is_remote, remote.telework_eligible) == (True, False)


@pytest.mark.parametrize(
    ("paths", "who", "expected"),
    [
        (["public"], "", True),
        (["public", "vet"], "", True),
        (["fed-internal-search"], "", False),
        (["mspouse"], "United States Citizens", False),  # published paths decide
        ([], "United States Citizens", True),
        ([], "Current federal employees of this agency", False),
        ([], "Status candidates (Merit Promotion and VEOA Eligibles)", False),
        ([], "", True),  # nothing published: the caseworker checks the posting
    ],
)
def test_who_may_apply_decides_open_to_public(paths: list[str], who: str, expected: bool) -> None:
    assert open_to_public(paths, who) is expected


CLOSED_PATHS = ["fed-competitive", "fed-internal-search", "fed-transition", "fed-excepted", "vet", "mspouse", "student"]


@given(
    paths=st.lists(st.sampled_from(CLOSED_PATHS), min_size=1, max_size=4, unique=True),
    who=st.sampled_from(["", "United States Citizens", "The public", "Current federal employees"]),
    public_too=st.booleans(),
)
def test_published_hiring_paths_decide_whatever_the_wording(paths: list[str], who: str, public_too: bool) -> None:
    item = {
        "PositionID": "P",
        "PositionTitle": "Clerk",
        "OrganizationName": "Agency",
        "UserArea": {"Details": {"HiringPath": [*paths, *(["public"] if public_too else [])], "WhoMayApply": who}},
    }
    job = job_from_usajobs(item, "usajobs")
    assert job.open_to_public is public_too
    assert set(job.hiring_paths) == set(paths) | ({"public"} if public_too else set())


def test_hiring_path_objects_and_who_may_apply_wording_are_stored() -> None:
    item = {
        "PositionID": "X2",
        "PositionTitle": "Clerk",
        "OrganizationName": "Agency",
        "UserArea": {
            "Details": {
                "HiringPath": [{"Code": "public", "SearchDisplay": "Open to the public"}],
                "WhoMayApply": {"Name": "United States Citizens", "Code": "15514"},
                "SecurityClearance": "Not Required",
            }
        },
    }
    job = job_from_usajobs(item, "usajobs")
    assert (job.hiring_paths, job.who_may_apply, job.open_to_public) == (["public"], "United States Citizens", True)
    assert job.requires_citizenship is True
    assert job.security_clearance is None


def test_real_usajobs_file_imports_through_the_pipeline_with_eligibility_columns(
    committing_engine: Engine, tmp_path: Path
) -> None:
    path = REAL / "dcsa_nnsa_data_science.json"
    summary = run_import(
        committing_engine,
        kind="jobs",
        path=path,
        fmt="usajobs",
        source="usajobs",
        parsed=parse_jobs(path, "usajobs", "usajobs"),
        enricher=Enricher(model_name="m"),
        encoder=None,
        reports_dir=tmp_path / "reports",
    )
    assert (summary.inserted, summary.errors) == (2, 0)
    with committing_engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT source_id, hiring_paths, open_to_public, telework_eligible, is_remote, requires_citizenship, "
                "security_clearance, schedule_text, offering_type, openings, status FROM job_posting ORDER BY source_id"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (
            "22-NA-IM-02231-11441899-GOV",
            ["fed-transition", "fed-competitive", "vet"],
            False,
            False,
            False,
            True,
            None,
            "Full-time",
            "Permanent",
            2,
            "expired",  # closed 2022-04-18
        ),
        (
            "DCSA-22-11428309-P",
            ["public"],
            True,
            True,
            False,
            False,
            "Sensitive Compartmented Information",
            "Full-time",
            "Permanent",
            13,
            "expired",
        ),
    ]
