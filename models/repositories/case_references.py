"""Agency case numbers: encrypted with the pseudonym bound in, in their own table (`case_reference`).

Each row also keeps a lookup hash: HMAC-SHA256 of the normalized case number and the organization, under
a key derived from a field key. A search by case number hashes what was typed under every key of the
keyring and looks for equal hashes (an index lookup): nothing is decrypted to search, and the database
alone (without the keys) cannot test guesses of a case number against it.
"""

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy import Connection, text
from sqlmodel import Session, col, select

from models.case_reference import CaseReference
from models.columns import utcnow
from models.privacy.crypto import FieldCipher, field_context


def _context(pseudonym: str) -> str:
    return field_context("case_reference", "ciphertext", pseudonym)


# Typed forms of one case number match: "hs-2026 0417" finds "HS-2026-0417".
_SEPARATORS = re.compile(r"[\s\-_./#:]+")
_LOOKUP_INFO = b"wayfinder:v1:lookup:case_reference"


def normalize_case_number(value: str) -> str:
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value)).casefold()


def lookup_hash(cipher: FieldCipher, *, kid: str, org_id: int, case_number: str) -> str:
    """The row's lookup hash under key `kid` (a key of its own, derived: never the AES key itself)."""
    key = hmac.new(cipher.keyring.key(kid), _LOOKUP_INFO, hashlib.sha256).digest()
    message = f"{org_id}:{normalize_case_number(case_number)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def find(conn: Connection, *, org_id: int, case_number: str, cipher: FieldCipher) -> list[str]:
    """Pseudonyms whose case number is `case_number` (any case, spaces and dashes ignored)."""
    if not normalize_case_number(case_number):
        return []
    hashes = [lookup_hash(cipher, kid=k, org_id=org_id, case_number=case_number) for k in cipher.keyring.kids]
    rows = conn.execute(
        text("SELECT pseudonym FROM case_reference WHERE org_id = :org AND lookup_hash = ANY(:h)"),
        {"org": org_id, "h": hashes},
    ).scalars()
    return sorted(str(p) for p in rows)


def index_lookups(conn: Connection, *, org_id: int, cipher: FieldCipher, missing_only: bool, limit: int = 500) -> int:
    """Give up to `limit` rows a lookup hash under the current key; returns how many were written.

    `missing_only`: rows stored before migration 0016 (the dashboard does this once per organization, the
    first time anyone searches). Otherwise also rows hashed under an older key (key rotation: the old key
    can be retired afterwards).
    """
    kid = cipher.keyring.current_kid
    stale = "lookup_hash IS NULL" if missing_only else "(lookup_hash IS NULL OR lookup_key_id <> :kid)"
    rows = conn.execute(
        text(
            f"SELECT pseudonym, ciphertext FROM case_reference WHERE org_id = :org AND {stale} "  # noqa: S608 - constants
            "ORDER BY pseudonym LIMIT :limit"
        ),
        {"org": org_id, "kid": kid, "limit": limit},
    ).all()
    updates = [
        {
            "p": pseudonym,
            "kid": kid,
            "h": lookup_hash(
                cipher, kid=kid, org_id=org_id, case_number=cipher.decrypt(token, context=_context(pseudonym))
            ),
        }
        for pseudonym, token in rows
    ]
    if updates:
        conn.execute(
            text("UPDATE case_reference SET lookup_hash = :h, lookup_key_id = :kid WHERE pseudonym = :p"), updates
        )
    return len(updates)


def has_missing_lookups(conn: Connection, *, org_id: int) -> bool:
    return bool(
        conn.execute(
            text("SELECT EXISTS (SELECT 1 FROM case_reference WHERE org_id = :org AND lookup_hash IS NULL)"),
            {"org": org_id},
        ).scalar_one()
    )


def put(session: Session, *, pseudonym: str, org_id: int, case_number: str | None, cipher: FieldCipher) -> None:
    """Store, replace or (with None) remove the profile's case number."""
    row = session.get(CaseReference, pseudonym)
    if case_number is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return
    token = cipher.encrypt(case_number, context=_context(pseudonym))
    kid = cipher.key_id(token)
    lookup = lookup_hash(cipher, kid=kid, org_id=org_id, case_number=case_number)
    if row is None:
        row = CaseReference(pseudonym=pseudonym, org_id=org_id, ciphertext=token, key_id=kid)
    else:
        row.ciphertext, row.key_id, row.updated_at = token, kid, utcnow()
    row.lookup_hash, row.lookup_key_id = lookup, kid
    session.add(row)
    session.flush()


def get(session: Session, *, pseudonym: str, cipher: FieldCipher) -> str | None:
    row = session.get(CaseReference, pseudonym)
    return None if row is None else cipher.decrypt(row.ciphertext, context=_context(pseudonym))


def get_many(session: Session, *, pseudonyms: Sequence[str], cipher: FieldCipher) -> dict[str, str]:
    if not pseudonyms:
        return {}
    rows = session.exec(select(CaseReference).where(col(CaseReference.pseudonym).in_(list(pseudonyms)))).all()
    return {r.pseudonym: cipher.decrypt(r.ciphertext, context=_context(r.pseudonym)) for r in rows}
