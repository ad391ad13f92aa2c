"""How long a model change takes: `wayfinder reembed` over N postings, every text distinct (issue 13).

Usage: .venv/bin/python bench/reembed.py [--jobs 5000] [--description-chars 0]

Builds a fresh embedded database, imports N synthetic postings (every text distinct; not embedded at import),
then times `api.services.reembed.reembed` with the bundled model under another directory name (a different
model name, the same weights: the work is the same as for a fine-tuned MiniLM). Printed: the re-hash and the
embedding time, and the total per 10,000 postings. `--description-chars` lengthens each description to about
that many characters (real postings run to the 1,500 the model reads; the synthetic ones are ~120).
There is no goal in the issue; docs/model-change.md quotes the figure.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import import_jsonl, temporary_database
from synthetic import DUTIES, write_jsonl

from api.services.matching import Matcher
from api.services.reembed import reembed
from etl.components import default_enricher
from matcher.encoder import Encoder


def lengthen(path: Path, chars: int) -> None:
    """Pad each description with duty sentences up to about `chars` characters (distinct per posting)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        row = json.loads(line)
        text, k = row["description"], i
        while len(text) < chars:
            text += f" Duty {k % 97}: {DUTIES[k % len(DUTIES)]}."
            k += 7
        row["description"] = text
        out.append(json.dumps(row))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--description-chars", type=int, default=0)
    args = parser.parse_args()
    with temporary_database("wf-bench-reembed-") as (settings, engine):
        old = Encoder(settings.resolved_model_path, batch_size=settings.embed_batch_size)
        jobs = write_jsonl(settings.home / "jobs.jsonl", args.jobs)
        if args.description_chars:
            lengthen(jobs, args.description_chars)
        import_jsonl(engine, jobs, enricher=default_enricher(old.model_name), encoder=None, reports=settings.home)
        link = Path(tempfile.mkdtemp(prefix="wf-bench-model-")) / "bench-other-model"
        link.symlink_to(settings.resolved_model_path, target_is_directory=True)
        matcher = Matcher(Encoder(link, batch_size=settings.embed_batch_size), settings.rankers_dir)
        phases: dict[str, float] = {}
        last = [time.perf_counter()]

        def progress(phase: str, done: int, total: int) -> None:
            now = time.perf_counter()
            phases[phase] = phases.get(phase, 0.0) + now - last[0]
            last[0] = now

        t0 = time.perf_counter()
        last[0] = t0
        report = reembed(engine, matcher, cipher=None, wait=False, progress=progress)
        total = time.perf_counter() - t0
        texts = sum(report.embedded.values())
        rehash = sum(v for k, v in phases.items() if k.startswith("rehash"))
        print(
            f"re-embed of {args.jobs:,} postings ({texts:,} distinct texts, descriptions ~"
            f"{args.description_chars or 120} chars): {total:.1f} s in all, re-hash {rehash:.1f} s, embedding "
            f"{total - rehash:.1f} s; {total / args.jobs * 10_000:.0f} s per 10,000 postings "
            f"(no goal in issue 13; quoted in docs/model-change.md)"
        )


if __name__ == "__main__":
    main()
