"""One kind of catalog (jobs or programs) held in memory: vectors and a BM25 index, ready to rank, kept up to
date a row at a time.

The ranking core scores the whole live catalog (z-scores over all live items put cosine and BM25 on one
scale), so the index keeps every candidate item's vector; 100k x 384 float32 is 150 MB.

Freshness (issue 18): the index holds every item that is active and embedded, whatever its end date, and
decides at query time which are live *now* (end date still ahead; a duplicate only while its canonical copy
is not live). So the clock never forces a rebuild, and a catalog write costs only the rows it touched:
`apply` removes their slots and appends their new state. Removed slots are reused after a compaction, which
renumbers once a third of the slots are dead. A full `build` and any sequence of `apply` calls give the
same live items with the same scores (tests/matcher/test_live_index.py).

Concurrency: requests rank under a shared lock; `apply` and compaction take it exclusively.
"""

import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.constraints import ACTIVE, best_hourly_pay
from matcher.features import profile_text
from matcher.fusion import top_k_indices
from matcher.lexical import IncrementalBm25
from matcher.prefilter import ConstraintArrays
from matcher.ranking import rank
from matcher.reranker import Scorer
from matcher.signal_stats import SignalStats, signal_stats
from matcher.types import Candidate, Constraints, ProfileQuery, RankedMatch, TaxonomyLike, WagesLike

FloatArray = npt.NDArray[np.float32]
BoolArray = npt.NDArray[np.bool_]
NEVER = math.inf  # an end date that never comes


@dataclass(frozen=True)
class CatalogRow:
    """One active, embedded item with what decides its liveness at query time (epoch seconds)."""

    candidate: Candidate
    vector: FloatArray
    valid_until: float = NEVER
    # For a posting marked a duplicate: whether its canonical copy is active, and until when it is valid.
    # While the canonical copy is live the duplicate is not ranked (one opening shown once).
    has_canonical: bool = False
    canonical_active: bool = False
    canonical_valid_until: float = NEVER


