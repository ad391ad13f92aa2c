"""A change counter per catalog kind, bumped by a trigger: the matcher's cheap "has anything changed?".

The same trigger logs which rows each counter value touched (`catalog_change`, migration 0018), so a worker's
index applies only those rows. The `ranker` row counts promotions of the re-ranker.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class CatalogState(SQLModel, table=True):
    __tablename__ = "catalog_state"
    kind: str = Field(primary_key=True, max_length=10, description="job, program, or ranker.")
    version: int = Field(default=0, description="Bumped by every statement that writes the kind's table.")
    log_floor: int = Field(
        default=0,
        sa_column_kwargs={"server_default": "0"},
        sa_type=sa.BigInteger,
        description="Change-log rows up to this version were pruned: an index older than it rebuilds.",
    )


class CatalogChange(SQLModel, table=True):
    __tablename__ = "catalog_change"
    kind: str = Field(primary_key=True, max_length=10)
    version: int = Field(primary_key=True, sa_type=sa.BigInteger, description="catalog_state.version of the write.")
    item_id: int = Field(primary_key=True, description="The job_posting or training_program row written.")
    changed_at: datetime = Field(
        sa_type=sa.DateTime(timezone=True),
        sa_column_kwargs={"server_default": sa.text("now()")},
    )


class EmbeddingModel(SQLModel, table=True):
    """Which encoder the stored vectors (catalog and stored profiles) belong to (issue 13, migration 0024).

    `finished_at` is NULL while a re-embed for `model_name` is under way (or was stopped half-way): the next
    start-up or `wayfinder reembed` carries on from where it stopped."""

    __tablename__ = "embedding_model"
    scope: str = Field(primary_key=True, max_length=20, description="'catalog': jobs, programs and profiles.")
    model_name: str = Field(max_length=200, description="Encoder.model_name the vectors are being made with.")
    started_at: datetime = Field(sa_type=sa.DateTime(timezone=True))
    finished_at: datetime | None = Field(default=None, sa_type=sa.DateTime(timezone=True))
