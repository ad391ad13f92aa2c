"""The import pipeline: stream-parse -> batches of enrich + upsert, each its own short transaction ->
resumable, deduplicated embedding, with the run's progress saved alongside every batch.

Memory stays flat whatever the file's size: records are read as a stream (CSV rows, JSON Lines),
a batch of them is in memory at a time, bad records go straight to the error report file, and the
identifiers already seen in this file are kept as 64-bit digests (12 bytes a record) only to report
an identifier that appears twice. No transaction is open while records are enriched or texts embedded.

Embedding is deferred to a step after every batch is loaded (not done per batch): each distinct text
in the whole catalog is embedded once (a text repeated across batches or sources is not encoded
again), loading finishes and is counted quickly, and the step is resumable: it embeds whatever is
still pending, so re-running an interrupted import finishes it.
"""

import contextlib
import csv
import dataclasses
import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

import numpy as np
from sqlalchemy import Engine

from etl.enrich import Enricher, content_hash
from etl.errors import ModelMismatchError, RecordError, spreadsheet_cell
from etl.gc_pause import fewer_collections
from etl.parallel import StagedRecord, stage_all, will_fork
from etl.run_lock import RunLock
from etl.staging import JOB_SPEC, PROGRAM_SPEC
from matcher.embedding_text import item_text
from matcher.encoder import Encoder
from models.errors import WayfinderError
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from models.repositories import catalog, embedding_model, import_runs
from models.repositories.bulk_upsert import UpsertCounts, copy_upsert

Kind = Literal["jobs", "programs"]
# (phase, done, total): phases are "upsert" and "embed"; total is None while a streamed file is read.
ProgressFn = Callable[[str, int, int | None], None]
# Rows per committed batch. At 5,000 the enrichment of a batch still fans out over every core
# (etl.parallel.MIN_PARALLEL); the server's uploads use smaller batches that never fork (see api).
BATCH_ROWS = 5000
# Where a staged job row holds its opening's dedup key.
_DEDUP_AT = [name for name, _ in JOB_SPEC.columns].index("dedup_key")
KEPT_PROBLEMS = 100  # kept in memory for the caller; every one is in the error report file
FAILED = "The import stopped on an error{detail}. The rows imported before it are kept; fix the file and run it again."
NOTHING = "Nothing was imported{detail}. Fix the file and run it again."


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
    closed: int = 0  # programs stored closed because their list marks them not enrolling (suspended)
    duplicates_marked: int = 0
    embedded: int = 0
    embeddings_reused: int = 0
    values_dropped: int = 0  # values left out of records that were imported (non-web links); in the report
    error_report: str | None = None
    # The first KEPT_PROBLEMS bad records; all of them are in `error_report`.
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


def _digest(source_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(source_id.encode(), digest_size=8).digest(), "little")


class SeenKeys:
    """The identifiers already imported from this file, as sorted 64-bit digests beside the record number
    that had each: 12 bytes a record instead of a dict of strings (flat memory for large files)."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)
        self.where = np.empty(0, dtype=np.uint32)

    def replace(self, batch: dict[str, int]) -> dict[str, int]:
        """Record `batch` (source_id -> record number); returns source_id -> the earlier record number for
        identifiers seen in an earlier batch (the later record now holds them)."""
        ids = list(batch)
        digests = np.fromiter((_digest(i) for i in ids), dtype=np.uint64, count=len(ids))
        numbers = np.fromiter((batch[i] for i in ids), dtype=np.uint32, count=len(ids))
        pos = np.searchsorted(self.keys, digests)
        found = np.zeros(len(ids), dtype=bool)
        if len(self.keys):
            inside = pos < len(self.keys)
            found[inside] = self.keys[pos[inside]] == digests[inside]
        earlier = {ids[i]: int(self.where[pos[i]]) for i in np.flatnonzero(found)}
        self.where[pos[found]] = numbers[found]
        new = np.flatnonzero(~found)
        order = new[np.argsort(digests[new])]
        at = np.searchsorted(self.keys, digests[order])
        self.keys = np.insert(self.keys, at, digests[order])
        self.where = np.insert(self.where, at, numbers[order])
        return earlier


class ErrorReport:
    """Bad records written to the report CSV as they come, not kept in memory."""

    def __init__(self, reports_dir: Path, stem: str) -> None:
        self.path = reports_dir / f"{stem}-errors.csv"
        self._fh: IO[str] | None = None
        self._writer: Any = None
        self._dir = reports_dir

    def write(self, problem: RecordError) -> None:
        if self._writer is None:
            self._dir.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("w", newline="", encoding="utf-8")
            self._writer = csv.writer(self._fh)
            self._writer.writerow(["file", "location", "field", "reason"])
        cells = (problem.file, problem.location, problem.field, problem.reason)
        self._writer.writerow([spreadsheet_cell(cell) for cell in cells])

    def flush(self) -> None:
        if self._fh is not None:
            self._fh.flush()

    def close(self) -> str | None:
        """The report's path, or None when there was nothing to report."""
        if self._fh is None:
            return None
        self._fh.close()
        return str(self.path)


