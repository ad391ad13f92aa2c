"""Broken inputs: good records still come out; bad ones are located RecordErrors; bad files raise."""

from pathlib import Path

import pytest

from etl.errors import FileFormatError, RecordError
from etl.normalize import parse_jobs, parse_programs
from models.job_posting import JobPostingIn
from models.program import ProgramIn

BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "broken"


def split(items: list[object]) -> tuple[list[object], list[RecordError]]:
    errors = [i for i in items if isinstance(i, RecordError)]
    return [i for i in items if not isinstance(i, RecordError)], errors


def test_jsonld_list_with_missing_title_and_bad_pay() -> None:
    good, errors = split(list(parse_jobs(BROKEN / "jobs_list.jsonld", "jsonld", "t")))
    assert [j.source_id for j in good if isinstance(j, JobPostingIn)] == ["J-1", "J-4"]
    assert [(e.location, e.field) for e in errors] == [("[1]", "title"), ("[2]", "baseSalary")]
    assert errors[0].file.endswith("jobs_list.jsonld")
    assert errors[0].reason == "missing"
    assert "lots" in errors[1].reason


def test_json_lines_bad_lines_are_located_by_line_number() -> None:
    good, errors = split(list(parse_jobs(BROKEN / "jobs_bad_lines.jsonl", "jsonld", "t")))
    assert [j.source_id for j in good if isinstance(j, JobPostingIn)] == ["J-1", "J-5"]
    by_line = {e.location: e for e in errors}
    assert by_line["line 2"].field == "(json)"
    assert by_line["line 3"].field == "occupationalCategory"
    assert "malformed SOC code '29-11'" in by_line["line 3"].reason
    assert by_line["line 4"].field == "baseSalary" and "FORTNIGHT" in by_line["line 4"].reason


def test_csv_bad_rows() -> None:
    good, errors = split(list(parse_jobs(BROKEN / "jobs_bad_rows.csv", "csv", "t")))
    assert [j.source_id for j in good if isinstance(j, JobPostingIn)] == ["C-1", "C-6"]
    assert [(e.location, e.field) for e in errors] == [
        ("line 3", "pay_min"),  # unknown unit FORTNIGHT, reported on the pay column
        ("line 4", "(row)"),
        ("line 5", "title"),
        ("line 6", "valid_through"),
    ]
    assert "FORTNIGHT" in errors[0].reason
    assert "4 fields" in errors[1].reason


def test_usajobs_bad_items() -> None:
    good, errors = split(list(parse_jobs(BROKEN / "usajobs_bad_items.json", "usajobs", "t")))
    assert [j.source_id for j in good if isinstance(j, JobPostingIn)] == ["VA-1", "VA-4"]
    assert [(e.location, e.field) for e in errors] == [
        ("SearchResultItems[1]", "PositionRemuneration"),
        ("SearchResultItems[2]", "MatchedObjectDescriptor"),
    ]


def test_ctdl_broken_graph() -> None:
    good, errors = split(list(parse_programs(BROKEN / "ctdl_broken.jsonld", "ctdl", "t")))
    assert [p.source_id for p in good if isinstance(p, ProgramIn)] == ["ce-1", "ce-5"]
    assert [(e.location, e.field) for e in errors] == [
        ("@graph[2]", "ceterms:name"),
        ("@graph[3]", "ceterms:instructionalProgramType"),
        ("@graph[4]", "ceterms:ownedBy"),
    ]


def test_schema_programs_broken() -> None:
    good, errors = split(list(parse_programs(BROKEN / "schema_programs_broken.jsonld", "schemaorg", "t")))
    assert len(good) == 2
    assert [(e.location, e.field) for e in errors] == [("[1]", "provider"), ("[2]", "timeToComplete")]


def test_etpl_broken() -> None:
    good, errors = split(list(parse_programs(BROKEN / "etpl_broken.csv", "etpl", "t")))
    assert [p.source_id for p in good if isinstance(p, ProgramIn)] == ["E-1", "E-4"]
    assert [(e.location, e.field) for e in errors] == [
        ("line 3", "cip_code"),
        ("line 4", "(row)"),
        ("line 6", "emp_rate_q2"),
    ]


def test_scorecard_broken() -> None:
    good, errors = split(list(parse_programs(BROKEN / "scorecard_broken.csv", "scorecard", "t")))
    assert [p.source_id for p in good if isinstance(p, ProgramIn)] == ["236382-5139-1", "236382-0101-2"]
    assert [(e.location, e.field) for e in errors] == [("line 3", "CIPCODE"), ("line 5", "EARN_MDN_1YR")]


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("jobs_truncated.jsonld", "jsonld", "truncated"),
        ("not_text.jsonld", "jsonld", "binary file"),
        ("empty.json", "jsonld", "empty"),
        ("no_jobposting.jsonld", "jsonld", "no JobPosting nodes found (types in the file: Organization)"),
        # 'company' is an employer column now (issue 14); the id is optional (a natural key replaces it).
        ("jobs_wrong_columns.csv", "csv", "missing column(s) title (found: name, company)"),
        ("usajobs_wrong_shape.json", "usajobs", "not a USAJOBS Search API response"),
        ("does_not_exist.json", "jsonld", "cannot open"),
    ],
)
def test_unreadable_or_wrong_format_files_raise(name: str, fmt: str, message: str) -> None:
    with pytest.raises(FileFormatError) as info:
        list(parse_jobs(BROKEN / name, fmt, "t"))
    assert message in info.value.message
    assert name in info.value.message


def test_wrong_program_format_raises() -> None:
    with pytest.raises(FileFormatError, match="not a College Scorecard field-of-study CSV"):
        list(parse_programs(BROKEN / "etpl_broken.csv", "scorecard", "t"))
    with pytest.raises(FileFormatError, match="use one of: ctdl, schemaorg, etpl, scorecard"):
        list(parse_programs(BROKEN / "etpl_broken.csv", "xml", "t"))