class _ReadWriteLock:
    """Many readers or one writer (ranking reads; applying changes writes)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._cond:
            self._cond.wait_for(lambda: self._readers == 0)
            yield


class _Column:
    """A growable numpy column indexed by slot."""

    def __init__(self, dtype: npt.DTypeLike, fill: object, width: int = 0) -> None:
        shape: tuple[int, ...] = (1024, width) if width else (1024,)
        self.data = np.full(shape, fill, dtype=dtype)
        self.fill = fill

    def put(self, slot: int, value: object) -> None:
        if slot >= len(self.data):
            extra = np.full((max(slot + 1, 2 * len(self.data)) - len(self.data), *self.data.shape[1:]), self.fill)
            self.data = np.concatenate([self.data, extra.astype(self.data.dtype)])
        if isinstance(value, str) and self.data.dtype.kind == "U" and len(value) > self.data.dtype.itemsize // 4:
            self.data = self.data.astype(f"<U{len(value)}")  # a longer text than any before: widen
        self.data[slot] = value

    def renumber(self, live: npt.NDArray[np.int64]) -> None:
        kept = self.data[live]
        self.data = np.full_like(self.data, self.fill)
        self.data[: len(live)] = kept


class LiveIndex:
    def __init__(self, kind: str, version: int, dim: int = 384) -> None:
        self.kind = kind
        self.version = version
        self._lock = _ReadWriteLock()
        self._n = 0  # slots in use (live or removed)
        self._slot_of: dict[int, int] = {}  # item id -> slot
        self._candidates: list[Candidate | None] = []
        self._vectors = _Column(np.float32, 0.0, width=dim)
        self._alive = _Column(bool, False)
        self._valid_until = _Column(np.float64, NEVER)
        self._has_canon = _Column(bool, False)
        self._canon_active = _Column(bool, False)
        self._canon_valid_until = _Column(np.float64, NEVER)
        self._region = _Column("<U2", "")
        self._zip3 = _Column("<U3", "")
        self._remote = _Column(bool, False)
        self._best_pay = _Column(np.float64, np.nan)
        self._is_job = _Column(bool, False)
        self._active = _Column(bool, False)
        self._bm25 = IncrementalBm25()

    @classmethod
    def build(cls, kind: str, rows: Sequence[CatalogRow], version: int) -> "LiveIndex":
        index = cls(kind, version)
        for row in rows:
            index._add(row)
        return index

    @property
    def size(self) -> int:
        """Items held (active and embedded; some may have expired by the clock since)."""
        return len(self._slot_of)

    def item_ids(self) -> set[int]:
        return set(self._slot_of)

    def vector(self, item_id: int) -> FloatArray:
        return self._vectors.data[self._slot_of[item_id]]

    def apply(self, version: int, changed: Iterable[int], rows: Sequence[CatalogRow]) -> None:
        """Bring the index to `version`: drop every changed item, then add the rows still active and embedded."""
        with self._lock.writing():
            for item_id in set(changed) | {int(r.candidate.item_id) for r in rows}:
                self._remove(item_id)
            for row in rows:
                self._add(row)
            self.version = version
            if self._n - len(self._slot_of) > max(1000, self._n // 3) or self._bm25.needs_compaction():
                self._compact()

    def _add(self, row: CatalogRow) -> None:
        slot, c = self._n, row.candidate
        self._n += 1
        self._slot_of[int(c.item_id)] = slot
        self._candidates.append(c)
        self._vectors.put(slot, row.vector)
        self._alive.put(slot, True)
        self._valid_until.put(slot, row.valid_until)
        self._has_canon.put(slot, row.has_canonical)
        self._canon_active.put(slot, row.canonical_active)
        self._canon_valid_until.put(slot, row.canonical_valid_until)
        # The same columns ConstraintArrays.build computes, one row at a time.
        pay = best_hourly_pay(c)
        self._region.put(slot, (c.region or "").strip().upper())
        self._zip3.put(slot, c.zip3 or "")
        self._remote.put(slot, bool(c.is_remote))
        self._best_pay.put(slot, np.nan if pay is None else pay)
        self._is_job.put(slot, c.kind == "job")
        self._active.put(slot, c.status == ACTIVE)
        self._bm25.add(slot, c.text)

    def _remove(self, item_id: int) -> None:
        slot = self._slot_of.pop(item_id, None)
        if slot is None:
            return
        self._candidates[slot] = None
        self._alive.data[slot] = False
        self._bm25.remove(slot)

    def _compact(self) -> None:
        live = np.flatnonzero(self._alive.data[: self._n]).astype(np.int64)
        remap = np.full(max(self._n, 1), -1, dtype=np.int64)
        remap[live] = np.arange(len(live))
        self._bm25.compact(remap)
        for column in (
            self._vectors,
            self._alive,
            self._valid_until,
            self._has_canon,
            self._canon_active,
            self._canon_valid_until,
            self._region,
            self._zip3,
            self._remote,
            self._best_pay,
            self._is_job,
            self._active,
        ):
            column.renumber(live)
        self._candidates = [self._candidates[i] for i in live.tolist()]
        self._slot_of = {int(c.item_id): i for i, c in enumerate(self._candidates) if c is not None}
        self._n = len(live)

    def live_mask(self, now: float) -> BoolArray:
        """Slots live at `now`: held, not past their end date, and not a duplicate of a live canonical copy."""
        n = self._n
        canon_live = self._has_canon.data[:n] & self._canon_active.data[:n] & (self._canon_valid_until.data[:n] > now)
        mask: BoolArray = self._alive.data[:n] & (self._valid_until.data[:n] > now) & ~canon_live
        return mask

    def live_candidates(self, now: float) -> list[Candidate]:
        with self._lock.reading():
            mask = self.live_mask(now)
            return [c for c, keep in zip(self._candidates, mask.tolist(), strict=True) if keep and c is not None]

    def lexical_scores(self, text: str) -> dict[int, float]:
        """BM25 score per held item id (for tests comparing with a fresh `Bm25Index`)."""
        with self._lock.reading():
            scores = self._bm25.scores(text, self._n)
            return {item_id: float(scores[slot]) for item_id, slot in self._slot_of.items()}

    # As a reference sample for retrieval in PostgreSQL (issue 18): the statistics and lexical scores the
    # ranking core needs from the whole catalog, computed over the items held here.

    def signal_stats(self, profile_vec: FloatArray, text: str, now: float) -> SignalStats:
        """Moments of the semantic, parts and lexical (BM25) signals over the items live at `now`."""
        with self._lock.reading():
            n = self._n
            return signal_stats(
                self._vectors.data[:n], self._bm25.scores(text, n), profile_vec, live=self.live_mask(now)
            )

    def score_texts(self, text: str, item_texts: Sequence[str]) -> FloatArray:
        """BM25 of outside item texts under the statistics of the items held here."""
        with self._lock.reading():
            return self._bm25.score_texts(text, item_texts)

    def rarest_words(self, text: str, n: int) -> list[str]:
        """The query's `n` rarest words among the items held here (what a full-text query should look for)."""
        with self._lock.reading():
            return self._bm25.rarest_words(text, n)

    def lexical_top(self, constraints: Constraints, text: str, now: float, k: int) -> list[int]:
        """Ids of the `k` best BM25 items that are live and pass the area, pay and status prefilter: the
        lexical candidates `rank` pools at pool size `k` (ties by slot, as there)."""
        with self._lock.reading():
            n = self._n
            eligible = self._constraint_arrays().mask(constraints) & self.live_mask(now)
            scores = np.where(eligible, self._bm25.scores(text, n), -np.inf).astype(np.float32)
            top = top_k_indices(scores, k)
            return [int(self._candidates[i].item_id) for i in top[eligible[top]].tolist()]

    def _constraint_arrays(self) -> ConstraintArrays:
        n = self._n
        return ConstraintArrays(
            region=self._region.data[:n],
            zip3=self._zip3.data[:n],
            remote=self._remote.data[:n],
            best_pay=self._best_pay.data[:n],
            is_job=self._is_job.data[:n],
            active=self._active.data[:n],
        )

    def rank(
        self,
        profile: ProfileQuery,
        *,
        profile_vec: FloatArray,
        taxonomy: TaxonomyLike | None,
        wages: WagesLike | None,
        model: Scorer | None,
        top_k: int,
        now: float,
        with_explanations: bool = True,
    ) -> list[RankedMatch]:
        with self._lock.reading():
            live = self.live_mask(now)
            if not live.any():
                return []
            lexical = self._bm25.scores(profile_text(profile, taxonomy), self._n)
            return rank(
                profile,
                self._candidates,  # type: ignore[arg-type]  # removed slots are None and never pooled (live)
                profile_vec=profile_vec,
                cand_vecs=self._vectors.data[: self._n],
                lexical_scores=lexical,
                wages=wages,
                taxonomy=taxonomy,
                model=model,
                top_k=top_k,
                with_explanations=with_explanations,
                # A vectorized pass over area, pay and status, so restrictive profiles do not grow the
                # pool (and the per-item Python check) over much of the catalog.
                prefilter=self._constraint_arrays().mask(profile.constraints) & live,
                live=live,
            )
