"""The served path at scale: POST /profiles/{p}/matches over a million postings (issue 18: "Scale", "timed path").

Usage:
    nice -n 10 .venv/bin/python bench/match_scale.py [--jobs 1000000] [--programs 10000] [--requests 200]
        [--workers 2] [--retrieval auto|memory|database] [--keep DIR | --reuse DIR]

Builds a catalog in an embedded PostgreSQL of its own: `--seed-jobs` postings and `--seed-programs` programs
imported through the real pipeline (normalize, screen, embed with the real model; texts from
`--distinct-texts` variants), the rest STAND-IN copies made in SQL (bench/scale_catalog.py): each copy keeps
its seed's text with a jittered vector, normalize(v + 0.02 * gaussian), and draws its own area (Zipf-skewed
real zip3s), remote share, pay, end date (some expired), status (some held or closed) and industry. Index
builds are timed: the HNSW / GIN / IVFFlat indexes on the catalog tables (migration 0026 where present) are
dropped before the bulk copy and rebuilt with CREATE INDEX CONCURRENTLY (maintenance_work_mem 2GB), so the
bulk never pays for one row at a time in the graph. The cluster gets `--shared-buffers` (default 2GB: the
HNSW index at 1M is 1.1 GB, docs/scaling.md) by ALTER SYSTEM and a restart; it is the bench's own cluster.

Then it serves the app with `wayfinder serve --workers N` (a subprocess: its own uvicorn workers, each
loading the model and its indexes in its lifespan), connected as the login role `wayfinder_app`,
signs a caseworker in, stores `--requests` profiles with varied constraints (areas from one town to a whole
state or anywhere, remote or not, pay floors, excluded industries, employers and areas) and times one
`POST /profiles/{p}/matches` (top 20, explained, proposals written) per profile, each on a fresh connection
so requests spread over the workers: p50, p95, max beside the goal (p95 <= 150 ms), and each worker's
resident memory (psutil RSS, and its peak) beside the goal (<= 1 GB).

Recall@100 of the candidate stage against exact search under each profile's filters is measured wherever the
catalog has an HNSW index: the served query (models/repositories/retrieval.py `semantic_ids`, exact=False
against exact=True) where the checkout has it, else the bench's own copy of its shape (relaxed_order iterative
scan, ef_search 100, fetch 300 keep 100) against the same SQL with index scans off. In memory retrieval every
live row is scored: recall is 1 by construction, and the bench says so.

Freshness at this size: post (through the pipeline), edit, close, hold, clear, each followed by the first
match, beside 2x the steady p95 (as bench/catalog_freshness.py).

`--keep DIR` keeps the built cluster in DIR; `--reuse DIR` times it again without building (a 1M build takes
tens of minutes on two cores). `uptime` is printed before and after: the machine is shared, so compare
ratios within one run.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import psutil
from sqlalchemy import Connection, Engine, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import catalog_writes, import_jsonl
from scale_catalog import INDUSTRIES, STATE_RANGES, Mix, area_weights, areas, copy_rows
from synthetic import DUTIES, EMPLOYERS, TITLES, posting, program_fields, write_jsonl

from api.services.accounts import hash_password
from etl.components import default_enricher
from etl.load import run_import
from etl.normalize.pipeline import parse_jobs
from matcher.encoder import Encoder
from matcher.profile_vectors import condensed, segment_texts
from matcher.taxonomy import load_taxonomy
from matcher.types import Constraints, ProfileQuery
from models.db import make_engine, stop_embedded
from models.enums import OrgKind, Role
from models.migrate import upgrade
from models.organization import Organization, User
from models.privacy.crypto import load_keyring
from models.program import ProgramIn
from models.repositories.tenancy import set_app_role_password
from models.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = "match_scale.json"
PASSWORD = "bench-" + secrets.token_urlsafe(12)
GOAL_P95_MS = 150.0
GOAL_RSS_MB = 1024.0
GOAL_RECALL = 0.98
SKILLS = ["forklift", "customer service", "cash handling", "food safety", "patient care", "cleaning"]
TABLES = ("job_posting", "training_program")
# The candidate query's settings (docs/scaling.md "Index and query settings"; models/repositories/retrieval.py
# on the h18-retrieval branch): relaxed iterative scan, ef_search 100, fetch 300 and keep the best 100.
EF_SEARCH, FETCH, K = 100, 300, 100


def say(line: str) -> None:
    print(line, flush=True)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


# --- the cluster ---------------------------------------------------------------------------------------------


@contextmanager
def cluster(home: Path, *, remove: bool, shared_buffers: str) -> Iterator[tuple[Settings, Engine]]:
    """The bench's own embedded cluster under `home`, tuned for a large catalog, migrated to head."""
    settings = Settings(_env_file=None, home=home, database_url=None)
    engine = make_engine(settings)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            before = conn.execute(text("SHOW shared_buffers")).scalar()
            # The HNSW build wants its graph in maintenance_work_mem (about 10x slower when it is not), and the
            # index wants to stay in shared_buffers; a bulk load wants fewer checkpoints.
            for name, value in (
                ("shared_buffers", shared_buffers),
                ("maintenance_work_mem", "2GB"),
                ("max_parallel_maintenance_workers", "1"),
                ("max_wal_size", "8GB"),
            ):
                conn.execute(text(f"ALTER SYSTEM SET {name} = '{value}'"))
            conn.execute(text("SELECT pg_reload_conf()"))
        if str(before).lower() != shared_buffers.lower():
            engine.dispose()
            stop_embedded(settings)  # shared_buffers takes a restart
            engine = make_engine(settings)
        t0 = time.perf_counter()
        upgrade(engine)
        say(f"migrations to head: {time.perf_counter() - t0:.1f} s (on a reused folder, any new index builds here)")
        with engine.connect() as conn:
            shown = {n: conn.execute(text(f"SHOW {n}")).scalar() for n in ("shared_buffers", "maintenance_work_mem")}
            version = conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
            server = conn.execute(text("SHOW server_version")).scalar()
        say(f"server: PostgreSQL {server}, pgvector {version}; " + ", ".join(f"{k} {v}" for k, v in shown.items()))
        yield settings, engine
    finally:
        engine.dispose()
        stop_embedded(settings)  # before the folder goes: a deleted data folder cannot be stopped cleanly
        if remove:
            shutil.rmtree(home, ignore_errors=True)


