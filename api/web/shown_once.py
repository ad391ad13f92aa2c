"""What a share or a new code produced, kept for exactly one page view (Post/Redirect/Get).

The POST that issues an access code answers with a redirect, so a reload never posts again (and never
issues another code). The code itself can't travel in the URL (it would sit in history and logs) or in
a readable cookie, so the result is kept in PostgreSQL, encrypted, under the hash of a random reference
(api/web/ref_store.py), and the browser carries only that reference in a short-lived HttpOnly,
SameSite=Strict cookie limited to the result page's path. The GET deletes the row as it reads it: a reload
finds nothing and says the code was already shown. Unread rows expire after `TTL_SECONDS`. Any worker
may serve the GET.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlmodel import Session

from api.resources import Resources
from api.web.ref_store import RefStore, utcnow
from models.privacy.crypto import FieldCipher

COOKIE = "wf_result"
TTL_SECONDS = 300
PURPOSE = "shown_once"


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

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "pseudonym": self.pseudonym,
            "shared": None if self.shared is None else [[s.title, s.organization] for s in self.shared],
            "code": self.code,
            "code_expires_at": self.code_expires_at.isoformat() if self.code_expires_at else None,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> "IssuedResult":
        shared = value.get("shared")
        expires = value.get("code_expires_at")
        return cls(
            user_id=int(value["user_id"]),
            pseudonym=str(value["pseudonym"]),
            shared=None if shared is None else [SharedItem(title=t, organization=o) for t, o in shared],
            code=value.get("code"),
            code_expires_at=datetime.fromisoformat(expires) if expires else None,
            language=value.get("language"),
        )


class ShownOnce:
    def __init__(
        self,
        session: Session,
        cipher: FieldCipher,
        clock: Callable[[], datetime] = utcnow,
        ttl_seconds: float = TTL_SECONDS,
    ) -> None:
        self._ttl = ttl_seconds
        self._results = RefStore(session, cipher, PURPOSE, clock)

    def put(self, result: IssuedResult) -> str:
        """Keep `result` and return the random reference the browser will carry."""
        return self._results.put(result.to_json(), ttl_seconds=self._ttl)

    def take(self, ref: str | None, *, user_id: int, pseudonym: str) -> IssuedResult | None:
        """The result for `ref`, removed as it is read; None if unknown, expired, or not this user's page."""
        value = self._results.get(ref, ttl_seconds=self._ttl, keep=False)
        if value is None:
            return None
        result = IssuedResult.from_json(value)
        return result if (result.user_id, result.pseudonym) == (user_id, pseudonym) else None

    def __len__(self) -> int:
        return len(self._results)


def shown_once(session: Session, resources: Resources) -> ShownOnce:
    """The request's view of the kept results (in its own transaction)."""
    return ShownOnce(session, resources.privacy.cipher)


def result_path(pseudonym: str) -> str:
    return f"/cw/profiles/{pseudonym}/shared"


def hand_over(
    request: Request, session: Session, resources: Resources, response: Response, result: IssuedResult
) -> Response:
    """Keep `result` for the result page and give `response` (the redirect there) its cookie."""
    ref = shown_once(session, resources).put(result)
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


def take_over(
    request: Request, session: Session, resources: Resources, *, user_id: int, pseudonym: str
) -> IssuedResult | None:
    """The result kept for this caseworker's page of `pseudonym`, if any (gone from the store after this)."""
    return shown_once(session, resources).take(request.cookies.get(COOKIE), user_id=user_id, pseudonym=pseudonym)


def forget(response: Response, pseudonym: str) -> Response:
    """Drop the reference cookie: it points at nothing once the page is shown."""
    response.delete_cookie(COOKIE, path=result_path(pseudonym), httponly=True, samesite="strict")
    return response
