"""Freshness: the latency of the first match after a catalog write, beside the steady-state p95 (issue 18).

Usage: .venv/bin/python bench/catalog_freshness.py [--jobs 100000] [--programs 2000] [--rounds 5] [--steady 40]

Builds a fresh embedded database, imports `--seed-jobs` synthetic postings and the programs through the real
pipeline with bench/match_latency.py's builders (texts from 2,000 / 500 variants, real all-MiniLM-L6-v2
vectors), then copies the imported postings in SQL up to `--jobs` (stand-ins for distinct postings: same text
and vector, varied pay and zip3; said in the output). Then serves the app over HTTP (uvicorn in a thread),
connected as the application's login role `wayfinder_app`, and times `POST /profiles/{p}/matches`
end to end (sign-in cookie, row-level security, decryption, ranking, pathways, employer verification,
proposal writes):

- steady state: repeated matches of stored profiles, nothing written meanwhile;
- after each kind of write (post through the import pipeline, edit, close, hold, clear; made by the owner
  connection as the importer, an employer or staff would), the first match that follows.

Goal: the first match after a write <= 2x the steady-state p95. The machine is shared: compare ratios within
one run; `uptime` is printed before and after.
"""

import argparse
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine, text
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import catalog_writes, import_jsonl, temporary_database
from synthetic import posting, program_fields, write_jsonl

from api.main import create_app
from api.resources import load_resources
from api.services.accounts import hash_password
from etl.components import default_enricher
from etl.load import run_import
from etl.normalize.pipeline import parse_jobs
from matcher.catalog_index import LiveIndex
from matcher.encoder import Encoder
from models.enums import OrgKind, Role
from models.organization import Organization, User
from models.program import ProgramIn
from models.repositories import candidates as candidate_repo
from models.repositories.tenancy import set_app_role_password

PASSWORD = "bench-" + secrets.token_urlsafe(12)
PROFILE_SHAPES: list[dict[str, Any]] = [
    {"region": "WA", "zip3s": ["980", "981"]},
    {"region": "WA", "pay_floor_hourly": 20.0},
    {"region": "OR"},
    {"region": "CA", "pay_floor_hourly": 18.0},
]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


