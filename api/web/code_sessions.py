"""Open access-code pages: a random reference (the only thing the browser holds) -> the code, until idle.

The person's code never goes into a URL, a page or a readable cookie: the browser keeps a short-lived
HttpOnly, SameSite=Strict cookie with a random reference, and PostgreSQL maps its hash to the code,
encrypted (api/web/ref_store.py). Each use pushes the idle deadline back; past it the row is gone and the
person types the code again. Any worker process serves the page, and a restart keeps it open.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from api.deps import ResourcesDep, SessionDep
from api.web.ref_store import RefStore, utcnow
from models.privacy.crypto import FieldCipher

PURPOSE = "code_page"


@dataclass(frozen=True)
class OpenPage:
    code: str
    form_token: str  # ties the page's answer forms to this open page (with SameSite=Strict, belt and braces)


class CodeSessions:
    def __init__(
        self, session: Session, cipher: FieldCipher, idle_seconds: float, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._pages = RefStore(session, cipher, PURPOSE, clock)
        self._idle = idle_seconds

    def open(self, code: str) -> str:
        """Remember `code` under a new random reference and return the reference."""
        page = {"code": code, "form_token": secrets.token_urlsafe(24)}
        return self._pages.put(page, ttl_seconds=self._idle)

    def touch(self, ref: str | None) -> OpenPage | None:
        """The open page for `ref`, its idle deadline pushed back; None if unknown or idle too long."""
        value = self._pages.get(ref, ttl_seconds=self._idle, keep=True)
        if value is None:
            return None
        return OpenPage(code=str(value["code"]), form_token=str(value["form_token"]))

    def close(self, ref: str | None) -> None:
        self._pages.discard(ref)

    def __len__(self) -> int:
        return len(self._pages)


def code_sessions(session: SessionDep, resources: ResourcesDep) -> CodeSessions:
    """The request's view of the open pages (in its own transaction)."""
    return CodeSessions(session, resources.privacy.cipher, resources.settings.survivor_idle_seconds)


CodeSessionsDep = Annotated[CodeSessions, Depends(code_sessions)]
