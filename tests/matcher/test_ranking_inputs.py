"""Building ranking inputs from `wayfinder rank` JSONL lines and from model rows."""

from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem
from models.job_posting import JobPostingIn
from models.profile import ProfileFields
from models.program import ProgramIn


def test_profile_from_rank_jsonl_line() -> None:
    line = {
        "id": "q7",
        "skills": ["forklift", "inventory"],
        "work_history": [{"title": None, "activities": "Loaded trucks"}, {"activities": "Counted stock"}],
        "education": "high_school",
        "interests": ["logistics"],
        "constraints": {"region": "WA", "zip3s": "981", "pay_floor_hourly": 18, "remote_ok": False, "extra": 1},
    }
    q = ProfileQuery.from_json(line)
    assert q.id == "q7" and q.skills == ("forklift", "inventory")
    assert q.work_history == (WorkItem("Loaded trucks"), WorkItem("Counted stock"))
    assert q.constraints == Constraints(region="WA", zip3s=("981",), pay_floor_hourly=18.0, remote_ok=False)
    assert ProfileQuery.from_json({"id": 1}).constraints == Constraints()


def test_profile_from_profile_row() -> None:
    row = ProfileFields(
        skills=["cooking"],
        work_history=[{"title": "Cook", "activities": "Made meals"}],
        shifts=["day"],
        excluded_employers=["Acme"],
        work_authorized=True,
    )
    q = ProfileQuery.from_profile(row, profile_id="abc")
    assert q.id == "abc" and q.work_history == (WorkItem("Made meals", "Cook"),)
    assert q.constraints.shifts == ("day",) and q.constraints.excluded_employers == ("Acme",)
    assert q.constraints.work_authorized is True


def test_candidates_from_job_and_program_rows() -> None:
    job = JobPostingIn(
        source="feed",
        source_id="J-1",
        title="Cook",
        description="Make meals",
        employer_name="Bistro",
        pay_min_hourly=17.0,
        shifts=["day"],
        occupation_code="35-2014",
    )
    c = Candidate.from_job(job)
    assert (c.item_id, c.kind, c.source_id, c.soc, c.org_name) == ("J-1", "job", "J-1", "35-2014", "Bistro")
    assert c.text == "Cook\nMake meals" and c.requires_work_authorization and c.status == "active"
    program = ProgramIn(
        source="etpl",
        source_id="P-1",
        name="CDL class",
        provider_name="College",
        target_soc_codes=["53-3032"],
        delivery="online",
        cost_total=1200.0,
    )
    p = Candidate.from_program(program, item_id=5)
    assert (p.item_id, p.kind, p.is_remote, p.target_socs, p.cost_total) == (5, "program", True, ("53-3032",), 1200.0)
