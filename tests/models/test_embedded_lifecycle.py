"""Issue 12 item 5: `wayfinder serve` stops the embedded PostgreSQL it started on every exit path, leaves no
dead pids in pgserver's handle file, and never stops a cluster another live process still uses.

Each test runs its own cluster under its own WAYFINDER_HOME, never the session's shared one.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psutil
import pytest

from models import embedded
from models.privacy.crypto import ENV_KEY_FILE, ENV_KEYS

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 180  # model and scrubber load on a busy machine


def _postgres_processes(pgdata: Path) -> list[int]:
    """Every postgres process serving `pgdata` (the postmaster names its folder on the command line)."""
    found = []
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        if proc.info["name"] == "postgres" and str(pgdata) in (proc.info["cmdline"] or []):
            found.append(proc.pid)
    return found


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped): what a killed user leaves in the handle file."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.fixture
def home() -> Iterator[Path]:
    """A private WAYFINDER_HOME whose cluster exists, is stopped, and lists one user that died without leaving."""
    folder = Path(tempfile.mkdtemp(prefix="wf-serve-"))  # short: the socket lives in the data folder
    pgdata = (folder / "pgdata").resolve()
    embedded.join(pgdata)  # initdb once, here, so each test times only its own run
    assert embedded.release(pgdata) is True
    (pgdata / embedded.HANDLE_FILE).write_text(json.dumps([_dead_pid()]))
    try:
        yield folder
    finally:
        embedded.stop_server(pgdata)  # whatever the test left running
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(home: Path, port: int, **env: str) -> subprocess.Popen[bytes]:
    environ = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WAYFINDER_APP_DATABASE_URL")}
    environ.update(PYTHONPATH=str(REPO), WAYFINDER_HOME=str(home), **env)
    log = (home / "serve.log").open("wb")
    # cwd: the data folder, so no developer .env is read.
    return subprocess.Popen(
        [sys.executable, "-m", "api", "serve", "--port", str(port)],
        cwd=home,
        env=environ,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_until(condition: object, what: str, proc: subprocess.Popen[bytes], home: Path) -> None:
    assert callable(condition)
    deadline = time.monotonic() + START_TIMEOUT_S
    while not condition():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"serve never got to {what}:\n{(home / 'serve.log').read_text()[-3000:]}")
        time.sleep(0.2)


def _healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _exit_code(proc: subprocess.Popen[bytes]) -> int:
    try:
        return proc.wait(timeout=90)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def _assert_left_cleanly(home: Path) -> None:
    pgdata = (home / "pgdata").resolve()
    assert _postgres_processes(pgdata) == []
    assert embedded.registered_users(pgdata) == []  # neither serve's pid nor the dead user's


def test_item5_serve_stops_embedded_server_on_sigterm(home: Path) -> None:
    pgdata = (home / "pgdata").resolve()
    dead = embedded.registered_users(pgdata)
    port = _free_port()
    proc = _serve(home, port)
    _wait_until(lambda: _healthy(port), "a healthy /healthz", proc, home)
    postmaster = embedded.postmaster_pid(pgdata)
    assert postmaster is not None
    assert embedded.registered_users(pgdata) == [*dead, proc.pid]

    proc.send_signal(signal.SIGTERM)
    assert _exit_code(proc) == 128 + signal.SIGTERM
    assert not psutil.pid_exists(postmaster)
    _assert_left_cleanly(home)
    assert "Shutting down" in (home / "serve.log").read_text()  # uvicorn's graceful shutdown ran first


def test_item5_serve_stops_embedded_server_on_sigint(home: Path) -> None:
    port = _free_port()
    proc = _serve(home, port)
    _wait_until(lambda: _healthy(port), "a healthy /healthz", proc, home)
    proc.send_signal(signal.SIGINT)  # Ctrl+C
    assert _exit_code(proc) == 128 + signal.SIGINT
    _assert_left_cleanly(home)


def test_item5_serve_stops_embedded_server_on_sigterm_during_start_up(home: Path) -> None:
    pgdata = (home / "pgdata").resolve()
    proc = _serve(home, _free_port())
    # As soon as serve has joined the cluster: it is migrating or loading the model, uvicorn not yet serving.
    _wait_until(lambda: proc.pid in embedded.registered_users(pgdata), "joining the cluster", proc, home)
    proc.send_signal(signal.SIGTERM)
    assert _exit_code(proc) == 128 + signal.SIGTERM
    _assert_left_cleanly(home)


def test_item5_serve_stops_embedded_server_when_start_up_fails(home: Path) -> None:
    # Production without a field key: serve migrates (the cluster runs), then the app refuses to start.
    env = {"WAYFINDER_ENV": "production", "WAYFINDER_SECRET_KEY": "s" * 40, ENV_KEYS: "", ENV_KEY_FILE: ""}
    proc = _serve(home, _free_port(), **env)
    code = _exit_code(proc)
    log = (home / "serve.log").read_text()
    assert code == 3, log  # uvicorn's start-up failure
    assert "Refusing to start" in log
    _assert_left_cleanly(home)


CLI_USER = """
import sys
from pathlib import Path
from models import embedded
embedded.join(Path(sys.argv[1]))
print("joined", flush=True)
sys.stdin.readline()  # like a CLI import still running; then a normal exit runs the exit handlers
"""


def test_item5_a_cluster_another_live_process_uses_is_left_running(home: Path) -> None:
    pgdata = (home / "pgdata").resolve()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    other = subprocess.Popen(
        [sys.executable, "-c", CLI_USER, str(pgdata)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == b"joined\n"
        embedded.join(pgdata)  # this process uses it too, then leaves first
        postmaster = embedded.postmaster_pid(pgdata)
        assert embedded.release(pgdata) is False  # the other process is alive: the server keeps running
        assert embedded.postmaster_pid(pgdata) == postmaster
        assert embedded.registered_users(pgdata) == [other.pid]  # the dead user is gone, we are gone
        assert other.stdin is not None
        other.stdin.write(b"done\n")
        other.stdin.flush()
        assert other.wait(timeout=60) == 0
    finally:
        other.kill()
    _assert_left_cleanly(home)  # the last user stopped it at exit


def test_item5_dead_and_reused_pids_do_not_count_as_users(tmp_path: Path) -> None:
    handle = tmp_path / embedded.HANDLE_FILE
    # The list is dated when this process started: `younger` must start clearly after that (more than the
    # start-time slack), even when this test is the first thing a fresh pytest runs.
    started = psutil.Process().create_time()
    time.sleep(max(0.0, started + 4 - time.time()))
    younger = subprocess.Popen(["sleep", "30"])
    zombie = subprocess.Popen(["true"])
    try:
        while psutil.Process(zombie.pid).status() != psutil.STATUS_ZOMBIE:
            time.sleep(0.05)  # exited, not yet reaped
        handle.write_text(json.dumps([os.getpid(), _dead_pid(), younger.pid, zombie.pid]))
        # The list was written before `younger` started: a pid reused by a process that could not have joined.
        written = started
        os.utime(handle, (written, written))
        assert embedded.live_users(tmp_path) == [os.getpid()]
        assert embedded.live_users(tmp_path, excluding=os.getpid()) == []
    finally:
        younger.kill()
        younger.wait()
        zombie.wait()
