"""The candidate stage in PostgreSQL (issue 18, docs/retrieval.md): for one kind and one profile, the ids of
the best items by each signal under the profile's hard filters, and a bounded reference sample of the catalog.

The filters are `matcher.prefilter.ConstraintArrays.mask` (area, pay floor, excluded ZIPs, status) and the
liveness of `candidates._LIVE_JOBS` written in SQL, with the clock passed in (`now`), so the database path
and the in-memory index agree on which end dates have passed. Every query repeats the predicate of the
partial indexes of migration 0026 (`status = 'active' AND embedding IS NOT NULL`) so the planner may use them.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from matcher.catalog_index import CatalogRow
from matcher.types import Constraints
from models.repositories.candidates import build_rows, load_rows, row_query
from models.repositories.pgvector_support import pgvector_version, supports_iterative_scans

__all__ = ["pgvector_version", "supports_iterative_scans"]  # re-exported: the matcher asks here

# Measured at 1M postings (docs/scaling.md, "Index and query settings"): ef_search 100 with relaxed-order
# iterative scans, fetching 3x the rows wanted and keeping the best by full-precision distance.
EF_SEARCH = 100
FETCH_FACTOR = 3

TABLE = {"job": "job_posting", "program": "training_program"}
# The same expressions as migration 0026's indexes (an expression index serves only the expression it holds).
_SEARCH_TEXT = {
    "job": "coalesce(p.title, '') || ' ' || coalesce(p.description, '')",
    "program": "coalesce(p.name, '') || ' ' || coalesce(p.description, '')",
}
_REMOTE = {"job": "p.is_remote", "program": "(p.is_online OR p.delivery = 'online')"}
_HELD = "p.status = 'active' AND p.embedding IS NOT NULL"
_LIVE_JOB = (
    "(p.valid_through IS NULL OR p.valid_through > :now) "
    "AND (p.duplicate_of_id IS NULL OR NOT EXISTS (SELECT 1 FROM job_posting canon "
    "     WHERE canon.id = p.duplicate_of_id AND canon.status = 'active' "
    "     AND (canon.valid_through IS NULL OR canon.valid_through > :now)))"
)
# Python's str.strip() on the item's region (prefilter.py); the ASCII whitespace it removes. Migration 0026
# keeps statistics on this expression (without them the planner guesses 0.5% of rows for any region).
_REGION = "upper(btrim(coalesce(p.region, ''), E' \\t\\n\\r\\f\\x0b'))"
_WORD = re.compile(r"[a-z0-9]+")
MAX_QUERY_WORDS = 64  # a profile text is a few dozen words; the cap keeps a pasted essay from costing a scan
# At most this many matching rows get a tsvector computed and ranked (~40 us each for a 60-word posting:
# 2,000 took ~80 ms a query at 20k stand-in postings, 500 keeps it near 20 ms).
LEXICAL_RANKED = 500


@dataclass(frozen=True)
class Sample:
    """A reference sample of one kind's held items; `complete` when it holds every one of them."""

    rows: list[CatalogRow]
    complete: bool
    held: int  # held items in the table when it was read


def held_count(conn: Connection, kind: str) -> int:
    """Items of the kind that are active and embedded (what an in-memory index of it would hold)."""
    return int(conn.execute(text(f"SELECT count(*) FROM {TABLE[kind]} p WHERE {_HELD}")).scalar_one())  # noqa: S608


def sample(conn: Connection, kind: str, limit: int, *, model_name: str | None) -> Sample:
    """Every held item when there are at most `limit`, else about `limit` of them drawn at random (row-level
    Bernoulli sampling: block sampling would follow the import order, which clusters sources)."""
    held = held_count(conn, kind)
    if held <= limit:
        return Sample(rows=load_rows(conn, kind, model_name=model_name), complete=True, held=held)
    percent = min(100.0, 120.0 * limit / held)  # a margin so the draw seldom falls short of `limit`
    sql = row_query(kind, _HELD, source=f"TABLESAMPLE BERNOULLI ({percent:.6f})") + " ORDER BY random() LIMIT :limit"
    rows = build_rows(conn.execute(text(sql), {"limit": limit}).all(), kind, model_name)
    return Sample(rows=rows, complete=False, held=held)


def _filters(kind: str, c: Constraints, now: float) -> tuple[str, dict[str, Any]]:
    """SQL for the profile's area, pay, excluded-ZIP and status filters and the item's liveness."""
    params: dict[str, Any] = {"now": datetime.fromtimestamp(now, UTC)}
    # Whether the vector is this model's embedding of the present text is checked on load (`load`, exactly, as
    # candidates.embedded_by): in SQL, `embedding_hash = text_hash` would be estimated at 0.5% of the rows
    # whatever the truth, and the planner would sort every filtered row instead of walking the graph.
    where = [_HELD]
    if kind == "job":
        where.append(_LIVE_JOB)
    on_site = ["TRUE"]
    if c.region:
        on_site.append(f"{_REGION} IN ('', :region)")
        params["region"] = c.region.strip().upper()
    if c.zip3s:
        on_site.append("(p.zip3 IS NULL OR p.zip3 = '' OR p.zip3 = ANY(:zip3s))")
        params["zip3s"] = list(c.zip3s)
    remote = _REMOTE[kind]
    # A remote item passes the area check only when the person accepts remote work; an on-site one (remote
    # NULL counts as on-site, as bool() does in Candidate.from_program) must match the area.
    on_site_item = "NOT p.is_remote" if kind == "job" else f"NOT coalesce({remote}, false)"  # is_remote: NOT NULL
    area = f"({on_site_item} AND {' AND '.join(on_site)})"
    where.append(f"(({remote}) OR {area})" if c.remote_ok else area)
    if kind == "job" and c.pay_floor_hourly is not None:
        # A job that publishes no pay passes (constraints.py), and its best published rate must reach the
        # floor. Written on the plain columns (not GREATEST) so the planner estimates it from their statistics.
        where.append(
            "(p.pay_max_hourly >= :floor OR p.pay_min_hourly >= :floor "
            "OR (p.pay_max_hourly IS NULL AND p.pay_min_hourly IS NULL))"
        )
        params["floor"] = float(c.pay_floor_hourly)
    if c.excluded_zip3s:
        where.append("(p.zip3 IS NULL OR p.zip3 = '' OR p.zip3 <> ALL(:excluded))")
        params["excluded"] = list(c.excluded_zip3s)
    return " AND ".join(where), params


