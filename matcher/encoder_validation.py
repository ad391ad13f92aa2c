"""A quick validation of an encoder on the training side's held-out slice (issue 13).

Used by scripts/finetune_encoder.py to compare the base and the fine-tuned model in one run.
Queries come only from the validation slice (`is_validation_soc` / `is_validation_esco`);
the document pools hold every training-side occupation, so the seen occupations act as
distractors. Reserved occupations are never read here: the lead's evaluation suite owns them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.embedding_text import item_text
from matcher.encoder_pairs import (
    NEUTRAL_TITLE,
    EscoOccupation,
    OnetOccupation,
    _digest,
    casual_phrase,
    is_validation_esco,
    is_validation_soc,
    task_verbs,
)

__all__ = ["RetrievalSet", "evaluate", "mrr", "ndcg_at_10", "validation_sets"]

Encode = Callable[[Sequence[str]], npt.NDArray[np.float32]]
POSTING_TASKS = 6  # task statements per synthetic posting
QUERIES_PER_OCCUPATION = 8
LABEL_QUERIES = 2  # alternative labels asked per validation ESCO occupation
POOL_LABELS = 4  # labels per ESCO occupation in the title pool (keeps a CPU run to minutes)


@dataclass(frozen=True)
class RetrievalSet:
    """Queries, documents and, per query, the indices of its relevant documents."""

    name: str
    queries: list[str]
    docs: list[str]
    relevant: list[frozenset[int]]


def _by_hash(texts: Sequence[str]) -> list[str]:
    return sorted(texts, key=_digest)  # a fixed order that no run can move


def validation_sets(onet: Sequence[OnetOccupation], esco: Sequence[EscoOccupation]) -> list[RetrievalSet]:
    """The four quick sets (the ESCO two only when ESCO occupations are given)."""
    sets = [_title_to_tasks(onet), _casual_to_posting(onet)]
    if esco:
        sets += [_alt_to_description(esco), _title_to_title(esco)]
    return [s for s in sets if s.queries]


def _title_to_tasks(onet: Sequence[OnetOccupation]) -> RetrievalSet:
    """A validation occupation's title -> its task statements among every training-side task."""
    docs: list[str] = []
    owner: list[str] = []
    for occ in onet:
        docs += occ.tasks
        owner += [occ.soc] * len(occ.tasks)
    queries, relevant = [], []
    for occ in onet:
        if is_validation_soc(occ.soc) and occ.tasks:
            queries.append(occ.title)
            relevant.append(frozenset(i for i, soc in enumerate(owner) if soc == occ.soc))
    return RetrievalSet("onet title -> tasks (nDCG@10)", queries, docs, relevant)


def _casual_to_posting(onet: Sequence[OnetOccupation]) -> RetrievalSet:
    """A past-tense task of a validation occupation ('Cleaned guest rooms') -> its posting (title
    and task statements the query does not contain) among one posting per training-side occupation."""
    docs: list[str] = []
    queries: list[str] = []
    relevant: list[frozenset[int]] = []
    verbs = task_verbs(o.tasks for o in onet)
    for occ in onet:
        tasks = _by_hash(occ.tasks)
        if is_validation_soc(occ.soc) and len(tasks) >= 4:
            half = len(tasks) // 2
            shown, asked = tasks[:half], tasks[half:]
            for task in asked[:QUERIES_PER_OCCUPATION]:
                queries.append(casual_phrase(task, verbs))
                relevant.append(frozenset({len(docs)}))
        else:
            shown = tasks or _by_hash(occ.activities)
        docs.append(item_text(occ.title, " ".join(shown[:POSTING_TASKS])))
    return RetrievalSet("onet casual task -> posting (MRR)", queries, docs, relevant)


def _alt_to_description(esco: Sequence[EscoOccupation]) -> RetrievalSet:
    """An alternative label of a validation occupation -> its description under 'Job opening'."""
    docs: list[str] = []
    queries: list[str] = []
    relevant: list[frozenset[int]] = []
    for occ in esco:
        if not occ.description:
            continue
        if is_validation_esco(occ.uuid):
            for alt in _by_hash(occ.alt_labels)[:LABEL_QUERIES]:
                queries.append(alt)
                relevant.append(frozenset({len(docs)}))
        docs.append(item_text(NEUTRAL_TITLE, occ.description))
    return RetrievalSet("esco alt label -> description (MRR)", queries, docs, relevant)


def _title_to_title(esco: Sequence[EscoOccupation]) -> RetrievalSet:
    """An alternative label of a validation occupation -> its other labels among every
    training-side label (title-only postings)."""
    docs: list[str] = []
    owner: list[str] = []
    for occ in esco:
        alts = _by_hash(occ.alt_labels)
        # A validation occupation's asked labels are in the pool (so its other labels can be found
        # beside them); other occupations bring their preferred label and a few alternatives.
        for label in dict.fromkeys([occ.preferred_label, *alts[: max(POOL_LABELS - 1, LABEL_QUERIES + 1)]]):
            docs.append(label)
            owner.append(occ.uuid)
    by_owner: dict[str, list[int]] = {}
    for i, o in enumerate(owner):
        by_owner.setdefault(o, []).append(i)
    queries, relevant = [], []
    for occ in esco:
        if not is_validation_esco(occ.uuid):
            continue
        for alt in _by_hash(occ.alt_labels)[:LABEL_QUERIES]:
            rel = frozenset(i for i in by_owner.get(occ.uuid, []) if docs[i] != alt)
            if rel:
                queries.append(alt)
                relevant.append(rel)
    # The query's own string stays in the pool; it is not relevant, so a model that only
    # echoes the query gains nothing.
    return RetrievalSet("esco title -> title (nDCG@10)", queries, docs, relevant)


def ndcg_at_10(ranked: Sequence[int], relevant: frozenset[int]) -> float:
    """Binary-relevance nDCG@10 of one ranked list."""
    dcg = sum(1.0 / math.log2(r + 2) for r, d in enumerate(ranked[:10]) if d in relevant)
    ideal = sum(1.0 / math.log2(r + 2) for r in range(min(10, len(relevant))))
    return dcg / ideal if ideal else 0.0


def mrr(ranked: Sequence[int], relevant: frozenset[int]) -> float:
    """Reciprocal rank of the first relevant document (0 when none is ranked)."""
    for r, d in enumerate(ranked):
        if d in relevant:
            return 1.0 / (r + 1)
    return 0.0


def evaluate(encode: Encode, sets: Sequence[RetrievalSet]) -> dict[str, float]:
    """Each set's mean metric (the one its name states) for the given encoder."""
    out: dict[str, float] = {}
    for s in sets:
        q = encode(s.queries)
        d = encode(s.docs)
        order = np.argsort(-(q @ d.T), axis=1, kind="stable")
        metric = mrr if "MRR" in s.name else ndcg_at_10
        scores = [metric([int(i) for i in row], rel) for row, rel in zip(order, s.relevant, strict=True)]
        out[s.name] = float(np.mean(scores))
    return out
