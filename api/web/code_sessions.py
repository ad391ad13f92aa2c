"""Open access-code pages: a random reference (the only thing the browser holds) -> the code, until idle.

The person's code never goes into a URL, a page or a readable cookie: the browser keeps a short-lived
HttpOnly, SameSite=Strict cookie with a random reference, and this process maps it to the code. Each
use pushes the idle deadline back; past it the entry is gone and the person types the code again.
Held in memory (api/web/ref_store.py): a restart simply closes every page.
"""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from api.web.ref_store import RefStore, per_app


@dataclass(frozen=True)
class OpenPage:
    code: str
    form_token: str  # ties the page's answer forms to this open page (with SameSite=Strict, belt and braces)


class CodeSessions:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._pages: RefStore[OpenPage] = RefStore(clock)

    def open(self, code: str) -> str:
        """Remember `code` under a new random reference and return the reference."""
        return self._pages.put(OpenPage(code=code, form_token=secrets.token_urlsafe(24)))

    def touch(self, ref: str | None, idle_seconds: float) -> OpenPage | None:
        """The open page for `ref`, its idle deadline pushed back; None if unknown or idle too long."""
        return self._pages.get(ref, max_idle=idle_seconds, keep=True)

    def close(self, ref: str | None) -> None:
        self._pages.discard(ref)

    def __len__(self) -> int:
        return len(self._pages)


def code_sessions(request: Request) -> CodeSessions:
    """The app's store, made on first use."""
    return per_app(request, "code_sessions", CodeSessions)
