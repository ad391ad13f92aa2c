"""Shared set-up for benchmarks: a throwaway embedded database, stopped before its folder is removed."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from models.db import make_engine, stop_embedded
from models.migrate import upgrade
from models.settings import Settings


@contextmanager
def temporary_database(prefix: str) -> Iterator[tuple[Settings, Engine]]:
    home = Path(tempfile.mkdtemp(prefix=prefix))
    settings = Settings(_env_file=None, home=home, database_url=None)  # type: ignore[call-arg]
    engine = make_engine(settings)
    try:
        upgrade(engine)
        yield settings, engine
    finally:
        engine.dispose()
        stop_embedded(settings)  # before the folder goes: a deleted data folder cannot be stopped cleanly
        shutil.rmtree(home, ignore_errors=True)


def import_jsonl(engine: Engine, path: Path, *, enricher: Any, encoder: Any, reports: Path, workers: int = 1) -> Any:
    """Import a synthetic JSON-LD JSON Lines file through the real pipeline (source 'bench'); with `workers`
    above 1, normalized and enriched by that many processes (etl.parallel.ParallelStager)."""
    from etl.load import run_import
    from etl.normalize.pipeline import parse_jobs
    from etl.parallel import ParallelStager

    parsed: Any = (
        ParallelStager("jobs", path, "jsonld", "bench", enricher, workers=workers, engine=engine)
        if workers > 1
        else parse_jobs(path, "jsonld", "bench")
    )
    try:
        return run_import(
            engine,
            kind="jobs",
            path=path,
            fmt="jsonld",
            source="bench",
            parsed=parsed,
            enricher=enricher,
            encoder=encoder,
            reports_dir=reports,
            pipelined=True,
        )
    finally:
        if isinstance(parsed, ParallelStager):
            parsed.close()
