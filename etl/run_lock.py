"""Which import runs are alive: a run's process holds a PostgreSQL advisory lock on the run's id.

The lock lives on a connection that stays idle (autocommit, never inside a transaction) while the
run is worked on. PostgreSQL drops it when that connection ends, so when a process dies, is killed
or loses its host, its runs become unlocked; the next process to start (server worker or CLI) marks
every open run it can lock as interrupted. A run still worked on anywhere keeps its lock and is left
alone, whatever the number of workers and hosts.
"""

import contextlib
import logging
from pathlib import Path

from sqlalchemy import Connection, Engine

from models.repositories import import_runs

log = logging.getLogger("wayfinder.etl")

INTERRUPTED = (
    "This import stopped when the process working on it ended (a restart or a crash). The rows "
    "imported before that are kept; run the same import again (upload the same file) to finish it: "
    "unchanged rows are skipped."
)


class RunLock:
    """Holds one run's liveness lock until release()."""

    def __init__(self, conn: Connection, run_id: int) -> None:
        self.conn, self.run_id = conn, run_id

    @classmethod
    def acquire(cls, engine: Engine, run_id: int) -> "RunLock | None":
        """The lock, or None when another live connection holds it."""
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            if import_runs.try_lock(conn, run_id):
                return cls(conn, run_id)
        except BaseException:
            conn.close()
            raise
        conn.close()
        return None

    def release(self) -> None:
        try:
            import_runs.unlock(self.conn, self.run_id)
            self.conn.close()
        except Exception:
            # Never hand a pooled connection back still holding the lock: close it for real.
            with contextlib.suppress(Exception):
                self.conn.invalidate()
            log.warning("import run %s: its lock connection was closed after an error", self.run_id)


def mark_stale_runs(engine: Engine, *, remove_under: Path | None = None) -> list[int]:
    """Mark as interrupted every open run whose process is gone; returns their ids.

    `remove_under`: the uploads spool folder; an interrupted upload's copy of the file there is deleted
    (the partner uploads it again to resume).
    """
    with engine.connect() as conn:
        candidates = import_runs.stale_candidates(conn)
    marked = []
    for run_id, path in candidates:
        lock = RunLock.acquire(engine, run_id)
        if lock is None:
            continue  # alive in another process
        try:
            with engine.begin() as conn:
                import_runs.end_run(conn, run_id, status="interrupted", message=INTERRUPTED)
            marked.append(run_id)
            if remove_under is not None and Path(path).parent == remove_under:
                Path(path).unlink(missing_ok=True)
        finally:
            lock.release()
    if marked:
        log.warning("marked %d import run(s) interrupted: %s", len(marked), ", ".join(map(str, marked)))
    return marked
