"""Shared fixtures: one embedded PostgreSQL for the session, one rolled-back transaction per test."""

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

from matcher.encoder import Encoder
from models.db import make_engine
from models.migrate import upgrade
from models.settings import Settings


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    home = tmp_path_factory.mktemp("wayfinder-home")
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
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


@pytest.fixture
def app(settings: Settings, engine: Engine, encoder: Encoder, session: Session) -> "FastAPI":
    """The real app over the test database; every request joins the test's rolled-back transaction."""
    from api.deps import get_session
    from api.main import create_app
    from api.resources import Resources

    application = create_app(settings, resources=Resources(settings=settings, engine=engine, encoder=encoder))
    application.dependency_overrides[get_session] = lambda: session
    return application


@pytest.fixture
def client(app: "FastAPI") -> Iterator["TestClient"]:
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client