def _table(kind: Kind) -> catalog.CatalogTable:
    return "job_posting" if kind == "jobs" else "training_program"


@dataclass
class PreparedBatch:
    """One batch enriched and ready to write: its staged rows and the identifiers of the changed records."""

    staged: list[Any]
    source_ids: list[str]


Parsed = JobPostingIn | ProgramIn | StagedRecord  # StagedRecord: enriched already, in a worker (etl.parallel)


def prepare_batch(
    engine: Engine,
    kind: Kind,
    records: list[Parsed],
    enricher: Enricher,
    summary: ImportSummary,
    rewrite: frozenset[str] = frozenset(),
) -> PreparedBatch:
    """Hash, skip the unchanged, and enrich one batch; no transaction is open meanwhile.

    Stored hashes are read first so unchanged records are neither enriched nor written. `rewrite`: the
    identifiers an earlier batch of this file held, whose write may not be committed yet (the writer works
    one batch behind): their stored hash may be stale, so they are always written (the upsert's own hash
    comparison still counts an unchanged one as unchanged).
    """
    with engine.connect() as conn:
        known = catalog.stored_hashes_for(conn, _table(kind), summary.source, [r.source_id for r in records])
    hashes = [r.content_hash if isinstance(r, StagedRecord) else content_hash(r) for r in records]
    changed = [
        (r, h) for r, h in zip(records, hashes, strict=True) if known.get(r.source_id) != h or r.source_id in rewrite
    ]
    summary.unchanged += len(records) - len(changed)

    # A worker's record sent without enrichment (its hash was stored) that must be written after all is
    # enriched here, like a record of the serial parse.
    def pending(r: Parsed) -> JobPostingIn | ProgramIn | None:
        if not isinstance(r, StagedRecord):
            return r
        return r.record if r.staged is None else None

    plain = [(p, h) for r, h in changed if (p := pending(r)) is not None]
    enriched = iter(stage_all(enricher, [r for r, _ in plain], [h for _, h in plain]))
    staged = [r.staged if isinstance(r, StagedRecord) and r.staged is not None else next(enriched) for r, _ in changed]
    summary.held += sum(status == "held" for *_, status in staged)
    summary.expired += sum(status == "expired" for *_, status in staged)
    summary.closed += sum(status == "closed" for *_, status in staged)
    return PreparedBatch(staged, [r.source_id for r, _ in changed])


@dataclass(frozen=True)
class Written:
    inserted: int
    updated: int
    unchanged: int
    duplicates_marked: int


