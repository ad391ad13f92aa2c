"""The import pipeline: parse -> enrich -> one-transaction upsert -> resumable, deduplicated embedding."""

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from etl.enrich import Enricher, content_hash
from etl.errors import RecordError, spreadsheet_cell
from etl.parallel import stage_all
from etl.staging import JOB_SPEC, PROGRAM_SPEC
from matcher.embedding_text import item_text
from matcher.encoder import Encoder
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from models.repositories import catalog, import_runs
from models.repositories.bulk_upsert import UpsertCounts, copy_upsert

Kind = Literal["jobs", "programs"]
# (phase, done, total): phases are "upsert" and "embed".
ProgressFn = Callable[[str, int, int], None]
UPSERT_CHUNK = 5000


@dataclass
class ImportSummary:
    """What one import did; `error_report` is a CSV the user can open, one bad record a row."""

    kind: str
    path: str
    format: str
    source: str
    run_id: int | None = None
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: int = 0
    held: int = 0
    expired: int = 0
    duplicates_marked: int = 0
    embedded: int = 0
    embeddings_reused: int = 0
    values_dropped: int = 0  # values left out of records that were imported (non-web links); in the report
    error_report: str | None = None
    problems: list[RecordError] = field(default_factory=list, repr=False)

    def counts(self) -> dict[str, int]:
        skip = {"kind", "path", "format", "source", "run_id", "error_report", "problems"}
        return {k: v for k, v in asdict(self).items() if k not in skip and isinstance(v, int)}


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep_last_per_key(
    records: Iterable[tuple[str, JobPostingIn | ProgramIn]], file: str
) -> tuple[list[JobPostingIn | ProgramIn], list[RecordError]]:
    """One row per source identifier: a later record replaces an earlier one, which is reported."""
    latest: dict[str, tuple[str, JobPostingIn | ProgramIn]] = {}
    problems = []
    for location, record in records:
        if record.source_id in latest:
            problems.append(
                RecordError(
                    file,
                    latest[record.source_id][0],
                    "source_id",
                    f"identifier {record.source_id!r} appears again at {location}; the later record was imported",
                )
            )
        latest[record.source_id] = (location, record)
    return [rec for _, rec in latest.values()], problems


def write_error_report(problems: list[RecordError], reports_dir: Path, stem: str) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / f"{stem}-errors.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "location", "field", "reason"])
        for p in problems:
            writer.writerow([spreadsheet_cell(cell) for cell in (p.file, p.location, p.field, p.reason)])
    return path


def upsert_records(
    engine: Engine,
    kind: Kind,
    records: list[JobPostingIn | ProgramIn],
    enricher: Enricher,
    summary: ImportSummary,
    *,
    file_hash: str,
    progress: ProgressFn | None = None,
) -> None:
    """Enrich and upsert every record in ONE transaction: a failure leaves the catalog as it was."""
    spec = JOB_SPEC if kind == "jobs" else PROGRAM_SPEC
    table: catalog.CatalogTable = "job_posting" if kind == "jobs" else "training_program"
    with engine.connect() as conn:
        known = catalog.stored_hashes(conn, table, summary.source)
    changed = []
    for record in records:
        if known and known.get(record.source_id) == content_hash(record):
            summary.unchanged += 1  # nothing to enrich, stage or write
            continue
        changed.append(record)
    staged = stage_all(enricher, changed)
    rows = [row for row, _, _, _ in staged]
    org_names = {(name, key) for _, name, key, _ in staged}
    summary.held += sum(status == "held" for *_, status in staged)
    summary.expired += sum(status == "expired" for *_, status in staged)
    with engine.begin() as conn:
        catalog.ensure_orgs(conn, table, org_names)
        for start in range(0, len(rows), UPSERT_CHUNK):
            counts: UpsertCounts = copy_upsert(conn, spec, rows[start : start + UPSERT_CHUNK])
            summary.inserted += counts.inserted
            summary.updated += counts.updated
            summary.unchanged += counts.unchanged
            if progress:
                progress("upsert", min(start + UPSERT_CHUNK, len(rows)), len(rows))
        if kind == "jobs":
            summary.duplicates_marked = catalog.mark_cross_source_duplicates(conn)
            catalog.expire_past(conn)
        summary.run_id = import_runs.record_run(
            conn,
            kind=kind,
            source=summary.source,
            fmt=summary.format,
            path=summary.path,
            file_hash=file_hash,
            counts=summary.counts(),
        )


def embed_pending(
    engine: Engine, table: catalog.CatalogTable, encoder: Encoder, *, progress: ProgressFn | None = None
) -> tuple[int, int]:
    """Embed every text still waiting, each distinct text once, committing batch by batch.

    Returns (texts embedded, rows given an embedding that already existed). Stopping half-way
    loses at most one batch: the next run starts where this one stopped.
    """
    with engine.begin() as conn:
        reused = catalog.reuse_embeddings(conn, table)
        total = catalog.count_pending_texts(conn, table)
    done = 0
    # Large batches let the model sort texts by length across more of them (less padding);
    # an interruption loses at most one batch.
    batch = max(encoder.batch_size * 32, 64)
    while True:
        with engine.begin() as conn:
            pending = catalog.pending_texts(conn, table, batch)
            if not pending:
                break
            texts = [item_text(title, description) for _, title, description in pending]
            vectors = encoder.encode(texts)
            catalog.store_embeddings(conn, table, [h for h, _, _ in pending], vectors)
        done += len(pending)
        if progress:
            progress("embed", done, max(total, done))
    return done, reused


def run_import(
    engine: Engine,
    *,
    kind: Kind,
    path: Path,
    fmt: str,
    source: str,
    parsed: Iterator[JobPostingIn | ProgramIn | RecordError],
    enricher: Enricher,
    encoder: Encoder | None,
    reports_dir: Path,
    progress: ProgressFn | None = None,
) -> ImportSummary:
    """Import one parsed file. A whole-file error (FileFormatError) is raised before anything is written."""
    summary = ImportSummary(kind=kind, path=str(path), format=fmt, source=source)
    file_hash = file_sha256(path)
    good: list[tuple[str, JobPostingIn | ProgramIn]] = []
    skipped = 0
    for item in parsed:
        if isinstance(item, RecordError):
            summary.problems.append(item)
            summary.values_dropped += item.imported  # a note about a record that is imported all the same
            skipped += not item.imported
        else:
            good.append((f"record {len(good) + skipped + 1}", item))
    summary.read = len(good) + skipped
    records, duplicates = keep_last_per_key(good, path.name)
    summary.problems.extend(duplicates)
    summary.errors = skipped + len(duplicates)
    upsert_records(engine, kind, records, enricher, summary, file_hash=file_hash, progress=progress)
    if summary.problems:
        report = write_error_report(summary.problems, reports_dir, f"import-{summary.run_id}-{kind}")
        summary.error_report = str(report)
    if encoder is not None:
        table: catalog.CatalogTable = "job_posting" if kind == "jobs" else "training_program"
        summary.embedded, summary.embeddings_reused = embed_pending(engine, table, encoder, progress=progress)
    assert summary.run_id is not None
    with engine.begin() as conn:
        import_runs.finish_run(conn, summary.run_id, counts=summary.counts(), error_report=summary.error_report)
    return summary
