"""One posting from an employer's form or API call, through the same pipeline as a file import.

Normalization happens in the request schema; here the posting is enriched (skills, occupation),
screened, upserted on (source, source_id) and embedded, all in the caller's transaction.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, text

from etl.enrich import Enricher
from etl.parallel import stage_one
from etl.screening.review import employer_view_status
from etl.staging import JOB_SPEC, PROGRAM_SPEC
from matcher.embedding_text import item_text
from matcher.encoder import Encoder
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from models.repositories import catalog
from models.repositories.bulk_upsert import copy_upsert


@dataclass(frozen=True)
class SubmittedPosting:
    posting_id: int
    status: str  # internal status (active, held, ...): staff only
    employer_status: str  # what the employer may see: "live", "under review", ...
    changed: bool


def submit_posting(
    conn: Connection, record: JobPostingIn, enricher: Enricher, encoder: Encoder | None
) -> SubmittedPosting:
    """Create or update one posting; every edit that changes it is screened again."""
    row, name, key, _ = stage_one(enricher, record)
    catalog.ensure_orgs(conn, "job_posting", [(name, key)])
    counts = copy_upsert(conn, JOB_SPEC, [row])
    posting_id, status, pending = conn.execute(
        text(
            "SELECT id, status, embedding_hash IS DISTINCT FROM text_hash FROM job_posting "
            "WHERE source = :source AND source_id = :source_id"
        ),
        {"source": record.source, "source_id": record.source_id},
    ).one()
    if pending and encoder is not None:
        text_hash = dict(zip([c for c, _ in JOB_SPEC.columns], row, strict=True))["text_hash"]
        vector = encoder.encode([item_text(record.title, record.description)])
        catalog.store_embeddings(conn, "job_posting", [text_hash], vector)
    return SubmittedPosting(
        posting_id=int(posting_id),
        status=str(status),
        employer_status=employer_view_status(str(status)),
        changed=counts.unchanged == 0,
    )


def submit_program(conn: Connection, record: ProgramIn, enricher: Enricher, encoder: Encoder | None) -> bool:
    """Update (or create) one program from its owner's edit; re-embeds only when its text changed.

    Returns whether anything changed.
    """
    row, name, key, _ = stage_one(enricher, record)
    catalog.ensure_orgs(conn, "training_program", [(name, key)])
    counts = copy_upsert(conn, PROGRAM_SPEC, [row])
    pending = conn.execute(
        text(
            "SELECT embedding_hash IS DISTINCT FROM text_hash FROM training_program "
            "WHERE source = :source AND source_id = :source_id"
        ),
        {"source": record.source, "source_id": record.source_id},
    ).scalar_one()
    if pending and encoder is not None:
        text_hash = dict(zip([c for c, _ in PROGRAM_SPEC.columns], row, strict=True))["text_hash"]
        vector = encoder.encode([item_text(record.name, record.description)])
        catalog.store_embeddings(conn, "training_program", [text_hash], vector)
    return counts.unchanged == 0
