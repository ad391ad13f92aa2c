"""Catalog rows the matcher ranks: every active, embedded, non-duplicate item."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from matcher.catalog_index import NEVER, CatalogRow
from matcher.embedding_text import item_text, text_hash
from matcher.types import Candidate

# A copy marked duplicate is still ranked when its canonical copy has died by the clock since the last
# re-evaluation (catalog.mark_cross_source_duplicates runs on import, expiry, close and staff decisions):
# showing one opening twice for a while costs less than hiding it.
_LIVE_JOBS = (
    "status = 'active' AND embedding IS NOT NULL "
    "AND (valid_through IS NULL OR valid_through > now()) "
    "AND (duplicate_of_id IS NULL OR NOT EXISTS (SELECT 1 FROM job_posting canon "
    "     WHERE canon.id = job_posting.duplicate_of_id AND canon.status = 'active' "
    "     AND (canon.valid_through IS NULL OR canon.valid_through > now())))"
)
_LIVE_PROGRAMS = "status = 'active' AND embedding IS NOT NULL"

_JOB_COLUMNS = (
    "id, source_id, title, description, qualifications, employer_name, industry, skills, occupation_code, "
    "pay_min_hourly, pay_max_hourly, shifts, days, hours_per_week, employment_types, region, zip3, is_remote, "
    "status, requires_work_authorization, open_to_public, telework_eligible, requires_citizenship, "
    "security_clearance, embedding"
)
_PROGRAM_COLUMNS = (
    "id, source_id, name, description, prerequisites, provider_name, skills, target_soc_codes, cip_code, "
    "shifts, days, region, zip3, is_online, delivery, status, cost_total, duration_weeks, employment_rate_q2, "
    "median_earnings, credential_rate, embedding"
)


def catalog_states(conn: Connection) -> dict[str, tuple[int, int]]:
    """kind -> (version, log floor) for job, program and ranker: one cheap query per request.

    The version changes whenever a statement writes the kind's table (a trigger bumps it), or when a ranker
    is promoted. Expiry by the clock is not a change: the index filters end dates at query time."""
    rows = conn.execute(text("SELECT kind, version, log_floor FROM catalog_state")).all()
    return {str(r[0]): (int(r[1]), int(r[2])) for r in rows}


def changes_since(conn: Connection, kind: str, watermark: int) -> tuple[int, list[int]]:
    """The kind's version now and the items written after `watermark`, read in one snapshot.

    Writers of a kind queue on its catalog_state row (the trigger updates it), so versions commit in order:
    a snapshot that sees version v sees every change up to v."""
    row = conn.execute(
        text(
            "SELECT s.version, ARRAY(SELECT DISTINCT c.item_id FROM catalog_change c "
            "  WHERE c.kind = s.kind AND c.version > :watermark AND c.version <= s.version) "
            "FROM catalog_state s WHERE s.kind = :kind"
        ),
        {"kind": kind, "watermark": watermark},
    ).one()
    return int(row[0]), [int(i) for i in row[1]]


def bump_ranker(conn: Connection) -> int:
    """Tell every worker a ranker was promoted (they reload it at their next request)."""
    return int(
        conn.execute(
            text("UPDATE catalog_state SET version = version + 1 WHERE kind = 'ranker' RETURNING version")
        ).scalar_one()
    )


# Held by an in-memory index: active and embedded, whatever the end date and duplicate state (both are
# decided at query time, so the clock never forces a reload).
_HELD = "p.status = 'active' AND p.embedding IS NOT NULL"


def load_rows(
    conn: Connection, kind: str, ids: Sequence[int] | None = None, *, model_name: str | None = None
) -> list[CatalogRow]:
    """Every held item of one kind, or (with `ids`) those among `ids` and the duplicates pointing at them.

    `model_name`: only items whose embedding was made by that model from their present text (`embedded_by`),
    so a ranking never compares a profile vector with a vector of another model (issue 13)."""
    params: dict[str, Any] = {}
    where = _HELD
    if ids is not None:
        params["ids"] = list(ids)
        # Two index lookups (a UNION, not an OR: with OR the planner scans the whole table).
        where += (
            " AND p.id IN (SELECT unnest(CAST(:ids AS integer[])) "
            "UNION SELECT d.id FROM job_posting d WHERE d.duplicate_of_id = ANY(:ids))"
            if kind == "job"
            else " AND p.id = ANY(:ids)"
        )
    # Ordered by id, so slots (and so ties between equal scores) follow one order however the rows are read:
    # the database path orders its candidates the same way (models/repositories/retrieval.py).
    return build_rows(conn.execute(text(row_query(kind, where) + " ORDER BY p.id"), params).all(), kind, model_name)


def row_query(kind: str, where: str, source: str = "") -> str:
    """SELECT of the columns `build_rows` reads, from the kind's table aliased p (`source`: e.g. a TABLESAMPLE
    clause), under `where`."""
    if kind == "job":
        columns = _columns(_JOB_COLUMNS)
        return (
            f"SELECT {columns}, p.embedding_hash, p.valid_through, p.duplicate_of_id, "  # noqa: S608
            "canon.status = 'active' AS canon_active, canon.valid_through AS canon_valid_through "
            f"FROM job_posting p {source} LEFT JOIN job_posting canon ON canon.id = p.duplicate_of_id WHERE {where}"
        )
    return f"SELECT {_columns(_PROGRAM_COLUMNS)}, p.embedding_hash FROM training_program p {source} WHERE {where}"  # noqa: S608


def _columns(names: str) -> str:
    # The vector in pgvector's binary form: parsing its text form cost ~0.1 ms a row (half of a 100k load).
    return ", ".join(
        "vector_send(p.embedding) AS embedding" if c.strip() == "embedding" else f"p.{c.strip()}"
        for c in names.split(",")
    )


def _vector(value: Any) -> npt.NDArray[np.float32]:
    """A vector as `vector_send` writes it (int16 dimensions, int16 unused, big-endian float4s), or as the
    pgvector adapter reads it."""
    if isinstance(value, bytes | bytearray | memoryview):
        return np.frombuffer(value, dtype=">f4", offset=4).astype(np.float32)
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float32)


def build_rows(rows: Sequence[Any], kind: str, model_name: str | None) -> list[CatalogRow]:
    """Catalog rows from `row_query` results; with `model_name`, only rows that model embedded from their
    present text."""
    build = Candidate.from_job if kind == "job" else Candidate.from_program
    out = []
    for r in rows:
        m = r._mapping
        if model_name is not None and not embedded_by(
            m["embedding_hash"], m["title" if kind == "job" else "name"], m["description"], model_name
        ):
            continue
        vector = _vector(m["embedding"])
        if kind == "job":
            out.append(
                CatalogRow(
                    candidate=build(_Row(m)),
                    vector=vector,
                    valid_until=_epoch(m["valid_through"]),
                    has_canonical=m["duplicate_of_id"] is not None,
                    canonical_active=bool(m["canon_active"]),
                    canonical_valid_until=_epoch(m["canon_valid_through"]),
                )
            )
        else:
            out.append(CatalogRow(candidate=build(_Row(m)), vector=vector))
    return out


def embedded_by(embedding_hash: str | None, title: str, description: str | None, model_name: str) -> bool:
    """Whether a row's stored vector is `model_name`'s embedding of its present text.

    The embedding key names the model (matcher.embedding_text.text_hash), so this is exact without a column
    per row: a vector of another model, or of the text before an edit, does not match and is left out until
    it is embedded again (`wayfinder reembed`, the start-up re-embed, or the import's embedding step)."""
    return embedding_hash is not None and embedding_hash == text_hash(item_text(title, description), model_name)


def _epoch(moment: datetime | None) -> float:
    if moment is None:
        return NEVER
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def load_candidates(conn: Connection, kind: str) -> tuple[list[Candidate], npt.NDArray[np.float32]]:
    """All live items of one kind, with their embeddings as one matrix (row i = candidate i)."""
    if kind == "job":
        sql = f"SELECT {_JOB_COLUMNS} FROM job_posting WHERE {_LIVE_JOBS} ORDER BY id"  # noqa: S608
        build = Candidate.from_job
    else:
        sql = f"SELECT {_PROGRAM_COLUMNS} FROM training_program WHERE {_LIVE_PROGRAMS} ORDER BY id"  # noqa: S608
        build = Candidate.from_program
    rows = conn.execute(text(sql)).all()
    candidates = [build(_Row(r._mapping)) for r in rows]
    vectors = np.empty((len(rows), 384), dtype=np.float32)
    for i, r in enumerate(rows):
        emb = r._mapping["embedding"]
        vectors[i] = emb.to_numpy() if hasattr(emb, "to_numpy") else np.asarray(emb, dtype=np.float32)
    return candidates, vectors


def still_live(conn: Connection, kind: str, ids: Sequence[int]) -> set[int]:
    """Which of these items are live right now (an index built a moment ago may be stale)."""
    if not ids:
        return set()
    table, live = ("job_posting", _LIVE_JOBS) if kind == "job" else ("training_program", _LIVE_PROGRAMS)
    rows = conn.execute(
        text(f"SELECT id FROM {table} WHERE id = ANY(:ids) AND {live}"),  # noqa: S608
        {"ids": list(ids)},
    ).all()
    return {int(r[0]) for r in rows}


def employer_verification(conn: Connection, job_ids: Sequence[int]) -> dict[int, str]:
    """Posting id -> its employer's verification status (unverified employers are flagged in review)."""
    if not job_ids:
        return {}
    rows = conn.execute(
        text(
            "SELECT p.id, coalesce(e.verification, 'unverified') FROM job_posting p "
            "LEFT JOIN employer e ON e.id = p.employer_id WHERE p.id = ANY(:ids)"
        ),
        {"ids": list(job_ids)},
    ).all()
    return {int(r[0]): str(r[1]) for r in rows}


class _Row:
    """Attribute access over a result mapping, without the embedding (kept out of Candidate)."""

    def __init__(self, mapping: Any) -> None:
        self._m = mapping

    def __getattr__(self, name: str) -> Any:
        if name == "embedding":
            return None
        return self._m.get(name)
