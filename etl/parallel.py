"""Enrich records on every core: skills, occupation and screening are CPU-bound pure Python."""

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from etl.enrich import Enricher, content_hash
from etl.errors import RecordError
from etl.gc_pause import IMPORT_THRESHOLD0
from etl.sources.base import RawRecord
from etl.staging import JOB_SPEC, PROGRAM_SPEC, to_row
from models.job_posting import JobPostingIn
from models.program import ProgramIn

# Below this many records a process pool costs more than it saves.
MIN_PARALLEL = 4000
# With fewer cores the pool loses: on 2 cores (shared) a batch of 5,000 postings staged at 2,200-3,300 a
# second through the pool against 5,800 a second in the parent (forking, pickling rows back, and the parent
# idle meanwhile), issue 14.
MIN_WORKERS = 4
CHUNK = 1000

Staged = tuple[tuple[Any, ...], str, str, str]  # (row, org name, org key, status)

# Set in the parent just before forking: workers inherit them (copy-on-write) instead of
# receiving pickled records, which cost as much as enriching them.
_worker_enricher: Enricher | None = None
_worker_records: Sequence[JobPostingIn | ProgramIn] = ()
_worker_hashes: Sequence[str | None] = ()


def stage_one(enricher: Enricher, record: JobPostingIn | ProgramIn, published_hash: str | None = None) -> Staged:
    """Enrich one record and turn it into its staging row."""
    if isinstance(record, JobPostingIn):
        derived = enricher.job(record, published_hash)
        return to_row(JOB_SPEC, record, derived), record.employer_name, derived["org_name_key"], derived["status"]
    derived = enricher.program(record, published_hash)
    return to_row(PROGRAM_SPEC, record, derived), record.provider_name, derived["org_name_key"], derived["status"]


def _stage_range(bounds: tuple[int, int]) -> list[Staged]:
    assert _worker_enricher is not None
    start, end = bounds
    return [
        stage_one(_worker_enricher, r, h)
        for r, h in zip(_worker_records[start:end], _worker_hashes[start:end], strict=True)
    ]


def will_fork(records: int) -> bool:
    """Whether stage_all would stage this many records in a forked pool (callers with threads join them first:
    forking while another thread holds a lock can leave the child waiting on it for ever)."""
    workers = min(os.cpu_count() or 1, 8)
    return records >= MIN_PARALLEL and workers >= MIN_WORKERS and "fork" in multiprocessing.get_all_start_methods()


