"""Whether the server's pgvector can serve the database candidate stage (issue 18, docs/retrieval.md).

Kept apart from the retrieval queries so `wayfinder serve` can check it before starting without importing
the matcher."""

import re

from sqlalchemy import Connection, text

from models.errors import DatabaseSetupError

# pgvector 0.8.0 brought iterative index scans: without them a filtered HNSW query returns only what the
# first ef_search graph neighbours hold, often far fewer than asked under a restrictive area filter.
MIN_PGVECTOR = (0, 8, 0)

OLD_PGVECTOR = (
    "WAYFINDER_RETRIEVAL=database needs pgvector 0.8 or newer (iterative index scans keep a filtered top-k "
    "whole); this server has {found}. Upgrade the extension (ALTER EXTENSION vector UPDATE after installing "
    "0.8), or set WAYFINDER_RETRIEVAL=auto to rank in memory."
)


def pgvector_version(conn: Connection) -> tuple[int, ...] | None:
    """The installed pgvector's version, or None without the extension."""
    found = conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
    if found is None:
        return None
    return tuple(int(part) for part in re.findall(r"\d+", str(found))[:3])


def supports_iterative_scans(version: tuple[int, ...] | None) -> bool:
    return version is not None and version >= MIN_PGVECTOR


def check_database_retrieval(conn: Connection, retrieval: str) -> bool:
    """Whether this server can serve the database path; a clear error when it is forced and cannot."""
    version = pgvector_version(conn)
    ok = supports_iterative_scans(version)
    if retrieval == "database" and not ok:
        found = "no pgvector" if version is None else "pgvector " + ".".join(map(str, version))
        raise DatabaseSetupError(OLD_PGVECTOR.format(found=found))
    return ok
