"""Job formats: schema.org JSON-LD (all shapes), USAJOBS (file and API), the jobs CSV, auto-detection."""

import json
from pathlib import Path

import httpx
import pytest

from etl.detect import detect_format
from etl.errors import FetchError, FileFormatError, RecordError
from etl.normalize import normalize_usajobs_records, parse_jobs
from etl.sources.usajobs import fetch_usajobs
from models.enums import PayUnit
from models.job_posting import JobPostingIn

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE_JOBS = ROOT / "sample_data" / "jobs"

POSTING = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "identifier": {"@type": "PropertyValue", "name": "Harbor Home Care", "value": "HHC-7"},
    "title": "Home Care Aide",
    "description": "<p>Help clients at home.</p><ul><li>Cook meals</li><li>Light housekeeping</li></ul>"
    "<p>To apply, call Maria at 253-555-0101.</p>",
    "datePosted": "2026-10-01",
    "validThrough": "2025-01-31T17:00:00-08:00",
    "employmentType": ["PART_TIME", "PER_DIEM"],
    "hiringOrganization": {"@id": "#org"},
    "jobLocation": [
        {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "1 Main St",
                "addressLocality": "Tacoma",
                "addressRegion": "WA",
                "postalCode": "98402",
                "addressCountry": "US",
            },
        }
    ],
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 3800, "maxValue": 4300, "unitText": "MONTH"},
    },
    "occupationalCategory": {"@type": "CategoryCode", "codeValue": "31-1121.00"},
    "workHours": "Weekday mornings, Mon-Fri 8am-12pm",
    "skills": ["patience", "cooking"],
    "qualifications": "Must be 18. <b>Home Care Aide</b> certification within 200 days.",
    "educationRequirements": {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": "high school",
    },
    "experienceRequirements": "no requirements",
    "totalJobOpenings": 4,
    "applicationContact": {"@type": "ContactPoint", "email": "jobs@harborhomecare.example"},
}
ORG = {"@id": "#org", "@type": "Organization", "name": "Harbor Home Care"}


def only_jobs(items: list[JobPostingIn | RecordError]) -> list[JobPostingIn]:
    assert not [i for i in items if isinstance(i, RecordError)], items
    return [i for i in items if isinstance(i, JobPostingIn)]


@pytest.mark.parametrize(
    "document",
    [
        {"@context": "https://schema.org", "@graph": [ORG, POSTING]},
        [ORG, POSTING],
    ],
)
def test_jsonld_graph_and_list(tmp_path: Path, document: object) -> None:
    path = tmp_path / "jobs.jsonld"
    path.write_text(json.dumps(document))
    [job] = only_jobs(list(parse_jobs(path, "jsonld", "partner")))
    assert job.source == "partner" and job.source_id == "HHC-7"
    assert job.employer_name == "Harbor Home Care"  # followed the @id reference
    assert (
        job.description
        == "Help clients at home.\n- Cook meals\n- Light housekeeping\nTo apply, call Maria at 253-555-0101."
    )
    assert job.employment_types == ["PART_TIME", "PER_DIEM"]
    assert (job.pay_min, job.pay_max, job.pay_unit) == (3800, 4300, PayUnit.MONTH)
    assert (job.pay_min_hourly, job.pay_max_hourly) == (21.92, 24.81)
    assert (job.city, job.region, job.zip3, job.country) == ("Tacoma", "WA", "984", "US")
    assert not job.is_remote
    assert job.occupation_code == "31-1121"
    assert job.shifts == ["day"] and job.days == ["mon", "tue", "wed", "thu", "fri"]
    assert job.qualifications == (
        "Must be 18. Home Care Aide certification within 200 days.\nSkills: patience, cooking\n"
        "Experience: no requirements\nEducation: high school"  # the published text is kept beside the level
    )
    assert job.education_required == "high_school" and job.experience_months == 0
    assert job.openings == 4
    assert job.valid_through is not None and job.valid_through.year == 2025  # expired, still kept
    assert job.contact_text == "jobs@harborhomecare.example | To apply, call Maria at 253-555-0101."
    assert job.skills == []  # skills are the loader's job


def test_jsonld_single_document_and_remote(tmp_path: Path) -> None:
    remote = {
        **POSTING,
        "hiringOrganization": {"name": "Sound IT"},
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": {"@type": "State", "name": "Washington"},
    }
    del remote["jobLocation"]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(remote))
    [job] = only_jobs(list(parse_jobs(path, "jsonld", "s")))
    assert job.is_remote and job.region == "WA" and job.city is None and job.zip3 is None


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    lines = [{**POSTING, "identifier": f"L-{i}", "hiringOrganization": ORG} for i in range(3)]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    jobs = only_jobs(list(parse_jobs(path, "jsonld", "s")))
    assert [j.source_id for j in jobs] == ["L-0", "L-1", "L-2"]


def test_usajobs_file() -> None:
    jobs = only_jobs(list(parse_jobs(FIXTURES / "usajobs" / "page1.json", "usajobs", "usajobs")))
    aid, nurse = jobs
    assert aid.source_id == "VA-100" and aid.pay_unit is PayUnit.HOUR and aid.pay_min_hourly == 21.9
    assert nurse.pay_unit is PayUnit.YEAR and nurse.pay_min_hourly == 19.98
    assert (aid.city, aid.region, aid.country, aid.zip3) == ("Seattle", "WA", "US", None)
    assert aid.requires_citizenship and aid.occupation_code is None
    assert aid.description == "Clean patient areas.\nMajor duties:\n- Cleans rooms."
    assert aid.contact_text is not None and aid.contact_text.startswith("Apply online through USAJOBS.")


