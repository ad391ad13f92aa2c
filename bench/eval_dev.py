"""The evaluation suite (same as `wayfinder eval`); kept under this name so older commands still work.

Usage: .venv/bin/python bench/eval_dev.py [--sets onet,esco,titles,caseworker] [--queries 300] [--seed 2026]
       [--out DIR] [--model-path DIR]
Writes per set qrels.txt and one TREC run per system, and eval_table.md, into --out; prints the tables.
"""

import argparse
import time
from pathlib import Path

from matcher.encoder import Encoder
from matcher.evaluation.run import SET_NAMES, run_eval
from models.settings import bundled_model_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", default=",".join(SET_NAMES))
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, default=Path(".wayfinder/reports/eval"))
    parser.add_argument("--model-path", type=Path, default=None, help="encoder the matcher uses")
    args = parser.parse_args()
    start = time.perf_counter()
    bare = Encoder(bundled_model_path())
    run_eval(
        sets=[s for s in args.sets.split(",") if s],
        encoder=bare,
        matcher_encoder=Encoder(args.model_path) if args.model_path else bare,
        n_queries=args.queries,
        seed=args.seed,
        out_dir=args.out,
        cache_dir=args.out.parent / "eval_cache",
    )
    print(f"\nTREC runs and qrels in {args.out}; {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
