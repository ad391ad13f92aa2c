"""One run of an importer: what it read, what it changed, where its error report is."""

from datetime import datetime

from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from models.columns import created_at_field, json_field, tz_field

RUN_STATUSES = "queued, running, embedding, finished, failed or interrupted."
OPEN_STATUSES = ("queued", "running", "embedding")


class ImportRun(SQLModel, table=True):
    __tablename__ = "import_run"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10, description="jobs or programs.")
    source: str = Field(max_length=100)
    format: str = Field(max_length=20)
    path: str = Field(max_length=1000)
    file_hash: str = Field(max_length=64)
    status: str = Field(default="running", max_length=20, description=RUN_STATUSES)
    counts: dict[str, int] = json_field("read, inserted, updated, unchanged, errors, embedded, ...")
    error_report: str | None = Field(default=None, max_length=1000)
    started_at: datetime = created_at_field()
    finished_at: datetime | None = tz_field("When the run ended.")
    file_name: str | None = Field(default=None, max_length=255, description="The uploaded file's own name.")
    message: str | None = Field(default=None, max_length=1000, description="Why it failed or stopped, in plain words.")
    updated_at: datetime | None = tz_field("When its counts or status last changed.")
    # Migration 0023: how a delimited upload was read (shown in its report once the file itself is gone).
    read_as: dict[str, object] | None = Field(
        default=None, sa_type=JSONB, description="delimiter, encoding, profile and {field: header} of a CSV upload."
    )
