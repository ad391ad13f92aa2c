"""Shared set-up for benchmarks: a throwaway embedded database, stopped before its folder is removed."""

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from models.db import make_engine, stop_embedded
from models.migrate import upgrade
from models.repositories import owned_catalog, screening
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


def catalog_writes(
    engine: Engine, post: Callable[[int], None], ids: list[int], stride: int
) -> list[tuple[str, Callable[[int], None]]]:
    """The freshness benches' writes, each as an importer, employer or staff makes it: round n edits ids[n],
    closes ids[stride + n], holds then clears ids[2 * stride + n]; `post` imports one new posting."""

    def edit(n: int) -> None:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE job_posting SET title = title || ' (edited)', "
                    "pay_max_hourly = pay_max_hourly + 1 WHERE id = :id"
                ),
                {"id": ids[n]},
            )

    def close(n: int) -> None:
        with engine.begin() as conn:
            owned_catalog.close_posting(conn, posting_id=ids[stride + n], source="bench")

    def hold(n: int) -> None:
        with engine.begin() as conn:
            screening.set_status(conn, ids[2 * stride + n], from_status="active", to_status="held")

    def clear(n: int) -> None:
        with engine.begin() as conn:
            screening.set_status(conn, ids[2 * stride + n], from_status="held", to_status="active")

    return [("post", post), ("edit", edit), ("close", close), ("hold", hold), ("clear", clear)]
