"""Import run bookkeeping."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam


def record_run(
    conn: Connection, *, kind: str, source: str, fmt: str, path: str, file_hash: str, counts: dict[str, int]
) -> int:
    """Store a finished upsert phase; the embedding phase adds its counts later."""
    stmt = text(
        "INSERT INTO import_run (kind, source, format, path, file_hash, status, counts, started_at) "
        "VALUES (:kind, :source, :fmt, :path, :file_hash, 'embedding', :counts, now()) RETURNING id"
    ).bindparams(bindparam("counts", type_=JSONB))
    run_id = conn.execute(
        stmt, {"kind": kind, "source": source, "fmt": fmt, "path": path, "file_hash": file_hash, "counts": counts}
    ).scalar_one()
    return int(run_id)


def finish_run(conn: Connection, run_id: int, *, counts: dict[str, int], error_report: str | None) -> None:
    stmt = text(
        "UPDATE import_run SET status = 'finished', counts = :counts, error_report = :report, finished_at = :now "
        "WHERE id = :id"
    ).bindparams(bindparam("counts", type_=JSONB))
    conn.execute(stmt, {"counts": counts, "report": error_report, "now": datetime.now(UTC), "id": run_id})


def get_run(conn: Connection, *, run_id: int, source: str) -> dict[str, Any] | None:
    """One run of the given source (its owner's), with its counts and error report path."""
    row = conn.execute(
        text(
            "SELECT id, kind, source, format, status, counts, error_report, started_at, finished_at "
            "FROM import_run WHERE id = :id AND source = :s"
        ),
        {"id": run_id, "s": source},
    ).first()
    return dict(row._mapping) if row else None
