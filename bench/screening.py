"""Evaluate the posting screener: the development set, and the holdout set with the issue-16 goals.

Run: .venv/bin/python bench/screening.py [--errors dev|test|holdout|none]

Positive class = exploitative + scam. Accuracy is not printed on purpose: with few
positives, "hold nothing" already scores high on it (see red-flags.md on EMSCAD).
bench/data/screening_labelled.jsonl is the rules' development set (tune on dev only);
bench/data/screening_v2/holdout.jsonl is kept apart (real, taxonomy-derived and lookalike
legitimate postings; exploitative and scam postings written from the indicator sources) and
is printed beside the goals: recall >= 0.97 with every family caught, false holds <= 0.2% on
legitimate postings and 0 on real ones, >= 5,000 postings/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.screening import Family, ScreeningResult, screen  # noqa: E402
from models.job_posting import JobPostingIn  # noqa: E402

DATA = ROOT / "bench" / "data" / "screening_labelled.jsonl"
HOLDOUT = ROOT / "bench" / "data" / "screening_v2" / "holdout.jsonl"
GOAL_RECALL = 0.97
GOAL_FALSE_HOLD = 0.002
GOAL_RATE = 5_000
# Exploitative postings written after the rules were tuned, reported apart from the recall goal:
# set A was then used for a second round of fixes, set B never was (the out-of-sample measure).
AFTER_TUNING = {"paraphrase": "set A, used for fixes since", "fresh": "set B, never used for fixes"}
SAMPLE_DIR = ROOT / "sample_data" / "jobs"
POSITIVE = {"exploitative", "scam"}
FIELD_ONLY_FAMILIES = {Family.EMPLOYER_IDENTITY, Family.MESSAGING_CONTACT}


@dataclass(frozen=True)
class Wage:
    median_hourly: float | None
    p90_hourly: float | None


class BenchWages:
    """Approximate national BLS OEWS hourly wages for the SOC codes in the labelled set.

    A fixed stand-in so the benchmark does not depend on matcher/wages.py being built;
    region is ignored (national figures).
    """

    TABLE: dict[str, tuple[float, float]] = {
        "53-7065": (17.5, 23),
        "53-7062": (18, 25),
        "37-2012": (15.5, 20),
        "45-2092": (16.5, 21),
        "45-2093": (17, 22),
        "35-2014": (17, 22),
        "35-3031": (15, 28),
        "41-2031": (15.5, 24),
        "43-4051": (19, 29),
        "47-2061": (22, 36),
        "51-2092": (18, 24),
        "29-1141": (41, 63),
        "31-1131": (18.5, 24),
        "53-3032": (26, 36),
        "39-9011": (14.5, 19),
        "31-9011": (26, 48),
        "43-9061": (19, 28),
        "15-1252": (63, 100),
        "43-3031": (22.5, 33),
        "37-2011": (16.5, 23),
        "35-2021": (15, 19),
        "51-3022": (17, 22),
        "39-5012": (16.5, 30),
        "41-9041": (15.5, 22),
        "43-4171": (17, 23),
        "49-9071": (22, 34),
        "53-3033": (20.5, 31),
        "39-9021": (16.5, 20),
        "41-9012": (18, 35),
        "35-9031": (14, 18),
        "47-5071": (22, 33),
        "43-9021": (18, 25),
        "43-6014": (20, 29),
        "15-2051": (52, 90),
        "43-6011": (33, 48),
        "39-5092": (15, 23),
        "43-9199": (20, 30),
        "11-9081": (30, 60),
        "43-3021": (21, 30),
    }

    def lookup(self, soc: str, region: str | None = None) -> Wage | None:
        row = self.TABLE.get(soc)
        return Wage(*row) if row else None


def load(path: Path) -> list[dict]:
    with path.open() as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def report_split(name: str, records: list[dict], results: list[ScreeningResult], show_errors: bool) -> None:
    tp = fp = fn = tn = 0
    held_by_group: Counter[str] = Counter()
    size_by_group: Counter[str] = Counter()
    family_postings: Counter[str] = Counter()
    for record, result in zip(records, results, strict=True):
        positive = record["label"] in POSITIVE
        group = record["label"] + (" (tricky)" if record["note"].startswith("tricky") else "")
        size_by_group[group] += 1
        held_by_group[group] += result.hold
        for family in result.families:
            family_postings[family.value] += 1
        tp += positive and result.hold
        fp += (not positive) and result.hold
        fn += positive and not result.hold
        tn += (not positive) and not result.hold
        if show_errors and positive != result.hold:
            kind = "FN" if positive else "FP"
            fired = ", ".join(
                f"{h.rule_id}:{h.evidence!r}" for h in result.hits if h.family is not Family.HIGH_RISK_SECTOR
            )
            print(f"  {kind} {record['id']} [{record['label']}] {record['note']}  {fired}")
    print(f"\n== {name}: {len(records)} postings ({tp + fn} positive) ==")
    print(f"precision(held) = {ratio(tp, tp + fp)}   recall(held) = {ratio(tp, tp + fn)}")
    print(f"confusion: TP={tp} FP={fp} FN={fn} TN={tn}")
    # How much rests on the missing-identity and contact-route rules, which a careful
    # fraudster can defeat with a website: recall from the other families alone.
    text_only = sum(
        record["label"] in POSITIVE and bool(result.families - FIELD_ONLY_FAMILIES - {Family.HIGH_RISK_SECTOR})
        for record, result in zip(records, results, strict=True)
    )
    print(f"recall without identity/contact rules = {ratio(text_only, tp + fn)}")
    print(
        "held share by group: " + ", ".join(f"{g} {held_by_group[g]}/{size_by_group[g]}" for g in sorted(size_by_group))
    )
    print("postings hit per family: " + ", ".join(f"{f.value}={family_postings[f.value]}" for f in Family))


def sample_wages() -> object | None:
    try:
        from matcher.wages import load_wages

        return load_wages()
    except Exception as error:  # not built yet, or its data file is being written
        print(f"\nsample data: matcher.wages unavailable ({type(error).__name__}); screening without wages.")
        return None


def report_sample_data() -> tuple[list[JobPostingIn], object | None]:
    """Screen every sample posting as the import does; sample ids say which were planted."""
    from etl.detect import detect_format
    from etl.normalize.pipeline import parse_jobs

    files = sorted(p for p in SAMPLE_DIR.glob("*") if p.is_file()) if SAMPLE_DIR.exists() else []
    if not files:
        print(f"\nsample data: no files under {SAMPLE_DIR.relative_to(ROOT)}; skipped.")
        return [], None
    wages = sample_wages()
    postings: list[JobPostingIn] = []
    for path in files:
        items = parse_jobs(path, detect_format(path, "jobs"), path.stem)
        postings.extend(item for item in items if isinstance(item, JobPostingIn))
    groups: dict[str, list[bool]] = {"planted red flags (flag-*)": [], "tricky legitimate (legit-*)": [], "other": []}
    for posting in postings:
        key = next((g for g in groups if posting.source_id.startswith(g.split("(")[-1].rstrip("*)"))), "other")
        groups[key].append(screen(posting, wages).hold)  # type: ignore[arg-type]
    held = sum(sum(v) for v in groups.values())
    table = "matcher.wages" if wages is not None else "no wage table"
    print(f"\nsample data ({table}): {held}/{len(postings)} postings held")
    for name, holds in groups.items():
        print(f"  {name}: {sum(holds)}/{len(holds)} held ({ratio(sum(holds), len(holds))})")
    return postings, wages


def time_per_posting(postings: list[JobPostingIn], wages: object | None, repeats: int = 7) -> float:
    """Best-of-`repeats` mean µs per posting (best-of, as timeit does: other load only adds).

    CPU time of this process, not wall time: on a shared machine wall time also counts the time
    other processes hold the core, which says nothing about the screener's cost.
    """
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        for posting in postings:
            screen(posting, wages)  # type: ignore[arg-type]
        best = min(best, time.process_time() - start)
    return best / len(postings) * 1e6


def long_postings(records: list[dict], size: int = 12) -> list[JobPostingIn]:
    """Feed-length postings (~2-3k characters): ordinary descriptions glued together.

    The labelled descriptions are short; imported ones are not, and regex cost grows
    with length, so the timing goal is checked on these too.
    """
    ordinary = [r["posting"] for r in records if r["note"].startswith("ordinary")]
    out = []
    for i in range(0, len(ordinary) - size + 1, size):
        chunk = ordinary[i : i + size]
        out.append(JobPostingIn.model_validate({**chunk[0], "description": " ".join(p["description"] for p in chunk)}))
    return out


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def report_holdout(wages: object | None, show_errors: bool) -> None:
    """The issue-16 figures on the holdout set, each beside its goal."""
    records = load(HOLDOUT)
    postings = [JobPostingIn.model_validate(r["posting"]) for r in records]
    results = [screen(p, wages) for p in postings]  # type: ignore[arg-type]
    parts = Counter(r["part"] for r in records if r["label"] == "legitimate")
    positives = [
        (r, res)
        for r, res in zip(records, results, strict=True)
        if r["label"] in POSITIVE and r["part"] not in AFTER_TUNING
    ]
    paraphrases = [(r, res) for r, res in zip(records, results, strict=True) if r["part"] in AFTER_TUNING]
    legit = [(r, res) for r, res in zip(records, results, strict=True) if r["label"] not in POSITIVE]
    table = "matcher.wages" if wages is not None else "no wage table"
    print(
        f"\n== holdout ({HOLDOUT.relative_to(ROOT)}, {table}): {len(records)} postings; "
        f"{len(legit)} legitimate ({', '.join(f'{k} {v}' for k, v in sorted(parts.items()))}), "
        f"{len(positives)} exploitative or scam, and {len(paraphrases)} written after tuning =="
    )
    by_family: dict[str, list[tuple[bool, bool]]] = {}
    for record, result in positives:
        fired = {family.value for family in result.families}
        by_family.setdefault(record["family"], []).append((result.hold, record["family"] in fired))
    print("recall per family (held / postings; 'rule of the family fired' in brackets):")
    for family in Family:
        rows = by_family.get(family.value)
        if rows:
            held, named = sum(h for h, _ in rows), sum(n for _, n in rows)
            print(f"  {family.value:<26} {held:>2}/{len(rows):<2} held   [{named}/{len(rows)}]")
    held_all = sum(res.hold for _, res in positives)
    recall = held_all / len(positives)
    caught = [f for f, rows in by_family.items() if any(h and n for h, n in rows)]
    print(f"overall recall (held) = {recall:.3f}   goal >= {GOAL_RECALL}   {verdict(recall >= GOAL_RECALL)}")
    print(
        f"families caught at least once = {len(caught)}/{len(by_family)}   goal: all   "
        f"{verdict(len(caught) == len(by_family))}"
    )
    text_only = sum(bool(res.hold_families - FIELD_ONLY_FAMILIES) and res.hold for _, res in positives)
    subtle = [(r, res) for r, res in positives if r.get("subtle")]
    print(
        f"recall from indicator text (identity/contact rules left out) = {text_only / len(positives):.3f}; "
        f"subtle postings held {sum(res.hold for _, res in subtle)}/{len(subtle)}"
    )
    for part, what in AFTER_TUNING.items():
        rows = [(r, res) for r, res in paraphrases if r["part"] == part]
        missed = "; ".join(
            f"{r['family']}: {r['posting']['description'].split('. ')[-1]}" for r, res in rows if not res.hold
        )
        print(
            f"written after tuning ({what}; not in the goal): held {sum(res.hold for _, res in rows)}/{len(rows)}"
            + (f"; missed: {missed}" if missed else "")
        )
    false_holds = sum(res.hold for _, res in legit)
    real = [(r, res) for r, res in legit if r["part"] == "real"]
    real_holds = sum(res.hold for _, res in real)
    rate = false_holds / len(legit)
    print(
        f"false holds, legitimate = {false_holds}/{len(legit)} = {rate:.2%}   goal <= {GOAL_FALSE_HOLD:.1%}   "
        f"{verdict(rate <= GOAL_FALSE_HOLD)}"
    )
    print(f"false holds, real postings = {real_holds}/{len(real)}   goal 0   {verdict(real_holds == 0)}")
    for part in sorted(parts):
        rows = [res for r, res in legit if r["part"] == part]
        print(f"  {part}: {sum(res.hold for res in rows)}/{len(rows)} held")
    if show_errors:
        for record, result in [*positives, *paraphrases, *legit]:
            if (record["label"] in POSITIVE) != result.hold:
                kind = "FN" if record["label"] in POSITIVE else "FP"
                fired = ", ".join(f"{h.rule_id}:{h.evidence!r}" for h in result.hits)
                print(f"  {kind} {record['id']} [{record.get('family') or record['part']}] {fired}")
    micros = time_per_posting(postings, wages)
    print(
        f"throughput (one core, CPU time, best of 7) = {1e6 / micros:,.0f} postings/s ({micros:.0f} µs each)   "
        f"goal >= {GOAL_RATE:,}/s   {verdict(1e6 / micros >= GOAL_RATE)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--errors",
        choices=["dev", "test", "holdout", "none"],
        default="dev",
        help="list misclassified postings of this split (tune on dev only)",
    )
    args = parser.parse_args()
    records = load(DATA)
    wages = BenchWages()
    postings = [JobPostingIn.model_validate(r["posting"]) for r in records]
    results = [screen(p, wages) for p in postings]
    print(
        f"labelled set: {len(records)} postings, "
        + ", ".join(f"{k}={v}" for k, v in sorted(Counter(r["label"] for r in records).items()))
    )
    for split in ("dev", "test"):
        idx = [i for i, r in enumerate(records) if r["split"] == split]
        report_split(split, [records[i] for i in idx], [results[i] for i in idx], show_errors=args.errors == split)
    sample, sample_wage_table = report_sample_data()
    report_holdout(sample_wage_table, show_errors=args.errors == "holdout")
    long = long_postings(records)
    print("\ntiming (CPU time, best of 7 passes, mean per posting):")
    print(f"  labelled set: {time_per_posting(postings, wages):.0f} µs")
    chars = sum(len(p.description) for p in long) / len(long)
    print(f"  long postings ({chars:.0f}-char descriptions): {time_per_posting(long, wages):.0f} µs")
    if sample:
        chars = sum(len(p.description) for p in sample) / len(sample)
        print(
            f"  sample_data/jobs ({chars:.0f}-char descriptions): {time_per_posting(sample, sample_wage_table):.0f} µs"
        )


if __name__ == "__main__":
    main()
