"""Build the dev benchmark: synthetic profiles -> occupation "postings", from O*NET tasks.

- Documents: one posting per SOC occupation, its title plus a share of its task
  statements, embedded with the same text recipe as real postings.
- Queries: a profile per sampled occupation, its past-work activities made from the
  occupation's OTHER task statements (turned into past tense, as people describe past work)
  and sometimes a detailed work activity; its skills are the taxonomy labels found there.
  No title is given: a title would name the answer.
- Relevance: 2 = same SOC; 1 = same broad group (first 5 digits) or strongly shared
  detailed work activities (Jaccard >= DWA_JACCARD).
- Split: queries are split dev/test by a hash of their SOC; tune on dev, report both.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matcher.embedding_text import item_text
from matcher.types import Candidate, ProfileQuery, TaxonomyLike, WorkItem

__all__ = ["Benchmark", "OccupationsLike", "build_benchmark", "past_tense"]

MIN_TASKS = 6  # occupations with fewer tasks cannot give both sides enough text
QUERY_TASK_SHARE = 0.4
DWA_JACCARD = 0.5
MAX_SKILLS = 8


class OccupationsLike:
    """What the benchmark needs from `matcher.occupations.Occupations` (structural)."""

    titles: Mapping[str, str]
    tasks: Mapping[str, list[str]]
    activities: Mapping[str, list[str]]


@dataclass(frozen=True)
class Benchmark:
    """Documents, queries with their split, and graded relevance judgments."""

    docs: list[Candidate]
    queries: list[ProfileQuery]
    split: dict[str, str]  # query id -> "dev" | "test"
    qrels: dict[str, dict[str, int]]  # query id -> doc id -> grade
    query_soc: dict[str, str]


_IRREGULAR = {
    "build": "built",
    "buy": "bought",
    "catch": "caught",
    "choose": "chose",
    "cut": "cut",
    "dig": "dug",
    "draw": "drew",
    "drive": "drove",
    "feed": "fed",
    "find": "found",
    "give": "gave",
    "grind": "ground",
    "hang": "hung",
    "hold": "held",
    "keep": "kept",
    "lay": "laid",
    "lead": "led",
    "leave": "left",
    "lend": "lent",
    "make": "made",
    "meet": "met",
    "pay": "paid",
    "put": "put",
    "read": "read",
    "ride": "rode",
    "run": "ran",
    "say": "said",
    "sell": "sold",
    "send": "sent",
    "set": "set",
    "shut": "shut",
    "sit": "sat",
    "speak": "spoke",
    "spend": "spent",
    "split": "split",
    "spread": "spread",
    "stand": "stood",
    "sweep": "swept",
    "take": "took",
    "teach": "taught",
    "tell": "told",
    "think": "thought",
    "throw": "threw",
    "wear": "wore",
    "weave": "wove",
    "write": "wrote",
    "shoot": "shot",
    "sew": "sewed",
    "bring": "brought",
    "get": "got",
    "go": "went",
    "do": "did",
    "be": "was",
    "have": "had",
    "wind": "wound",
    "bind": "bound",
    "sling": "slung",
}
_VOWELS = set("aeiou")


def _past(verb: str) -> str:
    low = verb.lower()
    if low in _IRREGULAR:
        out = _IRREGULAR[low]
    elif low.endswith("e"):
        out = low + "d"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in _VOWELS:
        out = low[:-1] + "ied"
    elif (
        len(low) >= 3
        and low[-1] not in _VOWELS | {"w", "x", "y"}
        and low[-2] in _VOWELS
        and low[-3] not in _VOWELS
        and len(low) <= 4
    ):
        out = low + low[-1] + "ed"  # stop -> stopped; short verbs only
    else:
        out = low + "ed"
    return out.capitalize() if verb[:1].isupper() else out


def past_tense(statement: str) -> str:
    """'Clean rooms, or operate mixers.' -> 'Cleaned rooms, or operated mixers' (leading verbs)."""
    text = statement.strip().rstrip(".")

    def repl(m: re.Match[str]) -> str:
        return m.group(1) + _past(m.group(2))

    # The first word, and verbs right after "or"/"and" joining imperative clauses.
    text = re.sub(r"^()([A-Za-z]+)", repl, text)
    return re.sub(r"(, (?:or|and) |; )([a-z]+)(?= )", repl, text)


def _stable_hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _doc_id(soc: str) -> str:
    return f"onet-{soc}"


def build_benchmark(
    occupations: OccupationsLike,
    taxonomy: TaxonomyLike | None = None,
    *,
    n_queries: int = 400,
    seed: int = 2026,
) -> Benchmark:
    """Deterministic benchmark from O*NET occupations (same seed, same data -> same benchmark)."""
    rng = random.Random(seed)  # noqa: S311 -- a seeded, reproducible benchmark, not secrets
    socs = sorted(s for s in occupations.titles if len(occupations.tasks.get(s, [])) >= MIN_TASKS)
    query_tasks: dict[str, list[str]] = {}
    docs: list[Candidate] = []
    for soc in socs:
        tasks = sorted(occupations.tasks[soc])
        rng.shuffle(tasks)
        cut = max(3, round(len(tasks) * QUERY_TASK_SHARE))
        query_tasks[soc], doc_tasks = tasks[:cut], tasks[cut:]
        text = item_text(occupations.titles[soc], " ".join(doc_tasks))
        skills = tuple(dict.fromkeys(m.skill_id for m in taxonomy.extract(text))) if taxonomy else ()
        docs.append(
            Candidate(
                item_id=_doc_id(soc),
                kind="job",
                source_id=_doc_id(soc),
                title=occupations.titles[soc],
                text=text,
                skills=skills,
                soc=soc,
            )
        )
    dwas = {s: set(occupations.activities.get(s, [])) for s in socs}
    chosen = sorted(rng.sample(socs, min(n_queries, len(socs))))
    queries, split, qrels, query_soc = [], {}, {}, {}
    for soc in chosen:
        qid = f"q-{soc}"
        queries.append(_make_profile(qid, soc, query_tasks[soc], occupations, taxonomy, rng))
        split[qid] = "dev" if _stable_hash(soc) % 2 == 0 else "test"
        query_soc[qid] = soc
        judged = {_doc_id(soc): 2}
        for other in socs:
            if other != soc and (other[:6] == soc[:6] or _jaccard(dwas[soc], dwas[other]) >= DWA_JACCARD):
                judged[_doc_id(other)] = 1
        qrels[qid] = judged
    return Benchmark(docs=docs, queries=queries, split=split, qrels=qrels, query_soc=query_soc)


def _make_profile(
    qid: str,
    soc: str,
    tasks: Sequence[str],
    occupations: OccupationsLike,
    taxonomy: TaxonomyLike | None,
    rng: random.Random,
) -> ProfileQuery:
    """2-3 past jobs of 1-2 activities each, sometimes a work activity; skills from the text."""
    pool = list(tasks)
    rng.shuffle(pool)
    history: list[WorkItem] = []
    for _ in range(rng.randint(2, 3)):
        take, pool = pool[: rng.randint(1, 2)], pool[2:]
        if take:
            history.append(WorkItem(activities=". ".join(past_tense(t) for t in take) + "."))
    activities = sorted(occupations.activities.get(soc, []))
    if activities and rng.random() < 0.5:
        history.append(WorkItem(activities=past_tense(rng.choice(activities)) + "."))
    skills: list[str] = []
    if taxonomy is not None:
        for w in history:
            skills += [m.label for m in taxonomy.extract(w.activities)]
    skills = list(dict.fromkeys(skills))
    rng.shuffle(skills)
    return ProfileQuery(id=qid, skills=tuple(skills[:MAX_SKILLS]), work_history=tuple(history))
