"""Shared fixtures: one embedded PostgreSQL for the session, one rolled-back transaction per test."""

import atexit
import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from models.privacy.crypto import FieldCipher
    from models.privacy.tools import PrivacyTools

from matcher.encoder import Encoder
from models.db import engine_for_url, make_engine
from models.migrate import upgrade
from models.settings import Settings

# Fixtures shared by several test folders, kept in their own module.
pytest_plugins = ["tests.recording"]


@pytest.fixture(scope="session")
def settings() -> Settings:
    # Not under pytest's tmp_path: pytest prunes old numbered folders, which would pull the data
    # folder from under a cluster still serving another concurrent test run.
    home = Path(tempfile.mkdtemp(prefix="wayfinder-test-"))
    # Registered before the cluster starts, so it runs after pgserver's own exit handler stops it.
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    return Settings(_env_file=None, home=home, database_url=None)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose every commit lands in a savepoint of a transaction rolled back at the end."""
    with engine.connect() as connection:
        transaction = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as s:
            yield s
        transaction.rollback()


@pytest.fixture(scope="session")
def encoder(settings: Settings) -> Encoder:
    return Encoder(settings.resolved_model_path)


@pytest.fixture(scope="session")
def field_cipher() -> "FieldCipher":
    """A field cipher on a fresh random key (never the developer's key file)."""
    from models.privacy.crypto import FieldCipher, Keyring, new_key_entry

    return FieldCipher(Keyring.parse(new_key_entry("test")))


@pytest.fixture(scope="session")
def privacy(field_cipher: "FieldCipher") -> "PrivacyTools":
    """The real scrubber (~4.6 s, once per run) and the test field cipher."""
    from models.privacy.scrub import load_scrubber
    from models.privacy.tools import PrivacyTools

    return PrivacyTools(scrubber=load_scrubber(), cipher=field_cipher)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def app(settings: Settings, engine: Engine, encoder: Encoder, session: Session, privacy: "PrivacyTools") -> "FastAPI":
    """The real app over the test database; every request joins the test's rolled-back transaction."""
    from api.deps import get_session
    from api.main import create_app
    from api.resources import Resources

    resources = Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)
    application = create_app(settings, resources=resources)
    application.dependency_overrides[get_session] = request_session(session)
    return application


def request_session(session: Session) -> "Callable[[], Iterator[Session]]":
    """Stand-in for api.deps.get_session that joins the test's transaction.

    Requests still pass through get_app_session, so they run as the non-owner app role under row-level
    security exactly as in production; afterwards the test's own code is back to the owner with no
    organization bound (a released savepoint would otherwise keep the request's SET LOCAL settings).
    """

    def unit_of_work() -> Iterator[Session]:
        try:
            yield session
        finally:
            from sqlalchemy.exc import DBAPIError

            from models.repositories.tenancy import leave_app_role

            # An aborted transaction fails the test's next statement anyway; do not mask the request's error.
            with contextlib.suppress(DBAPIError):
                leave_app_role(session)

    return unit_of_work


@pytest.fixture
def client(app: "FastAPI") -> Iterator["TestClient"]:
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def template_database(engine: Engine) -> str:
    """A migrated database to clone for tests whose code under test commits (imports, multi-process)."""
    from sqlalchemy import text

    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("DROP DATABASE IF EXISTS wf_template"))
        conn.execute(text("CREATE DATABASE wf_template"))
    template = engine_for_url(engine.url.set(database="wf_template"))
    upgrade(template)
    template.dispose()
    return "wf_template"


@pytest.fixture
def committing_engine(engine: Engine, template_database: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A private database cloned from the template, dropped after the test: for code that commits."""
    import re

    from sqlalchemy import text

    name = "wf_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE {template_database}'))
    private = engine_for_url(engine.url.set(database=name))
    yield private
    private.dispose()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
