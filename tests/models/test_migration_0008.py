"""Migration 0008 (issue 12): the approval covers the content approved; down and up again keep the gate whole."""

from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from models.migrate import alembic_config, current_revision, upgrade
from models.repositories.tenancy import APP_ROLE


@pytest.fixture
def fresh_engine(engine: Engine) -> Iterator[Engine]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE IF EXISTS migrate_0008"))
        conn.execute(text("CREATE DATABASE migrate_0008"))
    fresh = create_engine(make_url(str(engine.url)).set(database="migrate_0008"))
    yield fresh
    fresh.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE migrate_0008 WITH (FORCE)"))


def _downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


def _view_sql(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT pg_get_viewdef('survivor_visible_recommendation')")).scalar_one())


def test_downgrade_to_0007_restores_the_old_gate_and_upgrade_brings_the_content_check_back(
    fresh_engine: Engine,
) -> None:
    upgrade(fresh_engine, "0008")
    assert "approved_content_hash" in _view_sql(fresh_engine)
    _downgrade(fresh_engine, "0007")
    assert current_revision(fresh_engine) == "0007"
    assert "approved_content_hash" not in _view_sql(fresh_engine)
    with fresh_engine.connect() as conn:
        gate = conn.execute(text("SELECT count(*) FROM pg_trigger WHERE tgname = 'recommendation_gate'")).scalar_one()
        invoker = conn.execute(
            text("SELECT reloptions FROM pg_class WHERE relname = 'survivor_visible_recommendation'")
        ).scalar_one()
    assert gate == 1 and invoker == ["security_invoker=true"]
    upgrade(fresh_engine, "0008")
    assert "approved_content_hash" in _view_sql(fresh_engine)


def test_the_view_stays_security_invoker_and_read_only_for_the_app_role(session: Session) -> None:
    conn = session.connection()
    options = conn.execute(
        text("SELECT reloptions FROM pg_class WHERE relname = 'survivor_visible_recommendation'")
    ).scalar_one()
    assert options == ["security_invoker=true"]
    privileges = {
        p: conn.execute(
            text("SELECT has_table_privilege(:r, 'survivor_visible_recommendation', :p)"), {"r": APP_ROLE, "p": p}
        ).scalar_one()
        for p in ("SELECT", "INSERT", "UPDATE", "DELETE")
    }
    assert privileges == {"SELECT": True, "INSERT": False, "UPDATE": False, "DELETE": False}


def test_the_content_hash_is_canonical(session: Session) -> None:
    """Key order and spacing do not change the hash; any value change does."""
    conn = session.connection()
    same = conn.execute(
        text(
            'SELECT wayfinder_content_hash(\'{"a": 1, "b": ["x"]}\'::jsonb) = '
            'wayfinder_content_hash(\'{"b": ["x"],   "a": 1}\'::jsonb)'
        )
    ).scalar_one()
    differs = conn.execute(
        text("SELECT wayfinder_content_hash('{\"a\": 1}'::jsonb) <> wayfinder_content_hash('{\"a\": 2}'::jsonb)")
    ).scalar_one()
    assert (same, differs) == (True, True)
