"""Catalog queries shared by job postings and training programs: organizations, expiry, embeddings."""

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
from psycopg import sql
from sqlalchemy import Connection, text

CatalogTable = Literal["job_posting", "training_program"]
_ORG_TABLE = {"job_posting": "employer", "training_program": "training_provider"}
_TITLE = {"job_posting": "title", "training_program": "name"}


def ensure_orgs(conn: Connection, table: CatalogTable, names: Iterable[tuple[str, str]]) -> None:
    """Create the employers (or providers) named by (name, name_key) that do not exist yet."""
    pairs = sorted(set(names), key=lambda p: p[1])
    if not pairs:
        return
    conn.execute(
        text(
            f"INSERT INTO {_ORG_TABLE[table]} (name, name_key, created_at"  # noqa: S608 - fixed table names
            + (", verification" if table == "job_posting" else "")
            + ") SELECT n, k, now()"
            + (", 'unverified'" if table == "job_posting" else "")
            + " FROM unnest(CAST(:names AS text[]), CAST(:keys AS text[])) AS t(n, k) "
            "ON CONFLICT (name_key) DO NOTHING"
        ),
        {"names": [p[0] for p in pairs], "keys": [p[1] for p in pairs]},
    )


def stored_hashes(conn: Connection, table: CatalogTable, source: str) -> dict[str, str]:
    """source_id -> content_hash of everything already imported from one source."""
    rows = conn.execute(
        text(f"SELECT source_id, content_hash FROM {table} WHERE source = :source"),  # noqa: S608
        {"source": source},
    ).all()
    return {r[0]: r[1] for r in rows}


def stored_hashes_for(conn: Connection, table: CatalogTable, source: str, source_ids: Sequence[str]) -> dict[str, str]:
    """source_id -> content_hash for one batch's identifiers (a batched import never loads a whole source)."""
    rows = conn.execute(
        text(
            f"SELECT source_id, content_hash FROM {table} "  # noqa: S608 - fixed table names
            "WHERE source = :source AND source_id = ANY(:ids)"
        ),
        {"source": source, "ids": list(source_ids)},
    ).all()
    return {r[0]: r[1] for r in rows}


def stored_dedup_keys(conn: Connection, source: str, source_ids: Sequence[str]) -> list[str]:
    """The openings (dedup keys) these postings belong to now: an update can move a posting to another
    opening, and the one it leaves must choose its canonical copy again."""
    return list(
        conn.execute(
            text("SELECT DISTINCT dedup_key FROM job_posting WHERE source = :source AND source_id = ANY(:ids)"),
            {"source": source, "ids": list(source_ids)},
        ).scalars()
    )


def expire_past(conn: Connection) -> int:
    """Postings whose closing date has passed leave every ranked list; a live copy of each takes over."""
    keys = (
        conn.execute(
            text(
                "UPDATE job_posting SET status = 'expired', updated_at = now() "
                "WHERE valid_through < now() AND status IN ('active', 'held') RETURNING dedup_key"
            )
        )
        .scalars()
        .all()
    )
    if keys:
        mark_cross_source_duplicates(conn, sorted(set(keys)))
    return len(keys)


# The copy of one opening that is ranked: a live one (active and in date) before any dead one, then the
# first one seen. Held, rejected, closed and expired copies are never ranked, so pointing live copies at one
# of them would hide the opening from everyone (issue 14: re-published USAJOBS vacancies vanished).
_CANONICAL_ORDER = "(status = 'active' AND (valid_through IS NULL OR valid_through > now())) DESC, id"


def mark_cross_source_duplicates(conn: Connection, dedup_keys: Sequence[str] | None = None) -> int:
    """Point every other-source copy of one opening at its canonical copy; the canonical one points nowhere.

    Re-evaluated after each import, expiry and close, so when the canonical copy dies a live copy takes
    over. `dedup_keys` limits the work to those openings (a close touches one).
    """
    scope = "" if dedup_keys is None else "WHERE dedup_key = ANY(:keys) "
    params = {} if dedup_keys is None else {"keys": list(dedup_keys)}
    # One pass with a window per opening finds the rows whose pointer must change; they are then written
    # by id. (A single UPDATE ... FROM (window subquery) is planned as a nested loop right after a bulk
    # load, when the statistics still say the table is empty: quadratic, 30 s for 5,000 rows.)
    changes = conn.execute(
        text(
            "SELECT id, dup FROM ("  # noqa: S608 - constants only
            "  SELECT id, duplicate_of_id, CASE WHEN id <> canon_id AND source <> canon_source THEN canon_id END AS dup"
            "  FROM (SELECT id, source, duplicate_of_id, first_value(id) OVER w AS canon_id, "
            "        first_value(source) OVER w AS canon_source FROM job_posting "
            + scope
            + f"      WINDOW w AS (PARTITION BY dedup_key ORDER BY {_CANONICAL_ORDER})) r"
            ") d WHERE duplicate_of_id IS DISTINCT FROM dup"
        ),
        params,
    ).all()
    if not changes:
        return 0
    result = conn.execute(
        text(
            "UPDATE job_posting p SET duplicate_of_id = u.dup "
            "FROM unnest(CAST(:ids AS int[]), CAST(:dups AS int[])) AS u(id, dup) WHERE p.id = u.id"
        ),
        {"ids": [r[0] for r in changes], "dups": [r[1] for r in changes]},
    )
    return result.rowcount or 0


