"""A data folder made by the old embedded server (PostgreSQL 16) is refused untouched, then upgraded with its data.

The folder is made as Wayfinder made it before 2026-12-08: pgserver 0.1.4 (PostgreSQL 16.2, pgvector 0.6.2),
every migration, and rows of its own (an organization, a vector, the application role)."""

import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli import app
from models import embedded
from models.db import engine_for_url, make_engine, normalize_url
from models.errors import DatabaseSetupError
from models.migrate import current_revision, upgrade
from models.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    old_server = pytest.importorskip("pgserver.postgres_server", reason="pgserver 0.1.4 is in the dev extras")

VECTOR = [0.25, -0.5, 0.75] + [0.0] * 381


@pytest.fixture(scope="module")
def old_home() -> Iterator[Path]:
    """A WAYFINDER_HOME whose pgdata was made by PostgreSQL 16 and migrated as far as Wayfinder went on it
    (0025: 0026's vector index needs pgvector's halfvec, which 0.6.2 lacks), holding rows."""
    home = Path(tempfile.mkdtemp(prefix="wayfinder-pg16-"))
    pgdata = home / "pgdata"
    server: Any = old_server.get_server(pgdata, cleanup_mode="stop")
    try:
        engine = engine_for_url(normalize_url(server.get_uri()))
        upgrade(engine, "0025")
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO organization (name, kind, created_at) VALUES ('Harbor House', 'agency', now())")
            )
            conn.execute(text("CREATE TABLE upgrade_probe (v vector(384))"))
            conn.execute(text("INSERT INTO upgrade_probe VALUES (CAST(:v AS vector))"), {"v": str(VECTOR)})
        engine.dispose()
    finally:
        server.cleanup()
    yield home
    shutil.rmtree(home, ignore_errors=True)


def settings_for(home: Path) -> Settings:
    return Settings(_env_file=None, home=home, database_url=None)  # type: ignore[call-arg]


def test_an_old_folder_is_refused_with_the_upgrade_command_and_left_as_it_was(old_home: Path) -> None:
    before = sorted(p.name for p in (old_home / "pgdata").iterdir())
    with pytest.raises(DatabaseSetupError, match=r"made by PostgreSQL 16.*wayfinder db upgrade-server"):
        make_engine(settings_for(old_home))
    assert (old_home / "pgdata" / "PG_VERSION").read_text().strip() == "16"
    assert sorted(p.name for p in (old_home / "pgdata").iterdir()) == before


def test_upgrade_server_carries_schema_rows_vectors_and_roles_to_postgresql_18(
    old_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAYFINDER_HOME", str(old_home))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from models.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["db", "upgrade-server"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Upgraded from PostgreSQL 16 to 18" in result.output
    assert (old_home / "pgdata" / "PG_VERSION").read_text().strip() == "18"
    backups = sorted(old_home.glob("pgdata.pg16-*"))
    assert len(backups) == 1 and (backups[0] / "PG_VERSION").read_text().strip() == "16"

    engine = engine_for_url(normalize_url(embedded.join(old_home / "pgdata")))
    try:
        assert current_revision(engine) == "0025"  # the schema came across as it was
        upgrade(engine)  # and the migrations of this version run on PostgreSQL 18
        assert current_revision(engine) == "0026"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT to_regclass('ix_job_posting_retrieval_hnsw')")).scalar() is not None
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM organization")).scalars().all() == ["Harbor House"]
            stored = conn.execute(text("SELECT v::text FROM upgrade_probe")).scalar_one()
            assert [float(x) for x in stored.strip("[]").split(",")] == VECTOR
            assert (
                conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'")).scalar() == "0.8.6"
            )
            assert conn.execute(text("SELECT current_setting('server_version_num')::int / 10000")).scalar() == 18
            assert conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'wayfinder_app'")).scalar()
    finally:
        engine.dispose()
        embedded.release(old_home / "pgdata")


def test_upgrade_server_says_what_to_install_when_the_old_server_package_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models import server_upgrade

    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("16\n")

    # As if pgserver were not installed: an import of a module set to None raises ImportError.
    monkeypatch.setitem(sys.modules, "pgserver", None)
    monkeypatch.setitem(sys.modules, "pgserver.postgres_server", None)
    with pytest.raises(DatabaseSetupError, match=r"pip install pgserver==0\.1\.4.*upgrade-server` again"):
        server_upgrade.upgrade_folder(pgdata)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pgdata"]  # nothing made, nothing moved


def test_upgrade_server_refuses_a_folder_already_on_the_new_server(settings: Settings, engine: Any) -> None:
    from models import server_upgrade

    with pytest.raises(DatabaseSetupError, match="already PostgreSQL 18"):
        server_upgrade.upgrade_folder(settings.pgdata)


def test_0026_leaves_the_vector_index_out_on_a_pgvector_without_halfvec(tmp_path: Path) -> None:
    """A server of one's own with an old pgvector (0.6.2 here) still migrates: only the HNSW index is missing."""
    server: Any = old_server.get_server(tmp_path / "pgdata", cleanup_mode="stop")
    try:
        engine = engine_for_url(normalize_url(server.get_uri()))
        upgrade(engine)
        assert current_revision(engine) == "0026"
        with engine.connect() as conn:
            made = conn.execute(
                text("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_job_posting_retrieval_%' ORDER BY 1")
            ).scalars()
            assert list(made) == [
                "ix_job_posting_retrieval_remote",
                "ix_job_posting_retrieval_text",
                "ix_job_posting_retrieval_zip3",
            ]
        engine.dispose()
    finally:
        server.cleanup()
