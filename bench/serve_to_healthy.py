"""Time from `wayfinder serve` to a healthy /healthz, on the embedded default.

Usage: .venv/bin/python bench/serve_to_healthy.py [--runs 3]
Each run starts the server as a new process (fresh data folder for the first run = cold
cluster creation; the same folder afterwards = an existing cluster) and polls /healthz.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_to_healthy(home: Path, timeout: float = 180.0) -> float:
    port = free_port()
    exe = Path(sys.executable).with_name("wayfinder")
    env = {**os.environ, "WAYFINDER_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while time.perf_counter() - start < timeout:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as res:
                    if res.status == 200 and json.load(res)["status"] == "ok":
                        return time.perf_counter() - start
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        raise TimeoutError("server did not become healthy")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="wf-bench-serve-"))
    try:
        times = [time_to_healthy(home) for _ in range(args.runs)]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"serve -> healthy /healthz, first run (new cluster + migrations): {times[0]:.2f} s")
    if len(times) > 1:
        warm = sorted(times[1:])
        print(f"serve -> healthy /healthz, existing cluster: median {warm[len(warm) // 2]:.2f} s over {len(warm)} runs")


if __name__ == "__main__":
    main()
