"""The import pipeline against a real database: upsert counts, re-runs, dedup, resume, atomicity."""

import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import Engine, text

from etl import load
from etl.enrich import Enricher
from etl.errors import RecordError
from etl.load import ImportSummary, run_import
from matcher.encoder import Encoder
from models.job_posting import JobPostingIn
from models.program import ProgramIn
from tests.factories import job_in, program_in


def _import(
    engine: Engine,
    tmp_path: Path,
    items: Sequence[JobPostingIn | ProgramIn | RecordError],
    encoder: Encoder | None,
    kind: str = "jobs",
) -> ImportSummary:
    src = tmp_path / "input.json"
    src.write_text("[]")
    return run_import(
        engine,
        kind=kind,
        path=src,
        fmt="test",
        source="test",
        parsed=iter(items),  # type: ignore[arg-type]
        enricher=Enricher(model_name="m"),
        encoder=encoder,
        reports_dir=tmp_path / "reports",
    )


def test_first_import_inserts_and_embeds_then_rerun_changes_nothing(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    jobs = [job_in(source_id=f"a{i}", title=f"Cook {i}") for i in range(3)]
    first = _import(committing_engine, tmp_path, jobs, encoder)
    assert (first.inserted, first.updated, first.unchanged, first.embedded) == (3, 0, 0, 3)
    again = _import(committing_engine, tmp_path, [j.model_copy() for j in jobs], encoder)
    assert (again.inserted, again.updated, again.unchanged, again.embedded) == (0, 0, 3, 0)
    with committing_engine.connect() as conn:
        vec = conn.execute(text("SELECT embedding FROM job_posting WHERE source_id = 'a0'")).scalar_one()
        runs = conn.execute(text("SELECT count(*), min(status) FROM import_run")).one()
    expected = encoder.encode(["Cook 0. " + jobs[0].description])[0]
    assert float(np.dot(vec.to_numpy(), expected)) == pytest.approx(1.0, abs=1e-5)
    assert tuple(runs) == (2, "finished")


def test_changed_content_updates_and_reembeds_only_that_row(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    jobs = [job_in(source_id="x1"), job_in(source_id="x2", title="Line Cook")]
    _import(committing_engine, tmp_path, jobs, encoder)
    changed = [jobs[0].model_copy(), jobs[1].model_copy(update={"description": "Prep and grill line."})]
    result = _import(committing_engine, tmp_path, changed, encoder)
    assert (result.inserted, result.updated, result.unchanged, result.embedded) == (0, 1, 1, 1)


def test_a_pay_change_updates_without_reembedding(committing_engine: Engine, encoder: Encoder, tmp_path: Path) -> None:
    job = job_in(source_id="p1")
    _import(committing_engine, tmp_path, [job], encoder)
    result = _import(committing_engine, tmp_path, [job.model_copy(update={"pay_min_hourly": 25.0})], encoder)
    assert (result.updated, result.embedded) == (1, 0)


def test_same_text_is_embedded_once_and_cross_source_copy_is_marked(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    one = job_in(source="feed-a", source_id="1")
    two = one.model_copy(update={"source": "feed-b", "source_id": "zz"})
    _import(committing_engine, tmp_path, [one], encoder)
    result = _import(committing_engine, tmp_path, [two], encoder)
    assert result.inserted == 1
    assert result.embedded == 0 and result.embeddings_reused == 1
    assert result.duplicates_marked == 1
    with committing_engine.connect() as conn:
        dup = conn.execute(
            text("SELECT d.source FROM job_posting p JOIN job_posting d ON p.duplicate_of_id = d.id")
        ).scalar_one()
    assert dup == "feed-a"


def test_bad_records_are_reported_and_good_ones_still_import(committing_engine: Engine, tmp_path: Path) -> None:
    bad = RecordError("input.json", "[1]", "title", "missing")
    items = [job_in(source_id="g1"), bad, job_in(source_id="g1", title="Dishwasher")]
    result = _import(committing_engine, tmp_path, items, None)
    assert (result.read, result.inserted, result.errors) == (3, 1, 2)
    assert result.error_report is not None
    report = Path(result.error_report).read_text().splitlines()
    assert report[0] == "file,location,field,reason"
    assert "input.json,[1],title,missing" in report
    assert any("appears again" in line for line in report)
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM job_posting")).scalar_one() == "Dishwasher"


def test_past_closing_date_is_stored_as_expired(committing_engine: Engine, tmp_path: Path) -> None:
    old = job_in(source_id="old", valid_through=datetime.now(UTC) - timedelta(days=2))
    result = _import(committing_engine, tmp_path, [old, job_in(source_id="new")], None)
    assert result.expired == 1
    with committing_engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT source_id, status FROM job_posting")).all())  # type: ignore[arg-type]
    assert rows == {"old": "expired", "new": "active"}


def test_a_database_failure_leaves_nothing_half_written(committing_engine: Engine, tmp_path: Path) -> None:
    """The failing batch is rolled back whole; the run says it failed, in words that quote no record."""
    broken = JobPostingIn.model_construct(**{**job_in(source_id="b2").model_dump(), "zip3": "98001"})
    with pytest.raises(Exception, match="value too long"):
        _import(committing_engine, tmp_path, [job_in(source_id="b1"), broken], None)
    with committing_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM job_posting")).scalar_one() == 0
        status, message = conn.execute(text("SELECT status, message FROM import_run")).one()
    assert status == "failed"
    assert message.startswith("Nothing was imported (StringDataRightTruncation)")
    assert "98001" not in message


class _FailsAfter:
    """The real encoder, stopping with an error after `batches` batches (an interrupted import)."""

    def __init__(self, inner: Encoder, batches: int) -> None:
        self.inner, self.left = inner, batches
        self.batch_size, self.model_name, self.dimension = 2, inner.model_name, inner.dimension

    def encode(self, texts: Sequence[str], **_: object) -> np.ndarray:
        if self.left == 0:
            raise KeyboardInterrupt
        self.left -= 1
        return self.inner.encode(texts)


def test_interrupted_embedding_resumes_without_redoing_work(
    committing_engine: Engine, encoder: Encoder, tmp_path: Path
) -> None:
    jobs = [job_in(source_id=f"r{i}", title=f"Role number {i}") for i in range(100)]
    with pytest.raises(KeyboardInterrupt):
        _import(committing_engine, tmp_path, jobs, _FailsAfter(encoder, batches=1))  # type: ignore[arg-type]
    with committing_engine.connect() as conn:
        done = conn.execute(text("SELECT count(*) FROM job_posting WHERE embedding IS NOT NULL")).scalar_one()
    assert done == 64  # one committed batch of 32 x batch_size
    resumed = _import(committing_engine, tmp_path, jobs, encoder)
    assert (resumed.inserted, resumed.unchanged, resumed.embedded) == (0, 100, 36)


def test_programs_import_with_their_provider(committing_engine: Engine, encoder: Encoder, tmp_path: Path) -> None:
    result = _import(committing_engine, tmp_path, [program_in(source_id="c1")], encoder, kind="programs")
    assert (result.inserted, result.embedded) == (1, 1)
    with committing_engine.connect() as conn:
        provider = conn.execute(
            text("SELECT tp.name FROM training_program p JOIN training_provider tp ON tp.id = p.provider_id")
        ).scalar_one()
    assert provider == "Green River College"


def test_a_repeat_in_the_next_batch_wins_while_the_earlier_batch_is_still_being_written(
    committing_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer works one batch behind the reader, so the next batch's stored hashes are read before the
    earlier batch commits: an identifier repeated there is written all the same, and the later record is
    what stays (here it equals what was stored before the file, and the earlier batch changed it)."""
    v1 = job_in(source_id="x", title="Line Cook")
    _import(committing_engine, tmp_path, [v1], None)
    v2 = v1.model_copy(update={"title": "Head Chef"})
    real_upsert = load.copy_upsert

    def slow_upsert(*args: Any) -> Any:  # the write of a batch lags well behind the reading of the next
        time.sleep(0.5)
        return real_upsert(*args)

    monkeypatch.setattr(load, "copy_upsert", slow_upsert)
    src = tmp_path / "input.json"
    fillers = [job_in(source_id=f"f{i}") for i in range(3)]
    result = run_import(
        committing_engine,
        kind="jobs",
        path=src,
        fmt="test",
        source="test",
        parsed=iter([v2, fillers[0], v1.model_copy(), fillers[1], fillers[2]]),
        enricher=Enricher(model_name="m"),
        encoder=None,
        reports_dir=tmp_path / "reports",
        batch_rows=2,
        pipelined=True,
    )
    with committing_engine.connect() as conn:
        title = conn.execute(text("SELECT title FROM job_posting WHERE source_id = 'x'")).scalar_one()
    assert title == "Line Cook"
    assert (result.inserted, result.updated, result.errors) == (3, 2, 1)
