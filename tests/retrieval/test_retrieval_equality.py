"""Issue 18: with a reference sample that holds the whole live catalog, the database path ranks exactly as the
in-memory index does (same ids, same order, same scores and features), including pool growth under
restrictive filters."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlmodel import Session

from api.services.matching import Matcher
from matcher.encoder import Encoder
from matcher.types import Constraints, ProfileQuery, RankedMatch, WorkItem
from models.repositories import retrieval as retrieval_repo
from tests.retrieval.catalog import WORDS, insert, random_postings, unit

DIM = 384


def _profiles(rng: np.random.Generator, centers: np.ndarray) -> list[tuple[ProfileQuery, np.ndarray]]:
    constraint_sets = [
        Constraints(),
        Constraints(region="WA", remote_ok=False),
        Constraints(region="wa", zip3s=("980",), pay_floor_hourly=20.0),
        Constraints(region="OR", remote_ok=True, excluded_zip3s=("972",)),
        Constraints(zip3s=("981",), remote_ok=False, shifts=("night",), pay_floor_hourly=30.0),  # few allowed
        Constraints(excluded_zip3s=("980", "981"), remote_ok=True, pay_floor_hourly=15.0),
    ]
    out = []
    for i, constraints in enumerate(constraint_sets * 2):
        topic = int(rng.integers(len(centers)))
        segments = int(rng.integers(1, 4))  # 1: whole profile only; more: whole text then parts
        vecs = unit(centers[topic] + 0.5 * rng.standard_normal((segments, DIM)))
        query = ProfileQuery(
            id=f"p{i}",
            skills=tuple(rng.choice(WORDS, size=3).tolist()),
            work_history=(WorkItem(activities=" ".join(rng.choice(WORDS, size=6).tolist()), title="helper"),),
            interests=tuple(rng.choice(WORDS, size=int(rng.integers(0, 3))).tolist()),
            constraints=constraints,
        )
        out.append((query, vecs))
    return out


def _same(a: list[RankedMatch], b: list[RankedMatch]) -> None:
    assert [m.candidate.item_id for m in a] == [m.candidate.item_id for m in b]
    assert [m.score for m in a] == pytest.approx([m.score for m in b], abs=1e-5)
    for x, y in zip(a, b, strict=True):
        assert x.features == pytest.approx(y.features, abs=1e-5)


def test_database_path_ranks_exactly_as_memory_when_the_sample_holds_the_catalog(
    session: Session, encoder: Encoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []  # the k of every semantic query: the pool grows for the restrictive profiles
    semantic_ids = retrieval_repo.semantic_ids

    def recording(*args: Any, **kwargs: Any) -> list[int]:
        asked.append(args[4])
        return semantic_ids(*args, **kwargs)

    monkeypatch.setattr(retrieval_repo, "semantic_ids", recording)
    rng = np.random.default_rng(18)
    centers = rng.standard_normal((12, DIM))
    conn = session.connection()
    insert(conn, random_postings(rng, 420, centers), encoder.model_name)
    memory = Matcher(encoder, tmp_path, retrieval="memory")
    database = Matcher(encoder, tmp_path, retrieval="database")
    database.database_retrieval("job").refresh_in_background = False
    compared = 0
    for query, vecs in _profiles(rng, centers):
        expected = memory.rank(conn, query, "job", 20, profile_vec=vecs)
        got = database.rank(conn, query, "job", 20, profile_vec=vecs)
        _same(got, expected)
        compared += len(expected)
    assert compared > 100  # most profiles find a full list; the restrictive one finds few
    assert set(asked) == {100, 400}  # both the first pool and a grown one were compared
    sample = database.database["job"].sample
    assert sample is not None and sample.complete
    assert database.database["job"].samples_read == 1
    assert "job" not in database._indexes  # the database path never built the whole-catalog index
