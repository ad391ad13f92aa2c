"""Profile -> ranked, explained jobs or programs: the call the review workflow makes.

First version: exact cosine search over active items. The full matcher (constraints, skills,
re-ranker, explanations) replaces the body of `rank_profile`; its signature stays.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from api.resources import Resources
from models.enums import ItemKind
from models.profile import SurvivorProfile


@dataclass
class ProposedMatch:
    kind: ItemKind
    item_id: int
    rank: int
    score: float
    model_version: str
    features: dict[str, float] = field(default_factory=dict)
    explanation: dict[str, Any] = field(default_factory=dict)


def profile_text(profile: SurvivorProfile) -> str:
    parts = [*profile.skills, *profile.interests]
    parts += [f"{w.get('title') or ''} {w.get('activities') or ''}".strip() for w in profile.work_history]
    return ". ".join(p for p in parts if p)


def rank_profile(
    session: Session, resources: Resources, profile: SurvivorProfile, kind: ItemKind, top_k: int = 20
) -> list[ProposedMatch]:
    """Ranked items for one profile (active items only)."""
    assert resources.encoder is not None
    vec = resources.encoder.encode_one(profile_text(profile) or "entry level work")
    table = "job_posting" if kind == ItemKind.JOB else "training_program"
    rows = session.execute(
        text(
            f"SELECT id, 1 - (embedding <=> CAST(:q AS vector)) FROM {table} "  # noqa: S608
            "WHERE status = 'active' AND embedding IS NOT NULL ORDER BY embedding <=> CAST(:q AS vector) LIMIT :k"
        ),
        {"q": str(vec.tolist()), "k": top_k},
    ).all()
    return [
        ProposedMatch(kind=kind, item_id=int(r[0]), rank=i + 1, score=float(r[1]), model_version="cosine-v0")
        for i, r in enumerate(rows)
    ]
