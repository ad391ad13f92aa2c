"""An agency's own case number for a profile, encrypted and kept apart from the profile row.

Apart, so that the profile table (and anything that reads it: ranking, exports, reports) never holds a
value that links the pseudonym back to the agency's other records; encrypted (AES-GCM, bound to the
pseudonym) so a raw database read shows only a token. One row per profile, deleted with it.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Text
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, utcnow


class CaseReference(SQLModel, table=True):
    __tablename__ = "case_reference"
    pseudonym: str = Field(
        sa_column=Column(String(32), ForeignKey("survivor_profile.pseudonym", ondelete="CASCADE"), primary_key=True)
    )
    # Row-level security filters on this column like every other table holding survivor data.
    org_id: int = Field(foreign_key="organization.id", index=True)
    ciphertext: str = Field(sa_type=Text, description="AES-GCM token of the case number (models.privacy.crypto).")
    key_id: str = Field(max_length=32, description="Key that encrypted it: what key rotation selects on.")
    # HMAC of the normalized case number (models.repositories.case_references.lookup_hash): a search is one
    # indexed equality and decrypts nothing. None for rows stored before migration 0016 until indexed.
    lookup_hash: str | None = Field(default=None, max_length=64, index=True)
    lookup_key_id: str | None = Field(default=None, max_length=32, description="Key the lookup hash was made with.")
    created_at: datetime = created_at_field()
    updated_at: datetime = Field(default_factory=utcnow)