def replicate(engine: Engine, seed: int, total: int) -> int:
    """Copies of the imported postings, made in SQL, until `total`: new ids, varied pay and area.

    Stand-ins for distinct postings (the machine is shared; the pipeline imports ~20 postings a second
    here): each copy has its seed's text and real vector, a pay moved by up to $4 and a zip3 from a
    rotating list, so filters and scores spread as over distinct postings."""
    copies = max(0, -(-(total - seed) // seed))
    if not copies:
        return 0
    with engine.begin() as conn:
        columns = [
            str(c)
            for c in conn.execute(
                text(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = 'job_posting' "
                    "AND column_name <> 'id' AND is_generated = 'NEVER' ORDER BY ordinal_position"
                )
            ).scalars()
        ]
        varied = {
            "source_id": "p.source_id || '-c' || g",
            "dedup_key": "md5(p.dedup_key || '-c' || g)",
            "pay_min_hourly": "p.pay_min_hourly + (g % 5)",
            "pay_max_hourly": "p.pay_max_hourly + (g % 5)",
            "zip3": "(ARRAY['980','981','970','972','900','941','606','100'])[1 + g % 8]",
        }
        select = ", ".join(varied.get(c, f"p.{c}") for c in columns)
        result = conn.execute(
            text(
                f"INSERT INTO job_posting ({', '.join(columns)}) "  # column names from the catalog
                f"SELECT {select} FROM (SELECT * FROM job_posting WHERE source = 'bench' ORDER BY id) p "
                "CROSS JOIN generate_series(1, :copies) g LIMIT :n"
            ),
            {"copies": copies, "n": total - seed},
        )
        return int(result.rowcount or 0)


def build_catalog(engine: Engine, encoder: Encoder, home: Path, jobs: int, programs: int, seed: int) -> None:
    enricher = default_enricher(encoder.model_name)
    t0 = time.perf_counter()
    path = write_jsonl(home / "jobs.jsonl", min(jobs, seed), distinct_texts=2000)
    import_jsonl(engine, path, enricher=enricher, encoder=encoder, reports=home)
    copied = replicate(engine, min(jobs, seed), jobs)
    print(
        f"{min(jobs, seed):,} postings imported through the pipeline, {copied:,} stand-in copies made in SQL "
        "(their seed's text and real vector, varied pay and zip3)"
    )
    rng = random.Random(5)
    progs = [ProgramIn(**program_fields(i, rng)) for i in range(programs)]
    run_import(
        engine,
        kind="programs",
        path=path,
        fmt="bench",
        source="bench",
        parsed=iter(progs),
        enricher=enricher,
        encoder=encoder,
        reports_dir=home,
    )
    print(f"catalog built in {time.perf_counter() - t0:.0f} s: {jobs:,} postings, {programs:,} programs")


def caseworker(engine: Engine) -> str:
    with Session(engine) as session:
        org = Organization(name="Bench agency", kind=OrgKind.AGENCY)
        session.add(org)
        session.flush()
        email = "bench-caseworker@example.org"
        session.add(User(email=email, role=Role.CASEWORKER, org_id=org.id or 0, password_hash=hash_password(PASSWORD)))
        session.commit()
    return email


def serve(settings: Any) -> tuple[str, uvicorn.Server]:
    resources = load_resources(settings)
    port = 8600 + secrets.randbelow(1000)
    config = uvicorn.Config(create_app(settings, resources=resources), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def post_one(engine: Engine, encoder: Encoder, home: Path, n: int) -> None:
    """One new posting through the import pipeline (normalize, screen, embed, store), as a feed would."""
    path = home / f"post-{n}.jsonl"
    path.write_text(json.dumps(posting(10_000_000 + n, random.Random(n), 2000)) + "\n")
    run_import(
        engine,
        kind="jobs",
        path=path,
        fmt="jsonld",
        source=f"bench-post-{n}",
        parsed=parse_jobs(path, "jsonld", f"bench-post-{n}"),
        enricher=default_enricher(encoder.model_name),
        encoder=encoder,
        reports_dir=home,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--programs", type=int, default=2_000)
    parser.add_argument("--seed-jobs", type=int, default=2_000, help="Postings imported; the rest are copies.")
    parser.add_argument("--rounds", type=int, default=5, help="Writes of each kind, each followed by a match.")
    parser.add_argument("--steady", type=int, default=40, help="Steady-state matches timed.")
    args = parser.parse_args()
    print(f"load before: {uptime()}")
    with temporary_database("wf-bench-fresh-") as (settings, engine):
        encoder = Encoder(settings.resolved_model_path)
        build_catalog(engine, encoder, settings.home, args.jobs, args.programs, args.seed_jobs)
        app_password = secrets.token_urlsafe(16)
        with engine.begin() as conn:
            set_app_role_password(conn, app_password)
        app_url = engine.url.set(username="wayfinder_app", password=app_password)
        served = settings.model_copy(update={"app_database_url": app_url.render_as_string(hide_password=False)})
        os.environ.pop("DATABASE_URL", None)
        email = caseworker(engine)
        base, server = serve(served)
        client = httpx.Client(base_url=base, timeout=600)
        login = client.post("/auth/login", json={"email": email, "password": PASSWORD})
        login.raise_for_status()
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        pseudonyms = []
        for i, shape in enumerate(PROFILE_SHAPES * 2):
            body = {
                "skills": ["forklift", "customer service"] if i % 2 else ["food safety", "cleaning"],
                "work_history": [{"title": "warehouse helper", "activities": "loaded trucks, drove a forklift"}],
                **shape,
            }
            created = client.post("/profiles", json=body)
            created.raise_for_status()
            pseudonyms.append(created.json()["pseudonym"])

        def match(i: int) -> float:
            t0 = time.perf_counter()
            response = client.post(f"/profiles/{pseudonyms[i % len(pseudonyms)]}/matches", params={"kind": "job"})
            elapsed = time.perf_counter() - t0
            response.raise_for_status()
            return elapsed

        t0 = time.perf_counter()
        match(0)  # builds (or waits for the warm-up's) indexes
        print(f"first match (index built from every row): {time.perf_counter() - t0:.1f} s")
        for i in range(len(pseudonyms)):
            match(i)  # each profile's proposals exist: later runs update them, as re-runs do
        steady = [match(i) for i in range(args.steady)]
        p50, p95 = pct(steady, 50), pct(steady, 95)
        print(
            f"steady state, {args.steady} matches through POST /profiles/{{p}}/matches: "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms"
        )

        with engine.connect() as conn:
            ids = [
                int(r)
                for r in conn.execute(
                    text(
                        "SELECT id FROM job_posting WHERE status = 'active' AND source = 'bench' ORDER BY id LIMIT 200"
                    )
                ).scalars()
            ]
            t0 = time.perf_counter()
            rows = candidate_repo.load_rows(conn, "job")
            loaded = time.perf_counter() - t0
            t0 = time.perf_counter()
            LiveIndex.build("job", rows, 0)
            built = time.perf_counter() - t0
        print(
            f"for comparison, a full reload (what every write and every hour cost before): {loaded:.1f} s reading "
            f"{len(rows):,} rows + {built:.1f} s indexing"
        )

        goal = 2 * p95
        writes = catalog_writes(engine, lambda n: post_one(engine, encoder, settings.home, n), ids, 50)
        after: dict[str, list[float]] = {name: [] for name, _ in writes}
        for n in range(args.rounds):
            for name, write in writes:
                write(n)
                after[name].append(match(n))
                match(n + 1)  # settle: the next write starts from the steady state
        for name, times in after.items():
            worst = max(times) * 1000
            print(
                f"first match after {name:5s}: median {statistics.median(times) * 1000:.0f} ms, worst {worst:.0f} ms "
                f"of {len(times)}; goal <= {goal:.0f} ms (2x steady p95): {'met' if worst <= goal else 'NOT met'}"
            )
        server.should_exit = True
        print(f"load after: {uptime()}")
        n_rows = len(rows)
        print(
            "1,000,000 live postings, by arithmetic (not measured): a write applies only its rows, so the match "
            "after it adds the same few milliseconds as here; the per-request work that grows with the catalog "
            "(cosine scan, BM25 postings, live mask) grows about "
            f"{1_000_000 / max(n_rows, 1):.0f}x from this run's steady state (p95 {p95:.0f} ms here), and a full "
            f"reload (process start, or a change log pruned under a sleeping worker) about "
            f"{(loaded + built) * 1_000_000 / max(n_rows, 1):.0f} s; vectors alone take 1.5 GB per worker."
        )


if __name__ == "__main__":
    main()
