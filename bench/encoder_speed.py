"""Per-text encode time: the fine-tuned encoder against the bundled all-MiniLM-L6-v2, same run (issue 13).

Goal: the new encoder is no slower than 1.2x MiniLM per text.
Usage: .venv/bin/python bench/encoder_speed.py [--model matcher/encoders/wayfinder-minilm-jobs-v1] [--rounds 5]

Both models load through `matcher.encoder.Encoder` (as the service loads them) and are timed in
alternation, round by round, so a busy shared machine slows both alike; the figure is the median
round. Two workloads: single short texts one call each (a cold profile's phrases) and postings in
batches (catalog embedding, title plus task statements as `item_text` builds them).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from matcher.embedding_text import item_text  # noqa: E402
from matcher.encoder import Encoder  # noqa: E402
from matcher.encoder_pairs import casual_phrase, task_verbs  # noqa: E402
from matcher.occupations import load_occupations  # noqa: E402
from models.settings import bundled_model_path  # noqa: E402

GOAL = 1.2
DEFAULT_MODEL = ROOT / "matcher" / "encoders" / "wayfinder-minilm-jobs-v1"


def texts(n_short: int, n_postings: int) -> tuple[list[str], list[str]]:
    occ = load_occupations()
    verbs = task_verbs(occ.tasks.values())
    socs = sorted(s for s in occ.tasks if len(occ.tasks[s]) >= 6)
    short = [casual_phrase(occ.tasks[s][0], verbs) for s in socs][:n_short]
    postings = [item_text(occ.titles[s], " ".join(occ.tasks[s][:8])) for s in socs][:n_postings]
    return short, postings


def _one_by_one(enc: Encoder, items: list[str]) -> None:
    for text in items:
        enc.encode_one(text)


def per_text_ms(fn: Callable[[], object], n_texts: int) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000 / n_texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--short", type=int, default=100, help="single texts per round")
    ap.add_argument("--postings", type=int, default=256, help="postings per round (batches of 64)")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    short, postings = texts(args.short, args.postings)
    encoders = {"MiniLM (bundled)": Encoder(bundled_model_path()), args.model.name: Encoder(args.model)}
    for enc in encoders.values():  # warm-up: first calls pay for allocation
        enc.encode(postings[:64])
        enc.encode_one(short[0])
    dtypes = {name: str(enc.encode_one(short[0]).dtype) for name, enc in encoders.items()}
    single: dict[str, list[float]] = {name: [] for name in encoders}
    batched: dict[str, list[float]] = {name: [] for name in encoders}
    for _ in range(args.rounds):
        for name, enc in encoders.items():
            single[name].append(per_text_ms(partial(_one_by_one, enc, short), len(short)))
            batched[name].append(per_text_ms(partial(enc.encode, postings), len(postings)))

    base, new = list(encoders)
    print(f"threads {args.threads}; {args.rounds} alternating rounds; median per-text time")
    print(f"{'workload':<34} {base:>18} {new:>28}   ratio   goal")
    for label, figures in (
        (f"single short text ({len(short)}/round)", single),
        (f"posting, batch 64 ({len(postings)}/round)", batched),
    ):
        b, f = statistics.median(figures[base]), statistics.median(figures[new])
        verdict = "met" if f / b <= GOAL else "NOT met"
        print(f"{label:<34} {b:>15.2f} ms {f:>25.2f} ms   {f / b:>5.2f}x  <= {GOAL}x {verdict}")
    print(f"vector dtype: {dtypes}")


if __name__ == "__main__":
    main()
