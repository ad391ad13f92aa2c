"""Agency case numbers: encrypted with the pseudonym bound in, in their own table (`case_reference`)."""

from collections.abc import Sequence

from sqlmodel import Session, col, select

from models.case_reference import CaseReference
from models.columns import utcnow
from models.privacy.crypto import FieldCipher, field_context


def _context(pseudonym: str) -> str:
    return field_context("case_reference", "ciphertext", pseudonym)


def put(session: Session, *, pseudonym: str, org_id: int, case_number: str | None, cipher: FieldCipher) -> None:
    """Store, replace or (with None) remove the profile's case number."""
    row = session.get(CaseReference, pseudonym)
    if case_number is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return
    token = cipher.encrypt(case_number, context=_context(pseudonym))
    if row is None:
        row = CaseReference(pseudonym=pseudonym, org_id=org_id, ciphertext=token, key_id=cipher.key_id(token))
    else:
        row.ciphertext, row.key_id, row.updated_at = token, cipher.key_id(token), utcnow()
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
