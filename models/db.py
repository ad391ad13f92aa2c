"""Engine and sessions: an explicit DATABASE_URL, or an embedded PostgreSQL 18 + pgvector cluster."""

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlmodel import Session

from models import embedded
from models.errors import DatabaseSetupError
from models.settings import Settings

CONNECT_TIMEOUT_S = 10

PGVECTOR_HELP = (
    "The PostgreSQL server at DATABASE_URL has no 'vector' extension available. "
    "Install pgvector on that server (Docker: use the image pgvector/pgvector:0.8.6-pg18, as docker-compose.yml does; "
    "Debian/Ubuntu: apt install postgresql-18-pgvector; see https://github.com/pgvector/pgvector), "
    "or unset DATABASE_URL to use the embedded database."
)


def normalize_url(url: str) -> str:
    """Make SQLAlchemy use psycopg 3 whatever scheme the URL was written with."""
    for prefix in ("postgresql+psycopg2://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def start_embedded(settings: Settings) -> str:
    """Start (or join) the embedded cluster under WAYFINDER_HOME and return its URL."""
    return embedded.join(settings.pgdata)


def stop_embedded(settings: Settings) -> bool:
    """Leave the embedded cluster; its server stops if no other live process uses it (models/embedded.py)."""
    return embedded.release(settings.pgdata)


def resolve_url(settings: Settings) -> str:
    return normalize_url(settings.database_url or start_embedded(settings))


def make_app_engine(settings: Settings) -> Engine:
    """The engine request handling uses: the app login role when configured, else the owner's."""
    if not settings.app_database_url:
        return make_engine(settings)
    engine = engine_for_url(normalize_url(settings.app_database_url))
    ensure_pgvector(engine)
    return engine


def make_engine(settings: Settings, **kwargs: Any) -> Engine:
    """Create the engine; fail with a clear message if pgvector is missing."""
    engine = engine_for_url(resolve_url(settings), **kwargs)
    ensure_pgvector(engine)
    return engine


def engine_for_url(url: str | URL, **kwargs: Any) -> Engine:
    """An engine whose connections all read and write `vector` values the same way."""
    # hide_parameters: bound values (profile text, pseudonyms) never appear in SQLAlchemy's error messages
    # or statement logs, whatever the log level.
    # pool_pre_ping: a pooled connection that died with the server is replaced at checkout, so requests
    # answer again as soon as the database is back, without restarting the app.
    # connect_timeout: while the database is unreachable a request fails in seconds (a 503, api/errors.py)
    # instead of hanging on a server that drops packets; a value in the URL wins.
    if "connect_timeout" not in make_url(url).query:
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S, **kwargs.get("connect_args", {})}
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True, **kwargs)

    @event.listens_for(engine, "connect")
    def _register_vector(dbapi_connection: Any, _record: Any) -> None:
        from pgvector.psycopg import register_vector

        # Before the first migration the `vector` type does not exist yet; upgrade() disposes the pool.
        with contextlib.suppress(Exception):
            register_vector(dbapi_connection)

    return engine


def ensure_pgvector(engine: Engine) -> None:
    with engine.connect() as conn:
        available = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first()
    if available is None:
        raise DatabaseSetupError(PGVECTOR_HELP)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
