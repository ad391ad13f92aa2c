"""Set 1 (O*NET): one occupation's task statements or work activities -> postings of its OTHER tasks.

- Postings: per occupation with at least MIN_TASKS task statements, POSTINGS_PER_OCCUPATION
  postings under the O*NET title, each from a disjoint share of the tasks the query does not use;
  every occupation is in the catalog, so all others are distractors.
- Queries: reserved occupations only (SOC ending in an odd digit, matcher/split_rule.py). Half
  (alternating) are 2-3 past jobs of 1-2 task statements in the past tense; the others list three
  detailed work activities (DWAs) of the occupation. No title: a title would name the answer.
- Relevance (the source's label): the postings of the query's own occupation, grade 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from matcher.evaluation.dataset import past_tense
from matcher.evaluation.eval_set import EvalSet, posting, seeded
from matcher.split_rule import is_training_soc
from matcher.types import Candidate, ProfileQuery, TaxonomyLike, WorkItem

__all__ = ["build_onet_tasks_set", "onet_task_split"]

NAME = "onet-tasks"
MIN_TASKS = 8
QUERY_TASKS = 4
POSTINGS_PER_OCCUPATION = 2
TASKS_PER_POSTING = 5


class OccupationData(Protocol):
    """What the set needs from `matcher.occupations.Occupations`."""

    @property
    def titles(self) -> Mapping[str, str]: ...
    @property
    def tasks(self) -> Mapping[str, list[str]]: ...
    @property
    def activities(self) -> Mapping[str, list[str]]: ...


def onet_task_split(tasks: list[str], rng_seed: str) -> tuple[list[str], list[list[str]]]:
    """(query tasks, one disjoint task list per posting) of one occupation."""
    rng = seeded(0, rng_seed)
    pool = sorted(tasks)
    rng.shuffle(pool)
    query, rest = pool[:QUERY_TASKS], pool[QUERY_TASKS:]
    chunks = [rest[i::POSTINGS_PER_OCCUPATION][:TASKS_PER_POSTING] for i in range(POSTINGS_PER_OCCUPATION)]
    return query, [c for c in chunks if c]


def build_onet_tasks_set(
    occupations: OccupationData,
    taxonomy: TaxonomyLike | None = None,
    *,
    n_queries: int = 300,
    seed: int = 2026,
    training: bool = False,
) -> EvalSet:
    """The set on reserved occupations (or, with training=True, the same construction on training ones)."""
    rng = seeded(seed, NAME)
    socs = sorted(s for s in occupations.titles if len(occupations.tasks.get(s, [])) >= MIN_TASKS)
    docs: list[Candidate] = []
    query_tasks: dict[str, list[str]] = {}
    doc_ids: dict[str, list[str]] = {}
    for soc in socs:
        query_tasks[soc], chunks = onet_task_split(list(occupations.tasks[soc]), f"{seed}:{soc}")
        doc_ids[soc] = []
        for k, chunk in enumerate(chunks):
            doc_id = f"onet-{soc}-{k}"
            doc_ids[soc].append(doc_id)
            docs.append(posting(doc_id, occupations.titles[soc], " ".join(chunk), soc=soc, taxonomy=taxonomy))
    side = [s for s in socs if is_training_soc(s) == training]
    chosen = sorted(rng.sample(side, min(n_queries, len(side))))
    queries: list[ProfileQuery] = []
    qrels: dict[str, dict[str, int]] = {}
    origin: dict[str, tuple[str, ...]] = {}
    for n, soc in enumerate(chosen):
        qid = f"onet-q-{soc}"
        dwas = sorted(occupations.activities.get(soc, []))
        if n % 2 == 1 and len(dwas) >= 3:
            items = [WorkItem(activities=past_tense(d) + ".") for d in rng.sample(dwas, 3)]
        else:
            pool = list(query_tasks[soc])
            items = []
            for _ in range(rng.randint(2, 3)):
                take, pool = pool[: rng.randint(1, 2)], pool[2:]
                if take:
                    items.append(WorkItem(activities=". ".join(past_tense(t) for t in take) + "."))
        queries.append(ProfileQuery(id=qid, work_history=tuple(items)))
        qrels[qid] = dict.fromkeys(doc_ids[soc], 1)
        origin[qid] = (f"soc:{soc}",)
    return EvalSet(
        name=NAME,
        docs=docs,
        queries=queries,
        qrels=qrels,
        origin=origin,
        description=f"O*NET tasks/DWAs -> postings of other tasks; {len(docs)} postings, {len(queries)} queries",
    )
