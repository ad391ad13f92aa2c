"""Forked enrichment gives exactly the rows the sequential path gives, in the same order."""

import pytest

from etl.components import default_enricher
from etl.parallel import MIN_PARALLEL, MIN_WORKERS, stage_all, stage_one
from tests.factories import job_in

TITLES = ["Line Cook", "Forklift Operator", "Housekeeper", "Cashier - start today, no interview"]


def test_parallel_staging_matches_sequential(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pool is used only with MIN_WORKERS cores or more; pretend this machine has them.
    monkeypatch.setattr("etl.parallel.os.cpu_count", lambda: MIN_WORKERS)
    enricher = default_enricher("m")
    records = [job_in(source_id=f"p{i}", title=TITLES[i % 4], occupation_code=None) for i in range(MIN_PARALLEL + 10)]
    sequential = [stage_one(enricher, r.model_copy(deep=True)) for r in records]
    parallel = stage_all(enricher, [r.model_copy(deep=True) for r in records])
    assert len(parallel) == len(sequential)

    # Jsonb wrappers compare by identity; compare their payloads.
    def plain(staged: tuple) -> tuple:  # type: ignore[type-arg]
        row, *rest = staged
        return (tuple(getattr(v, "obj", v) for v in row), *rest)

    assert [plain(s) for s in parallel] == [plain(s) for s in sequential]
    assert any(s[3] == "held" for s in parallel)  # the screener ran in the workers


# --- ParallelStager: the whole per-record stage in worker processes (issue 14) -----------------------------

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from sqlalchemy import Engine, text  # noqa: E402

from etl.enrich import content_hash  # noqa: E402
from etl.errors import FileFormatError, RecordError  # noqa: E402
from etl.load import run_import  # noqa: E402
from etl.normalize.pipeline import parse_jobs, parse_programs  # noqa: E402
from etl.parallel import ParallelStager, StagedRecord  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "conformance"


def plain_staged(staged: tuple) -> tuple:  # type: ignore[type-arg]
    """A staged row with its Jsonb wrappers (which compare by identity) replaced by their payloads."""
    row, *rest = staged
    return (tuple(getattr(v, "obj", v) for v in row), *rest)


FILES = [
    ("jobs", "jobs_csv/nyc_jobs.csv", "csv"),  # a warning note before its record, internal postings
    ("jobs", "jobs_csv/indeed_toronto.csv", "csv"),  # a repeated record, natural keys
    ("jobs", "jobposting/gtm_job_posting_telecommute.json", "jsonld"),
    ("programs", "etpl/tx_twc_etpl.csv", "etpl"),  # a dropped link (note)
    ("programs", "etpl/nj_standardized_etpl.csv", "etpl"),  # a suspended program
    ("programs", "ctdl/ingest_examples_learning_program_graph.json", "ctdl"),  # @graph references
]


def _serial(kind: str, path: Path, fmt: str, enricher: Any) -> list[Any]:
    parsed = parse_jobs(path, fmt, "s") if kind == "jobs" else parse_programs(path, fmt, "s")
    out: list[Any] = []
    for item in parsed:
        if isinstance(item, RecordError):
            out.append(item)
        else:
            digest = content_hash(item)
            out.append((item.source_id, digest, plain_staged(stage_one(enricher, item, digest))))
    return out


def _parallel(kind: str, path: Path, fmt: str, enricher: Any, workers: int) -> list[Any]:
    return [
        (i.source_id, i.content_hash, plain_staged(i.staged)) if isinstance(i, StagedRecord) else i
        for i in ParallelStager(kind, path, fmt, "s", enricher, workers=workers)
    ]


@pytest.mark.parametrize(("kind", "name", "fmt"), FILES, ids=[f for _, f, _ in FILES])
def test_parallel_stager_gives_the_serial_stream_in_file_order(
    kind: str, name: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of one record over three workers: every chunk boundary is crossed, and the records, notes and
    errors come out as the serial parse and enrichment give them."""
    monkeypatch.setattr("etl.parallel.CHUNK_RECORDS", 1)
    enricher = default_enricher("m")
    serial = _serial(kind, CORPUS / name, fmt, enricher)
    assert serial and _parallel(kind, CORPUS / name, fmt, enricher, workers=3) == serial


def test_parallel_import_stores_what_the_serial_import_stores(
    committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same file imported serially, then (rows removed) by two workers: the same rows, counts and report."""
    monkeypatch.setattr("etl.parallel.CHUNK_RECORDS", 2)
    enricher = default_enricher("m")
    path = CORPUS / "jobs_csv" / "indeed_toronto.csv"

    def run(parsed: Any) -> tuple[Any, list[dict[str, Any]]]:
        summary = run_import(
            committing_engine,
            kind="jobs",
            path=path,
            fmt="csv",
            source="indeed",
            parsed=parsed,
            enricher=enricher,
            encoder=None,
            reports_dir=tmp_path,
        )
        with committing_engine.begin() as conn:
            rows = conn.execute(text("SELECT * FROM job_posting ORDER BY source_id")).mappings().all()
            conn.execute(text("DELETE FROM job_posting"))
        skip = {"id", "created_at", "updated_at"}
        counts = (summary.read, summary.inserted, summary.errors, [p.reason for p in summary.problems])
        return counts, [{k: v for k, v in r.items() if k not in skip} for r in rows]

    serial = run(parse_jobs(path, "csv", "indeed"))
    parallel = run(ParallelStager("jobs", path, "csv", "indeed", enricher, workers=2))
    assert serial[0][:3] == (5, 4, 1) and len(serial[1]) == 4
    assert parallel == serial


def test_a_file_the_workers_cannot_read_raises_the_same_error_as_the_serial_parse(tmp_path: Path) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text("posting,company name only\n1,Diner\n", encoding="utf-8")
    with pytest.raises(FileFormatError) as serial:
        list(parse_jobs(path, "csv", "s"))
    with pytest.raises(FileFormatError) as parallel:
        list(ParallelStager("jobs", path, "csv", "s", default_enricher("m"), workers=2))
    assert parallel.value.message == serial.value.message


def test_json_lines_are_sharded_by_line_and_come_out_in_file_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker parses only its own lines; blank lines, a broken line and a line holding two postings
    (a @graph) still give the serial stream, in order."""
    monkeypatch.setattr("etl.parallel.CHUNK_RECORDS", 2)
    node = '{"@type": "JobPosting", "identifier": "%s", "title": "%s", "hiringOrganization": {"name": "Kent Bakery"}}'
    lines = [node % (f"j{i}", TITLES[i % 4]) for i in range(9)]
    lines[3] = '{"@type": "JobPosting", "title": '  # broken
    lines[5] = f'{{"@graph": [{node % ("g1", "Baker")}, {node % ("g2", "Driver")}]}}'
    path = tmp_path / "postings.jsonl"
    path.write_text("\n".join(lines[:4]) + "\n\n" + "\n".join(lines[4:]) + "\n", encoding="utf-8")
    enricher = default_enricher("m")
    serial = _serial("jobs", path, "jsonld", enricher)
    assert [getattr(i, "location", None) or i[0] for i in serial] == [
        "j0", "j1", "j2", "line 4", "j4", "g1", "g2", "j6", "j7", "j8",
    ]  # fmt: skip
    assert _parallel("jobs", path, "jsonld", enricher, workers=3) == serial


def _import_jobs(engine: Engine, path: Path, parsed: Any, tmp_path: Path, batch_rows: int = 5000) -> Any:
    return run_import(
        engine,
        kind="jobs",
        path=path,
        fmt="csv",
        source="k",
        parsed=parsed,
        enricher=default_enricher("m"),
        encoder=None,
        reports_dir=tmp_path,
        batch_rows=batch_rows,
    )


def test_workers_do_not_enrich_records_whose_hash_is_stored(committing_engine: Engine, tmp_path: Path) -> None:
    path = CORPUS / "jobs_csv" / "indeed_toronto.csv"
    _import_jobs(committing_engine, path, parse_jobs(path, "csv", "k"), tmp_path)
    items = list(ParallelStager("jobs", path, "csv", "k", default_enricher("m"), workers=2, engine=committing_engine))
    records = [i for i in items if isinstance(i, StagedRecord)]
    assert len(records) == 5 and all(r.staged is None and r.record is not None for r in records)
    again = ParallelStager("jobs", path, "csv", "k", default_enricher("m"), workers=2, engine=committing_engine)
    summary = _import_jobs(committing_engine, path, again, tmp_path)
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 0, 4)


def test_a_repeated_identifier_whose_later_copy_is_stored_still_ends_as_the_later_copy(
    committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored: job 7 titled 'Baker'. The file holds 7 'Cook' and later 7 'Baker' again, in another batch: the
    worker sees 'Baker' stored and does not enrich it, but the earlier batch writes 'Cook' first, so the
    loader must write 'Baker' again (enriching it itself), as the serial import does."""
    monkeypatch.setattr("etl.parallel.CHUNK_RECORDS", 1)
    first = tmp_path / "first.csv"
    first.write_text("id,title,employer\n7,Baker,Kent Bakery\n", encoding="utf-8")
    _import_jobs(committing_engine, first, parse_jobs(first, "csv", "k"), tmp_path)
    later = tmp_path / "later.csv"
    later.write_text("id,title,employer\n7,Cook,Kent Bakery\n8,Driver,Kent Bakery\n7,Baker,Kent Bakery\n")
    stager = ParallelStager("jobs", later, "csv", "k", default_enricher("m"), workers=2, engine=committing_engine)
    summary = _import_jobs(committing_engine, later, stager, tmp_path, batch_rows=2)
    with committing_engine.connect() as conn:
        titles = dict(conn.execute(text("SELECT source_id, title FROM job_posting")).all())
    assert titles == {"7": "Baker", "8": "Driver"}
    assert [p.reason for p in summary.problems] == [
        "identifier '7' appears again at record 3; the later record was imported"
    ]


def test_a_command_line_import_uses_every_core_from_two_and_one_process_on_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from etl.parallel import import_workers

    for cores, expected in ((1, 1), (2, 2), (4, 4), (16, 8)):
        monkeypatch.setattr("etl.parallel.os.cpu_count", lambda cores=cores: cores)
        assert import_workers() == expected
