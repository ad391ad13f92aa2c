"""Enrich records on every core: skills, occupation and screening are CPU-bound pure Python."""

import multiprocessing
import os
from collections.abc import Sequence
from typing import Any

from etl.enrich import Enricher
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
