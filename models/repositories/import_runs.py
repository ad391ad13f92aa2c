"""Import run bookkeeping: a run is also the job record of a background upload (queued -> running ->
embedding -> finished, or failed / interrupted), read by any process for its progress page."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam

# pg_advisory_lock(class, run id): the class keeps these locks apart from any other advisory lock.
LOCK_CLASS = 0x5746_0001
OPEN = ("queued", "running", "embedding")
# A queued run is locked by its process a moment after the request that made it commits.
QUEUED_GRACE = "1 minute"


def create_run(
    conn: Connection,
    *,
    kind: str,
    source: str,
    fmt: str,
    path: str,
    file_hash: str,
    status: str,
    counts: dict[str, int],
    file_name: str | None = None,
    read_as: dict[str, object] | None = None,
) -> int:
    """A new run in `status` (queued for an upload waiting for its worker, running for the CLI).

    `read_as`: how a delimited file was read (etl.sources.csv_rows.CsvInfo.as_record), for its report."""
    stmt = text(
        "INSERT INTO import_run (kind, source, format, path, file_hash, status, counts, file_name, read_as, "
        "started_at, updated_at) "
        "VALUES (:kind, :source, :fmt, :path, :file_hash, :status, :counts, :file_name, :read_as, now(), now()) "
        "RETURNING id"
    ).bindparams(bindparam("counts", type_=JSONB), bindparam("read_as", type_=JSONB(none_as_null=True)))
    run_id = conn.execute(
        stmt,
        {
            "kind": kind,
            "source": source,
            "fmt": fmt,
            "path": path,
            "file_hash": file_hash,
            "status": status,
            "counts": counts,
            "file_name": file_name,
            "read_as": read_as,
        },
    ).scalar_one()
    return int(run_id)


def claim(conn: Connection, run_id: int) -> bool:
    """queued -> running; False when the run is not (or no longer) waiting."""
    result = conn.execute(
        text("UPDATE import_run SET status = 'running', updated_at = now() WHERE id = :id AND status = 'queued'"),
        {"id": run_id},
    )
    return (result.rowcount or 0) == 1


def save_progress(
    conn: Connection, run_id: int, *, counts: dict[str, int], status: str | None = None, error_report: str | None = None
) -> None:
    """The counts so far, written in the transaction that committed the rows they count."""
    stmt = text(
        "UPDATE import_run SET counts = :counts, status = COALESCE(:status, status), "
        "error_report = COALESCE(:report, error_report), updated_at = now() WHERE id = :id"
    ).bindparams(bindparam("counts", type_=JSONB))
    conn.execute(stmt, {"counts": counts, "status": status, "report": error_report, "id": run_id})


def finish_run(conn: Connection, run_id: int, *, counts: dict[str, int], error_report: str | None) -> None:
    stmt = text(
        "UPDATE import_run SET status = 'finished', counts = :counts, error_report = :report, finished_at = :now, "
        "updated_at = :now WHERE id = :id"
    ).bindparams(bindparam("counts", type_=JSONB))
    conn.execute(stmt, {"counts": counts, "report": error_report, "now": datetime.now(UTC), "id": run_id})


def end_run(
    conn: Connection,
    run_id: int,
    *,
    status: str,
    message: str,
    counts: dict[str, int] | None = None,
    error_report: str | None = None,
) -> None:
    """A run that stopped before finishing: failed (an error) or interrupted (its process stopped)."""
    stmt = text(
        "UPDATE import_run SET status = :status, message = :message, counts = COALESCE(:counts, counts), "
        "error_report = COALESCE(:report, error_report), finished_at = now(), updated_at = now() "
        "WHERE id = :id AND status IN ('queued', 'running', 'embedding')"
    ).bindparams(bindparam("counts", type_=JSONB))
    conn.execute(
        stmt, {"status": status, "message": message[:1000], "counts": counts, "report": error_report, "id": run_id}
    )


def stale_candidates(conn: Connection) -> list[tuple[int, str]]:
    """(id, path) of every run still open: running or embedding, or queued for over a minute."""
    rows = conn.execute(
        text(
            "SELECT id, path FROM import_run WHERE status IN ('running', 'embedding') "
            "OR (status = 'queued' AND started_at < now() - CAST(:grace AS interval)) ORDER BY id"
        ),
        {"grace": QUEUED_GRACE},
    ).all()
    return [(int(r[0]), str(r[1])) for r in rows]


def open_paths(conn: Connection) -> set[str]:
    """Files that runs still open will read."""
    return {
        str(p)
        for p in conn.execute(text("SELECT path FROM import_run WHERE status = ANY(:s)"), {"s": list(OPEN)}).scalars()
    }


def try_lock(conn: Connection, run_id: int) -> bool:
    """Take the run's session-level advisory lock if no live connection holds it."""
    return bool(
        conn.execute(text("SELECT pg_try_advisory_lock(:c, :id)"), {"c": LOCK_CLASS, "id": run_id}).scalar_one()
    )


def unlock(conn: Connection, run_id: int) -> None:
    conn.execute(text("SELECT pg_advisory_unlock(:c, :id)"), {"c": LOCK_CLASS, "id": run_id})


def get_run(conn: Connection, *, run_id: int, source: str) -> dict[str, Any] | None:
    """One run of the given source (its owner's), with its counts, status and error report path."""
    row = conn.execute(
        text(
            "SELECT id, kind, source, format, status, counts, error_report, started_at, finished_at, "
            "file_name, message, updated_at, read_as FROM import_run WHERE id = :id AND source = :s"
        ),
        {"id": run_id, "s": source},
    ).first()
    return dict(row._mapping) if row else None