# --- building the catalog ------------------------------------------------------------------------------------


def autocommit(engine: Engine) -> Connection:
    return engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def vector_indexes(conn: Connection, table: str) -> list[tuple[str, str, str]]:
    """(name, definition, access method) of the table's HNSW, IVFFlat and GIN indexes."""
    rows = conn.execute(
        text(
            "SELECT i.relname, pg_get_indexdef(i.oid), am.amname FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam "
            "WHERE x.indrelid = CAST(:t AS regclass) AND am.amname IN ('hnsw', 'ivfflat', 'gin') ORDER BY 1"
        ),
        {"t": table},
    ).all()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def import_seeds(engine: Engine, encoder: Encoder, home: Path, args: argparse.Namespace) -> dict[str, float]:
    times: dict[str, float] = {}
    enricher = default_enricher(encoder.model_name)
    t0 = time.perf_counter()
    path = write_jsonl(home / "jobs.jsonl", min(args.jobs, args.seed_jobs), distinct_texts=args.distinct_texts)
    import_jsonl(engine, path, enricher=enricher, encoder=encoder, reports=home)
    times["seed postings through the pipeline"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    rng = random.Random(5)
    programs = [ProgramIn.model_validate(program_fields(i, rng)) for i in range(min(args.programs, args.seed_programs))]
    run_import(
        engine,
        kind="programs",
        path=path,
        fmt="bench",
        source="bench",
        parsed=iter(programs),
        enricher=enricher,
        encoder=encoder,
        reports_dir=home,
    )
    times["seed programs through the pipeline"] = time.perf_counter() - t0
    return times


def build_catalog(engine: Engine, encoder: Encoder, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    times = import_seeds(engine, encoder, home, args)
    for name, seconds in times.items():
        say(f"  {name}: {seconds:.1f} s")
    dropped: list[tuple[str, str, str]] = []
    with autocommit(engine) as conn:
        for table in TABLES:
            for name, definition, method in vector_indexes(conn, table):
                conn.execute(text(f'DROP INDEX "{name}"'))
                dropped.append((name, definition, method))
    if dropped:
        say(f"  dropped for the bulk copy, rebuilt after it: {', '.join(n for n, _, _ in dropped)}")
    counts: dict[str, int] = {}
    for table, total in (("job_posting", args.jobs), ("training_program", args.programs)):
        with engine.connect() as conn:
            seed_ids = [int(i) for i in conn.execute(text(f"SELECT id FROM {table} ORDER BY id")).scalars()]
        t0 = time.perf_counter()
        last = [t0]

        def progress(written: int, t0: float = t0, last: list[float] = last, total: int = total) -> None:
            if time.perf_counter() - last[0] > 60:
                last[0] = time.perf_counter()
                say(f"    {written:,} copies ({written / (last[0] - t0):,.0f} rows/s)")

        with autocommit(engine) as conn:
            # Each chunk commits on its own, as an import's batches do; a crash mid-way leaves a partial
            # folder (build it again).
            copied = copy_rows(conn, table, seed_ids, total - len(seed_ids), progress=progress)
        counts[table] = len(seed_ids) + copied
        seconds = time.perf_counter() - t0
        times[f"{table}: {copied:,} stand-in copies in SQL"] = seconds
        say(f"  {table}: {len(seed_ids):,} imported + {copied:,} stand-in copies in {seconds:.1f} s")
    for name, definition, method in dropped:
        t0 = time.perf_counter()
        with autocommit(engine) as conn:
            conn.execute(text("SET maintenance_work_mem = '2GB'"))
            # CONCURRENTLY: writes go on during the build, as a production rebuild must allow.
            conn.execute(text(definition.replace("CREATE INDEX ", "CREATE INDEX CONCURRENTLY ", 1)))
            size = int(conn.execute(text("SELECT pg_relation_size(CAST(:n AS regclass))"), {"n": name}).scalar() or 0)
        seconds = time.perf_counter() - t0
        times[f"CREATE INDEX CONCURRENTLY {name} ({method})"] = seconds
        say(f"  CREATE INDEX CONCURRENTLY {name} ({method}): {seconds:.1f} s, {size / 2**20:,.0f} MB")
    if not dropped:
        say("  no HNSW / GIN index on the catalog tables (migration 0026 absent): no index to build")
    t0 = time.perf_counter()
    with autocommit(engine) as conn:
        for table in TABLES:
            conn.execute(text(f"VACUUM (ANALYZE) {table}"))
    times["VACUUM (ANALYZE)"] = time.perf_counter() - t0
    say(f"  VACUUM (ANALYZE): {times['VACUUM (ANALYZE)']:.1f} s")
    return {"counts": counts, "times": times, "indexes": [n for n, _, _ in dropped], "built_at": time.time()}


def reindex(engine: Engine) -> None:
    """Time REINDEX CONCURRENTLY of each vector index of a reused catalog (the rebuild a production server does)."""
    with autocommit(engine) as conn:
        found = [(n, m) for t in TABLES for n, _, m in vector_indexes(conn, t)]
        conn.execute(text("SET maintenance_work_mem = '2GB'"))
        for name, method in found:
            t0 = time.perf_counter()
            conn.execute(text(f'REINDEX INDEX CONCURRENTLY "{name}"'))
            say(f"  REINDEX INDEX CONCURRENTLY {name} ({method}): {time.perf_counter() - t0:.1f} s")
    if not found:
        say("  no HNSW / GIN index to reindex")


_LIVE = (
    "j.status = 'active' AND j.embedding IS NOT NULL AND (j.valid_through IS NULL OR j.valid_through > now()) "
    "AND (j.duplicate_of_id IS NULL OR NOT EXISTS (SELECT 1 FROM job_posting canon WHERE canon.id = "
    "j.duplicate_of_id AND canon.status = 'active' AND (canon.valid_through IS NULL OR canon.valid_through > now())))"
)


SIZE = "SELECT pg_size_pretty(pg_relation_size(CAST(:n AS regclass)))"


def describe_catalog(engine: Engine) -> int:
    with engine.connect() as conn:
        total, live, remote, expired = conn.execute(
            text(
                f"SELECT count(*), count(*) FILTER (WHERE {_LIVE}), count(*) FILTER (WHERE is_remote), "
                "count(*) FILTER (WHERE valid_through <= now()) FROM job_posting j"
            )
        ).one()
        programs = conn.execute(text("SELECT count(*) FROM training_program WHERE status = 'active'")).scalar()
        seeds = conn.execute(text("SELECT count(*) FROM job_posting WHERE source_id NOT LIKE '%-c%'")).scalar()
        sizes = conn.execute(
            text(
                "SELECT pg_size_pretty(pg_total_relation_size('job_posting')), "
                "pg_size_pretty(pg_relation_size('job_posting'))"
            )
        ).one()
        indexes = [(n, m) for t in TABLES for n, _, m in vector_indexes(conn, t)]
        index_sizes = [f"{n} ({m}) {conn.execute(text(SIZE), {'n': n}).scalar()}" for n, m in indexes]
    say(
        f"catalog: {total:,} postings ({seeds:,} imported through the pipeline, the rest STAND-IN copies made in SQL "
        f"with jittered vectors), {live:,} live now ({remote:,} remote, {expired:,} expired by their end date); "
        f"{programs:,} active programs"
    )
    say(
        f"job_posting: {sizes[0]} with its indexes ({sizes[1]} heap); "
        f"vector/text indexes: {', '.join(index_sizes) or 'none'}"
    )
    return int(live)


# --- profiles and filters ------------------------------------------------------------------------------------


def profile_bodies(n: int, seed: int = 3) -> list[dict[str, Any]]:
    """Stored-profile bodies with varied constraints: one town (skewed to the large ones, or any: some small),
    a few towns of one state, a whole state, anywhere; remote or not; pay floors; exclusions."""
    rng = random.Random(seed)
    pairs = areas()
    weights = area_weights(len(pairs), Mix().zipf)
    by_state: dict[str, list[tuple[str, float]]] = {}
    for (zip3, state), w in zip(pairs, weights, strict=True):
        by_state.setdefault(state, []).append((zip3, w))
    out = []
    for i in range(n):
        body: dict[str, Any] = {
            "skills": rng.sample(SKILLS, 2),
            "work_history": [{"title": rng.choice(TITLES), "activities": ", ".join(rng.sample(DUTIES, 3))}],
            "remote_ok": rng.random() < 0.7,
        }
        shape = i % 10
        if shape <= 5:
            # Towns: by the catalog's skew (0-3) or uniformly (4-5: small towns, the restrictive case).
            zip3, state = rng.choices(pairs, weights)[0] if shape <= 3 else rng.choice(pairs)
            towns = by_state[state]
            more = rng.choices([z for z, _ in towns], [w for _, w in towns], k=rng.randint(0, 2))
            body.update(region=state, zip3s=sorted({zip3, *more}))
        elif shape <= 7:
            state = rng.choice(sorted(STATE_RANGES))
            body["region"] = state
            if rng.random() < 0.4:
                body["excluded_zip3s"] = sorted({z for z, _ in rng.sample(by_state[state], 2)})
        elif shape == 8:
            body.update(region="WA", zip3s=["980", "981"])  # where the imported postings are
        if rng.random() < 0.4:
            body["pay_floor_hourly"] = float(rng.choice([16, 18, 20, 22, 25, 28]))
        if rng.random() < 0.3:
            body["excluded_industries"] = rng.sample(INDUSTRIES, rng.randint(1, 2))
        if rng.random() < 0.15:
            body["excluded_employers"] = [rng.choice(EMPLOYERS)]
        out.append(body)
    return out


def filter_sql(body: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The profile's hard filters in SQL on job_posting j: liveness, area, pay floor, exclusions.

    Area and pay as matcher/prefilter.py's mask (an unknown area or pay passes); the exclusions exactly for the
    bench's own industry and employer names (the matcher matches words, a superset of this equality)."""
    where: list[str] = [_LIVE]
    params: dict[str, Any] = {}
    on_site = []
    if body.get("region"):
        on_site.append("(j.region IS NULL OR j.region = '' OR upper(j.region) = :region)")
        params["region"] = str(body["region"]).upper()
    if body.get("zip3s"):
        on_site.append("(j.zip3 IS NULL OR j.zip3 = '' OR j.zip3 = ANY(:zip3s))")
        params["zip3s"] = list(body["zip3s"])
    site = " AND ".join(on_site) or "TRUE"
    where.append(f"(j.is_remote OR ({site}))" if body.get("remote_ok", True) else f"(NOT j.is_remote AND {site})")
    if body.get("pay_floor_hourly") is not None:
        # best_hourly_pay: the max bound, else the min (greatest() skips NULLs)
        where.append("coalesce(greatest(j.pay_max_hourly, j.pay_min_hourly) >= :floor, TRUE)")
        params["floor"] = body["pay_floor_hourly"]
    if body.get("excluded_zip3s"):
        where.append("(j.zip3 IS NULL OR NOT (j.zip3 = ANY(:ex_zip3s)))")
        params["ex_zip3s"] = list(body["excluded_zip3s"])
    if body.get("excluded_industries"):
        where.append("(j.industry IS NULL OR NOT (lower(j.industry) = ANY(:ex_ind)))")
        params["ex_ind"] = [x.lower() for x in body["excluded_industries"]]
    if body.get("excluded_employers"):
        where.append("NOT (lower(j.employer_name) = ANY(:ex_emp))")
        params["ex_emp"] = [x.lower() for x in body["excluded_employers"]]
    return " AND ".join(where), params


def query_vectors(encoder: Encoder, bodies: list[dict[str, Any]]) -> list[np.ndarray]:
    """Each profile's whole-text vector and parts vector, as intake stores them (matching.embed_profile)."""
    taxonomy = load_taxonomy()
    out = []
    for body in bodies:
        query = ProfileQuery.from_json(
            {"id": "q", "skills": body["skills"], "work_history": body["work_history"], "constraints": {}}
        )
        out.append(condensed(encoder.encode(segment_texts(query, taxonomy))))
    return out


def selectivity(engine: Engine, bodies: list[dict[str, Any]], live: int) -> list[float]:
    """The share of live postings (per cent) each profile's filters pass, printed in summary."""
    passing = []
    with engine.connect() as conn:
        for body in bodies:
            where, params = filter_sql(body)
            passing.append(
                int(conn.execute(text(f"SELECT count(*) FROM job_posting j WHERE {where}"), params).scalar() or 0)
            )
    shares = [100 * p / max(live, 1) for p in passing]
    say(
        f"profile filters pass (share of live postings): median {statistics.median(shares):.2f}%, "
        f"min {min(shares):.3f}%, max {max(shares):.1f}%; {sum(1 for s in shares if s < 1)} of {len(shares)} "
        "under 1%"
    )
    return shares


def served_semantic_ids() -> Callable[..., list[int]] | None:
    """The served candidate query (models/repositories/retrieval.py `semantic_ids`), where this checkout has it."""
    try:
        from models.repositories import retrieval as served  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    found = getattr(served, "semantic_ids", None)
    return found if callable(found) else None


def recall(engine: Engine, bodies: list[dict[str, Any]], vectors: list[np.ndarray], shares: list[float]) -> None:
    """Recall@100 of the HNSW candidate query against the same query with index scans off (exact).

    The served query (`semantic_ids`: the profile's area, pay, excluded-area and liveness filters in SQL) where
    the checkout has it, else the bench's own copy of its shape, which also applies the industry and employer
    exclusions in SQL (the served path checks those in Python after retrieval)."""
    with engine.connect() as conn:
        hnsw = [(n, d) for n, d, m in vector_indexes(conn, "job_posting") if m == "hnsw"]
        dims = int(conn.execute(text("SELECT vector_dims(embedding) FROM job_posting LIMIT 1")).scalar() or 384)
    if not hnsw:
        say("recall@100: no HNSW index on job_posting, so no approximate stage to measure")
        return
    name = hnsw[0][0]
    served = served_semantic_ids()
    results: dict[str, list[float]] = {"whole-profile vector": [], "parts vector": []}
    per_profile: list[tuple[float, int]] = []  # (whole-profile recall, profile number)
    via_index = 0
    approx_ms: list[float] = []
    now = time.time()
    for body, pair in zip(bodies, vectors, strict=True):
        constraints = Constraints.from_mapping(body)
        where, params = filter_sql(body)
        distance = f"CAST(j.embedding AS halfvec({dims})) <=> CAST(:q AS halfvec({dims}))"
        sql = (
            f"WITH c AS MATERIALIZED (SELECT j.id, {distance} AS d FROM job_posting j WHERE {where} "
            f"ORDER BY {distance} LIMIT {FETCH}) SELECT id, d FROM c ORDER BY d LIMIT {K}"
        )
        for label, vector in zip(results, pair, strict=False):
            if served is not None:
                with engine.begin() as conn:
                    exact_ids = served(conn, "job", constraints, vector, K, now, exact=True)
                with engine.begin() as conn:
                    t0 = time.perf_counter()
                    found_ids = served(conn, "job", constraints, vector, K, now, exact=False)
                    approx_ms.append((time.perf_counter() - t0) * 1000)
                if exact_ids:
                    results[label].append(len(set(found_ids) & set(exact_ids)) / len(exact_ids))
                    if label == "whole-profile vector":
                        per_profile.append((results[label][-1], bodies.index(body)))
                continue
            bound = {**params, "q": "[" + ",".join(f"{x:.7f}" for x in vector) + "]"}
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL enable_indexscan = off"))
                exact = [float(r[1]) for r in conn.execute(text(sql), bound)]
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL hnsw.iterative_scan = relaxed_order"))
                conn.execute(text(f"SET LOCAL hnsw.ef_search = {EF_SEARCH}"))
                conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
                plan = json.dumps(conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"), bound).scalar())
                t0 = time.perf_counter()
                found = [float(r[1]) for r in conn.execute(text(sql), bound)]
                approx_ms.append((time.perf_counter() - t0) * 1000)
            if label == "whole-profile vector" and name in plan:
                via_index += 1
            if exact:
                kth = exact[-1] + 1e-6  # ties with the exact 100th count as found
                results[label].append(sum(1 for d in found if d <= kth) / len(exact))
                if label == "whole-profile vector":
                    per_profile.append((results[label][-1], bodies.index(body)))
    for label, values in results.items():
        if not values:
            continue
        under = sum(1 for v in values if v < GOAL_RECALL)
        say(
            f"recall@{K} ({label}): mean {statistics.mean(values):.4f}, min {min(values):.2f}, {under} of "
            f"{len(values)} profiles under {GOAL_RECALL}; goal >= {GOAL_RECALL}: "
            f"{'met' if statistics.mean(values) >= GOAL_RECALL else 'NOT met'} (on the mean)"
        )
    for value, i in sorted(per_profile)[:5]:
        if value < GOAL_RECALL:
            body = bodies[i]
            say(
                f"  low recall: profile {i} recall {value:.2f}, filters pass {shares[i]:.3f}% (region "
                f"{body.get('region')}, zip3s {body.get('zip3s')}, remote_ok {body['remote_ok']}, "
                f"pay floor {body.get('pay_floor_hourly')})"
            )
    what = (
        "the served query, models/repositories/retrieval.semantic_ids"
        if served is not None
        else f"the bench's copy of the candidate query; {via_index} of {len(bodies)} planned through {name}"
    )
    say(
        f"candidate query ({what}; relaxed_order, ef_search {EF_SEARCH}, fetch {FETCH} keep {K}) against the "
        f"same with index scans off: p50 {pct(approx_ms, 50):.1f} ms, p95 {pct(approx_ms, 95):.1f} ms"
    )


# --- serving -------------------------------------------------------------------------------------------------


def retrieval_supported() -> bool:
    return "retrieval" in Settings.model_fields


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(engine: Engine, settings: Settings, args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], str]:
    app_password = secrets.token_urlsafe(16)
    with engine.begin() as conn:
        set_app_role_password(conn, app_password)
    app_url = engine.url.set(username="wayfinder_app", password=app_password)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAYFINDER_") and k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=engine.url.render_as_string(hide_password=False),
        WAYFINDER_APP_DATABASE_URL=app_url.render_as_string(hide_password=False),
        WAYFINDER_HOME=str(settings.home),
        PYTHONPATH=str(ROOT),
    )
    if retrieval_supported():
        env["WAYFINDER_RETRIEVAL"] = args.retrieval
    # The field-encryption key file, made here once: `wayfinder serve --workers N` on a fresh development home
    # has each worker race to create it, and a worker that reads it before the first one wrote it finds an
    # empty keyring and refuses to start (models/privacy/crypto.py load_keyring).
    load_keyring(home=settings.home)
    port = free_port()
    command = [sys.executable, "-c", "from api.cli import main; main()", "serve", "--workers", str(args.workers)]
    # cwd: the data folder, so no .env of the checkout is read; settings come from the environment above.
    log = (settings.home / "serve.log").open("ab")  # a file, not a pipe: an unread pipe would block the server
    server = subprocess.Popen(
        [*command, "--port", str(port)], env=env, cwd=settings.home, stdout=log, stderr=subprocess.STDOUT
    )
    return server, f"http://127.0.0.1:{port}"


def workers_of(server: subprocess.Popen[bytes], count: int) -> list[psutil.Process]:
    """The serving processes: `serve` itself with one worker, else its live children (uvicorn's workers; a
    worker that died is a zombie until uvicorn replaces it)."""
    parent = psutil.Process(server.pid)
    if count == 1:
        return [parent]
    out = []
    for child in parent.children(recursive=False):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(child.cmdline()):
                out.append(child)
        except psutil.Error:
            continue
    return out


def guard(workers: list[psutil.Process], limit_mb: float) -> None:
    """Stop the bench before the workers exhaust a shared machine's memory (an in-memory index of a large
    catalog takes several GB a worker: about 3 GB at 200k postings, 8 GB and growing at 1M)."""
    for w in workers:
        try:
            rss = w.memory_info().rss / 2**20
        except psutil.Error:
            continue
        if rss > limit_mb:
            raise SystemExit(
                f"worker {w.pid} holds {rss:,.0f} MB, over --max-worker-mb {limit_mb:,.0f}: stopped before the "
                "machine runs out of memory (is the whole catalog loaded into each worker?)"
            )


def wait_ready(
    server: subprocess.Popen[bytes], base: str, count: int, limit_mb: float
) -> tuple[float, list[psutil.Process]]:
    """Until /healthz answers and every worker has gone quiet (its lifespan warm-up built its indexes)."""
    t0 = time.perf_counter()
    while True:
        guard(workers_of(server, count), limit_mb)
        if server.poll() is not None:
            raise SystemExit(f"wayfinder serve exited with {server.returncode}; its log: serve.log in the data folder")
        try:
            if httpx.get(f"{base}/healthz", timeout=10).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(1)
    workers = workers_of(server, count)
    while len(workers) < count:  # a worker still starting, or being replaced
        time.sleep(2)
        workers = workers_of(server, count)
    for w in workers:
        w.cpu_percent(None)
    quiet = 0
    while quiet < 2:
        time.sleep(3)
        guard(workers, limit_mb)
        busy = [w.cpu_percent(None) for w in workers]
        quiet = quiet + 1 if max(busy) < 10 else 0
    return time.perf_counter() - t0, workers


def memory(workers: list[psutil.Process], when: str) -> None:
    """RSS (what the goal names; it counts shared library pages in every worker), its peak, and USS (the
    pages only this worker holds: what one more worker adds)."""
    parts = []
    worst = 0.0
    for w in workers:
        info = w.memory_full_info()
        rss, uss = info.rss / 2**20, info.uss / 2**20
        peak = rss
        try:
            for line in Path(f"/proc/{w.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
        except OSError:
            pass
        worst = max(worst, peak)
        parts.append(f"pid {w.pid}: RSS {rss:,.0f} MB (peak {peak:,.0f} MB), USS {uss:,.0f} MB")
    say(
        f"worker resident memory {when}: {'; '.join(parts)}; goal <= {GOAL_RSS_MB:,.0f} MB each: "
        f"{'met' if worst <= GOAL_RSS_MB else 'NOT met'} (peak)"
    )


def caseworker(engine: Engine) -> str:
    with Session(engine) as session:
        org = Organization(name=f"Scale bench agency {secrets.token_hex(3)}", kind=OrgKind.AGENCY)
        session.add(org)
        session.flush()
        email = f"scale-{secrets.token_hex(4)}@example.org"
        session.add(User(email=email, role=Role.CASEWORKER, org_id=org.id or 0, password_hash=hash_password(PASSWORD)))
        session.commit()
    return email


def post_one(engine: Engine, encoder: Encoder, home: Path, n: int) -> None:
    """One new posting through the import pipeline (normalize, screen, embed, store), as a feed would."""
    path = home / f"post-{n}.jsonl"
    path.write_text(json.dumps(posting(20_000_000 + n, random.Random(n), 2000)) + "\n")
    source = f"scale-post-{secrets.token_hex(3)}"
    run_import(
        engine,
        kind="jobs",
        path=path,
        fmt="jsonld",
        source=source,
        parsed=parse_jobs(path, "jsonld", source),
        enricher=default_enricher(encoder.model_name),
        encoder=encoder,
        reports_dir=home,
    )


def freshness(
    engine: Engine, encoder: Encoder, home: Path, match: Callable[[int], float], p95: float, rounds: int
) -> None:
    with engine.connect() as conn:
        ids = [
            int(r)
            for r in conn.execute(
                text(
                    "SELECT id FROM job_posting WHERE status = 'active' AND source = 'bench' "
                    "AND source_id NOT LIKE '%-c%' AND (valid_through IS NULL OR valid_through > now()) "
                    "ORDER BY id LIMIT :n"
                ),
                {"n": 3 * rounds},
            ).scalars()
        ]

    writes = catalog_writes(engine, lambda n: post_one(engine, encoder, home, n), ids, rounds)
    goal = 2 * p95
    after: dict[str, list[float]] = {name: [] for name, _ in writes}
    for n in range(rounds):
        for name, write in writes:
            write(n)
            after[name].append(match(n))
            match(n + 1)  # settle: the next write starts from the steady state (and reaches the other worker)
    for name, times in after.items():
        worst = max(times)
        say(
            f"first match after {name:5s}: median {statistics.median(times):.0f} ms, worst {worst:.0f} ms of "
            f"{len(times)}; goal <= {goal:.0f} ms (2x steady p95): {'met' if worst <= goal else 'NOT met'}"
        )


# --- main ----------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=1_000_000)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--seed-jobs", type=int, default=2_000, help="Postings imported; the rest are copies.")
    parser.add_argument("--seed-programs", type=int, default=500, help="Programs imported; the rest are copies.")
    parser.add_argument("--distinct-texts", type=int, default=2_000, help="Text variants of the imported postings.")
    parser.add_argument("--requests", type=int, default=200, help="Stored profiles, one timed match each.")
    parser.add_argument("--workers", type=int, default=2, help="wayfinder serve --workers N.")
    parser.add_argument("--retrieval", choices=["auto", "memory", "database"], default="auto")
    parser.add_argument("--rounds", type=int, default=3, help="Writes of each kind in the freshness part.")
    parser.add_argument("--shared-buffers", default="2GB")
    parser.add_argument(
        "--max-worker-mb",
        type=float,
        default=0.0,
        help="Stop when a worker holds more (default: 70%% of the memory available at start, shared by the workers).",
    )
    parser.add_argument("--no-recall", action="store_true", help="Skip the recall measurement.")
    parser.add_argument("--recall-profiles", type=int, default=200, help="Profiles whose recall is measured.")
    parser.add_argument("--reindex", action="store_true", help="With --reuse: time REINDEX CONCURRENTLY.")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, help="Build into DIR and keep it.")
    where.add_argument("--reuse", type=Path, help="Time the catalog kept in DIR; build nothing.")
    args = parser.parse_args()

    say(f"load before: {uptime()}")
    if retrieval_supported():
        say(f"retrieval: WAYFINDER_RETRIEVAL={args.retrieval} for the served workers")
    else:
        say(
            f"retrieval: this checkout has no WAYFINDER_RETRIEVAL setting; --retrieval {args.retrieval} is not "
            "passed on and every worker holds the catalog in memory (the only mode it has)"
        )
    if args.reuse is not None:
        home = args.reuse.resolve()
        if not (home / SUMMARY).is_file():
            raise SystemExit(f"{home} holds no catalog built by this bench (no {SUMMARY}); build one with --keep")
    elif args.keep is not None:
        home = args.keep.resolve()
        if (home / "pgdata").exists():
            raise SystemExit(f"{home} already holds a database; time it with --reuse {home}, or remove it")
        home.mkdir(parents=True, exist_ok=True)
    else:
        home = Path(tempfile.mkdtemp(prefix="wf-bench-scale-"))

    with cluster(home, remove=args.keep is None and args.reuse is None, shared_buffers=args.shared_buffers) as (
        settings,
        engine,
    ):
        encoder = Encoder(settings.resolved_model_path)
        if args.reuse is None:
            say(f"building {args.jobs:,} postings and {args.programs:,} programs:")
            t0 = time.perf_counter()
            summary = build_catalog(engine, encoder, home, args)
            summary["total_s"] = time.perf_counter() - t0
            (home / SUMMARY).write_text(json.dumps(summary, indent=1))
            say(f"catalog built in {summary['total_s']:.0f} s")
        else:
            summary = json.loads((home / SUMMARY).read_text())
            say(f"reusing the catalog in {home}, built in {summary['total_s']:.0f} s:")
            for name, seconds in summary["times"].items():
                say(f"  {name}: {seconds:.1f} s")
            if args.reindex:
                reindex(engine)
        live = describe_catalog(engine)
        bodies = profile_bodies(args.requests)
        shares = selectivity(engine, bodies, live)

        server, base = start_server(engine, settings, args)
        try:
            limit_mb = args.max_worker_mb or 0.7 * psutil.virtual_memory().available / 2**20 / args.workers
            ready_s, workers = wait_ready(server, base, args.workers, limit_mb)
            health = httpx.get(f"{base}/healthz", timeout=30).json()
            say(
                f"served by `wayfinder serve --workers {args.workers}` ({len(workers)} worker processes) as "
                f"wayfinder_app; ready and quiet after {ready_s:.0f} s (each worker loads the model and warms its "
                "indexes in its lifespan)"
            )
            say(f"/healthz: {json.dumps({k: v for k, v in health.items() if k not in ('embeddings',)})}")
            memory(workers, "after warm-up")
            # A fresh connection per request: the workers share the listening socket, so requests spread over them.
            client = httpx.Client(base_url=base, timeout=900, limits=httpx.Limits(max_keepalive_connections=0))
            email = caseworker(engine)
            login = client.post("/auth/login", json={"email": email, "password": PASSWORD})
            login.raise_for_status()
            client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
            pseudonyms = []
            for body in bodies:
                created = client.post("/profiles", json=body)
                created.raise_for_status()
                pseudonyms.append(created.json()["pseudonym"])
            returned: list[int] = []

            def match(i: int) -> float:
                t0 = time.perf_counter()
                response = client.post(f"/profiles/{pseudonyms[i % len(pseudonyms)]}/matches", params={"kind": "job"})
                elapsed = (time.perf_counter() - t0) * 1000
                response.raise_for_status()
                returned.append(len(response.json()))
                guard(workers, limit_mb)
                return elapsed

            for i in range(2 * args.workers):
                match(len(pseudonyms) - 1 - i)  # warm-up, untimed: the first requests of each worker
            returned.clear()
            cpu0 = [sum(w.cpu_times()[:2]) for w in workers]
            timed = [match(i) for i in range(len(pseudonyms))]
            spread = [sum(w.cpu_times()[:2]) - c for w, c in zip(workers, cpu0, strict=True)]
            p50, p95 = pct(timed, 50), pct(timed, 95)
            say(
                f"POST /profiles/{{p}}/matches (top 20, explained, proposals written), {len(timed)} stored profiles: "
                f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {max(timed):.0f} ms; goal p95 <= {GOAL_P95_MS:.0f} ms: "
                f"{'met' if p95 <= GOAL_P95_MS else 'NOT met'}; "
                f"items returned: median {statistics.median(returned):.0f}, "
                f"{sum(1 for r in returned if r < 20)} lists under 20"
            )
            say(
                "CPU seconds each worker spent on them (how the requests spread): "
                + ", ".join(f"{c:.1f}" for c in spread)
            )
            memory(workers, "after the timed matches")
            if args.no_recall:
                say("recall: skipped (--no-recall)")
            else:
                if not retrieval_supported() or args.retrieval == "memory":
                    say("recall@100 of the served path: 1 by construction (in-memory retrieval scores every live row)")
                picked = bodies[: args.recall_profiles]
                recall(engine, picked, query_vectors(encoder, picked), shares)
            freshness(engine, encoder, home, match, p95, args.rounds)
            memory(workers, "at the end")
        finally:
            server.send_signal(2)  # SIGINT: uvicorn's graceful shutdown of every worker
            try:
                server.wait(120)
            except subprocess.TimeoutExpired:
                server.kill()
    say(f"load after: {uptime()}")
    if args.keep is not None:
        say(f"kept in {home}: time it again with --reuse {home}")


if __name__ == "__main__":
    main()
