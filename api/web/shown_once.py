"""What a share or a new code produced, kept for exactly one page view (Post/Redirect/Get).

The POST that issues an access code answers with a redirect, so a reload never posts again (and never
issues another code). The code itself can't travel in the URL (it would sit in history and logs) or in
a readable cookie, so this process keeps the result under a random reference, and the browser carries
only that reference in a short-lived HttpOnly, SameSite=Strict cookie limited to the result page's
path. The GET takes the entry out: a reload finds nothing and says the code was already shown.
Unread entries go after `TTL_SECONDS` (kept in memory: api/web/ref_store.py).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import Request
from fastapi.responses import Response

from api.web.ref_store import RefStore, per_app

COOKIE = "wf_result"
TTL_SECONDS = 300


@dataclass(frozen=True)
class SharedItem:
    title: str
    organization: str


@dataclass(frozen=True)
class IssuedResult:
    """One share or code issue, for its caseworker and profile only."""

    user_id: int
    pseudonym: str
    shared: list[SharedItem] | None  # None: a code was issued without sharing
    code: str | None
    code_expires_at: datetime | None
    language: str | None = None  # the person's language, for the handout and their page


class ShownOnce:
    def __init__(self, clock: Callable[[], float] = time.monotonic, ttl_seconds: float = TTL_SECONDS) -> None:
        self._ttl = ttl_seconds
        self._results: RefStore[IssuedResult] = RefStore(clock)

    def put(self, result: IssuedResult) -> str:
        """Keep `result` and return the random reference the browser will carry."""
        return self._results.put(result)

    def take(self, ref: str | None, *, user_id: int, pseudonym: str) -> IssuedResult | None:
        """The result for `ref`, removed as it is read; None if unknown, expired, or not this user's page."""
        result = self._results.get(ref, max_idle=self._ttl, keep=False)
        if result is None:
            return None
        return result if (result.user_id, result.pseudonym) == (user_id, pseudonym) else None

    def __len__(self) -> int:
        return len(self._results)


def shown_once(request: Request) -> ShownOnce:
    """The app's store, made on first use."""
    return per_app(request, "shown_once", ShownOnce)


def result_path(pseudonym: str) -> str:
    return f"/cw/profiles/{pseudonym}/shared"


def hand_over(request: Request, response: Response, result: IssuedResult) -> Response:
    """Keep `result` for the result page and give `response` (the redirect there) its cookie."""
    ref = shown_once(request).put(result)
    response.set_cookie(
        COOKIE,
        ref,
        max_age=TTL_SECONDS,
        path=result_path(result.pseudonym),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def take_over(request: Request, *, user_id: int, pseudonym: str) -> IssuedResult | None:
    """The result kept for this caseworker's page of `pseudonym`, if any (gone from the store after this)."""
    return shown_once(request).take(request.cookies.get(COOKIE), user_id=user_id, pseudonym=pseudonym)


def forget(response: Response, pseudonym: str) -> Response:
    """Drop the reference cookie: it points at nothing once the page is shown."""
    response.delete_cookie(COOKIE, path=result_path(pseudonym), httponly=True, samesite="strict")
    return response
