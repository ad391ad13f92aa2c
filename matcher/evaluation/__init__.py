"""Development benchmark built from public O*NET data: profiles from task statements -> occupation postings."""

from matcher.evaluation.dataset import Benchmark, build_benchmark
from matcher.evaluation.run import run_eval

__all__ = ["Benchmark", "build_benchmark", "run_eval"]
