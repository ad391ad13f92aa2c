"""The page language a caseworker chose when issuing an access code."""

from sqlmodel import Session

from api.services.access import code_hash
from models.columns import utcnow
from models.repositories import access_codes as code_repo


def language_of(session: Session, code: str) -> str | None:
    """The language stored with a valid code, read after `access.opportunities` opened it (which binds the
    code's organization for this transaction, so row-level security shows its row); None otherwise."""
    row = code_repo.find_valid(session, code_hash=code_hash(code), now=utcnow())
    return row.language if row else None
