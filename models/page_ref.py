"""Request state several workers share (issue 18): open access-code pages, shown-once results."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class PageRef(SQLModel, table=True):
    __tablename__ = "page_ref"
    ref_hash: str = Field(primary_key=True, max_length=64, description="SHA-256 of the browser's random reference.")
    purpose: str = Field(max_length=20, description="code_page or shown_once.")
    payload: str = Field(sa_type=sa.Text, description="AES-GCM token (field cipher) bound to this row.")
    expires_at: datetime = Field(sa_type=sa.DateTime(timezone=True), index=True)
