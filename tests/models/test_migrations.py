"""Migrations from an empty database, and what the schema itself enforces."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from models.migrate import current_revision, upgrade

HEAD = "0026"

EXPECTED_TABLES = {
    "organization",
    "app_user",
    "employer",
    "job_posting",
    "training_provider",
    "training_program",
    "survivor_profile",
    "recommendation",
    "review_decision",
    "audit_event",
    "import_run",
    "alembic_version",
    "catalog_state",
    "user_session",
    "api_token",
    "login_attempt",
    "access_code",
    "case_reference",
    "consent",
    "referral",
    "follow_up",
    "outcome_event",
    "page_ref",
    "catalog_change",
    "embedding_model",
}


@pytest.fixture
def empty_engine(engine: Engine) -> Iterator[Engine]:
    """A brand-new database in the test cluster."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE IF EXISTS migrate_from_empty"))
        conn.execute(text("CREATE DATABASE migrate_from_empty"))
    fresh = create_engine(make_url(str(engine.url)).set(database="migrate_from_empty"))
    yield fresh
    fresh.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE migrate_from_empty"))


def test_upgrade_from_empty_creates_the_schema(empty_engine: Engine) -> None:
    assert current_revision(empty_engine) is None
    upgrade(empty_engine)
    assert current_revision(empty_engine) == HEAD
    tables = set(inspect(empty_engine).get_table_names())
    assert tables == EXPECTED_TABLES
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT extversion FROM pg_extension WHERE extname='vector'")).scalar()
        emb = conn.execute(
            text(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                "WHERE attrelid = 'job_posting'::regclass AND attname = 'embedding'"
            )
        ).scalar()
    assert emb == "vector(384)"


def test_upgrade_twice_is_a_no_op(empty_engine: Engine) -> None:
    upgrade(empty_engine)
    upgrade(empty_engine)
    assert current_revision(empty_engine) == HEAD


def test_profile_table_has_no_identifying_columns(engine: Engine) -> None:
    columns = {c["name"] for c in inspect(engine).get_columns("survivor_profile")}
    forbidden = {
        "name",
        "first_name",
        "last_name",
        "email",
        "phone",
        "address",
        "street",
        "date_of_birth",
        "dob",
        "birth_date",
        "ssn",
        "immigration_status",
        "story",
        "narrative",
        "trafficker",
        "shelter",
    }
    assert not columns & forbidden
    assert "pseudonym" in columns


def test_audit_log_refuses_update_and_delete(engine: Engine) -> None:
    with engine.connect() as conn, conn.begin() as tx:
        conn.execute(text("INSERT INTO audit_event (at, action, detail) VALUES (now(), 'test', '{}')"))
        with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
            conn.execute(text("UPDATE audit_event SET action = 'tampered'"))
        with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
            conn.execute(text("DELETE FROM audit_event"))
        tx.rollback()


def _search_columns(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE column_name = 'search_tsv' AND table_schema = 'public'"
            )
        ).all()
    return {(r[0], r[1]) for r in rows}


def test_0025_drops_the_unread_full_text_columns_and_its_downgrade_brings_them_back(empty_engine: Engine) -> None:
    """Nothing reads `search_tsv`; imports paid for it on every write (issue 14). Down to 0024 restores the
    generated column as 0001 made it (it still finds a word of the description), up again drops it."""
    from alembic import command

    from models.migrate import alembic_config

    upgrade(empty_engine)
    assert _search_columns(empty_engine) == set()
    with empty_engine.begin() as connection:
        cfg = alembic_config(empty_engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0024")
    assert _search_columns(empty_engine) == {("job_posting", "search_tsv"), ("training_program", "search_tsv")}
    with empty_engine.connect() as conn, conn.begin() as tx:
        conn.execute(
            text(
                "INSERT INTO job_posting (source, source_id, title, description, employer_name, "
                "is_remote, requires_work_authorization, requires_citizenship, status, screening, text_hash, "
                "review_priority, content_hash, dedup_key, updated_at, created_at) VALUES "
                "('t', '1', 'Forklift operator', 'Load trucks in a warehouse', 'Acme', false, true, "
                "false, 'active', '[]', 'th', 0, 'h', 'd', now(), now())"
            )
        )
        hit = conn.execute(
            text("SELECT title FROM job_posting WHERE search_tsv @@ plainto_tsquery('english', 'trucks')")
        ).scalar()
        assert hit == "Forklift operator"
        tx.rollback()
    upgrade(empty_engine)
    assert current_revision(empty_engine) == HEAD
    assert _search_columns(empty_engine) == set()


# Objects the migration writes by hand (SQL the models cannot express).
HAND_WRITTEN = {
    "uq_recommendation_profile_job",
    "uq_recommendation_profile_program",
    "ix_job_posting_embedding_pending",
    "ix_training_program_embedding_pending",
    "survivor_visible_recommendation",
    "wayfinder_recommendation_gate",
    "recommendation_gate",
    "wayfinder_stamp_decision_actor",
    "review_decision_actor",
    "wayfinder_job_content",
    "wayfinder_program_content",
    "wayfinder_content_hash",
    "wayfinder_item_content",
    "_retrieval_",  # 0026: the candidate stage's HNSW, full-text and area indexes (expression, partial)
}


def test_migrations_match_the_models(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import models  # noqa: F401 - registers the tables

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    drift = [d for d in diff if not any(name in str(d) for name in HAND_WRITTEN)]
    assert drift == []


def test_catalog_counter_bumps_once_per_writing_statement(session) -> None:  # type: ignore[no-untyped-def]
    conn = session.connection()
    before = conn.execute(text("SELECT version FROM catalog_state WHERE kind = 'job'")).scalar_one()
    conn.execute(text("UPDATE job_posting SET status = status"))  # touches no row: still one statement
    conn.execute(text("UPDATE training_program SET status = status"))
    after = conn.execute(text("SELECT version FROM catalog_state WHERE kind = 'job'")).scalar_one()
    assert after == before + 1
