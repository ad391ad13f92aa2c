"""Forked enrichment gives exactly the rows the sequential path gives, in the same order."""

import pytest

from etl.components import default_enricher
from etl.parallel import MIN_PARALLEL, MIN_WORKERS, stage_all, stage_one
from tests.factories import job_in

TITLES = ["Line Cook", "Forklift Operator", "Housekeeper", "Cashier - start today, no interview"]


def test_parallel_staging_matches_sequential(monkeypatch: pytest.MonkeyPatch) -> None:
    # The pool is used only with MIN_WORKERS cores or more; pretend this machine has them.
    monkeypatch.setattr("etl.parallel.os.cpu_count", lambda: MIN_WORKERS)
    enricher = default_enricher("m")
    records = [job_in(source_id=f"p{i}", title=TITLES[i % 4], occupation_code=None) for i in range(MIN_PARALLEL + 10)]
    sequential = [stage_one(enricher, r.model_copy(deep=True)) for r in records]
    parallel = stage_all(enricher, [r.model_copy(deep=True) for r in records])
    assert len(parallel) == len(sequential)

    # Jsonb wrappers compare by identity; compare their payloads.
    def plain(staged: tuple) -> tuple:  # type: ignore[type-arg]
        row, *rest = staged
        return (tuple(getattr(v, "obj", v) for v in row), *rest)

    assert [plain(s) for s in parallel] == [plain(s) for s in sequential]
    assert any(s[3] == "held" for s in parallel)  # the screener ran in the workers
