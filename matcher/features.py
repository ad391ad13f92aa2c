"""Per-item features for the re-ranker, in one fixed, documented order.

Also holds what the profile side embeds (`profile_segments`): skill labels, past-work
activities and titles, interests; never free narratives, education or constraints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from matcher.constraints import best_hourly_pay
from matcher.lexical import tokenize
from matcher.types import Candidate, ProfileQuery, TaxonomyLike, WagesLike

__all__ = [
    "FEATURE_NAMES",
    "ProfileContext",
    "build_profile_context",
    "feature_matrix",
    "item_skills",
    "profile_segments",
    "profile_text",
]

FloatArray = npt.NDArray[np.float32]

# Fixed order: saved models store these names and refuse a mismatch on load.
FEATURE_NAMES: tuple[str, ...] = (
    "semantic",  # cosine of the whole profile text and the item, z-scored over the catalog
    "semantic_parts",  # mean cosine over profile parts (each past job, skills), z-scored
    "lexical",  # lexical score (BM25 / ts_rank), z-scored over the catalog
    "fused",  # reciprocal-rank fusion of semantic and lexical, scaled to 0..1
    "occupation_support",  # best relevance among pool items of the same SOC broad group
    "skill_coverage",  # share of the item's skills the profile shows (0 if none listed)
    "skill_overlap",  # shared skills, capped at 5, scaled to 0..1
    "title_overlap",  # best word overlap between a past job title and the item title
    "interest_match",  # share of the person's interests named in the item
    "pay_known",  # 1 if the item publishes pay
    "pay_vs_floor",  # best hourly pay / floor - 1, clipped to -1..1 (0 if unknown)
    "pay_vs_local_wage",  # best hourly pay / OEWS local median - 1, clipped (0 if unknown)
    "schedule_fit",  # 1 published and fits, 0.5 unknown
    "employment_type_fit",  # 1 published and wanted, 0.5 unknown
    "is_program",
    "program_affordability",  # 1 free .. 0 expensive; 0.5 unknown; 0 for jobs
    "program_shortness",  # 1 short .. 0 long; 0.5 unknown; 0 for jobs
    "program_outcomes",  # mean of employment and credential rates; 0.5 unknown; 0 for jobs
)
INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}


def profile_segments(profile: ProfileQuery, taxonomy: TaxonomyLike | None = None) -> list[str]:
    """Texts to embed for a profile: the whole profile first, then each part on its own."""
    labels = [_skill_label(s, taxonomy) for s in profile.skills]
    parts: list[str] = []
    if labels:
        parts.append("Skills: " + ", ".join(labels) + ".")
    for w in profile.work_history:
        text = ". ".join(x.strip().rstrip(".") for x in (w.title, w.activities) if x and x.strip())
        if text:
            parts.append(text + ".")
    if profile.interests:
        parts.append("Interested in " + ", ".join(profile.interests) + ".")
    whole = " ".join(parts)
    return [whole, *parts] if len(parts) > 1 else [whole]


def profile_text(profile: ProfileQuery, taxonomy: TaxonomyLike | None = None) -> str:
    """The single text to embed for a profile (what the API stores as its embedding)."""
    return profile_segments(profile, taxonomy)[0]


def _skill_label(skill: str, taxonomy: TaxonomyLike | None) -> str:
    if taxonomy is None:
        return skill
    label = taxonomy.label(skill)
    return label or skill


@dataclass(frozen=True, slots=True)
class ProfileContext:
    """Profile facts computed once per request and reused for every item."""

    skill_ids: frozenset[str]
    skill_evidence: dict[str, str]  # skill id -> the person's own words that show it
    title_tokens: tuple[frozenset[str], ...]
    interest_tokens: tuple[frozenset[str], ...]


def build_profile_context(profile: ProfileQuery, taxonomy: TaxonomyLike | None = None) -> ProfileContext:
    """Resolve typed skills to ids and find skills shown in past-work activities."""
    ids: set[str] = set()
    evidence: dict[str, str] = {}
    for typed in profile.skills:
        resolved = taxonomy.resolve(typed) if taxonomy is not None else None
        sid = resolved or typed
        ids.add(sid)
        evidence.setdefault(sid, typed)
    if taxonomy is not None:
        for w in profile.work_history:
            for m in taxonomy.extract(". ".join(x for x in (w.title, w.activities) if x)):
                ids.add(m.skill_id)
                evidence.setdefault(m.skill_id, m.evidence)
    titles = tuple(frozenset(tokenize(w.title)) for w in profile.work_history if w.title)
    interests = tuple(frozenset(tokenize(i)) for i in profile.interests)
    return ProfileContext(
        skill_ids=frozenset(ids),
        skill_evidence=evidence,
        title_tokens=tuple(t for t in titles if t),
        interest_tokens=tuple(t for t in interests if t),
    )


def item_skills(item: Candidate, taxonomy: TaxonomyLike | None) -> tuple[str, ...]:
    """The item's skill ids: as stored, else extracted from its text."""
    if item.skills or taxonomy is None:
        return item.skills
    return tuple(dict.fromkeys(m.skill_id for m in taxonomy.extract(item.text)))