def write_batch(
    engine: Engine, kind: Kind, batch: PreparedBatch, source: str, run_id: int, counts: dict[str, int]
) -> Written:
    """Write one prepared batch in ONE short transaction, which also saves the run's counts (`counts`: the
    run's counts before this write; safe to call from the writer thread, it touches no shared state)."""
    spec = JOB_SPEC if kind == "jobs" else PROGRAM_SPEC
    table = _table(kind)
    marked = 0
    with engine.begin() as conn:
        catalog.ensure_orgs(conn, table, {(name, key) for _, name, key, _ in batch.staged})
        openings: set[str] = set()
        if kind == "jobs" and batch.staged:
            # Only the openings this batch touches choose their canonical copy again (before and after the
            # write: an update can move a posting to another opening), not the whole catalog after the file.
            openings.update(catalog.stored_dedup_keys(conn, source, batch.source_ids))
        written: UpsertCounts = copy_upsert(conn, spec, [row for row, _, _, _ in batch.staged])
        if kind == "jobs" and batch.staged:
            openings.update(row[_DEDUP_AT] for row, _, _, _ in batch.staged)
            marked = catalog.mark_cross_source_duplicates(conn, sorted(openings))
        result = Written(written.inserted, written.updated, written.unchanged, marked)
        after = dict(counts)
        for name, value in dataclasses.asdict(result).items():
            after[name] = after.get(name, 0) + value
        import_runs.save_progress(conn, run_id, counts=after)
    return result


def _apply(summary: ImportSummary, written: Written) -> None:
    summary.inserted += written.inserted
    summary.updated += written.updated
    summary.unchanged += written.unchanged
    summary.duplicates_marked += written.duplicates_marked


def upsert_batch(engine: Engine, kind: Kind, records: list[Parsed], enricher: Enricher, summary: ImportSummary) -> None:
    """Enrich and upsert one batch in ONE short transaction, which also saves the run's counts."""
    batch = prepare_batch(engine, kind, records, enricher, summary)
    assert summary.run_id is not None
    _apply(summary, write_batch(engine, kind, batch, summary.source, summary.run_id, summary.counts()))


def embed_pending(
    engine: Engine,
    table: catalog.CatalogTable,
    encoder: Encoder,
    *,
    progress: ProgressFn | None = None,
    run: ImportSummary | None = None,
) -> tuple[int, int]:
    """Embed every text still waiting, each distinct text once, committing batch by batch.

    Returns (texts embedded, rows given an embedding that already existed). Stopping half-way
    loses at most one batch: the next run starts where this one stopped. The texts are read in one
    short transaction and stored in another; none is open while the model runs. With `run`, its
    `embedded` count is saved with each stored batch (the job's progress).
    """
    with engine.begin() as conn:
        reused = catalog.reuse_embeddings(conn, table)
        total = catalog.count_pending_texts(conn, table)
    done = 0
    # Large batches let the model sort texts by length across more of them (less padding);
    # an interruption loses at most one batch.
    batch = max(encoder.batch_size * 32, 64)
    while True:
        with engine.connect() as conn:
            pending = catalog.pending_texts(conn, table, batch)
        if not pending:
            break
        vectors = encoder.encode([item_text(title, description) for _, title, description in pending])
        with engine.begin() as conn:
            catalog.store_embeddings(conn, table, [h for h, _, _ in pending], vectors)
            done += len(pending)
            if run is not None and run.run_id is not None:
                run.embedded, run.embeddings_reused = done, reused
                import_runs.save_progress(conn, run.run_id, counts=run.counts())
        if progress:
            progress("embed", done, max(total, done))
    return done, reused


