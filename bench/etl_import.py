"""ETL benchmarks: upsert throughput, unchanged re-import, and embedding overhead of the pipeline.

Usage: .venv/bin/python bench/etl_import.py [--n 100000] [--embed-sample 2000]

Runs against a fresh embedded cluster in a temporary folder. Figures printed:
0. parse + normalize only, of the N postings as JSON Lines and as a delimited jobs file (the CSV reader:
   encoding check, delimiter sniffing, header matching);
1. parse + normalize + enrich (skills, occupation, screening) + upsert of N postings, no embedding: first in
   one process (before issue 14's follow-up), then, the table emptied, with normalize + enrich in --workers
   forked processes (etl.parallel.ParallelStager; default: every core), measured in the same run;
2. re-import of the same N unchanged postings with the real encoder attached: time and texts embedded
   (serial, then with the workers: those enrich every record before the loader skips the unchanged);
3. embedding throughput of the pipeline (fetch pending texts, encode, store) / bare
   SentenceTransformer.encode on the same texts, measured in the same run.
To keep step 2 honest without spending ~15 minutes embedding 100k texts first, the first pass
stores vectors from a stand-in encoder with the same model name; step 2 then shows that the
real encoder is asked for nothing.
"""

import argparse
import contextlib
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np
import psutil
from sqlalchemy import text as sql

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import import_jsonl, temporary_database
from synthetic import write_jsonl

from etl.components import default_enricher
from etl.load import embed_pending
from etl.normalize.pipeline import parse_jobs
from matcher.embedding_text import item_text
from matcher.encoder import Encoder
from models.job_posting import JobPostingIn


