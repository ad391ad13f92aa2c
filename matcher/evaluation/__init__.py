"""The evaluation suite: four sets judged by their sources' own labels (docs/evaluation.md)."""

from matcher.evaluation.eval_set import EvalSet
from matcher.evaluation.run import SET_NAMES, build_sets, run_eval

__all__ = ["SET_NAMES", "EvalSet", "build_sets", "run_eval"]
