"""Dev benchmark: O*NET-built profiles -> occupation postings; prints the eval table.

Usage: .venv/bin/python bench/eval_dev.py [--queries 400] [--seed 2026] [--out DIR]
Writes qrels.txt, one TREC run per system and eval_table.md into --out.
"""

import argparse
import time
from pathlib import Path

from matcher.evaluation.run import run_eval


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(".wayfinder/reports/eval_dev"))
    args = parser.parse_args()
    start = time.perf_counter()
    run_eval(n_queries=args.queries, seed=args.seed, out_dir=args.out)
    print(f"\nTREC runs and qrels in {args.out}; {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
