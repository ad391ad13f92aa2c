"""Ranking one kind with its candidates retrieved from PostgreSQL (issue 18, docs/retrieval.md).

The in-memory path scores every live item of the catalog; this one asks the database for the best few
hundred by each signal under the profile's hard filters (models/repositories/retrieval.py) and hands them
to the same ranking core. What the core still needs from the whole catalog (the moments that z-score each
signal, BM25's document frequencies) comes from a bounded reference sample of the kind, held as a small
`LiveIndex` and refreshed off the request path. When the sample holds every held item and is current, the
lexical candidates also come from it (BM25, as in memory), and the result equals the in-memory ranking
(tests/retrieval/test_retrieval_equality.py); above the sample size the statistics are estimates and the
lexical candidates come from core full-text search.
"""

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Connection

from matcher.catalog_index import LiveIndex
from matcher.constraints import violations
from matcher.features import profile_text
from matcher.profile_vectors import FloatArray
from matcher.ranking import POOL_SIZE, allowed_wanted, rank
from matcher.reranker import Scorer
from matcher.signal_stats import query_vectors
from matcher.types import ProfileQuery, RankedMatch, TaxonomyLike, WagesLike
from models.repositories import candidates as candidate_repo
from models.repositories import retrieval as retrieval_repo

log = logging.getLogger("wayfinder.matching")

# Up to this many held items per kind in the reference sample. Its mean and deviation estimates are within
# about 1% of the catalog's at this size; it costs about 13 KB an item in memory (docs/retrieval.md).
SAMPLE_SIZE = 10_000
SAMPLE_MAX_AGE_S = 3600.0  # a drawn sample is drawn again after an hour ...
SAMPLE_STALE_SHARE = 0.05  # ... or once the kind's version moved by 5% of the sample's size
LEXICAL_WORDS = 8  # words of the profile the full-text query looks for, rarest in the sample first
# A complete sample applies the rows written since (as the in-memory index does) unless this many changed.
APPLY_MAX_CHANGES = 1000


@dataclass
class ReferenceSample:
    index: LiveIndex  # the sampled items, with their vectors and BM25 statistics
    complete: bool  # holds every held item of the kind (as of `index.version`)
    loaded_at: float  # time.monotonic() when read


def sample_is_stale(sample: ReferenceSample, version: int, monotonic_now: float) -> bool:
    """Whether a drawn (incomplete) sample should be drawn again: older than an hour, or the kind has moved
    by more than a few per cent of its size since."""
    if monotonic_now - sample.loaded_at > SAMPLE_MAX_AGE_S:
        return True
    return version - sample.index.version > max(1.0, SAMPLE_STALE_SHARE * sample.index.size)


