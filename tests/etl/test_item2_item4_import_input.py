"""Issue 12, items 2, 4 and 7 on the import side: control characters, deep nesting, non-web links, the
error report as a spreadsheet would read it. Every importer format is covered (tests/etl/format_files.py).
"""

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from api.cli import app
from etl.errors import FileFormatError, RecordError, plain_cell
from etl.load import ErrorReport
from etl.normalize.pipeline import parse_jobs, parse_programs
from etl.sources.base import MAX_JSON_DEPTH
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from models.settings import get_settings
from tests.etl.format_files import FORMATS, Format, Record

FORMAT_NAMES = list(FORMATS)
LINK_FORMATS = [name for name, f in FORMATS.items() if "url" in f.fields]


def parse(fmt: Format, path: Path) -> list[JobPostingIn | ProgramIn | RecordError]:
    parser = parse_jobs if fmt.kind == "jobs" else parse_programs
    return list(parser(path, fmt.name, "test"))


def write_error_report(problems: list[RecordError], reports_dir: Path, stem: str) -> Path:
    """The import's own report writer, given these problems."""
    report = ErrorReport(reports_dir, stem)
    for problem in problems:
        report.write(problem)
    written = report.close()
    assert written is not None
    return Path(written)


def _title(item: JobPostingIn | ProgramIn) -> str:
    return item.title if isinstance(item, JobPostingIn) else item.name


@pytest.fixture
def cli_env(committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", committing_engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("WAYFINDER_HOME", str(tmp_path / "home"))
    get_settings.cache_clear()
    yield committing_engine
    get_settings.cache_clear()


def _import(kind: str, path: Path, fmt: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["import", kind, str(path), "--format", fmt, "--no-embed"])
    return result.exit_code, " ".join(result.output.split()) + (
        f" EXCEPTION {result.exception!r}" if result.exception and not isinstance(result.exception, SystemExit) else ""
    )


def _report_rows() -> list[list[str]]:
    report = next(Path(get_settings().reports_dir).glob("*-errors.csv"))
    with report.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_format_files_build_valid_records(tmp_path: Path, name: str) -> None:
    """The builders themselves: defaults give clean records, so a failure below is the input's doing."""
    fmt = FORMATS[name]
    items = parse(fmt, fmt.write(tmp_path, [{}, {}]))
    assert [type(i).__name__ for i in items] == ["JobPostingIn" if fmt.kind == "jobs" else "ProgramIn"] * 2


@pytest.mark.parametrize("name", FORMAT_NAMES)
@pytest.mark.parametrize("bad", ["\x00", "\x1b[31m", "\x7f", "\x85", "\ud800"])
def test_item2_control_character_record_is_reported_and_the_rest_parse(tmp_path: Path, name: str, bad: str) -> None:
    fmt = FORMATS[name]
    if bad == "\ud800" and not fmt.json:
        pytest.skip("a lone surrogate cannot be written as UTF-8 text; only a JSON escape carries one")
    records: list[Record] = [{"title": "Cook"}, {"title": f"Night{bad}Cook"}, {"title": "Baker"}]
    items = parse(fmt, fmt.write(tmp_path, records))
    errors = [i for i in items if isinstance(i, RecordError)]
    good = [_title(i) for i in items if not isinstance(i, RecordError)]
    assert len(errors) == 1, errors
    assert errors[0].field in ("title", "name")
    assert f"U+{ord(bad[0]):04X}" in errors[0].reason and "remove it" in errors[0].reason
    assert sorted(good) == (["Baker", "Cook"] if name != "scorecard" else sorted(good))
    assert len(good) == 2


def test_item2_cli_import_reports_nul_record_and_imports_the_rest(cli_env: Engine, tmp_path: Path) -> None:
    path = tmp_path / "postings.jsonl"
    lines = [
        {"@type": "JobPosting", "identifier": "a", "title": "Cook", "hiringOrganization": {"name": "Diner"}},
        {"@type": "JobPosting", "identifier": "b", "title": "a\u0000b", "hiringOrganization": {"name": "Diner"}},
        {"@type": "JobPosting", "identifier": "c", "title": "Baker", "hiringOrganization": {"name": "Diner"}},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    code, out = _import("jobs", path, "jsonld")
    assert code == 0, out
    assert "Traceback" not in out and "inserted 2," in out and "errors 1" in out
    rows = _report_rows()
    assert rows[0] == ["file", "location", "field", "reason"]
    assert rows[1][:3] == ["postings.jsonl", "line 2", "title"]
    assert "U+0000 NUL" in rows[1][3]
    with cli_env.connect() as conn:
        titles = conn.execute(text("SELECT title FROM job_posting ORDER BY title")).scalars().all()
    assert titles == ["Baker", "Cook"]


def test_item2_cli_import_of_a_csv_with_raw_nul_imports_the_rest(cli_env: Engine, tmp_path: Path) -> None:
    """A stray raw NUL byte in a UTF-8 CSV is a bad record, not a binary file (nor a failed import)."""
    fmt = FORMATS["csv"]
    filler = [{"id": f"f{i}", "description": "x" * 200} for i in range(60)]
    path = fmt.write(tmp_path, [*filler, {"id": "nul", "title": "Dish\x00washer"}])
    assert path.read_bytes().index(b"\x00") > 8192
    code, out = _import("jobs", path, "csv")
    assert code == 0, out
    assert "inserted 60," in out and "errors 1" in out
    assert [row[1:3] for row in _report_rows()[1:]] == [["line 62", "title"]]


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_item2_deep_nesting_is_a_clear_error(cli_env: Engine, tmp_path: Path, name: str) -> None:
    fmt = FORMATS[name]
    path = tmp_path / f"deep{fmt.suffix}"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, out = _import(fmt.kind, path, name)
    assert code == 2, out
    assert out.startswith("error:") and "Traceback" not in out and "EXCEPTION" not in out
    if fmt.json:
        assert f"deep.jsonld: the JSON is nested deeper than {MAX_JSON_DEPTH} levels" in out or (
            f"deep.json: the JSON is nested deeper than {MAX_JSON_DEPTH} levels" in out
        )
    with cli_env.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM import_run")).scalar_one() == 0


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 900, 5000])
def test_item2_nesting_over_the_cap_in_a_record_is_refused_before_walking_it(tmp_path: Path, depth: int) -> None:
    """Below the parser's own limit too: the cap applies whatever depth the parser could manage."""
    node = {"@type": "JobPosting", "identifier": "x", "title": "Cook", "hiringOrganization": {"name": "D"}}
    deep = "[" * depth + '"leaf"' + "]" * depth
    path = tmp_path / "deep.jsonld"
    path.write_text(json.dumps({"@graph": [{**node, "skills": "DEEP"}]}).replace('"DEEP"', deep), encoding="utf-8")
    with pytest.raises(FileFormatError, match=f"nested deeper than {MAX_JSON_DEPTH} levels"):
        parse(FORMATS["jsonld"], path)


