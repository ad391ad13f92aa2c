"""`wayfinder import` end to end: each sample format imports; broken files are reported, not half-written."""

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from api.cli import app
from models.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_data"
BROKEN = ROOT / "tests" / "fixtures" / "broken"


@pytest.fixture
def cli_env(committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The CLI pointed at a private database (as a deployment's DATABASE_URL would)."""
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_HOME", str(tmp_path))
    get_settings.cache_clear()
    yield committing_engine
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", *args])
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(
    ("kind", "name", "fmt", "expected"),
    [
        ("jobs", "employers.jsonld", "jsonld", 160),
        ("jobs", "employers.jsonl", "jsonld", 120),
        ("jobs", "postings.csv", "csv", 103),
        ("jobs", "usajobs.json", "usajobs", 28),
        ("programs", "ctdl.jsonld", "ctdl", 12),
        ("programs", "schema_programs.jsonld", "schemaorg", 10),
        ("programs", "etpl.csv", "etpl", 11),
        ("programs", "scorecard_fos.csv", "scorecard", 8),
    ],
)
def test_each_sample_imports_and_reimport_changes_nothing(
    cli_env: Engine, kind: str, name: str, fmt: str, expected: int
) -> None:
    code, out = _run(kind, str(SAMPLES / kind / name), "--no-embed")
    assert code == 0, out
    assert f"({fmt}," in out and f"inserted {expected}," in out and "errors 0" in out
    code, out = _run(kind, str(SAMPLES / kind / name))
    assert code == 0, out
    assert f"unchanged {expected}" in out and "inserted 0," in out
    table = "job_posting" if kind == "jobs" else "training_program"
    with cli_env.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table} WHERE embedding IS NULL")).scalar_one() == 0


def test_bad_records_are_reported_and_the_good_ones_import(cli_env: Engine) -> None:
    code, out = _run("jobs", str(BROKEN / "jobs_bad_rows.csv"), "--no-embed")
    assert code == 0, out
    report = next((Path(get_settings().reports_dir)).glob("*-errors.csv"))
    lines = report.read_text().splitlines()
    assert lines[0] == "file,location,field,reason" and len(lines) > 1
    assert all("jobs_bad_rows.csv" in line for line in lines[1:])
    with cli_env.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_posting")).scalar_one() > 0


@pytest.mark.parametrize("name", ["jobs_truncated.jsonld", "not_text.jsonld", "empty.json"])
def test_unreadable_files_fail_clearly_and_write_nothing(cli_env: Engine, name: str) -> None:
    code, out = _run("jobs", str(BROKEN / name), "--format", "jsonld", "--no-embed")
    assert code == 2
    assert "error:" in out and "Traceback" not in out
    with cli_env.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_posting")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM import_run")).scalar_one() == 0


def test_unknown_format_is_refused_with_the_choices(cli_env: Engine) -> None:
    code, out = _run("programs", str(SAMPLES / "programs" / "etpl.csv"), "--format", "xml")
    assert code != 0
    words = out.replace("│", " ").split()  # the usage error is drawn in a box
    assert "'xml' is not a format here" in " ".join(words)
    assert {"auto,", "ctdl,", "schemaorg,", "etpl,", "scorecard"} <= set(words)
