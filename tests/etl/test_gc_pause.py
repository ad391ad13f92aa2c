"""The collector's young threshold is raised while an import runs and always put back (etl/gc_pause.py)."""

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import etl.load
from etl.gc_pause import IMPORT_THRESHOLD0, fewer_collections


@pytest.fixture(autouse=True)
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_inside_an_import_the_young_threshold_is_raised_and_the_older_ones_kept() -> None:
    with fewer_collections():
        assert gc.get_threshold() == (IMPORT_THRESHOLD0, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_come_back_when_the_import_fails() -> None:
    with pytest.raises(ValueError, match="bad file"), fewer_collections():
        raise ValueError("bad file")
    assert gc.get_threshold() == (700, 10, 10)


def test_a_setting_already_higher_is_not_lowered() -> None:
    gc.set_threshold(90_000, 5, 5)
    with fewer_collections():
        assert gc.get_threshold() == (90_000, 5, 5)
    assert gc.get_threshold() == (90_000, 5, 5)


def test_overlapping_imports_keep_it_raised_until_the_last_one_ends() -> None:
    first_in, second_done, seen = threading.Event(), threading.Event(), []

    def first() -> None:
        with fewer_collections():
            first_in.set()
            second_done.wait(timeout=10)
            seen.append(("first, after the second ended", gc.get_threshold()[0]))

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(timeout=10)
    with fewer_collections():
        seen.append(("second", gc.get_threshold()[0]))
    second_done.set()
    thread.join(timeout=10)
    assert seen == [("second", IMPORT_THRESHOLD0), ("first, after the second ended", IMPORT_THRESHOLD0)]
    assert gc.get_threshold() == (700, 10, 10)


def test_run_import_does_its_work_under_the_raised_threshold_and_puts_it_back_when_it_fails() -> None:
    seen: list[tuple[int, int, int]] = []

    class Unreachable(Exception):
        pass

    class Database:
        def begin(self) -> Any:
            seen.append(gc.get_threshold())
            raise Unreachable("no database")

    with pytest.raises(Unreachable):
        etl.load.run_import(
            Database(),  # type: ignore[arg-type]
            kind="jobs",
            path=Path("x.jsonl"),
            fmt="jsonld",
            source="s",
            parsed=[],
            enricher=None,  # type: ignore[arg-type]
            encoder=None,
            reports_dir=Path("."),
        )
    assert seen == [(IMPORT_THRESHOLD0, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)
