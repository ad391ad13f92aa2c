"""Profile embeddings, remembered for the profiles ranked lately.

Why: a caseworker's review ranks the same profile for jobs, then programs, then again after an
edit elsewhere in the catalog; embedding its texts (~20 ms on 2 cores) is the largest fixed cost
of a ranking, while the texts rarely change between those calls. Keys are SHA-256 digests of the
texts, so the cache holds no profile text.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from matcher.features import profile_segments
from matcher.types import ProfileQuery, TaxonomyLike

FloatArray = npt.NDArray[np.float32]

EMPTY_PROFILE_TEXT = "entry level work"  # an empty profile still gets a ranked list


class TextEncoder(Protocol):
    def encode(self, texts: Sequence[str]) -> FloatArray: ...


def segment_texts(profile: ProfileQuery, taxonomy: TaxonomyLike | None) -> list[str]:
    """What gets embedded for a profile: whole text first, then each part (see `profile_segments`)."""
    segments = profile_segments(profile, taxonomy)
    return segments if segments[0].strip() else [EMPTY_PROFILE_TEXT]


def vectors_key(model_name: str, texts: Sequence[str]) -> str:
    """Identifies stored profile vectors: the same texts embedded by the same model."""
    return hashlib.sha256(f"{model_name}\x1e{texts_key(texts)}".encode()).hexdigest()


def condensed(vectors: FloatArray) -> FloatArray:
    """The rows ranking reads: the whole profile, then the mean of its parts (`ranking.rank` scores
    against that mean, so storing it instead of every part gives the same scores)."""
    if vectors.shape[0] <= 2:
        return vectors
    out = np.stack([vectors[0], vectors[1:].mean(axis=0)]).astype(np.float32)
    out.setflags(write=False)
    return out


def texts_key(texts: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


class ProfileVectorCache:
    """`vectors(profile)` = embeddings of `profile_segments(profile)`, whole text first (what `rank` takes).

    Args:
        encoder: anything with `encode(texts) -> (n, d) float32`.
        maxsize: profiles remembered; least recently used are dropped first.
    """

    def __init__(self, encoder: TextEncoder, maxsize: int = 512) -> None:
        self.encoder = encoder
        self.maxsize = maxsize
        self._cache: OrderedDict[str, FloatArray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def vectors(self, profile: ProfileQuery, taxonomy: TaxonomyLike | None) -> FloatArray:
        segments = segment_texts(profile, taxonomy)
        key = texts_key(segments)
        with self._lock:
            found = self._cache.get(key)
            if found is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                return found
        vecs = np.asarray(self.encoder.encode(segments), dtype=np.float32)
        vecs.setflags(write=False)  # shared between requests: nobody may change it in place
        with self._lock:
            self.misses += 1
            self._cache[key] = vecs
            self._cache.move_to_end(key)
            while len(self._cache) > self.maxsize:
                self._cache.popitem(last=False)
        return vecs

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()
