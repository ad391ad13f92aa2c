"""Set 4: caseworker-style intake phrases against a mixed catalog built from O*NET.

The phrases and their judgments are hand-written (caseworker_profiles.csv) by the rubric in
caseworker_rubric.md, which was committed before any run. The catalog: POSTINGS_PER_TARGET
postings (O*NET title + TASKS_PER_POSTING task statements, disjoint) for every occupation the
judgments name, the kinds of work survivors are placed in, plus one posting for every other
occupation with enough tasks as distractors. A posting's grade is the judged grade of its own
SOC code (from the source data); unjudged occupations are 0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from matcher.evaluation.eval_set import EvalSet, posting, seeded
from matcher.evaluation.onet_tasks_set import OccupationData
from matcher.split_rule import is_training_soc
from matcher.types import ProfileQuery, TaxonomyLike, WorkItem

__all__ = ["PROFILES_FILE", "JudgedProfile", "build_caseworker_set", "read_judged_profiles"]

PROFILES_FILE = Path(__file__).resolve().parent / "caseworker_profiles.csv"
POSTINGS_PER_TARGET = 3
TASKS_PER_POSTING = 4
RESERVED_SUBSET = "reserved"


@dataclass(frozen=True)
class JudgedProfile:
    id: str
    phrase: str
    grade2: tuple[str, ...]
    grade1: tuple[str, ...]


def read_judged_profiles(path: Path = PROFILES_FILE) -> list[JudgedProfile]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            JudgedProfile(r["id"], r["phrase"], tuple(r["grade2"].split()), tuple(r["grade1"].split()))
            for r in csv.DictReader(fh)
        ]


def build_caseworker_set(
    occupations: OccupationData,
    taxonomy: TaxonomyLike | None = None,
    *,
    profiles: list[JudgedProfile] | None = None,
    seed: int = 2026,
) -> EvalSet:
    name = "caseworker"
    rng = seeded(seed, name)
    judged = read_judged_profiles() if profiles is None else profiles
    targets = {c for p in judged for c in (*p.grade2, *p.grade1)}
    docs, socs_with_docs = [], set()
    for soc in sorted(occupations.titles):
        tasks = sorted(occupations.tasks.get(soc, []))
        if len(tasks) < TASKS_PER_POSTING:
            continue
        rng.shuffle(tasks)
        count = POSTINGS_PER_TARGET if soc in targets else 1
        for k in range(count):
            chunk = tasks[k * TASKS_PER_POSTING : (k + 1) * TASKS_PER_POSTING]
            if chunk:
                docs.append(
                    posting(f"cw-{soc}-{k}", occupations.titles[soc], " ".join(chunk), soc=soc, taxonomy=taxonomy)
                )
                socs_with_docs.add(soc)
    queries, qrels, origin, reserved = [], {}, {}, set()
    for p in judged:
        queries.append(ProfileQuery(id=p.id, work_history=(WorkItem(activities=p.phrase),)))
        grades = {**dict.fromkeys(p.grade1, 1), **dict.fromkeys(p.grade2, 2)}
        qrels[p.id] = {d.source_id: grades[d.soc] for d in docs if d.soc in grades}
        origin[p.id] = tuple(f"soc:{c}" for c in p.grade2)
        if all(not is_training_soc(c) for c in p.grade2):
            reserved.add(p.id)
    return EvalSet(
        name=name,
        docs=docs,
        queries=queries,
        qrels=qrels,
        origin=origin,
        description=(
            f"caseworker intake phrases -> O*NET-built catalog; {len(docs)} postings, {len(queries)} queries "
            f"({len(reserved)} with only reserved grade-2 occupations)"
        ),
        subsets={RESERVED_SUBSET: frozenset(reserved)},
    )
