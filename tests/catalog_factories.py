"""Catalog rows in the database, embedded with the real model: for matcher and workflow tests."""

from typing import Any

from sqlmodel import Session

from etl.enrich import Enricher
from matcher.embedding_text import item_text
from matcher.encoder import Encoder
from models.job_posting import JobPosting
from models.program import TrainingProgram
from tests.factories import job_in, program_in


def add_job(session: Session, encoder: Encoder, **overrides: Any) -> JobPosting:
    """A stored, embedded posting; `status`, `duplicate_of_id` etc. may be overridden."""
    table_only = {k: overrides.pop(k) for k in ("status", "duplicate_of_id", "employer_id") if k in overrides}
    record = job_in(**overrides)
    derived = Enricher(model_name=encoder.model_name).job(record)
    row = JobPosting(
        **record.model_dump(),
        content_hash=derived["content_hash"],
        dedup_key=derived["dedup_key"],
        text_hash=derived["text_hash"],
        embedding_hash=derived["text_hash"],
        embedding=encoder.encode_one(item_text(record.title, record.description)).tolist(),
        status=derived["status"],
    )
    for key, value in table_only.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def add_program(session: Session, encoder: Encoder, **overrides: Any) -> TrainingProgram:
    status = overrides.pop("status", "active")
    record = program_in(**overrides)
    derived = Enricher(model_name=encoder.model_name).program(record)
    row = TrainingProgram(
        **record.model_dump(),
        content_hash=derived["content_hash"],
        text_hash=derived["text_hash"],
        embedding_hash=derived["text_hash"],
        embedding=encoder.encode_one(item_text(record.name, record.description)).tolist(),
        status=status,
    )
    session.add(row)
    session.flush()
    return row