def test_item2_deep_line_in_json_lines_is_one_record_error(tmp_path: Path) -> None:
    good = {"@type": "JobPosting", "identifier": "a", "title": "Cook", "hiringOrganization": {"name": "Diner"}}
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(good) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    items = parse(FORMATS["jsonld"], path)
    assert items[0] == JobPostingIn.model_validate(items[0].model_dump())  # the good record came out
    assert items[1] == RecordError(
        "p.jsonl",
        "line 2",
        "(json)",
        f"nested deeper than {MAX_JSON_DEPTH} levels of lists and objects; real postings and programs need far "
        "fewer, so check how the file was exported",
    )


def test_real_sample_files_are_well_inside_the_nesting_cap(repo_root: Path) -> None:
    from etl.sources.base import nesting_exceeds

    for path in [*repo_root.glob("sample_data/*/*.json*"), *repo_root.glob("tests/fixtures/**/*.json*")]:
        if path.suffix == ".jsonl":
            continue
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except (ValueError, UnicodeDecodeError):
            continue  # the broken-file fixtures
        assert not nesting_exceeds(doc, 16), path


BAD_LINKS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "/relative/path",
    "//evil.example/x",
    "ftp://files.example.org/a",
    "https://",
]


@pytest.mark.parametrize("name", LINK_FORMATS)
@pytest.mark.parametrize("link", BAD_LINKS)
def test_item4_importer_drops_javascript_url(tmp_path: Path, name: str, link: str) -> None:
    fmt = FORMATS[name]
    items = parse(fmt, fmt.write(tmp_path, [{"title": "Cook", "url": link}, {"title": "Baker"}]))
    notes = [i for i in items if isinstance(i, RecordError)]
    records = [i for i in items if not isinstance(i, RecordError)]
    assert [(r.url, _title(r)) for r in records] == [
        (None, "Cook"),
        (records[1].url, "Baker"),
    ]
    assert records[1].url is not None and records[1].url.startswith("https://")
    assert len(notes) == 1 and notes[0].imported and notes[0].field == "url"
    assert "only http:// and https:// links are kept" in notes[0].reason


