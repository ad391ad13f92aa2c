"""Values a page needs again but must not hand to the browser (an access code), kept in this process under a
random reference: the browser carries only the reference, in an HttpOnly, SameSite=Strict cookie.

Held in memory: one server process (as `wayfinder serve` runs); a restart drops every entry, which is the safe
way to fail (the person types the code again; the caseworker issues a new one).
"""

import secrets
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from fastapi import Request

T = TypeVar("T")
S = TypeVar("S")


class RefStore(Generic[T]):
    """Values under random references, dropped once unused for longer than the reader's `max_idle` seconds."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[str, tuple[float, T]] = {}  # ref -> (last used, value)
        self._lock = threading.Lock()

    def put(self, value: T) -> str:
        ref = secrets.token_urlsafe(32)
        with self._lock:
            self._entries[ref] = (self._clock(), value)
        return ref

    def get(self, ref: str | None, *, max_idle: float, keep: bool) -> T | None:
        """The value for `ref` if it was used within `max_idle` seconds; `keep` pushes its idle deadline back,
        otherwise it is removed as it is read."""
        if not ref:
            return None
        now = self._clock()
        with self._lock:
            for stale in [r for r, (used, _) in self._entries.items() if now - used > max_idle]:
                del self._entries[stale]
            entry = self._entries.get(ref) if keep else self._entries.pop(ref, None)
            if entry is None:
                return None
            if keep:
                self._entries[ref] = (now, entry[1])
            return entry[1]

    def discard(self, ref: str | None) -> None:
        if ref:
            with self._lock:
                self._entries.pop(ref, None)

    def __len__(self) -> int:
        return len(self._entries)


_create_lock = threading.Lock()


def per_app(request: Request, name: str, factory: Callable[[], S]) -> S:
    """The app's one instance of a store, made on first use (the app's state outlives requests)."""
    state = request.app.state
    with _create_lock:
        if not hasattr(state, name):
            setattr(state, name, factory())
        store: S = getattr(state, name)
    return store
