"""The conformance corpus (tests/fixtures/conformance): import a real public file as `wayfinder import` does,
read back what was stored and compare it with expected.json. Used by tests/etl/test_conformance_*.py and
bench/conformance.py, so the figures the bench prints are the assertions the tests make.
"""

import csv
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, text

from etl.detect import detect_format
from etl.enrich import Enricher
from etl.load import ImportSummary, run_import
from etl.normalize.pipeline import parse_jobs, parse_programs

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "conformance"
FOLDERS = ("ctdl", "jobposting", "schema_programs", "etpl", "jobs_csv", "scorecard")
GOAL = 0.95  # issue 14: share of importable records (title/name + organization + identity) that import


def load_expected() -> dict[str, dict[str, dict[str, Any]]]:
    """folder -> file name -> {kind, format, records_in, importable, rows, refused, notes?}."""
    data = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@dataclass
class FileResult:
    """One corpus file after import: counts, stored rows by source_id, and the error report's rows."""

    folder: str
    name: str
    detected_format: str
    summary: ImportSummary
    rows: dict[str, dict[str, Any]]
    report: list[dict[str, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.summary.inserted + self.summary.updated + self.summary.unchanged


def import_like_cli(
    engine: Engine, path: Path, kind: Literal["jobs", "programs"], reports_dir: Path, enricher: Enricher
) -> tuple[str, ImportSummary]:
    """Exactly what `wayfinder import jobs|programs PATH` does (format auto-detected, source = file name),
    without embedding: the detected format and the import's summary."""
    fmt = detect_format(path, kind)
    source = path.stem
    parsed = parse_jobs(path, fmt, source) if kind == "jobs" else parse_programs(path, fmt, source)
    summary = run_import(
        engine,
        kind=kind,
        path=path,
        fmt=fmt,
        source=source,
        parsed=parsed,
        enricher=enricher,
        encoder=None,
        reports_dir=reports_dir,
    )
    return fmt, summary


def _plain(value: Any) -> Any:
    """A stored value as expected.json writes it (dates ISO, enums by value, tuples as lists)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return list(value)
    return value


def stored_rows(engine: Engine, kind: str, source: str) -> dict[str, dict[str, Any]]:
    """Every stored row of one source, by source_id."""
    table = "job_posting" if kind == "jobs" else "training_program"
    with engine.connect() as conn:
        result = conn.execute(text(f"SELECT * FROM {table} WHERE source = :s"), {"s": source})
        return {row["source_id"]: {k: _plain(v) for k, v in row.items()} for row in result.mappings()}


def read_report(summary: ImportSummary) -> list[dict[str, str]]:
    if not summary.error_report:
        return []
    with Path(summary.error_report).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def import_file(engine: Engine, folder: str, name: str, reports_dir: Path, enricher: Enricher) -> FileResult:
    expected = load_expected()[folder][name]
    path = CORPUS / folder / name
    fmt, summary = import_like_cli(engine, path, expected["kind"], reports_dir / folder / path.stem, enricher)
    rows = stored_rows(engine, expected["kind"], path.stem)
    return FileResult(folder, name, fmt, summary, rows, read_report(summary))


def field_mismatches(expected: dict[str, Any], row: dict[str, Any]) -> list[str]:
    """Each expected field that did not arrive as expected, in plain words ('' when all did)."""
    problems = []
    for key, want in expected.items():
        if key == "screening_rules_absent":
            rules = {hit.get("rule_id") for hit in row.get("screening") or []}
            problems += [f"screening has {r}" for r in want if r in rules]
        elif key.endswith("~"):
            got = row.get(key[:-1]) or ""
            if want not in got:
                problems.append(f"{key[:-1]} lacks {want!r}: {got!r}")
        elif row.get(key) != want:
            problems.append(f"{key}: expected {want!r}, stored {row.get(key)!r}")
    return problems


def check_file(result: FileResult) -> list[str]:
    """Everything expected.json says about this file that is not so: counts, fields, refusal reasons."""
    expected = load_expected()[result.folder][result.name]
    problems = []
    if result.detected_format != expected["format"]:
        problems.append(f"detected {result.detected_format}, expected {expected['format']}")
    if result.summary.read != expected["records_in"]:
        problems.append(f"read {result.summary.read} records, expected {expected['records_in']}")
    for source_id, fields in expected["rows"].items():
        row = result.rows.get(source_id)
        if row is None:
            problems.append(f"{source_id}: not stored")
            continue
        problems += [f"{source_id}: {p}" for p in field_mismatches(fields, row)]
    reported = {r["location"]: r["reason"] for r in result.report}
    for location, words in expected["refused"].items():
        if words not in reported.get(location, ""):
            problems.append(f"{location}: refusal reason lacks {words!r} (report: {reported.get(location)!r})")
    # Notes: records imported all the same, with a warning the report must carry (a dropped link, a missing
    # last cell). Every line of the report is expected: nothing reported that the corpus does not know about.
    for location, words in expected.get("notes", {}).items():
        if words not in reported.get(location, ""):
            problems.append(f"{location}: warning lacks {words!r} (report: {reported.get(location)!r})")
    unexpected = set(reported) - set(expected["refused"]) - set(expected.get("notes", {}))
    problems += [f"{location}: reported but not expected: {reported[location]!r}" for location in sorted(unexpected)]
    # Nothing silently dropped: every record read is stored or in the error report.
    if result.imported + result.summary.errors != result.summary.read:
        problems.append(f"{result.summary.read} read but {result.imported} stored and {result.summary.errors} reported")
    return problems


def fields_asserted(folder: str, name: str) -> int:
    expected = load_expected()[folder][name]
    return (
        sum(len(fields) for fields in expected["rows"].values())
        + len(expected["refused"])
        + len(expected.get("notes", {}))
    )


_ENRICHER: list[Enricher] = []


def enricher() -> Enricher:
    """The enrichment the CLI uses (skills, occupations, screening with local wages), loaded once."""
    if not _ENRICHER:
        from etl.components import default_enricher

        _ENRICHER.append(default_enricher("conformance"))
    return _ENRICHER[0]
