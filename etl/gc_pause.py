"""Fewer garbage-collector passes while an import runs (issue 14: import speed).

An import allocates a few hundred container objects per record (parsed JSON, the record, its enrichment, its
staging row) and holds a batch of 5,000 records at a time. With CPython's default threshold (a young-generation
collection every 700 allocations) the collector runs every few records, and the older generations, which it
also visits every 10th and 100th time, hold the whole batch and the loaded taxonomy tables: bench runs showed
the one-process import 16-20% faster with the young threshold raised (docs/import-speed.md). Nothing is turned
off: cyclic garbage is still collected, only in larger steps; reference counting frees everything else at once.

Imports can overlap in one process (the server's uploads run in threads), so the threshold is raised while at
least one import runs and put back when the last one ends.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Young-generation threshold during an import: a collection every 50,000 allocations (~100-200 records).
IMPORT_THRESHOLD0 = 50_000

_lock = threading.Lock()
_active = 0
_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the young-generation threshold for the duration; the previous thresholds come back afterwards,
    even when the import fails."""
    global _active, _saved
    with _lock:
        if _active == 0:
            _saved = gc.get_threshold()
            gc.set_threshold(max(IMPORT_THRESHOLD0, _saved[0]), _saved[1], _saved[2])
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _saved is not None:
                gc.set_threshold(*_saved)
                _saved = None