def _clip(x: float) -> float:
    return float(min(1.0, max(-1.0, x)))


def _pay_features(profile: ProfileQuery, item: Candidate, wages: WagesLike | None) -> tuple[float, float, float]:
    pay = best_hourly_pay(item)
    if pay is None or item.kind != "job":
        return 0.0, 0.0, 0.0
    floor = profile.constraints.pay_floor_hourly
    vs_floor = _clip(pay / floor - 1.0) if floor else 0.0
    vs_wage = 0.0
    if wages is not None and item.soc:
        stats = wages.lookup(item.soc, item.region)
        if stats is not None and stats.median_hourly:
            vs_wage = _clip(pay / stats.median_hourly - 1.0)
    return 1.0, vs_floor, vs_wage


def _fit(wanted: Sequence[str], offered: Sequence[str]) -> float:
    """1 when the item publishes a value the person wants (or any), 0.5 when unknown."""
    if not offered:
        return 0.5
    return 1.0 if not wanted or {w.lower() for w in wanted} & {o.lower() for o in offered} else 0.0


def _program_features(item: Candidate) -> tuple[float, float, float]:
    if item.kind != "program":
        return 0.0, 0.0, 0.0
    # Scales: $5,000 and 26 weeks halve the score, a typical certificate's cost and length.
    cost = 0.5 if item.cost_total is None else 1.0 / (1.0 + max(item.cost_total, 0.0) / 5000.0)
    length = 0.5 if item.duration_weeks is None else 1.0 / (1.0 + item.duration_weeks / 26.0)
    rates = [r for r in (item.employment_rate, item.credential_rate) if r is not None]
    outcome = sum(rates) / len(rates) if rates else 0.5
    return cost, length, outcome


@lru_cache(maxsize=50_000)
def token_set(text: str) -> frozenset[str]:
    """Tokens of an item text, cached: the same popular items reach the feature stage query after query."""
    return frozenset(tokenize(text))


def _best_overlap(query_sets: Sequence[frozenset[str]], target: frozenset[str]) -> float:
    best = 0.0
    for q in query_sets:
        if q and target:
            best = max(best, len(q & target) / len(q | target))
    return best


def feature_row(
    profile: ProfileQuery,
    ctx: ProfileContext,
    item: Candidate,
    skills: Sequence[str],
    *,
    semantic: float,
    semantic_parts: float,
    lexical: float,
    fused: float,
    occupation_support: float,
    wages: WagesLike | None,
) -> list[float]:
    """One item's feature values in FEATURE_NAMES order."""
    shared = len(ctx.skill_ids.intersection(skills))
    coverage = shared / len(set(skills)) if skills else 0.0
    title = token_set(item.title)
    interest = 0.0
    if ctx.interest_tokens:  # tokenizing a whole posting is the costliest step here: only when needed
        words = token_set(item.title + " " + item.text)
        interest = sum(1 for t in ctx.interest_tokens if t <= words) / len(ctx.interest_tokens)
    pay_known, vs_floor, vs_wage = _pay_features(profile, item, wages)
    c = profile.constraints
    schedule = min(_fit(c.days, item.days), _fit(c.shifts, item.shifts))
    etype = _fit(c.employment_types, item.employment_types) if item.kind == "job" else 0.5
    cost, length, outcome = _program_features(item)
    return [
        semantic,
        semantic_parts,
        lexical,
        fused,
        occupation_support,
        coverage,
        min(shared, 5) / 5.0,
        _best_overlap(ctx.title_tokens, title),
        interest,
        pay_known,
        vs_floor,
        vs_wage,
        schedule,
        etype,
        1.0 if item.kind == "program" else 0.0,
        cost,
        length,
        outcome,
    ]


def feature_matrix(
    profile: ProfileQuery,
    ctx: ProfileContext,
    items: Sequence[Candidate],
    skills: Sequence[Sequence[str]],
    *,
    semantic: npt.ArrayLike,
    semantic_parts: npt.ArrayLike,
    lexical: npt.ArrayLike,
    fused: npt.ArrayLike,
    occupation_support: npt.ArrayLike,
    wages: WagesLike | None = None,
) -> FloatArray:
    """Feature rows for items (signals already scaled by the caller), shape (n, n_features)."""
    sem, parts = np.asarray(semantic), np.asarray(semantic_parts)
    lex, fus, sup = np.asarray(lexical), np.asarray(fused), np.asarray(occupation_support)
    rows = [
        feature_row(
            profile,
            ctx,
            item,
            skills[i],
            semantic=float(sem[i]),
            semantic_parts=float(parts[i]),
            lexical=float(lex[i]),
            fused=float(fus[i]),
            occupation_support=float(sup[i]),
            wages=wages,
        )
        for i, item in enumerate(items)
    ]
    return np.asarray(rows, dtype=np.float32).reshape(len(items), len(FEATURE_NAMES))