@pytest.mark.parametrize("link", ["https://jobs.example.org/a?b=c#d", "HTTP://Example.org", "http://10.0.0.1:8080/x"])
def test_web_links_are_kept(tmp_path: Path, link: str) -> None:
    items = parse(FORMATS["jsonld"], FORMATS["jsonld"].write(tmp_path, [{"url": link}]))
    assert [getattr(i, "url", i) for i in items] == [link]


def test_item4_no_record_can_hold_a_non_web_link() -> None:
    """The record models refuse one outright: a path that skips the normalizers cannot store it either."""
    from pydantic import ValidationError

    from tests.factories import job_in, program_in

    with pytest.raises(ValidationError, match="url must be a web address"):
        job_in(url="javascript:alert(1)")
    with pytest.raises(ValidationError, match="url must be a web address"):
        program_in(url="data:text/html,x")


def test_item4_cli_import_keeps_the_record_and_reports_the_dropped_link(cli_env: Engine, tmp_path: Path) -> None:
    path = FORMATS["jsonld"].write(tmp_path, [{"id": "j1", "url": "javascript:alert(1)"}, {"id": "j2"}], "feed")
    code, out = _import("jobs", path, "jsonld")
    assert code == 0, out
    assert "inserted 2," in out and "errors 0" in out and "1 value(s) left out of imported records" in out
    rows = _report_rows()
    assert rows[1][:3] == ["feed.jsonld", "'@graph[0]", "url"]  # "@" could start a formula too
    with cli_env.connect() as conn:
        urls = dict(conn.execute(text("SELECT source_id, url FROM job_posting")).all())
    assert urls == {"j1": None, "j2": "https://jobs.example.org/1"}


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("start", FORMULAS)
def test_item7_error_csv_cells_cannot_start_a_formula(tmp_path: Path, start: str) -> None:
    problem = RecordError(start, start, start, start)
    path = write_error_report([problem], tmp_path, "r")
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[1] == ["'" + start] * 4
    assert [plain_cell(cell) for cell in rows[1]] == [start] * 4  # what the partner's report page shows


def test_item7_error_csv_plain_cells_are_unchanged(tmp_path: Path) -> None:
    problem = RecordError("feed.csv", "line 3", "pay_min", "expected a number, got 'lots'")
    path = write_error_report([problem], tmp_path, "r")
    line = path.read_text(encoding="utf-8").splitlines()[1]
    assert line == "feed.csv,line 3,pay_min,\"expected a number, got 'lots'\""


def test_item7_file_name_formula_is_neutralised_in_the_cli_report(cli_env: Engine, tmp_path: Path) -> None:
    path = FORMATS["csv"].write(tmp_path, [{"id": "a", "title": "x\x1b"}], '=HYPERLINK("evil")')
    code, out = _import("jobs", path, "csv")
    assert code == 0, out
    assert _report_rows()[1][0] == "'" + '=HYPERLINK("evil").csv'


def test_item7_messages_name_the_file_not_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "wf-upload-secret"
    folder.mkdir()
    path = folder / "programs.csv"
    path.write_text("name,other\nWelding,x\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        parse(FORMATS["etpl"], path)
    assert caught.value.message.startswith("programs.csv: not a ETPL program CSV")
    assert str(folder) not in caught.value.message
    bad = FORMATS["etpl"].write(folder, [{"title": "\x00"}])
    errors = [i for i in parse(FORMATS["etpl"], bad) if isinstance(i, RecordError)]
    assert [e.file for e in errors] == ["records.csv"]