class StandInEncoder:
    """Random unit vectors under the real model's name: fills embeddings fast for step 2's setup."""

    def __init__(self, model_name: str) -> None:
        self.model_name, self.batch_size, self.dimension = model_name, 1024, 384
        self.rng = np.random.default_rng(0)

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        v = self.rng.standard_normal((len(texts), 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def import_file(engine, path: Path, encoder, enricher, reports: Path, workers: int = 1):  # type: ignore[no-untyped-def]
    return import_jsonl(engine, path, enricher=enricher, encoder=encoder, reports=reports, workers=workers)


CSV_COLUMNS = ("Job ID", "Title", "Company", "Description", "Min Salary", "Max Salary", "Pay Period", "Location", "ZIP")


def write_csv(jsonl: Path, out: Path) -> Path:
    """The same postings as a semicolon-delimited jobs file with another tool's column names."""
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(CSV_COLUMNS)
        for job in parse_jobs(jsonl, "jsonld", "bench"):
            if isinstance(job, JobPostingIn):
                writer.writerow(
                    (job.source_id, job.title, job.employer_name, job.description, job.pay_min, job.pay_max,
                     job.pay_unit.value if job.pay_unit else "", f"{job.city}, {job.region}", job.zip3)
                )  # fmt: skip
    return out


def cpu_seconds(postmaster: psutil.Process) -> tuple[float, float]:
    """(CPU seconds of this process and its reaped workers, of the PostgreSQL server and all its backends).

    CPU time, unlike wall time, does not grow when other work shares the machine: it shows what an import
    costs, and 2 CPU-seconds per second is what a quiet 2-core machine could give it."""
    own = os.times()
    mine = own.user + own.system + own.children_user + own.children_system
    server = postmaster.cpu_times()
    db = server.user + server.system + server.children_user + server.children_system  # exited backends included
    for child in postmaster.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            t = child.cpu_times()
            db += t.user + t.system
    return mine, db


def cpu_line(before: tuple[float, float], after: tuple[float, float], rows: int) -> str:
    mine, db = ((a - b) / max(rows, 1) * 1e6 for a, b in zip(after, before, strict=True))
    cores = os.cpu_count() or 1
    return (
        f"CPU per posting: {mine:.0f} us in the import's processes + {db:.0f} us in PostgreSQL = {mine + db:.0f} us; "
        f"{cores} idle CPUs could carry at most {cores / ((mine + db) / 1e6):,.0f} postings/s (arithmetic, not "
        f"a measured rate)"
    )


def machine_load() -> str:
    """The load beside the figures: this machine is shared, and its other work slows every figure here."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--embed-sample", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for the parallel run")
    args = parser.parse_args()
    with temporary_database("wf-bench-etl-") as (settings, engine):
        home = settings.home
        encoder = Encoder(settings.resolved_model_path)
        enricher = default_enricher(encoder.model_name)
        data = write_jsonl(home / "postings.jsonl", args.n)
        print(f"machine at start: {machine_load()}")

        t0 = time.perf_counter()
        parsed = sum(1 for _ in parse_jobs(data, "jsonld", "bench"))
        t_parse = time.perf_counter() - t0
        delimited = write_csv(data, home / "postings.csv")
        t0 = time.perf_counter()
        parsed_csv = sum(isinstance(j, JobPostingIn) for j in parse_jobs(delimited, "csv", "bench"))
        t_csv = time.perf_counter() - t0
        with engine.connect() as conn:
            postmaster = psutil.Process(conn.execute(sql("SELECT pg_backend_pid()")).scalar_one()).parent()
        assert postmaster is not None
        cpu0 = cpu_seconds(postmaster)
        t0 = time.perf_counter()
        first = import_file(engine, data, None, enricher, home)
        t_first = time.perf_counter() - t0
        cpu_first = cpu_line(cpu0, cpu_seconds(postmaster), first.inserted)
        print(f"parse + normalize only: {parsed} postings in {t_parse:.1f} s = {parsed / t_parse:,.0f} postings/s")
        print(
            f"parse + normalize only, same postings as a semicolon-delimited CSV with other column names: "
            f"{parsed_csv} in {t_csv:.1f} s = {parsed_csv / t_csv:,.0f} postings/s"
        )
        print(
            f"parse + normalize + enrich + upsert (no embedding), one process: {first.inserted} inserted in "
            f"{t_first:.1f} s = {first.inserted / t_first:,.0f} postings/s (goal >= 5,000); "
            f"held by screening: {first.held}; {machine_load()}"
        )
        print(f"  {cpu_first}")
        with engine.begin() as conn:  # empty again: the parallel run inserts the same postings
            conn.execute(sql("TRUNCATE job_posting, employer CASCADE"))
        cpu0 = cpu_seconds(postmaster)
        t0 = time.perf_counter()
        par = import_file(engine, data, None, enricher, home, workers=args.workers)
        t_par = time.perf_counter() - t0
        cpu_par = cpu_line(cpu0, cpu_seconds(postmaster), par.inserted)
        print(
            f"parse + normalize + enrich + upsert (no embedding), {args.workers} worker processes: {par.inserted} "
            f"inserted in {t_par:.1f} s = {par.inserted / t_par:,.0f} postings/s (goal >= 5,000); "
            f"held by screening: {par.held}; {machine_load()}"
        )
        print(f"  {cpu_par}")

        embed_pending(engine, "job_posting", StandInEncoder(encoder.model_name))  # type: ignore[arg-type]
        t0 = time.perf_counter()
        again = import_file(engine, data, encoder, enricher, home)
        t_again = time.perf_counter() - t0
        print(
            f"re-import of the same {args.n:,} unchanged, one process: {t_again:.1f} s (goal <= 60 s); "
            f"inserted {again.inserted}, updated {again.updated}, unchanged {again.unchanged}, "
            f"texts embedded {again.embedded} (goal 0)"
        )
        t0 = time.perf_counter()
        again = import_file(engine, data, encoder, enricher, home, workers=args.workers)
        t_again = time.perf_counter() - t0
        print(
            f"re-import of the same {args.n:,} unchanged, {args.workers} worker processes: {t_again:.1f} s "
            f"(goal <= 60 s); inserted {again.inserted}, updated {again.updated}, unchanged {again.unchanged}, "
            f"texts embedded {again.embedded} (goal 0)"
        )

        extra = write_jsonl(home / "extra.jsonl", args.embed_sample, seed=99)
        text = extra.read_text().replace('"B0', '"E0')  # new ids, new texts ("#i" differs by seed)
        extra.write_text(text.replace("Paid training", "Paid training and benefits"))
        import_file(engine, extra, None, enricher, home)
        with engine.connect() as conn:
            from models.repositories.catalog import pending_texts

            texts = [item_text(t, d) for _, t, d in pending_texts(conn, "job_posting", 10**9)]
        bare_model = encoder._model  # the same SentenceTransformer, called directly
        t0 = time.perf_counter()
        bare_model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        t_bare1 = time.perf_counter() - t0
        t0 = time.perf_counter()
        embedded, _ = embed_pending(engine, "job_posting", encoder)
        t_pipe = time.perf_counter() - t0
        t0 = time.perf_counter()
        bare_model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
        t_bare2 = time.perf_counter() - t0
        bare_rate = len(texts) / ((t_bare1 + t_bare2) / 2)
        pipe_rate = embedded / t_pipe
        print(
            f"embedding: bare encode {bare_rate:,.0f} texts/s (runs {t_bare1:.1f} s, {t_bare2:.1f} s), "
            f"pipeline {pipe_rate:,.0f} texts/s on the same {len(texts)} texts; "
            f"ratio {pipe_rate / bare_rate:.2f} (goal >= 0.9)"
        )
        print(f"machine at end: {machine_load()}")


if __name__ == "__main__":
    main()
