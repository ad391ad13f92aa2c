"""The encoder the stored vectors belong to (table embedding_model) and the lock that lets one process re-embed.

The lock is a session-level advisory lock held on its own autocommit connection for the whole re-embed, so it
ends with the process however that ends (a kill releases it; the next start carries on).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

# pg_advisory_lock(class, key): the class keeps this lock apart from the import-run locks (0x5746_0001).
LOCK_CLASS = 0x5746_0002
LOCK_KEY = 1
SCOPE = "catalog"


@dataclass(frozen=True)
class Recorded:
    model_name: str
    started_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def recorded(conn: Connection) -> Recorded | None:
    """The model the stored vectors are (being) made with; None before the first start records it."""
    row = conn.execute(
        text("SELECT model_name, started_at, finished_at FROM embedding_model WHERE scope = :s"), {"s": SCOPE}
    ).first()
    return None if row is None else Recorded(str(row[0]), row[1], row[2])


def begin(conn: Connection, model_name: str) -> None:
    """Say a re-embed for `model_name` is under way (kept as it is when it already is)."""
    conn.execute(
        text(
            "INSERT INTO embedding_model (scope, model_name, started_at, finished_at) VALUES (:s, :m, now(), NULL) "
            "ON CONFLICT (scope) DO UPDATE SET model_name = EXCLUDED.model_name, started_at = now(), "
            "finished_at = NULL WHERE embedding_model.model_name <> EXCLUDED.model_name "
            "OR embedding_model.finished_at IS NOT NULL"
        ),
        {"s": SCOPE, "m": model_name},
    )


def finish(conn: Connection, model_name: str) -> None:
    conn.execute(
        text("UPDATE embedding_model SET finished_at = now() WHERE scope = :s AND model_name = :m"),
        {"s": SCOPE, "m": model_name},
    )


def try_lock(conn: Connection) -> bool:
    """Take the re-embed lock if no live connection holds it (`conn` must be in autocommit)."""
    return bool(
        conn.execute(text("SELECT pg_try_advisory_lock(:c, :k)"), {"c": LOCK_CLASS, "k": LOCK_KEY}).scalar_one()
    )


def lock(conn: Connection) -> None:
    """Wait for the re-embed lock."""
    conn.execute(text("SELECT pg_advisory_lock(:c, :k)"), {"c": LOCK_CLASS, "k": LOCK_KEY})


def unlock(conn: Connection) -> None:
    conn.execute(text("SELECT pg_advisory_unlock(:c, :k)"), {"c": LOCK_CLASS, "k": LOCK_KEY})
