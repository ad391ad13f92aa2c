"""Values a page needs again but must not hand to the browser (an access code), kept in PostgreSQL under a
random reference: the browser carries only the reference, in an HttpOnly, SameSite=Strict cookie.

In the database, not in a process (issue 18): any worker serves the next request, and a restart keeps open
pages open. The row is keyed by the SHA-256 of the reference (a database reader cannot turn a row into a
cookie) and its value is an AES-GCM token of the field cipher bound to that hash (models/privacy/crypto.py),
so an access code is never stored in clear. Rows expire; expired ones are never read and are deleted on read
and on every write (models/repositories/page_refs.py).
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from models.privacy.crypto import FieldCipher, FieldCryptoError, field_context
from models.repositories import page_refs


def utcnow() -> datetime:
    return datetime.now(UTC)


def ref_hash(ref: str) -> str:
    return hashlib.sha256(ref.encode()).hexdigest()


class RefStore:
    """JSON values of one purpose under random references, each until its expiry."""

    def __init__(
        self, session: Session, cipher: FieldCipher, purpose: str, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._session = session
        self._cipher = cipher
        self._purpose = purpose
        self._clock = clock

    def _context(self, hashed: str) -> str:
        return field_context("page_ref", "payload", hashed)

    def put(self, value: dict[str, Any], *, ttl_seconds: float) -> str:
        ref = secrets.token_urlsafe(32)
        hashed, now = ref_hash(ref), self._clock()
        payload = self._cipher.encrypt_json(value, context=self._context(hashed))
        page_refs.put(
            self._session,
            ref_hash=hashed,
            purpose=self._purpose,
            payload=payload,
            expires_at=now + timedelta(seconds=ttl_seconds),
            now=now,
        )
        return ref

    def get(self, ref: str | None, *, ttl_seconds: float, keep: bool) -> dict[str, Any] | None:
        """The value for `ref` if it has not expired; `keep` moves its expiry `ttl_seconds` on from now,
        otherwise it is deleted as it is read."""
        if not ref:
            return None
        hashed, now = ref_hash(ref), self._clock()
        if keep:
            expires = now + timedelta(seconds=ttl_seconds)
            payload = page_refs.touch(
                self._session, ref_hash=hashed, purpose=self._purpose, now=now, expires_at=expires
            )
        else:
            payload = page_refs.take(self._session, ref_hash=hashed, purpose=self._purpose, now=now)
        if payload is None:
            return None
        try:
            value = self._cipher.decrypt_json(payload, context=self._context(hashed))
        except FieldCryptoError:  # a key retired since it was written: the page simply closes
            page_refs.discard(self._session, hashed)
            return None
        return value if isinstance(value, dict) else None

    def discard(self, ref: str | None) -> None:
        if ref:
            page_refs.discard(self._session, ref_hash(ref))

    def __len__(self) -> int:
        return page_refs.count(self._session, self._purpose)
