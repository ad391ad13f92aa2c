"""Issue 14, faithful reading of real files: a program its list marks suspended is imported closed (never ranked)
with the list's word kept; a row one cell short at its end is imported with that cell empty and a warning."""

import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from etl.enrich import Enricher
from etl.errors import RecordError
from etl.load import run_import
from etl.normalize import parse_jobs, parse_programs
from etl.normalize.program_fields import not_offered
from models.job_posting import JobPostingIn
from models.repositories.candidates import load_candidates

NJ = Path(__file__).resolve().parents[1] / "fixtures" / "conformance" / "etpl" / "nj_standardized_etpl.csv"


def _import_programs(engine: Engine, path: Path, tmp_path: Path) -> dict[str, tuple[str, str | None]]:
    summary = run_import(
        engine,
        kind="programs",
        path=path,
        fmt="etpl",
        source="nj",
        parsed=parse_programs(path, "etpl", "nj"),
        enricher=Enricher(model_name="m"),
        encoder=None,
        reports_dir=tmp_path / "reports",
    )
    assert summary.errors == 0
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT source_id, status, listed_status FROM training_program WHERE source = 'nj'"))
        return {r.source_id: (r.status, r.listed_status) for r in rows}


def test_suspended_program_is_stored_closed_and_never_a_ranking_candidate(
    committing_engine: Engine, tmp_path: Path
) -> None:
    stored = _import_programs(committing_engine, NJ, tmp_path)
    assert stored == {"1": ("active", "Approved"), "3": ("closed", "Suspend"), "5": ("active", "Approved")}
    with committing_engine.begin() as conn:  # as if embedded: only the status can keep a program out
        conn.execute(text("UPDATE training_program SET embedding = array_fill(0.1, ARRAY[384])::vector"))
        candidates, _ = load_candidates(conn, "program")
    assert sorted(c.title for c in candidates) == ["Program With No Outcomes", "Tree Identification Class"]


def test_a_program_the_list_approves_again_is_live_after_the_next_import(
    committing_engine: Engine, tmp_path: Path
) -> None:
    assert _import_programs(committing_engine, NJ, tmp_path)["3"] == ("closed", "Suspend")
    approved = tmp_path / "nj.csv"
    shutil.copy(NJ, approved)
    approved.write_text(NJ.read_text(encoding="utf-8").replace(",Suspend,", ",Approved,"), encoding="utf-8")
    assert _import_programs(committing_engine, approved, tmp_path)["3"] == ("active", "Approved")


_NOT_OFFERED = ["suspend", "suspended", "inactive", "closed", "withdrawn", "denied", "removed", "expired", "revoked"]


@given(word=st.sampled_from(_NOT_OFFERED), data=st.data())
def test_not_offered_words_are_read_in_any_case_and_padding(word: str, data: st.DataObject) -> None:
    cased = "".join(ch.upper() if data.draw(st.booleans()) else ch for ch in word)
    pad = data.draw(st.sampled_from(["", " ", "  ", "\t"]))
    assert not_offered(f"{pad}{cased}{pad}")


@given(word=st.sampled_from(["Approved", "Active", "Pending review", "Suspension lifted", "", None]))
def test_other_status_words_leave_a_program_offered(word: str | None) -> None:
    assert not not_offered(word)


def _jobs_file(tmp_path: Path, body: str) -> list[JobPostingIn | RecordError]:
    path = tmp_path / "jobs.csv"
    path.write_text("id,title,employer,city,date_posted\n" + body, encoding="utf-8")
    return list(parse_jobs(path, "csv", "s"))


def test_a_row_two_cells_short_is_still_refused(tmp_path: Path) -> None:
    [error] = _jobs_file(tmp_path, "7,Cook,Diner\n")
    assert isinstance(error, RecordError) and not error.imported
    assert error.reason == "row has 3 fields, header has 5: a cell or delimiter is missing or extra"


def test_a_row_one_cell_short_is_refused_when_the_missing_last_column_is_required(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("id,city,title,employer\n7,Kent,Cook\n", encoding="utf-8")
    [error] = list(parse_jobs(path, "csv", "s"))
    assert isinstance(error, RecordError) and not error.imported and error.field == "(row)"


def test_a_row_one_cell_short_at_its_end_is_imported_after_a_warning(tmp_path: Path) -> None:
    warning, job = _jobs_file(tmp_path, "7,Cook,Diner,Kent\n")
    assert isinstance(warning, RecordError) and warning.imported
    assert (warning.location, warning.field) == ("line 2", "date_posted")
    assert warning.reason.startswith("row has 4 fields, header has 5: the last cell (date_posted) is missing;")
    assert isinstance(job, JobPostingIn)
    assert (job.source_id, job.title, job.employer_name, job.city, job.date_posted) == (
        "7",
        "Cook",
        "Diner",
        "Kent",
        None,
    )


def test_a_short_row_that_is_refused_for_a_value_gets_no_imported_warning(tmp_path: Path) -> None:
    """The warning says the record was imported; a row refused for another reason must not carry it."""
    path = tmp_path / "jobs.csv"
    path.write_text("id,title,employer,pay_min,city\n7,Cook,Diner,lots\n", encoding="utf-8")
    [error] = list(parse_jobs(path, "csv", "s"))
    assert isinstance(error, RecordError) and not error.imported
    assert (error.field, error.reason) == ("pay_min", "expected a number, got 'lots'")
