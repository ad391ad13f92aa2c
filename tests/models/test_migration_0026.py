"""Migration 0026 (issue 18): the candidate stage's indexes, partial on held rows; down removes them, up
brings them back; the repository's queries use them (their expressions are the indexed ones)."""

from collections.abc import Iterator

import numpy as np
import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from matcher.types import Constraints
from models.migrate import alembic_config, current_revision, upgrade
from models.repositories import retrieval as retrieval_repo

NAMES = {
    f"ix_{table}_retrieval_{what}"
    for table in ("job_posting", "training_program")
    for what in ("hnsw", "text", "zip3", "remote")
}


@pytest.fixture
def fresh_engine(engine: Engine) -> Iterator[Engine]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE IF EXISTS migrate_0026"))
        conn.execute(text("CREATE DATABASE migrate_0026"))
    fresh = create_engine(make_url(str(engine.url)).set(database="migrate_0026"))
    yield fresh
    fresh.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE migrate_0026 WITH (FORCE)"))


def _indexes(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%_retrieval_%'"))
        return {str(r[0]): str(r[1]) for r in rows}


def _statistics(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {str(r[0]) for r in conn.execute(text("SELECT stxname FROM pg_statistic_ext"))}


def _downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def test_0026_builds_partial_retrieval_indexes_and_down_drops_them(fresh_engine: Engine) -> None:
    upgrade(fresh_engine, "0026")
    built = _indexes(fresh_engine)
    assert set(built) == NAMES
    for definition in built.values():  # only rows retrieval can return pay for them (import speed)
        assert "((status)::text = 'active'::text) AND (embedding IS NOT NULL))" in definition.split(" WHERE ")[1]
    hnsw = built["ix_job_posting_retrieval_hnsw"]
    assert "USING hnsw (((embedding)::halfvec(384)) halfvec_cosine_ops) WITH (m='16', ef_construction='128')" in hnsw
    assert "USING gin (to_tsvector('english'::regconfig" in built["ix_training_program_retrieval_text"]
    assert {"st_job_posting_retrieval_region", "st_training_program_retrieval_region"} <= _statistics(fresh_engine)
    _downgrade(fresh_engine, "0025")
    assert current_revision(fresh_engine) == "0025"
    assert _indexes(fresh_engine) == {}
    assert not {s for s in _statistics(fresh_engine) if "_retrieval_" in s}
    upgrade(fresh_engine, "0026")
    assert set(_indexes(fresh_engine)) == NAMES


def test_the_lexical_query_is_answered_by_the_full_text_index(session: Session) -> None:
    conn = session.connection()
    # An empty table: price out the other plans so the planner shows which index can answer (GIN: bitmap only).
    conn.execute(text("SET LOCAL enable_seqscan = off"))
    conn.execute(text("SET LOCAL enable_indexscan = off"))
    # On an empty table any index on held rows is the cheapest bitmap; drop the area and status ones (rolled
    # back with the test) so the plan can only be the full-text index if its expression matches, else a scan.
    for name in ("retrieval_zip3", "retrieval_remote", "status"):
        conn.execute(text(f"DROP INDEX ix_training_program_{name}"))
    where, params = retrieval_repo._filters("program", Constraints(), 0.0)
    document = f"to_tsvector('english', {retrieval_repo._SEARCH_TEXT['program']})"
    plan = conn.execute(
        text(
            f"EXPLAIN SELECT p.id FROM training_program p, to_tsquery('english', 'forklift | trucks') tsq "
            f"WHERE {where} AND {document} @@ tsq"
        ),
        params,
    ).all()
    assert "ix_training_program_retrieval_text" in "\n".join(str(r[0]) for r in plan)
    # and the semantic query by the HNSW index once sorting is priced out (tests/retrieval/test_hnsw_recall.py
    # measures its recall)
    conn.execute(text("SET LOCAL enable_sort = off"))
    conn.execute(text("SET LOCAL enable_indexscan = on"))
    where, params = retrieval_repo._filters("job", Constraints(), 0.0)
    plan = conn.execute(
        text(
            f"EXPLAIN SELECT p.id FROM job_posting p WHERE {where} "
            "ORDER BY p.embedding::halfvec(384) <=> CAST(CAST(:q AS vector(384)) AS halfvec(384)) LIMIT 300"
        ),
        {**params, "q": np.ones(384, dtype=np.float32)},
    ).all()
    assert "ix_job_posting_retrieval_hnsw" in "\n".join(str(r[0]) for r in plan)
