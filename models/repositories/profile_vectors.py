"""A profile's embedding, stored with it: computed at intake (and after an edit), read by every ranking.

Two vectors: the whole profile text (`embedding`) and the mean of its parts (`parts_embedding`, None for a
profile with a single part). `embedding_hash` names the texts and model they came from, so a model swap or
an edit makes them stale rather than wrong. Read within the caller's organization (row-level security).
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlmodel import Session, col, select

from models.profile import SurvivorProfile

FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class StoredVectors:
    key: str
    vectors: FloatArray  # 1 or 2 rows: whole profile, then the mean of its parts


def load(session: Session, pseudonym: str) -> StoredVectors | None:
    row = session.get(SurvivorProfile, pseudonym)
    if row is None or row.embedding_hash is None or row.embedding is None:
        return None
    rows = [row.embedding] if row.parts_embedding is None else [row.embedding, row.parts_embedding]
    vectors = np.asarray(rows, dtype=np.float32)
    vectors.setflags(write=False)
    return StoredVectors(key=row.embedding_hash, vectors=vectors)


def store(session: Session, pseudonym: str, *, key: str, vectors: FloatArray) -> None:
    row = session.get(SurvivorProfile, pseudonym)
    if row is None:
        return
    row.embedding = vectors[0].tolist()
    row.parts_embedding = vectors[1].tolist() if vectors.shape[0] > 1 else None
    row.embedding_hash = key
    session.add(row)
    session.flush()


def embedded_in_org(session: Session, org_id: int, *, after: str, limit: int) -> list[SurvivorProfile]:
    """Up to `limit` profiles of one organization that have stored vectors, pseudonyms above `after` in order
    (a re-embed walks them batch by batch; the caller has bound `org_id`)."""
    query = (
        select(SurvivorProfile)
        .where(
            SurvivorProfile.org_id == org_id,
            col(SurvivorProfile.embedding_hash).is_not(None),
            col(SurvivorProfile.pseudonym) > after,
        )
        .order_by(col(SurvivorProfile.pseudonym))
        .limit(limit)
    )
    return list(session.exec(query).all())
