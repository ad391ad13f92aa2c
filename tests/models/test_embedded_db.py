"""The embedded cluster is shared by processes, and a server without pgvector is refused clearly."""

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from models.db import make_engine
from models.errors import DatabaseSetupError
from models.settings import Settings

CHILD = """
import sys
from sqlalchemy import text
from models.db import make_engine
from models.settings import Settings
engine = make_engine(Settings(_env_file=None, home=sys.argv[1], database_url=None))
with engine.begin() as conn:
    conn.execute(text("CREATE TABLE IF NOT EXISTS reuse_probe (v text)"))
    conn.execute(text("INSERT INTO reuse_probe VALUES ('from child')"))
    print(conn.execute(text("SELECT pg_postmaster_start_time()")).scalar().isoformat())
"""


def test_second_process_reuses_the_running_server(settings: Settings, engine: Engine) -> None:
    with engine.connect() as conn:
        started = conn.execute(text("SELECT pg_postmaster_start_time()")).scalar()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(settings.home)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == started.isoformat()  # same server, not a new one
    with engine.begin() as conn:
        assert conn.execute(text("SELECT v FROM reuse_probe")).scalar() == "from child"
        conn.execute(text("DROP TABLE reuse_probe"))


PG15_BIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture
def server_without_pgvector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Debian PostgreSQL 15 cluster, which ships no pgvector."""
    if not (PG15_BIN / "initdb").exists():
        pytest.skip("Debian postgresql-15 is not installed (.ci/run installs it)")
    root = Path("/tmp") / f"wf-novector-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir()
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(PG15_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_user,
            str(PG15_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(root / "log"),
            "-o",
            f"-k {sock} -h ''",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://postgres@/postgres?host={sock}"
    finally:
        subprocess.run(
            [*as_user, str(PG15_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def test_server_without_pgvector_is_refused_with_install_advice(server_without_pgvector: str) -> None:
    settings = Settings(_env_file=None, database_url=server_without_pgvector)  # type: ignore[call-arg]
    with pytest.raises(DatabaseSetupError, match="no 'vector' extension") as err:
        make_engine(settings)
    # The advice names the image docker-compose.yml runs.
    compose_image = re.search(r"image: (pgvector/\S+)", (Path(__file__).parents[2] / "docker-compose.yml").read_text())
    assert compose_image is not None and compose_image.group(1) in err.value.message


def test_the_production_image_carries_the_embedded_servers_postgresql_and_pgvector(engine: Engine) -> None:
    """docker-compose.yml's image tag (pgvector/pgvector:<pgvector>-pg<major>) names what the tests run on."""
    compose = (Path(__file__).parents[2] / "docker-compose.yml").read_text()
    tag = re.search(r"image: pgvector/pgvector:(\d+\.\d+\.\d+)-pg(\d+)", compose)
    assert tag is not None, "docker-compose.yml pins pgvector/pgvector:<version>-pg<major>"
    with engine.connect() as conn:
        major = conn.execute(text("SELECT current_setting('server_version_num')::int / 10000")).scalar()
        vector = conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar()
    assert (tag.group(1), int(tag.group(2))) == (vector, major)


def test_cli_stops_at_startup_when_pgvector_is_missing(server_without_pgvector: str, tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": server_without_pgvector, "WAYFINDER_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "api", "db", "upgrade"], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2
    assert "no 'vector' extension" in out.stderr
    assert "Traceback" not in out.stderr
