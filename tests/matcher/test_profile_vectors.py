"""The profile-vector cache: same texts -> no second embedding; different texts -> a new one; bounded."""

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from matcher.features import profile_segments
from matcher.profile_vectors import EMPTY_PROFILE_TEXT, ProfileVectorCache
from matcher.types import ProfileQuery


class CountingEncoder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls.append(list(texts))
        return np.asarray([[float(len(t)), 1.0] for t in texts], dtype=np.float32)


def profile(activities: str) -> ProfileQuery:
    return ProfileQuery.from_json(
        {"id": "p", "skills": ["cash handling"], "work_history": [{"title": "Cashier", "activities": activities}]}
    )


def test_same_profile_is_embedded_once() -> None:
    enc = CountingEncoder()
    cache = ProfileVectorCache(enc)
    first = cache.vectors(profile("served customers"), None)
    second = cache.vectors(profile("served customers"), None)
    assert len(enc.calls) == 1
    assert enc.calls[0] == profile_segments(profile("served customers"))
    assert np.array_equal(first, second)
    assert (cache.hits, cache.misses) == (1, 1)
    with pytest.raises(ValueError):
        first[0, 0] = 5.0  # shared between requests: read-only


def test_changed_text_is_embedded_again() -> None:
    enc = CountingEncoder()
    cache = ProfileVectorCache(enc)
    cache.vectors(profile("served customers"), None)
    cache.vectors(profile("stocked shelves"), None)
    assert len(enc.calls) == 2


def test_least_recently_used_profile_is_dropped() -> None:
    enc = CountingEncoder()
    cache = ProfileVectorCache(enc, maxsize=2)
    a, b, c = profile("a work"), profile("b work"), profile("c work")
    cache.vectors(a, None)
    cache.vectors(b, None)
    cache.vectors(a, None)  # a is now the most recent
    cache.vectors(c, None)  # drops b
    cache.vectors(a, None)
    assert len(enc.calls) == 3
    cache.vectors(b, None)
    assert len(enc.calls) == 4


def test_empty_profile_gets_a_neutral_text() -> None:
    enc = CountingEncoder()
    ProfileVectorCache(enc).vectors(ProfileQuery.from_json({"id": "e"}), None)
    assert enc.calls == [[EMPTY_PROFILE_TEXT]]
