"""Per-record CPU cost of an import's Python stages, without the database (issue 14).

Usage: PYTHONPATH=$PWD .venv/bin/python bench/etl_stages.py [--n 20000] [--repeat 3] [--clock wall|cpu]

Prints µs per posting for each stage the import runs in its Python thread, on the bench's synthetic postings
(bench/synthetic.py): read (JSON Lines, tolerant JSON), normalize (parse + JobPostingIn), content hash, enrich
(occupation, skills, screening, hashes) and the staging row (etl.staging.to_row), with the postings/s one
Python thread could feed if PostgreSQL took none of its time (the end-to-end goal is 5,000/s: 200 µs a posting
in all). Best of --repeat runs: this machine is shared and a slow run says more about the neighbours.

To compare another checkout's code with the same script and data, point PYTHONPATH at it, e.g.
`PYTHONPATH=/work/main .venv/bin/python bench/etl_stages.py` (the script and generator come from here).
"""

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_jsonl

import etl
from etl.components import default_enricher
from etl.enrich import content_hash
from etl.normalize.pipeline import parse_jobs
from etl.sources.formats import JOB_TYPES
from etl.sources.jsonld import read_jsonld
from etl.staging import JOB_SPEC, to_row
from models.job_posting import JobPostingIn

GOAL_US = 200.0  # 5,000 postings a second through one Python thread


# Wall clock by default; `--clock cpu` counts only this process's CPU time, so that on a shared machine the
# time spent waiting for a core (other sessions' work) is left out of both sides of a comparison.
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
clock = time.perf_counter


def best_of(repeat: int, n: int, work: Callable[[], Any]) -> float:
    """Fewest µs per posting over `repeat` runs of `work`."""
    best = float("inf")
    for _ in range(repeat):
        t0 = clock()
        work()
        best = min(best, clock() - t0)
    return 1e6 * best / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="wall", help="wall time, or this process's CPU time")
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    one, five, _ = os.getloadavg()
    print(
        f"code from {Path(etl.__file__).resolve().parents[1]}; load average {one:.2f} (1 min), {five:.2f} (5 min); "
        f"{args.clock} clock"
    )
    with tempfile.TemporaryDirectory(prefix="wf-bench-stages-") as home:
        path = write_jsonl(Path(home) / "postings.jsonl", args.n)
        enricher = default_enricher("all-MiniLM-L6-v2")
        records = [r for r in parse_jobs(path, "jsonld", "bench") if isinstance(r, JobPostingIn)]
        hashes = [content_hash(r) for r in records]
        derived = [enricher.job(r.model_copy(), h) for r, h in zip(records, hashes, strict=True)]
        n, rep = len(records), args.repeat
        stages = {
            "read (JSON Lines)": best_of(rep, n, lambda: sum(1 for _ in read_jsonld(path, JOB_TYPES))),
            "read + normalize": best_of(rep, n, lambda: sum(1 for _ in parse_jobs(path, "jsonld", "bench"))),
            "content hash": best_of(rep, n, lambda: [content_hash(r) for r in records]),
            # Copies: enrichment fills skills and occupation in place, and the copy is what a fresh record is.
            "enrich": best_of(
                rep, n, lambda: [enricher.job(r.model_copy(), h) for r, h in zip(records, hashes, strict=True)]
            ),
            "staging row": best_of(
                rep, n, lambda: [to_row(JOB_SPEC, r, d) for r, d in zip(records, derived, strict=True)]
            ),
        }
    for name, us in stages.items():
        print(f"{name:>18}: {us:6.1f} µs/posting")
    copy_us = best_of(args.repeat, n, lambda: [r.model_copy() for r in records])
    print(f"{'(record copy)':>18}: {copy_us:6.1f} µs/posting, included in enrich above (not in an import)")
    # read is inside normalize, and the copy is the bench's, not the import's.
    total = stages["read + normalize"] + stages["content hash"] + stages["enrich"] - copy_us + stages["staging row"]
    print(
        f"Python stages in all: {total:.0f} µs/posting = {1e6 / total:,.0f} postings/s for one thread with no "
        f"database time (goal for the whole import: {GOAL_US:.0f} µs = 5,000/s)"
    )


if __name__ == "__main__":
    main()