def stage_all(
    enricher: Enricher, records: Sequence[JobPostingIn | ProgramIn], hashes: Sequence[str | None] | None = None
) -> list[Staged]:
    """Stage records in order; forked workers share the parent's loaded taxonomy and wage tables.

    `hashes`: each record's content_hash when the caller computed it already."""
    hashes = hashes if hashes is not None else [None] * len(records)
    workers = min(os.cpu_count() or 1, 8)
    if not will_fork(len(records)):
        return [stage_one(enricher, r, h) for r, h in zip(records, hashes, strict=True)]
    global _worker_enricher, _worker_records, _worker_hashes
    _worker_enricher, _worker_records, _worker_hashes = enricher, records, hashes
    ranges = [(i, min(i + CHUNK, len(records))) for i in range(0, len(records), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return [staged for part in pool.imap(_stage_range, ranges) for staged in part]
    finally:
        _worker_enricher, _worker_records, _worker_hashes = None, (), ()


# --- Whole-file staging in worker processes (issue 14: >= 5,000 postings a second end to end) ---------------
#
# Reading, normalizing, hashing and enriching are pure Python, one record at a time: one core does all of it
# while PostgreSQL works in its own process. `ParallelStager` gives that work to W forked workers. Each worker
# opens the file itself and reads every record (reading is the cheap part), but normalizes, hashes and enriches
# only the records of its own chunks (chunk k, CHUNK_RECORDS records in file order, belongs to worker k mod W);
# the parent takes chunk 0, 1, 2, ... from the workers in turn, so records, per-record errors and notes come
# out in file order, exactly as the serial parse would give them. Nothing but the results crosses a process
# boundary: pickling the records themselves cost as much as normalizing them.
#
# Given the import's database (`db_url`), a worker reads the stored hashes of each chunk it normalized and
# does not enrich a record whose hash is stored already: it sends the record itself instead, and the loader
# skips it or, if it must be written after all (its identifier was in an earlier batch of the file, or it
# changed meanwhile), enriches it in the parent. An unchanged re-import so enriches nothing, as before.

CHUNK_RECORDS = 500
# Chunks a worker may run ahead of the parent: bounds memory (a chunk is a few hundred kB of rows).
QUEUE_CHUNKS = 8


@dataclass(frozen=True, slots=True)
class StagedRecord:
    """A record normalized, hashed and enriched in a worker: what the loader needs of it, nothing more."""

    source_id: str
    content_hash: str
    staged: Staged | None  # None: the stored hash was this one when the worker looked; `record` is sent instead
    record: JobPostingIn | ProgramIn | None = None


@dataclass(frozen=True)
class _Job:
    kind: str
    path: str
    fmt: str
    source: str
    columns: Mapping[str, Sequence[str]] | None
    db_url: str | None  # where to read stored hashes; None: enrich every record


class _StoredHashes:
    """A worker's own connection (never one inherited from the parent) for the stored hashes of a chunk."""

    def __init__(self, job: _Job) -> None:
        self.job = job
        self.engine: Any = None
        if job.db_url:
            from models.db import engine_for_url

            self.engine = engine_for_url(job.db_url, pool_size=1)

    def of(self, source_ids: list[str]) -> dict[str, str]:
        if self.engine is None or not source_ids:
            return {}
        from models.repositories import catalog

        table: catalog.CatalogTable = "job_posting" if self.job.kind == "jobs" else "training_program"
        with self.engine.connect() as conn:
            return catalog.stored_hashes_for(conn, table, self.job.source, source_ids)


def _finish_chunk(
    items: list[JobPostingIn | ProgramIn | RecordError], enricher: Enricher, stored: _StoredHashes
) -> list[StagedRecord | RecordError]:
    """Hash a chunk's records and enrich those whose hash is not stored yet, keeping the chunk's order."""
    records = [i for i in items if not isinstance(i, RecordError)]
    known = stored.of([r.source_id for r in records])
    out: list[StagedRecord | RecordError] = []
    for item in items:
        if isinstance(item, RecordError):
            out.append(item)
            continue
        digest = content_hash(item)
        if known.get(item.source_id) == digest:
            out.append(StagedRecord(item.source_id, digest, None, item))
        else:
            out.append(StagedRecord(item.source_id, digest, stage_one(enricher, item, digest)))
    return out


_END = "end"
_FAILED = "failed"
_CRASHED = "crashed"


def _stage_shard(job: _Job, enricher: Enricher, worker: int, workers: int, out: Any) -> None:
    """A worker's loop: every record of the file is read; those of this worker's chunks are staged and put
    on `out` one chunk at a time, as (chunk number, items). Ends with (_END,) or a failure message."""
    from etl.errors import FileFormatError
    from etl.normalize.pipeline import normalize_one, open_jobs, open_programs
    from etl.sources import jsonld

    # This process only stages records, so it keeps the import's collector setting for its whole life (it
    # was forked before the import raised it: etl.gc_pause).
    gc.set_threshold(IMPORT_THRESHOLD0, *gc.get_threshold()[1:])
    chunk: list[JobPostingIn | ProgramIn | RecordError] = []
    current = -1
    stored = _StoredHashes(job)
    # A JSON Lines reader shards by line and skips other workers' lines unparsed; other readers yield every
    # record and this loop keeps only its own (their reading is cheap next to normalizing).
    shard = jsonld.line_shard = jsonld.LineShard(worker, workers, CHUNK_RECORDS)
    try:
        normalize: Callable[[RawRecord], JobPostingIn | ProgramIn]
        if job.kind == "jobs":
            records, normalize, file = open_jobs(job.path, job.fmt, job.source, columns=job.columns)
        else:
            records, normalize, file = open_programs(job.path, job.fmt, job.source, columns=job.columns)
        for number, item in enumerate(records):
            k = (shard.unit if shard.applied else number) // CHUNK_RECORDS
            if k % workers != worker:
                continue
            if k != current:
                if current >= 0:
                    out.put((current, _finish_chunk(chunk, enricher, stored)))
                current, chunk = k, []
            results: list[JobPostingIn | ProgramIn | RecordError] = (
                [item]
                if isinstance(item, RecordError)
                else cast(list[JobPostingIn | ProgramIn | RecordError], normalize_one(item, normalize, file))
            )
            chunk.extend(results)
        if current >= 0:
            out.put((current, _finish_chunk(chunk, enricher, stored)))
        out.put((_END,))
    except FileFormatError as exc:  # the file is unreadable from here on: the parent raises it with this message
        # What was staged before the error is delivered first, as the serial parse yields it before raising.
        if current >= 0:
            out.put((current, _finish_chunk(chunk, enricher, stored)))
        out.put((_FAILED, exc.message))
    except Exception as exc:  # reported by type only: an exception's text can quote a record
        out.put((_CRASHED, type(exc).__name__))


class ParallelStager:
    """Iterate to get, in file order, a StagedRecord per good record and a RecordError per bad one (notes on
    imported records before their record): what `parse_jobs`/`parse_programs` followed by enrichment give,
    computed by `workers` forked processes.

    The workers start when this object is made, so make it before any other thread starts (a progress bar,
    the import's writer thread): a process forked while another thread holds a lock can wait on it for ever.
    Close it (or iterate to the end) to stop them; a FileFormatError in the file is raised by the iteration.
    """

    def __init__(
        self,
        kind: str,
        path: Path | str,
        fmt: str,
        source: str,
        enricher: Enricher,
        *,
        workers: int,
        columns: Mapping[str, Sequence[str]] | None = None,
        engine: Any = None,
    ) -> None:
        """`engine`: the import's database, whose stored hashes let workers skip enriching unchanged records."""
        context = multiprocessing.get_context("fork")
        db_url = engine.url.render_as_string(hide_password=False) if engine is not None else None
        job = _Job(kind, str(path), fmt, source, columns, db_url)
        self.workers = max(1, workers)
        self.queues = [context.Queue(QUEUE_CHUNKS) for _ in range(self.workers)]
        self.processes = [
            context.Process(target=_stage_shard, args=(job, enricher, w, self.workers, self.queues[w]), daemon=True)
            for w in range(self.workers)
        ]
        for process in self.processes:
            process.start()

    def __iter__(self) -> Iterator[StagedRecord | RecordError]:
        from etl.errors import FileFormatError

        try:
            k = 0
            while True:
                message = self.queues[k % self.workers].get()
                if message[0] == _END:
                    return  # chunk k does not exist, so no later chunk does
                if message[0] == _FAILED:
                    raise FileFormatError(message[1])
                if message[0] == _CRASHED:
                    raise RuntimeError(f"an import worker stopped on {message[1]}")
                yield from message[1]
                k += 1
        finally:
            self.close()

    def close(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
            process.join()
        for queue in self.queues:
            queue.close()
            queue.cancel_join_thread()


# Cores from which a command-line import stages in worker processes by default. Measured on a quiet 2-core
# machine once the per-record cost had come down (bench/etl_import.py, docs/import-speed.md): 2 workers carried
# 5,645 postings/s against 4,859 in one process at 100k, 6,675-7,734 against 5,491-5,609 at 20k. (Under heavy
# load from other work the two came out even; a single core gains nothing.) This is the whole-file
# ParallelStager, not the per-batch pool of `stage_all`, which still needs MIN_WORKERS cores.
MIN_CLI_WORKERS = 2


def import_workers() -> int:
    """How many worker processes an import from the command line uses: every core (up to 8), when there are
    MIN_CLI_WORKERS or more; one process on a single core."""
    cores = os.cpu_count() or 1
    return min(cores, 8) if cores >= MIN_CLI_WORKERS else 1
