"""One evaluation set: postings, profile queries and the source's own relevance labels."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from matcher.embedding_text import item_text
from matcher.types import Candidate, ProfileQuery, TaxonomyLike

__all__ = ["EvalSet", "posting", "seeded"]


@dataclass(frozen=True)
class EvalSet:
    """Documents, queries and graded qrels (query id -> doc id -> grade), plus where each query comes from.

    `origin` names the occupation codes a query was built from ("soc:35-2014", "esco:<uuid>"); the
    split-rule tests read it, and `subsets` names query groups reported on their own.
    """

    name: str
    docs: list[Candidate]
    queries: list[ProfileQuery]
    qrels: dict[str, dict[str, int]]
    origin: dict[str, tuple[str, ...]]
    description: str = ""
    subsets: dict[str, frozenset[str]] = field(default_factory=dict)


def seeded(seed: int, name: str) -> random.Random:
    """A generator per set, so adding a set never changes another set's draw."""
    return random.Random(f"{seed}:{name}")  # noqa: S311 -- reproducible sampling, not secrets


def posting(
    doc_id: str,
    title: str,
    body: str,
    *,
    soc: str | None = None,
    taxonomy: TaxonomyLike | None = None,
) -> Candidate:
    """A job posting as the import pipeline would store it (skills found in its text)."""
    text = item_text(title, body)
    skills: Sequence[str] = ()
    if taxonomy is not None:
        skills = tuple(dict.fromkeys(m.skill_id for m in taxonomy.extract(text)))
    # Each posting is its own employer's ad: with no employer, every posting of one occupation (same
    # title) or every "Job opening" would count as a near-duplicate of the others, and the matcher's
    # diversity step would keep only one of them in the top 10.
    return Candidate(
        item_id=doc_id,
        kind="job",
        source_id=doc_id,
        title=title,
        text=text,
        org_name=f"Employer {doc_id}",
        skills=tuple(skills),
        soc=soc,
    )
