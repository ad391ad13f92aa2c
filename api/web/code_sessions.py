"""Open access-code pages: a random reference (the only thing the browser holds) -> the code, until idle.

The person's code never goes into a URL, a page or a readable cookie: the browser keeps a short-lived
HttpOnly, SameSite=Strict cookie with a random reference, and this process maps it to the code. Each
use pushes the idle deadline back; past it the entry is gone and the person types the code again.
Held in memory: one server process (as `wayfinder serve` runs); a restart simply closes every page.
"""

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request


@dataclass
class OpenPage:
    code: str
    form_token: str  # ties the page's answer forms to this open page (with SameSite=Strict, belt and braces)
    last_seen: float


class CodeSessions:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._pages: dict[str, OpenPage] = {}
        self._lock = threading.Lock()

    def open(self, code: str) -> str:
        """Remember `code` under a new random reference and return the reference."""
        ref = secrets.token_urlsafe(32)
        with self._lock:
            self._pages[ref] = OpenPage(code=code, form_token=secrets.token_urlsafe(24), last_seen=self._clock())
        return ref

    def touch(self, ref: str | None, idle_seconds: float) -> OpenPage | None:
        """The open page for `ref`, its idle deadline pushed back; None if unknown or idle too long."""
        if not ref:
            return None
        now = self._clock()
        with self._lock:
            self._sweep(now, idle_seconds)
            page = self._pages.get(ref)
            if page is not None:
                page.last_seen = now
            return page

    def close(self, ref: str | None) -> None:
        if ref:
            with self._lock:
                self._pages.pop(ref, None)

    def __len__(self) -> int:
        return len(self._pages)

    def _sweep(self, now: float, idle_seconds: float) -> None:
        expired = [ref for ref, page in self._pages.items() if now - page.last_seen > idle_seconds]
        for ref in expired:
            del self._pages[ref]


_create_lock = threading.Lock()


def code_sessions(request: Request) -> CodeSessions:
    """The app's store, made on first use (the app's state outlives requests, one per app)."""
    state = request.app.state
    with _create_lock:
        if not hasattr(state, "code_sessions"):
            state.code_sessions = CodeSessions()
        store: CodeSessions = state.code_sessions
    return store
