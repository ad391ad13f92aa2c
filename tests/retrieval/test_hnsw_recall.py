"""Issue 18: recall@100 of the HNSW candidate query against the exact query, under a filter that passes a
fifth of the rows. A measurement of pgvector's behaviour under our settings (iterative relaxed-order scans,
ef_search 100, fetch 3x then keep the best by full-precision distance), kept to a few seconds."""

import numpy as np
from sqlalchemy import text
from sqlmodel import Session

from matcher.types import Constraints
from models.repositories import retrieval as retrieval_repo

DIM, ROWS, QUERIES, K = 384, 4000, 10, 100
NOW = 0.0  # no row has an end date


def _plan(session: Session, q: np.ndarray, c: Constraints) -> str:
    where, params = retrieval_repo._filters("job", c, NOW)
    rows = (
        session.connection()
        .execute(
            text(
                f"EXPLAIN SELECT p.id FROM job_posting p WHERE {where} "
                "ORDER BY p.embedding::halfvec(384) <=> CAST(CAST(:q AS vector(384)) AS halfvec(384)) LIMIT 300"
            ),
            {**params, "q": q},
        )
        .all()
    )
    return "\n".join(str(r[0]) for r in rows)


def test_hnsw_candidates_keep_recall_at_100_under_a_restrictive_filter(session: Session) -> None:
    rng = np.random.default_rng(100)
    centers = rng.standard_normal((40, DIM))
    vecs = centers[rng.integers(40, size=ROWS)] + 1.2 * rng.standard_normal((ROWS, DIM))
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    regions = rng.choice(["WA", "OR", "CA", "ID"], size=ROWS)  # WA: a quarter
    pays = rng.choice([15.0, 25.0, 30.0, 40.0, 50.0], size=ROWS)  # floor 20: four fifths
    conn = session.connection()
    conn.execute(
        text(
            "INSERT INTO job_posting (source, source_id, title, description, employer_name, region, zip3, "
            "is_remote, pay_min_hourly, status, requires_work_authorization, requires_citizenship, screening, "
            "review_priority, content_hash, dedup_key, text_hash, embedding_hash, embedding, updated_at, created_at) "
            "SELECT 'recall', 'r' || i, 'Job', 'Work.', 'Employer', r, '980', false, pay, 'active', false, false, "
            "'[]', 0, 'h' || i, 'h' || i, 'h' || i, 'h' || i, CAST(v AS vector), now(), now() "
            "FROM unnest(CAST(:v AS text[]), CAST(:r AS text[]), CAST(:p AS float8[])) "
            "WITH ORDINALITY AS t(v, r, pay, i)"
        ),
        {"v": [str(v.tolist()) for v in vecs], "r": regions.tolist(), "p": pays.tolist()},
    )
    conn.execute(text("ANALYZE job_posting"))
    c = Constraints(region="WA", remote_ok=False, pay_floor_hourly=20.0)
    queries = centers[rng.integers(40, size=QUERIES)] + 1.2 * rng.standard_normal((QUERIES, DIM))
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    recalls = []
    for q in queries.astype(np.float32):
        exact = retrieval_repo.semantic_ids(conn, "job", c, q, K, NOW, exact=True)
        # At this size sorting the filtered rows is cheaper and the planner rightly does so; to measure the
        # graph walk, sorting is priced out (the plan is checked: the HNSW index answers).
        conn.execute(text("SET LOCAL enable_sort = off"))
        found = retrieval_repo.semantic_ids(conn, "job", c, q, K, NOW)
        assert "ix_job_posting_retrieval_hnsw" in _plan(session, q, c)
        conn.execute(text("SET LOCAL enable_sort = on"))
        recalls.append(len(set(found) & set(exact)) / len(exact))
    assert len(exact) == K
    print(f"recall@{K} over {QUERIES} queries: mean {np.mean(recalls):.4f}, min {min(recalls):.4f} (goal >= 0.98)")
    assert np.mean(recalls) >= 0.98