def batches(parsed: Iterable[Parsed | RecordError], size: int) -> Iterator[list[Parsed | RecordError]]:
    """The parsed stream in lists of `size` items; only one list is held at a time."""
    chunk: list[Parsed | RecordError] = []
    for item in parsed:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _load(
    engine: Engine,
    kind: Kind,
    file_name: str,
    parsed: Iterable[Parsed | RecordError],
    enricher: Enricher,
    summary: ImportSummary,
    report: ErrorReport,
    *,
    batch_rows: int,
    progress: ProgressFn | None,
    pipelined: bool = False,
) -> None:
    """Read, check and upsert the stream batch by batch; a later record with the same id replaces an earlier one."""
    seen = SeenKeys()

    def problem(p: RecordError) -> None:
        if p.file == summary.path:  # the user's name for the file, not a spooled copy's path
            p = dataclasses.replace(p, file=file_name)
        if p.imported:  # a value dropped from a record that is imported all the same: a note, not an error
            summary.values_dropped += 1
        else:
            summary.errors += 1
        if len(summary.problems) < KEPT_PROBLEMS:
            summary.problems.append(p)
        report.write(p)

    # The writer works one batch behind the reader: while PostgreSQL writes batch k, this thread parses and
    # enriches batch k+1 (the database's work runs in its own process, and psycopg waits without the GIL).
    # At most one write is in flight; it is joined before the next is sent, so batches commit in order.
    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-writer")
    in_flight: Future[Written] | None = None

    def join() -> None:
        nonlocal in_flight
        if in_flight is not None:
            done, in_flight = in_flight, None
            _apply(summary, done.result())
            if progress:
                progress("upsert", summary.read, None)

    try:
        for chunk in batches(parsed, batch_rows):
            latest: dict[str, tuple[int, Parsed]] = {}
            for item in chunk:
                if isinstance(item, RecordError) and item.imported:
                    problem(item)  # its record follows in the stream and is counted there
                    continue
                summary.read += 1
                number = summary.read
                if isinstance(item, RecordError):
                    problem(item)
                    continue
                if item.source_id in latest:
                    problem(_duplicate(file_name, latest[item.source_id][0], item.source_id, number))
                latest[item.source_id] = (number, item)
            earlier = seen.replace({k: n for k, (n, _) in latest.items()})
            for source_id, before in earlier.items():
                problem(_duplicate(file_name, before, source_id, latest[source_id][0]))
            report.flush()
            records = [rec for _, rec in latest.values()]
            if will_fork(sum(not isinstance(r, StagedRecord) or r.staged is None for r in records)):
                join()  # no write thread running while the enrichment pool forks
            batch = prepare_batch(engine, kind, records, enricher, summary, rewrite=frozenset(earlier))
            join()
            assert summary.run_id is not None
            in_flight = writer.submit(
                write_batch, engine, kind, batch, summary.source, summary.run_id, summary.counts()
            )
            if not pipelined:
                join()  # this batch is committed (and its progress visible) before the next is read
        join()
    except BaseException:
        # Whatever stopped the reader, the batch already sent is finished and counted (its rows are kept);
        # an error of its own is secondary to the one being raised.
        with contextlib.suppress(Exception):
            join()
        raise
    finally:
        writer.shutdown(wait=True)


def _duplicate(file_name: str, earlier: int, source_id: str, later: int) -> RecordError:
    return RecordError(
        file_name,
        f"record {earlier}",
        "source_id",
        f"identifier {source_id!r} appears again at record {later}; the later record was imported",
    )


