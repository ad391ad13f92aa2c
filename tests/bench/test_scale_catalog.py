"""bench/match_scale.py's catalog builder (bench/scale_catalog.py) writes the rows its output says it does.

The bench times matching over a million rows of which all but a few thousand are stand-ins made in SQL; its
figures mean something only if those rows carry jittered (not duplicate) vectors and the spread of areas,
pay, end dates and statuses that the profile filters act on. Checked here on a few hundred rows.
"""

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session

from matcher.encoder import Encoder
from models.repositories import candidates
from tests.catalog_factories import add_job, add_program


def _load() -> ModuleType:
    # bench/ is scripts, not a package: loaded from its file, as tests/etl/test_import_speed_python.py does.
    path = Path(__file__).resolve().parents[2] / "bench" / "scale_catalog.py"
    spec = importlib.util.spec_from_file_location("bench_scale_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SC = _load()
COPIES = 400


def _vec(value: Any) -> np.ndarray:
    # pgvector's Vector from a raw row, a list or an array from the ORM row.
    return np.asarray(value.to_numpy() if hasattr(value, "to_numpy") else value, dtype=np.float64)


def test_stand_in_postings_have_jittered_vectors_and_the_filter_spread_the_bench_states(
    session: Session, encoder: Encoder
) -> None:
    seeds = [
        add_job(session, encoder, title=title, source="bench", zip3="980", region="WA")
        for title in ("Warehouse Associate", "Line Cook", "Home Health Aide")
    ]
    conn = session.connection()
    conn.execute(text("SELECT setseed(0.25)"))  # random() and random_normal(): the same draws every run
    chunks: list[int] = []
    written = SC.copy_rows(conn, "job_posting", [s.id for s in seeds], COPIES, chunk=150, progress=chunks.append)
    assert written == COPIES
    assert chunks == [150, 300, 400]

    rows = (
        conn.execute(
            text(
                "SELECT id, source_id, embedding, zip3, region, is_remote, pay_min_hourly, pay_max_hourly, pay_unit, "
                "valid_through < now() AS expired, valid_through IS NULL AS no_end, status, industry, dedup_key, "
                "duplicate_of_id FROM job_posting WHERE source_id LIKE '%-c%' ORDER BY id"
            )
        )
        .mappings()
        .all()
    )
    assert len(rows) == COPIES
    assert sorted(int(r["source_id"].rsplit("-c", 1)[1]) for r in rows) == list(range(1, COPIES + 1))
    assert len({r["dedup_key"] for r in rows}) == COPIES
    assert all(r["duplicate_of_id"] is None for r in rows)

    # Jitter: unit vectors near their seed (copy n belongs to seed n mod 3 in id order), never a duplicate.
    by_id = sorted(seeds, key=lambda s: s.id or 0)
    seed_vectors = [_vec(s.embedding) for s in by_id]
    cosines = []
    for r in rows:
        v = _vec(r["embedding"])
        assert abs(np.linalg.norm(v) - 1.0) < 1e-5
        n = int(r["source_id"].rsplit("-c", 1)[1])
        cosines.append(float(v @ seed_vectors[n % 3]))
    assert 0.90 < float(np.mean(cosines)) < 0.96  # sigma 0.02 over 384 dimensions: about 0.93
    assert min(cosines) > 0.85 and max(cosines) < 0.99
    assert len({tuple(np.round(_vec(r["embedding"]), 6)) for r in rows}) == COPIES

    # Areas: real (zip3, state) pairs, Zipf-skewed toward the first; remote rows have none.
    pairs = dict(SC.areas())
    remote = [r for r in rows if r["is_remote"]]
    on_site = [r for r in rows if not r["is_remote"]]
    assert 8 <= len(remote) <= 45  # 6% of 400 = 24
    assert all(r["zip3"] is None and r["region"] is None for r in remote)
    assert all(pairs[r["zip3"]] == r["region"] for r in on_site)
    largest, count = Counter(r["zip3"] for r in on_site).most_common(1)[0]
    assert largest == SC.areas()[0][0]
    assert count >= 30  # weight about 15%; uniform over 452 areas would give about 1

    # Pay: 35% none; else an hourly range from $15 to $44 published as such.
    paid = [r for r in rows if r["pay_min_hourly"] is not None]
    assert 100 <= COPIES - len(paid) <= 180
    assert all(15 <= r["pay_min_hourly"] <= 40 for r in paid)
    assert all(-1e-9 <= r["pay_max_hourly"] - r["pay_min_hourly"] <= 4 + 1e-9 for r in paid)
    assert all(r["pay_unit"] == "HOUR" for r in paid)
    assert all(r["pay_unit"] is None and r["pay_max_hourly"] is None for r in rows if r["pay_min_hourly"] is None)

    # End dates and statuses: some expired by the clock, some held or closed; the served filter drops them.
    expired = {r["id"] for r in rows if r["expired"]}
    assert 20 <= len(expired) <= 65  # 10%
    assert 50 <= sum(1 for r in rows if r["no_end"]) <= 115  # 20%
    statuses = Counter(r["status"] for r in rows)
    assert set(statuses) == {"active", "held", "closed"}
    assert statuses["active"] >= 0.85 * COPIES
    assert {r["industry"] for r in rows} <= set(SC.INDUSTRIES)
    assert len({r["industry"] for r in rows}) == len(SC.INDUSTRIES)
    live = candidates.still_live(conn, "job", [r["id"] for r in rows])
    assert live == {r["id"] for r in rows if r["status"] == "active" and not r["expired"]}


def test_stand_in_programs_are_online_without_an_area(session: Session, encoder: Encoder) -> None:
    seed = add_program(session, encoder, source="bench")
    conn = session.connection()
    conn.execute(text("SELECT setseed(0.5)"))
    assert SC.copy_rows(conn, "training_program", [seed.id], 200) == 200
    rows = conn.execute(
        text("SELECT zip3, region, is_online, delivery FROM training_program WHERE source_id LIKE '%-c%'")
    ).all()
    online = [r for r in rows if r.is_online]
    assert 2 <= len(online) <= 25
    assert all(r.zip3 is None and r.region is None and r.delivery == "online" for r in online)
    pairs = dict(SC.areas())
    assert all(pairs[r.zip3] == r.region for r in rows if not r.is_online)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(min_value=1, max_value=600), zipf=st.floats(min_value=0.0, max_value=2.0))
def test_area_slots_draw_every_area_and_larger_ranks_never_more_often(n: int, zipf: float) -> None:
    counts = Counter(SC.area_slots(n, zipf))
    assert set(counts) == set(range(1, n + 1))
    ordered = [counts[i] for i in range(1, n + 1)]
    assert ordered == sorted(ordered, reverse=True)
