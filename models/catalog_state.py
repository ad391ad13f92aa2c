"""A change counter per catalog kind, bumped by a trigger: the matcher's cheap "has anything changed?"."""

from sqlmodel import Field, SQLModel


class CatalogState(SQLModel, table=True):
    __tablename__ = "catalog_state"
    kind: str = Field(primary_key=True, max_length=10, description="job or program.")
    version: int = Field(default=0, description="Bumped by every statement that writes the kind's table.")