def saved_pages_transport(seen: list[httpx.Request]) -> httpx.MockTransport:
    pages = {n: json.loads((FIXTURES / "usajobs" / f"page{n}.json").read_text()) for n in (1, 2)}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=pages[int(request.url.params["Page"])])

    return httpx.MockTransport(handler)


def test_fetch_usajobs_pages_through_the_api() -> None:
    seen: list[httpx.Request] = []
    with httpx.Client(transport=saved_pages_transport(seen)) as client:
        records = list(
            fetch_usajobs(
                client,
                keyword="warehouse",
                location="Seattle, Washington",
                api_key="KEY",
                user_agent="ops@wayfinder.example",
                page_size=2,
            )
        )
        jobs = only_jobs(list(normalize_usajobs_records(records, "usajobs")))
    assert [j.source_id for j in jobs] == ["VA-100", "VA-101", "VA-102"]
    # TeleworkEligible is telework, not remote (issue 14): the person must still live near the site.
    assert (jobs[2].telework_eligible, jobs[2].is_remote) == (True, False)
    assert jobs[2].pay_unit is PayUnit.YEAR  # "Per Year"
    assert len(seen) == 2  # NumberOfPages = 2: no third request
    first = seen[0]
    assert first.url.host == "data.usajobs.gov"
    assert first.headers["Authorization-Key"] == "KEY"
    assert first.headers["User-Agent"] == "ops@wayfinder.example"
    assert first.headers["Host"] == "data.usajobs.gov"
    assert first.url.params["Keyword"] == "warehouse"
    assert first.url.params["LocationName"] == "Seattle, Washington"
    assert first.url.params["ResultsPerPage"] == "2"


def test_fetch_usajobs_respects_max_pages_and_reports_refusal() -> None:
    seen: list[httpx.Request] = []
    with httpx.Client(transport=saved_pages_transport(seen)) as client:
        records = list(fetch_usajobs(client, api_key="K", user_agent="u", max_pages=1))
    assert len(records) == 2 and len(seen) == 1
    refusing = httpx.MockTransport(lambda request: httpx.Response(401))
    with httpx.Client(transport=refusing) as client, pytest.raises(FetchError, match="Authorization-Key"):
        list(fetch_usajobs(client, api_key="bad", user_agent="u"))


def test_jobs_csv_example_file() -> None:
    jobs = only_jobs(list(parse_jobs(SAMPLE_JOBS / "example.csv", "csv", "employer-form")))
    assert len(jobs) == 5
    for job in jobs:
        assert job.title and job.employer_name and job.region == "WA"
        assert job.zip3 in {"980", "981", "983", "984"} or job.is_remote


def test_jobs_csv_columns(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "id,title,employer,pay_min,pay_max,pay_unit,zip,state,remote,shifts,days,hours_per_week,work_hours,soc_code\n"
        "X-1,Cook,Sound Diner,160,200,DAY,98402,Washington,no,evening;weekend,Thu-Mon,32,3pm-11pm,35-2014.00\n"
        'X-2,Agent,Call Co,41600,,YEAR,,WA,yes,,,,"Mon-Fri 8am-4:30pm, 40 hours/week",\n',
        encoding="utf-8",
    )
    cook, agent = only_jobs(list(parse_jobs(path, "csv", "s")))
    assert cook.pay_unit is PayUnit.DAY and cook.pay_min_hourly == 20.0 and cook.pay_max_hourly == 25.0
    assert cook.shifts == ["evening", "weekend"] and cook.days == ["mon", "thu", "fri", "sat", "sun"]
    assert cook.hours_per_week == 32 and cook.occupation_code == "35-2014" and cook.zip3 == "984"
    assert agent.is_remote and agent.pay_max is None and agent.pay_min_hourly == 20.0
    assert agent.shifts == ["day"] and agent.hours_per_week == 40.0  # from work_hours text


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("employers.jsonld", "jsonld"),
        ("employers.jsonl", "jsonld"),
        ("postings.csv", "csv"),
        ("usajobs.json", "usajobs"),
    ],
)
def test_detect_job_formats(name: str, fmt: str) -> None:
    assert detect_format(SAMPLE_JOBS / name, "jobs") == fmt


def test_detect_names_accepted_formats_when_unsure(tmp_path: Path) -> None:
    path = tmp_path / "mystery.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(FileFormatError, match="one of: jsonld, usajobs, csv"):
        detect_format(path, "jobs")


def test_sample_jobs_parse_cleanly() -> None:
    jobs: list[JobPostingIn] = []
    for name, fmt in [
        ("employers.jsonld", "jsonld"),
        ("employers.jsonl", "jsonld"),
        ("postings.csv", "csv"),
        ("example.csv", "csv"),
        ("usajobs.json", "usajobs"),
    ]:
        jobs += only_jobs(list(parse_jobs(SAMPLE_JOBS / name, fmt, "sample")))
    assert 380 <= len(jobs) <= 450
    assert len({j.source_id for j in jobs}) == len(jobs)
    expired = [j for j in jobs if j.valid_through and j.valid_through.year < 2027]
    assert sorted(j.source_id for j in expired) == ["expired-01", "expired-02", "expired-03"]
    assert all(j.valid_through is None or j.valid_through.year >= 2027 for j in jobs if j not in expired)
    assert sum(j.source_id.startswith("flag-") for j in jobs) == 15
    assert {j.zip3 for j in jobs if j.zip3} <= {"980", "981", "983", "984"}
    assert {j.pay_unit for j in jobs if j.pay_unit} >= {
        PayUnit.HOUR,
        PayUnit.DAY,
        PayUnit.WEEK,
        PayUnit.MONTH,
        PayUnit.YEAR,
    }
    assert sum(j.is_remote for j in jobs) >= 5
    assert sum(j.occupation_code is not None for j in jobs) > len(jobs) / 2
