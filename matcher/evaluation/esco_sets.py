"""Sets 2 and 3, from ESCO occupations (matcher/data/esco_occupations.csv.gz).

Set 2 (titles held -> descriptions): a profile lists 2-3 alternative labels of one reserved
occupation (concept UUID beginning 8-f) as past job titles; the catalog holds every occupation's
description under the neutral title "Job opening". The description's leading subject names the
occupation ("Technical directors realise ..."), so each sentence that opens with the preferred
label is rewritten to open with "They" ("They realise ..."): a title lookup cannot win. Relevant
(the source's label): the description of the same occupation.

Set 3 (title <-> title): a profile holds ONE alternative label of a reserved occupation; the
catalog holds postings that carry only a title: the labels (preferred and alternative, at most
LABELS_PER_OCCUPATION) of every occupation, with every label drawn as a query (on either side of
the split) removed. Relevant: the other labels of the same occupation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.esco_occupations import EscoOccupation
from matcher.evaluation.eval_set import EvalSet, posting, seeded
from matcher.split_rule import is_training_esco
from matcher.types import Candidate, ProfileQuery, TaxonomyLike, WorkItem

__all__ = ["build_esco_descriptions_set", "build_title_pairs_set", "neutral_description"]

NEUTRAL_TITLE = "Job opening"
LABELS_PER_OCCUPATION = 6


def _label_pattern(label: str) -> str:
    """A regex for the label in its plural or singular form ("technical directors?")."""
    parts = []
    for word in label.split():
        stem = word[:-1] if len(word) > 3 else word
        if word.endswith("man"):
            parts.append(re.escape(word[:-3]) + "m[ae]n")
        else:
            parts.append(re.escape(stem) + r"[\w-]{0,3}")
    return r"\s+".join(parts)


def neutral_description(preferred_label: str, description: str) -> str:
    """The description with every sentence-opening mention of the occupation turned into "They"."""
    pattern = re.compile(rf"(^|(?<=[.!?]\s))\s*{_label_pattern(preferred_label)}\b", re.IGNORECASE)
    return pattern.sub("They", description.strip())


def _side(occupations: Sequence[EscoOccupation], training: bool) -> list[EscoOccupation]:
    return [o for o in occupations if is_training_esco(o.uuid) == training]


def build_esco_descriptions_set(
    occupations: Sequence[EscoOccupation],
    taxonomy: TaxonomyLike | None = None,
    *,
    n_queries: int = 300,
    seed: int = 2026,
    training: bool = False,
) -> EvalSet:
    name = "esco-descriptions"
    rng = seeded(seed, name)
    ordered = sorted((o for o in occupations if o.description), key=lambda o: o.uuid)
    docs = [
        posting(
            f"esco-{o.uuid}", NEUTRAL_TITLE, neutral_description(o.preferred_label, o.description), taxonomy=taxonomy
        )
        for o in ordered
    ]
    side = [o for o in _side(ordered, training) if len(o.alt_labels) >= 2]
    chosen = sorted(rng.sample(side, min(n_queries, len(side))), key=lambda o: o.uuid)
    queries: list[ProfileQuery] = []
    qrels: dict[str, dict[str, int]] = {}
    origin: dict[str, tuple[str, ...]] = {}
    for o in chosen:
        qid = f"esco-q-{o.uuid}"
        held = rng.sample(sorted(o.alt_labels), min(len(o.alt_labels), rng.randint(2, 3)))
        queries.append(ProfileQuery(id=qid, work_history=tuple(WorkItem(activities="", title=t) for t in held)))
        qrels[qid] = {f"esco-{o.uuid}": 1}
        origin[qid] = (f"esco:{o.uuid}",)
    return EvalSet(
        name=name,
        docs=docs,
        queries=queries,
        qrels=qrels,
        origin=origin,
        description=f"ESCO titles held -> neutral-titled descriptions; {len(docs)} postings, {len(queries)} queries",
    )


def build_title_pairs_set(
    occupations: Sequence[EscoOccupation],
    *,
    n_queries: int = 300,
    seed: int = 2026,
    training: bool = False,
) -> EvalSet:
    name = "title-pairs"
    rng = seeded(seed, name)
    ordered = sorted(occupations, key=lambda o: o.uuid)
    # Query titles are drawn for both sides and all of them leave the catalog, so the reserved set
    # and its training-side twin rank the very same postings (one embedding of the catalog).
    drawn: dict[bool, list[EscoOccupation]] = {}
    query_label: dict[str, str] = {}
    for side_flag in (False, True):
        side = [o for o in _side(ordered, side_flag) if o.alt_labels]
        drawn[side_flag] = sorted(rng.sample(side, min(n_queries, len(side))), key=lambda o: o.uuid)
        query_label |= {o.uuid: rng.choice(sorted(o.alt_labels)) for o in drawn[side_flag]}
    chosen = drawn[training]
    used = {label.lower() for label in query_label.values()}
    docs: list[Candidate] = []
    doc_ids: dict[str, list[str]] = {}
    for o in ordered:
        labels = [lab for lab in dict.fromkeys([o.preferred_label, *o.alt_labels]) if lab.lower() not in used]
        keep = labels[:1] + sorted(rng.sample(labels[1:], min(len(labels) - 1, LABELS_PER_OCCUPATION - 1)))
        doc_ids[o.uuid] = []
        for n, label in enumerate(keep):
            doc_id = f"title-{o.uuid}-{n}"
            doc_ids[o.uuid].append(doc_id)
            docs.append(posting(doc_id, label, ""))
    queries: list[ProfileQuery] = []
    qrels: dict[str, dict[str, int]] = {}
    origin: dict[str, tuple[str, ...]] = {}
    for o in chosen:
        if not doc_ids[o.uuid]:
            continue  # every label of it is some query's title: nothing left to find
        qid = f"title-q-{o.uuid}"
        queries.append(ProfileQuery(id=qid, work_history=(WorkItem(activities="", title=query_label[o.uuid]),)))
        qrels[qid] = dict.fromkeys(doc_ids[o.uuid], 1)
        origin[qid] = (f"esco:{o.uuid}",)
    return EvalSet(
        name=name,
        docs=docs,
        queries=queries,
        qrels=qrels,
        origin=origin,
        description=f"ESCO held title -> title-only postings; {len(docs)} postings, {len(queries)} queries",
    )