@fewer_collections()  # a new context per call: etl.gc_pause
def run_import(
    engine: Engine,
    *,
    kind: Kind,
    path: Path,
    fmt: str,
    source: str,
    parsed: Iterable[Parsed | RecordError],
    enricher: Enricher,
    encoder: Encoder | None,
    reports_dir: Path,
    progress: ProgressFn | None = None,
    run_id: int | None = None,
    batch_rows: int = BATCH_ROWS,
    file_name: str | None = None,
    pipelined: bool = False,
) -> ImportSummary:
    """Import one parsed file in committed batches; the run's row shows its progress to any connection.

    `run_id`: a run already created and claimed (a background upload, whose worker holds its lock);
    without one, a run is created here as 'running' and locked while this call works on it, so a
    process that dies leaves a run the next start marks interrupted. A whole-file error
    (FileFormatError) at the start writes nothing; one part-way keeps the batches before it, and
    the run is marked failed with the message. Re-running resumes: unchanged rows are skipped.

    `pipelined`: write each batch in a thread while the next is read and enriched (the command line and
    the benchmark); without it each batch is committed, and its progress visible, before the next is read
    (the server's uploads, whose progress page counts on that).
    """
    summary = ImportSummary(kind=kind, path=str(path), format=fmt, source=source)
    lock: RunLock | None = None
    if run_id is None:
        # The first record is read before the run is recorded: a file unreadable from its start (a
        # FileFormatError) leaves no trace, as before batching.
        stream = iter(parsed)
        first = list(itertools.islice(stream, 1))
        parsed = itertools.chain(first, stream)
        with engine.begin() as conn:
            run_id = import_runs.create_run(
                conn,
                kind=kind,
                source=source,
                fmt=fmt,
                path=str(path),
                file_hash=file_sha256(path),
                status="running",
                counts={},
                file_name=file_name or path.name,
            )
        lock = RunLock.acquire(engine, run_id)
    summary.run_id = run_id
    report = ErrorReport(reports_dir, f"import-{run_id}-{kind}")
    try:
        check_model(engine, enricher.model_name)
        _load(
            engine,
            kind,
            file_name or path.name,
            parsed,
            enricher,
            summary,
            report,
            batch_rows=batch_rows,
            progress=progress,
            pipelined=pipelined,
        )
        summary.error_report = report.close()
        with engine.begin() as conn:
            if kind == "jobs":
                # Expire first: the canonical copy of an opening is chosen among the live ones.
                # Duplicates were marked batch by batch for the openings each batch touched; expiry re-marks
                # the openings of the postings it expires.
                catalog.expire_past(conn)
            import_runs.save_progress(
                conn, run_id, counts=summary.counts(), status="embedding", error_report=summary.error_report
            )
        if encoder is not None:
            summary.embedded, summary.embeddings_reused = embed_pending(
                engine, _table(kind), encoder, progress=progress, run=summary
            )
        with engine.begin() as conn:
            import_runs.finish_run(conn, run_id, counts=summary.counts(), error_report=summary.error_report)
    except BaseException as exc:
        summary.error_report = report.close() or summary.error_report
        _end(engine, summary, exc, file_name or path.name)
        raise
    finally:
        if lock is not None:
            lock.release()
    return summary


def check_model(engine: Engine, model_name: str) -> None:
    """Refuse to write texts keyed for another model than the catalog's: every worker of the catalog's model
    would leave those rows out of its rankings, and nothing would embed them again (issue 13)."""
    with engine.connect() as conn:
        found = embedding_model.recorded(conn)
    if found is not None and found.model_name != model_name:
        raise ModelMismatchError(
            f"The catalog is embedded with the model {found.model_name}, but this import is set up with "
            f"{model_name} (WAYFINDER_MODEL_PATH). Import with the server's model setting, or run "
            f"`wayfinder reembed` with {model_name} first to move the whole catalog to it."
        )


def _end(engine: Engine, summary: ImportSummary, exc: BaseException, file_name: str) -> None:
    """Record why the run stopped, in plain words (a domain error's own message; never an exception's text,
    which can quote a record)."""
    assert summary.run_id is not None
    if isinstance(exc, Exception):
        # A file error names the path read (maybe a server-side copy): say the user's name for it.
        # (Messages name the file without its folder since issue 12 item 7, so the bare name is replaced too.)
        read_as = Path(summary.path).name
        own = (
            exc.message.replace(summary.path, file_name).replace(read_as, file_name)
            if isinstance(exc, WayfinderError)
            else ""
        )
        detail = f": {own}" if isinstance(exc, WayfinderError) else f" ({type(exc).__name__})"
        status = "failed"
        message = FAILED.format(detail=detail) if summary.inserted + summary.updated else NOTHING.format(detail=detail)
    else:
        from etl.run_lock import INTERRUPTED

        status, message = "interrupted", INTERRUPTED
    with contextlib.suppress(Exception), engine.begin() as conn:
        import_runs.end_run(
            conn,
            summary.run_id,
            status=status,
            message=message,
            counts=summary.counts(),
            error_report=summary.error_report,
        )
