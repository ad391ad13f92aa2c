"""The scrubber's false positives on work data, and its recall on the seeded personal data (issue 15).

Run: .venv/bin/python bench/scrubber.py [--raw] [--every N]

- Taxonomy terms: every ESCO skill label and every occupation and O*NET title in matcher/data, through the
  intake's cleaning (`clean_tag`: what a skill, interest or job title typed on the intake goes through).
  Goal: 0 altered. With --raw, also straight through the scrubber (what a term would suffer without the
  taxonomy rule), for information.
- Duty sentences: O*NET task statements (matcher/data/onet_tasks.csv.gz, kind "task"; every Nth, default
  every 4th, --every 1 for all), through the scrubber as work-history text is. Goal: 0 altered.
- Recall: the seeded name, phone, e-mail, street address, SSN, passport, A-number and shelter
  (tests/privacy/seeded.py), in the seeded work history and note, and each alone in a sentence. Goal 100%.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.services.free_text import clean_tag  # noqa: E402
from matcher.occupations import OCCUPATIONS_FILE  # noqa: E402
from matcher.taxonomy import DATA_DIR, SKILLS_FILE  # noqa: E402
from models.privacy.scrub import Scrubber, load_scrubber  # noqa: E402
from tests.privacy import seeded  # noqa: E402

GOAL_FALSE_POSITIVE = 0.0
GOAL_RECALL = 1.0


def taxonomy_terms() -> list[str]:
    with gzip.open(SKILLS_FILE, "rt", encoding="utf-8") as f:
        terms = [row["label"] for row in csv.DictReader(f)]
    with gzip.open(OCCUPATIONS_FILE, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            terms += [row["title"], *(t for t in row["onet_titles"].split("|") if t)]
    return terms


def duty_sentences(every: int) -> list[str]:
    with gzip.open(DATA_DIR / "onet_tasks.csv.gz", "rt", encoding="utf-8") as f:
        return [row["text"] for row in csv.DictReader(f) if row["kind"] == "task"][::every]


def _line(name: str, bad: int, total: int, goal: float, seconds: float) -> None:
    rate = bad / total if total else 0.0
    verdict = "meets" if rate <= goal else "MISSES"
    print(f"{name:<44} {bad:>6} / {total:<6} = {rate:7.3%}   goal {goal:.0%}  {verdict}   ({seconds:.0f} s)")


def recall(scrubber: Scrubber) -> tuple[int, int]:
    texts = [seeded.WORK_TITLE, seeded.WORK_ACTIVITIES, seeded.NOTE]
    singles = {
        " ".join(seeded.NAME): f"Worked for {' '.join(seeded.NAME)} for a year.",
        seeded.PHONE: f"Phone {seeded.PHONE}.",
        seeded.EMAIL: f"Mail {seeded.EMAIL} for shifts.",
        seeded.STREET: f"Stayed at {seeded.STREET}.",
        seeded.SSN: f"SSN {seeded.SSN}.",
        seeded.PASSPORT: f"passport number {seeded.PASSPORT}",
        seeded.A_NUMBER: f"A-number {seeded.A_NUMBER}",
        seeded.SHELTER: f"Lived at {seeded.SHELTER} shelter.",
    }
    found = total = 0
    for text in texts:
        cleaned = scrubber.scrub(text).text
        present = [v for v in seeded.ALL if v.lower() in text.lower()]
        total += len(present)
        found += sum(1 for v in present if v.lower() not in cleaned.lower())
    for value, text in singles.items():
        total += 1
        found += int(value.lower() not in scrubber.scrub(text).text.lower())
    return found, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", action="store_true", help="also run taxonomy terms straight through the scrubber")
    parser.add_argument("--every", type=int, default=4, help="take every Nth task statement (1 = all)")
    parser.add_argument("--show", type=int, default=10, help="print up to this many altered examples")
    args = parser.parse_args()
    scrubber = load_scrubber()
    terms = taxonomy_terms()
    print(f"scrubber false positives (altered work text) and recall; goal: 0 altered, recall {GOAL_RECALL:.0%}\n")

    start = time.perf_counter()
    altered = [t for t in terms if clean_tag(t, scrubber) != t.strip()]
    _line(
        "taxonomy terms, intake cleaning (clean_tag)",
        len(altered),
        len(terms),
        GOAL_FALSE_POSITIVE,
        time.perf_counter() - start,
    )
    shown = altered[: args.show]
    if args.raw:
        start = time.perf_counter()
        raw = [t for t in terms if scrubber.scrub(t).text != t]
        _line(
            "taxonomy terms, scrubber alone (information)",
            len(raw),
            len(terms),
            GOAL_FALSE_POSITIVE,
            time.perf_counter() - start,
        )

    start = time.perf_counter()
    sentences = duty_sentences(args.every)
    bad = [s for s in sentences if scrubber.scrub(s).text != s]
    _line(
        f"O*NET duty sentences (every {args.every})",
        len(bad),
        len(sentences),
        GOAL_FALSE_POSITIVE,
        time.perf_counter() - start,
    )
    shown += bad[: args.show]

    found, total = recall(scrubber)
    verdict = "meets" if found / total >= GOAL_RECALL else "MISSES"
    print(
        f"{'recall on seeded personal data':<44} {found:>6} / {total:<6} = {found / total:7.1%}"
        f"   goal {GOAL_RECALL:.0%}  {verdict}"
    )
    for example in shown:
        print("  altered:", example)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
