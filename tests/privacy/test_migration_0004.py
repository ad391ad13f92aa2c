"""Migration 0004 encrypts what was stored in clear before it, with the key from outside the database."""

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from models.migrate import upgrade
from models.privacy.crypto import ENV_KEYS, FieldCipher, Keyring, field_context, new_key_entry


@pytest.fixture
def fresh_engine(engine: Engine) -> Iterator[Engine]:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE IF EXISTS migrate_0004"))
        conn.execute(text("CREATE DATABASE migrate_0004"))
    fresh = create_engine(make_url(str(engine.url)).set(database="migrate_0004"))
    yield fresh
    fresh.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE migrate_0004 WITH (FORCE)"))


def test_upgrade_encrypts_existing_exclusions_and_notes(fresh_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = new_key_entry("migrate")
    monkeypatch.setenv(ENV_KEYS, entry)
    cipher = FieldCipher(Keyring.parse(entry))
    upgrade(fresh_engine, "0003")
    with fresh_engine.begin() as conn:
        org = conn.execute(
            text("INSERT INTO organization (name, kind, created_at) VALUES ('A', 'agency', now()) RETURNING id")
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO survivor_profile (pseudonym, org_id, skills, work_history, interests, goals, days, "
                "shifts, zip3s, remote_ok, employment_types, excluded_employers, excluded_industries, "
                "excluded_zip3s, created_at, updated_at, last_activity_at) VALUES ('p1', :org, '{}', '[]', '{}', "
                "'{}', '{}', '{}', '{}', true, '{}', '{Northwind Packing}', '{}', '{983}', now(), now(), now())"
            ),
            {"org": org},
        )
        # A note from before encryption; its recommendation row is beside the point here.
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(
            text(
                "INSERT INTO review_decision (recommendation_id, to_status, note, at) VALUES (7, 'approved', "
                "'call back Tuesday', now())"
            )
        )
    upgrade(fresh_engine)
    with fresh_engine.connect() as conn:
        token = conn.execute(text("SELECT safety_exclusions FROM survivor_profile WHERE pseudonym = 'p1'")).scalar_one()
        note = conn.execute(text("SELECT note FROM review_decision WHERE recommendation_id = 7")).scalar_one()
    assert "Northwind" not in token and "call back" not in note
    context = field_context("survivor_profile", "safety_exclusions", "p1")
    assert cipher.decrypt_json(token, context=context) == {
        "excluded_employers": ["Northwind Packing"],
        "excluded_industries": [],
        "excluded_zip3s": ["983"],
    }
    assert cipher.decrypt(note, context=field_context("review_decision", "note", "7")) == "call back Tuesday"
