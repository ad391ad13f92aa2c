"""Column types shared by tables: PostgreSQL arrays, JSONB and the 384-d embedding."""

from datetime import UTC, datetime
from typing import Any

from pgvector.sqlalchemy import Vector
from sqlalchemy import ARRAY, DateTime, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field

EMBEDDING_DIM = 384

StrArray = ARRAY(String)
EmbeddingType = Vector(EMBEDDING_DIM)


def utcnow() -> datetime:
    return datetime.now(UTC)


def str_list_field(description: str) -> Any:
    return Field(
        default_factory=list,
        sa_type=StrArray,
        sa_column_kwargs={"nullable": False, "server_default": "{}"},
        description=description,
    )


def json_field(description: str, *, default_factory: Any = dict) -> Any:
    return Field(
        default_factory=default_factory,
        sa_type=JSONB,
        sa_column_kwargs={"nullable": False},
        description=description,
    )


def created_at_field() -> Any:
    return Field(
        default_factory=utcnow,
        sa_type=DateTime(timezone=True),
        sa_column_kwargs={"nullable": False},
        description="When the row was created (UTC).",
    )


def tz_field(description: str) -> Any:
    return Field(default=None, sa_type=DateTime(timezone=True), description=description)