class DatabaseRetrieval:
    """Database-path ranking state for one kind: its reference sample and how it is refreshed."""

    def __init__(
        self, kind: str, model_name: str, *, sample_size: int = SAMPLE_SIZE, refresh_in_background: bool = True
    ) -> None:
        self.kind = kind
        self.model_name = model_name
        self.sample_size = sample_size
        # Tests turn this off: a background connection cannot see a test's uncommitted rows.
        self.refresh_in_background = refresh_in_background
        self.samples_read = 0  # reference samples read (tests read it)
        self._sample: ReferenceSample | None = None
        self._lock = threading.Lock()
        self._refreshing = False

    @property
    def sample(self) -> ReferenceSample | None:
        return self._sample

    def _read_sample(self, conn: Connection, version: int) -> ReferenceSample:
        drawn = retrieval_repo.sample(conn, self.kind, self.sample_size, model_name=self.model_name)
        self.samples_read += 1
        return ReferenceSample(
            index=LiveIndex.build(self.kind, drawn.rows, version), complete=drawn.complete, loaded_at=time.monotonic()
        )

    def _refresh_later(self, conn: Connection) -> None:
        """Draw a new sample on its own connection; requests go on with the old one meanwhile. (Inline on
        the request's connection when `refresh_in_background` is off.)"""
        with self._lock:
            if self._refreshing:
                return
            self._refreshing = True

        def refresh(on: Connection) -> None:
            try:
                self._sample = self._read_sample(on, candidate_repo.catalog_states(on)[self.kind][0])
            except Exception as exc:  # the old sample keeps serving; the next stale check tries again
                log.warning("reference sample refresh for %s failed (%s)", self.kind, type(exc).__name__)
            finally:
                self._refreshing = False

        def in_background() -> None:
            with conn.engine.connect() as own:
                refresh(own)

        if self.refresh_in_background:
            threading.Thread(target=in_background, name=f"wayfinder-sample-{self.kind}", daemon=True).start()
        else:
            refresh(conn)

    def current_sample(self, conn: Connection, version: int, floor: int) -> ReferenceSample:
        """The sample to rank with now. The first is read in the request (there are no statistics without
        one); a complete one applies the rows written since, as the in-memory index does (a few rows); a
        drawn one is drawn again off the request path when stale."""
        sample = self._sample
        if sample is None:
            with self._lock:
                if self._sample is None:
                    self._sample = self._read_sample(conn, version)
                return self._sample
        if sample.complete and sample.index.version != version:
            with self._lock:
                latest, changed = candidate_repo.changes_since(conn, self.kind, sample.index.version)
                if sample.index.version < floor or len(changed) > APPLY_MAX_CHANGES:
                    self._sample = sample = self._read_sample(conn, version)
                elif latest != sample.index.version:
                    sample.index.apply(
                        latest, changed, candidate_repo.load_rows(conn, self.kind, changed, model_name=self.model_name)
                    )
                outgrown = sample.index.size > self.sample_size
                if outgrown:  # the catalog outgrew the sample: statistics are estimates from now on
                    sample.complete = False
            if outgrown:
                self._refresh_later(conn)
            return sample
        if not sample.complete and sample_is_stale(sample, version, time.monotonic()):
            self._refresh_later(conn)
        return sample

    def rank(
        self,
        conn: Connection,
        query: ProfileQuery,
        *,
        profile_vec: FloatArray,
        taxonomy: TaxonomyLike | None,
        wages: WagesLike | None,
        model: Scorer | None,
        top_k: int,
        now: float,
        version: int,
        floor: int,
    ) -> list[RankedMatch]:
        """Ranked matches from database candidates; the same pool growth as `ranking.allowed_pool`: when
        too few retrieved items pass every hard constraint, ask for four times as many."""
        sample = self.current_sample(conn, version, floor)
        words = profile_text(query, taxonomy)
        stats = sample.index.signal_stats(profile_vec, words, now)
        exact_lexical = sample.complete and sample.index.version == version
        q, q_parts = query_vectors(profile_vec)
        c = query.constraints
        k, wanted = POOL_SIZE, allowed_wanted(top_k)
        while True:
            found = [retrieval_repo.semantic_ids(conn, self.kind, c, q, k, now)]
            if q_parts is not None:
                found.append(retrieval_repo.semantic_ids(conn, self.kind, c, q_parts, k, now))
            if exact_lexical:  # BM25 over every held item: the lexical candidates the in-memory path pools
                found.append(sample.index.lexical_top(c, words, now, k))
            else:  # the rarest words, so the full-text index finds few rows to rank (retrieval.lexical_ids)
                rare = " ".join(sample.index.rarest_words(words, LEXICAL_WORDS))
                found.append(retrieval_repo.lexical_ids(conn, self.kind, c, rare, k, now))
            rows = retrieval_repo.load(conn, self.kind, [i for ids in found for i in ids], model_name=self.model_name)
            allowed = sum(1 for r in rows if not violations(query, r.candidate))
            if allowed >= wanted or all(len(ids) < k for ids in found):
                break
            k *= 4
        if not rows:
            return []
        candidates = [r.candidate for r in rows]
        return rank(
            query,
            candidates,
            profile_vec=profile_vec,
            cand_vecs=np.vstack([r.vector for r in rows]),
            lexical_scores=sample.index.score_texts(words, [cand.text for cand in candidates]),
            wages=wages,
            taxonomy=taxonomy,
            model=model,
            top_k=top_k,
            pool_size=len(candidates),  # every retrieved item is pooled: each list is its signal's top k
            stats=stats,
        )