def reuse_embeddings(conn: Connection, table: CatalogTable) -> int:
    """Copy an existing embedding to every row waiting for the same text: it is never embedded twice."""
    # Two steps: the texts still waiting (a partial index holds them; none after an unchanged re-import),
    # then the rows for those texts only. One UPDATE ... FROM (subquery) was planned as a nested loop over
    # the whole table right after a bulk load (statistics still from before it): a re-import of 20,000
    # unchanged postings sat in it for minutes (issue 14).
    waiting = list(
        conn.execute(
            text(
                f"SELECT DISTINCT text_hash FROM {table} "  # noqa: S608 - fixed table names
                "WHERE embedding_hash IS DISTINCT FROM text_hash"
            )
        ).scalars()
    )
    if not waiting:
        return 0
    # Then the waiting texts that some row has an embedding for: usually none (a first import, or a model
    # change, where every row waits). The UPDATE below is only run for those: with nothing to copy it was
    # still planned as a nested loop over every waiting row (statistics from before the bulk write) and ran
    # for over 10 minutes at 100k postings (bench/match_latency.py, issue 13).
    found = list(
        conn.execute(
            text(
                f"SELECT DISTINCT text_hash FROM {table} "  # noqa: S608 - fixed table names
                "WHERE text_hash = ANY(:waiting) AND embedding_hash = text_hash AND embedding IS NOT NULL"
            ),
            {"waiting": waiting},
        ).scalars()
    )
    if not found:
        return 0
    result = conn.execute(
        text(
            f"UPDATE {table} p SET embedding = done.embedding, embedding_hash = done.text_hash "  # noqa: S608
            f"FROM (SELECT DISTINCT ON (d.text_hash) d.text_hash, d.embedding FROM {table} d "
            "      WHERE d.text_hash = ANY(:found) AND d.embedding_hash = d.text_hash "
            "      AND d.embedding IS NOT NULL) done "
            "WHERE p.text_hash = ANY(:found) AND p.text_hash = done.text_hash "
            "AND p.embedding_hash IS DISTINCT FROM p.text_hash"
        ),
        {"found": found},
    )
    return result.rowcount or 0


def count_pending_texts(conn: Connection, table: CatalogTable) -> int:
    """Distinct texts still waiting for an embedding."""
    return int(
        conn.execute(
            text(
                f"SELECT count(DISTINCT text_hash) FROM {table} "  # noqa: S608
                "WHERE embedding_hash IS DISTINCT FROM text_hash"
            )
        ).scalar_one()
    )


def pending_texts(conn: Connection, table: CatalogTable, limit: int) -> list[tuple[str, str, str | None]]:
    """Up to `limit` distinct (text_hash, title, description) still waiting for an embedding."""
    rows = conn.execute(
        text(
            f"SELECT DISTINCT ON (text_hash) text_hash, {_TITLE[table]}, description FROM {table} "  # noqa: S608
            "WHERE embedding_hash IS DISTINCT FROM text_hash ORDER BY text_hash LIMIT :limit"
        ),
        {"limit": limit},
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def store_embeddings(
    conn: Connection, table: CatalogTable, hashes: Sequence[str], vectors: npt.NDArray[np.float32]
) -> int:
    """Write one vector to every row whose text hashes to it."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    stage = sql.Identifier(f"emb_{table}")
    with raw.cursor() as cur:  # type: ignore[attr-defined]
        cur.execute(sql.SQL("CREATE TEMP TABLE {} (text_hash text, embedding vector) ON COMMIT DROP").format(stage))
        with cur.copy(sql.SQL("COPY {} (text_hash, embedding) FROM STDIN WITH (FORMAT BINARY)").format(stage)) as copy:
            copy.set_types(["text", "vector"])
            for h, v in zip(hashes, vectors, strict=True):
                copy.write_row((h, v))
        cur.execute(
            sql.SQL(
                "UPDATE {table} p SET embedding = e.embedding, embedding_hash = e.text_hash "
                "FROM {stage} e WHERE p.text_hash = e.text_hash"
            ).format(table=sql.Identifier(table), stage=stage)
        )
        updated = cur.rowcount
        cur.execute(sql.SQL("DROP TABLE {}").format(stage))
    return int(updated)


def texts_after(
    conn: Connection, table: CatalogTable, after_id: int, limit: int
) -> list[tuple[int, str, str | None, str]]:
    """Up to `limit` rows with an id above `after_id`, in id order: (id, title, description, text_hash)."""
    rows = conn.execute(
        text(
            f"SELECT id, {_TITLE[table]}, description, text_hash FROM {table} "  # noqa: S608 - fixed table names
            "WHERE id > :after ORDER BY id LIMIT :limit"
        ),
        {"after": after_id, "limit": limit},
    ).all()
    return [(int(r[0]), r[1], r[2], r[3]) for r in rows]


def set_text_hashes(conn: Connection, table: CatalogTable, ids: Sequence[int], hashes: Sequence[str]) -> int:
    """Give rows a new text hash (a model change): each becomes pending until its text is embedded again."""
    if not ids:
        return 0
    result = conn.execute(
        text(
            f"UPDATE {table} p SET text_hash = u.h "  # noqa: S608 - fixed table names
            "FROM unnest(CAST(:ids AS int[]), CAST(:hashes AS text[])) AS u(id, h) WHERE p.id = u.id"
        ),
        {"ids": list(ids), "hashes": list(hashes)},
    )
    return result.rowcount or 0


def count_rows(conn: Connection, table: CatalogTable) -> int:
    return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # noqa: S608 - fixed table names
