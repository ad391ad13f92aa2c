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