def _settings(conn: Connection, *, exact: bool) -> None:
    """Per-transaction search settings. Custom plans: the filters' selectivity decides between the HNSW walk
    and an exact sort of the few rows an area index finds, and a generic plan would not see the values.
    `exact` turns index scans off (tests and the recall measurement compare against it)."""
    index = "off" if exact else "on"
    conn.execute(
        text(
            "SELECT set_config('plan_cache_mode', 'force_custom_plan', true), "
            "set_config('hnsw.iterative_scan', 'relaxed_order', true), "
            "set_config('hnsw.ef_search', :ef, true), "
            "set_config('enable_indexscan', :index, true), set_config('enable_bitmapscan', :index, true)"
        ),
        {"ef": str(EF_SEARCH), "index": index},
    )


def semantic_ids(
    conn: Connection,
    kind: str,
    constraints: Constraints,
    vector: npt.ArrayLike,
    k: int,
    now: float,
    *,
    exact: bool = False,
) -> list[int]:
    """The `k` items nearest `vector` under the filters, best first (ties by id, as the in-memory ranking).

    The graph walk runs on half precision and may return its rows slightly out of order (relaxed order), so
    it fetches FETCH_FACTOR x k and the outer query keeps the best k by the full-precision distance."""
    _settings(conn, exact=exact)
    where, params = _filters(kind, constraints, now)
    q = np.asarray(vector, dtype=np.float32)
    sql = (
        f"SELECT c.id FROM (SELECT p.id, p.embedding FROM {TABLE[kind]} p WHERE {where} "  # noqa: S608
        "  ORDER BY p.embedding::halfvec(384) <=> CAST(CAST(:q AS vector(384)) AS halfvec(384)) LIMIT :fetch) c "
        "ORDER BY c.embedding <=> CAST(:q AS vector(384)), c.id LIMIT :k"
    )
    rows = conn.execute(text(sql), {**params, "q": q, "fetch": FETCH_FACTOR * k, "k": k}).all()
    return [int(r[0]) for r in rows]


def tsquery_text(profile_text: str) -> str:
    """An OR query of the profile's words for to_tsquery (any word may match; ts_rank_cd rewards more).

    Only [a-z0-9] words reach it, so no tsquery operator can come from the person's text."""
    words = list(dict.fromkeys(_WORD.findall(profile_text.lower())))[:MAX_QUERY_WORDS]
    return " | ".join(words)


def lexical_ids(
    conn: Connection, kind: str, constraints: Constraints, profile_text: str, k: int, now: float
) -> list[int]:
    """The `k` best items by ts_rank_cd of the profile's words under the filters (core full text: the
    production image has no BM25 extension); items sharing no word are not returned.

    The GIN index finds the matching rows but cannot order them, and ts_rank_cd needs each row's tsvector,
    computed from its text at query time (no stored column: issue 14's import speed). So at most
    LEXICAL_RANKED matching rows are ranked; the caller passes its rarest words so few rows match."""
    query = tsquery_text(profile_text)
    if not query:
        return []
    _settings(conn, exact=False)
    where, params = _filters(kind, constraints, now)
    document = f"to_tsvector('english', {_SEARCH_TEXT[kind]})"
    sql = (
        f"SELECT m.id FROM (SELECT p.id, {document} AS doc FROM {TABLE[kind]} p, "  # noqa: S608
        f"  to_tsquery('english', :query) tsq WHERE {where} AND {document} @@ tsq LIMIT :ranked) m, "
        "to_tsquery('english', :query) tsq ORDER BY ts_rank_cd(m.doc, tsq) DESC, m.id LIMIT :k"
    )
    params.update(query=query, k=k, ranked=max(LEXICAL_RANKED, k))
    return [int(r[0]) for r in conn.execute(text(sql), params).all()]


def load(conn: Connection, kind: str, ids: Sequence[int], *, model_name: str | None) -> list[CatalogRow]:
    """The rows of these items, ordered by id (as `candidates.load_rows` orders a whole catalog)."""
    if not ids:
        return []
    sql = row_query(kind, "p.id = ANY(:ids)") + " ORDER BY p.id"
    return build_rows(conn.execute(text(sql), {"ids": sorted(set(ids))}).all(), kind, model_name)
