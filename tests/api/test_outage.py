"""Issue 12 item 5: a database outage answers 503 with Retry-After and a calm message, never a 500, and the
app answers again by itself once the database is back."""

import inspect
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from psycopg import errors as pg_errors
from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc

from api.errors import OUTAGE_MESSAGE, RETRY_AFTER_SECONDS, ContainUnexpected, is_outage
from api.main import create_app
from api.resources import Resources
from api.web.errors import PERSON_OUTAGE, STAFF_OUTAGE
from api.web.routes_survivor import NEUTRAL_SITE
from matcher.encoder import Encoder
from models import embedded
from models.db import engine_for_url, make_engine, stop_embedded
from models.migrate import upgrade
from models.privacy.tools import PrivacyTools
from models.settings import Settings

CODE = {"X-Access-Code": "ABCD-EFGH-JKLM"}


@pytest.fixture
def dead_socket_dir(tmp_path: Path) -> Path:
    return tmp_path / "no-server-here"


@pytest.fixture
def down_app(settings: Settings, dead_socket_dir: Path) -> Iterator[FastAPI]:
    """The real app whose engine points at a server that is not there (nothing listens on the socket)."""
    dead = engine_for_url(f"postgresql+psycopg://postgres@/postgres?host={dead_socket_dir}")
    yield create_app(settings, resources=Resources(settings=settings, engine=dead))
    dead.dispose()


def _assert_json_outage(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"error": OUTAGE_MESSAGE}


def test_item5_db_down_answers_503_with_retry_after(down_app: FastAPI, dead_socket_dir: Path) -> None:
    client = TestClient(down_app, raise_server_exceptions=False)
    # The person's list, a sign-in, a token-authenticated staff call: each one needs the database first.
    _assert_json_outage(client.get("/my/opportunities", headers=CODE))
    _assert_json_outage(client.post("/auth/login", json={"email": "cw@example.org", "password": "x" * 12}))
    _assert_json_outage(client.get("/auth/me", headers={"Authorization": "Bearer wf_not_a_real_token"}))
    # A staff page: a plain page with the same hint, no stack, no database message.
    client.cookies.set("wf_session", "not-a-session")
    page = client.get("/cw")
    assert page.status_code == 503
    assert page.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "<h1>Temporarily unavailable</h1>" in page.text and STAFF_OUTAGE in page.text
    assert str(dead_socket_dir) not in page.text and "OperationalError" not in page.text


def test_item5_person_page_outage_is_calm(down_app: FastAPI) -> None:
    client = TestClient(down_app, raise_server_exceptions=False)
    for response in (client.get("/me"), client.post("/me", data={"code": "ABCD-EFGH-JKLM"})):
        assert response.status_code == 503
        assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
        assert response.headers["cache-control"] == "no-store"
        page = response.text
        assert PERSON_OUTAGE in page
        # The quick exit stays: the button to the neutral site and the Escape-key script.
        assert f'id="quick-exit" href="/me/exit" data-to="{NEUTRAL_SITE}"' in page
        assert '<script src="/static/quick_exit.js" defer></script>' in page
        # Nothing names the service or what went wrong.
        for word in ("Wayfinder", "database", "error", "Sign out", "Error"):
            assert word not in page
    # In the person's own language, like the rest of their page (issue 17).
    spanish = client.get("/me", headers={"Accept-Language": "es"})
    assert spanish.status_code == 503 and '<html lang="es"' in spanish.text
    assert "Esta página no está disponible ahora. Pruebe otra vez en unos minutos." in spanish.text
    assert PERSON_OUTAGE not in spanish.text
    # An htmx answer from the list would not be swapped (5xx): the browser is sent back to the calm page.
    htmx = client.post("/me", data={"code": "ABCD-EFGH-JKLM"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 503
    assert htmx.headers["hx-redirect"] == "/me"
    assert htmx.headers["retry-after"] == str(RETRY_AFTER_SECONDS)


def test_item5_pool_exhausted_answers_503(settings: Settings, committing_engine: Engine) -> None:
    """Every pooled connection busy past the pool's timeout is an outage too, not a 500.

    On a private database: the app commits, and its wrong-code guesses must not count against the
    address of every later test's client."""
    small = engine_for_url(committing_engine.url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    app = create_app(settings, resources=Resources(settings=settings, engine=small))
    client = TestClient(app, raise_server_exceptions=False)
    try:
        assert client.get("/my/opportunities", headers=CODE).status_code == 404  # the pool works
        with small.connect():  # the only connection is now taken
            _assert_json_outage(client.get("/my/opportunities", headers=CODE))
        assert client.get("/my/opportunities", headers=CODE).status_code == 404
    finally:
        small.dispose()


def test_item5_outage_message_never_in_body_or_log(
    down_app: FastAPI, dead_socket_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    engine = down_app.state.resources.engine
    with pytest.raises(sa_exc.OperationalError) as refused:
        engine.connect()
    message = str(refused.value.orig)
    assert str(dead_socket_dir) in message  # what must not leak: the driver's words, here the socket path
    with caplog.at_level(logging.DEBUG):
        response = TestClient(down_app, raise_server_exceptions=False).get("/my/opportunities", headers=CODE)
    assert response.status_code == 503
    assert str(dead_socket_dir) not in response.text
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.exc_info!r}" for r in caplog.records)
    assert "database unavailable: OperationalError/OperationalError sqlstate=none; answered 503" in logged
    assert str(dead_socket_dir) not in logged
    assert "Traceback" not in logged


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (sa_exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused")), True),
        (sa_exc.OperationalError("SELECT 1", {}, pg_errors.AdminShutdown("terminating connection")), True),
        (sa_exc.OperationalError("SELECT 1", {}, pg_errors.TooManyConnections("too many clients")), True),
        (sa_exc.OperationalError("SELECT 1", {}, pg_errors.QueryCanceled("statement timeout")), True),
        (sa_exc.OperationalError("SELECT 1", {}, pg_errors.CannotConnectNow("starting up")), True),
        (sa_exc.InterfaceError("SELECT 1", {}, psycopg.InterfaceError("the connection is closed")), True),
        (sa_exc.TimeoutError("QueuePool limit of size 5 overflow 10 reached"), True),
        (pg_errors.AdminShutdown("terminating connection"), True),
        # A disconnect SQLAlchemy recognised, whatever class the driver gave it.
        (sa_exc.DBAPIError("SELECT 1", {}, psycopg.DatabaseError("x"), connection_invalidated=True), True),
        # Faults of the request or the code: not outages.
        (sa_exc.OperationalError("SELECT 1", {}, pg_errors.ProgramLimitExceeded("index row too big")), False),
        (sa_exc.IntegrityError("INSERT", {}, pg_errors.UniqueViolation("duplicate key")), False),
        (sa_exc.DataError("INSERT", {}, pg_errors.StringDataRightTruncation("too long")), False),
        (pg_errors.UniqueViolation("duplicate key"), False),
        (RuntimeError("connection refused"), False),
    ],
)
def test_item5_only_outages_count_as_outages(error: BaseException, outage: bool) -> None:
    assert is_outage(error) is outage


def test_item5_a_non_outage_database_error_stays_a_contained_500(down_app: FastAPI) -> None:
    @down_app.get("/too-complex-for-test")
    def too_complex() -> None:
        raise sa_exc.OperationalError("SELECT", {}, pg_errors.ProgramLimitExceeded("statement too complex"))

    response = TestClient(down_app, raise_server_exceptions=False).get("/too-complex-for-test")
    assert response.status_code == 500
    assert response.json() == {"error": "Internal error; it has been logged."}
    assert "retry-after" not in response.headers


def test_item5_an_outage_outside_the_routes_is_a_503_too() -> None:
    """Raised where no route handler catches it (a middleware, a dependency's clean-up): the last net."""

    async def failing(scope: object, receive: object, send: object) -> None:
        raise sa_exc.OperationalError("SELECT 1", {}, psycopg.OperationalError("server closed the connection"))

    response = TestClient(ContainUnexpected(failing), raise_server_exceptions=False).get("/anything")
    _assert_json_outage(response)


PSYCOPG_ERRORS = sorted(
    (c for _, c in inspect.getmembers(pg_errors, inspect.isclass) if issubclass(c, psycopg.Error)),
    key=lambda c: c.__name__,
)


@hypothesis_settings(max_examples=150, deadline=None)
@given(error_class=st.sampled_from(PSYCOPG_ERRORS), words=st.text(min_size=1, max_size=40))
def test_item5_every_driver_error_is_a_503_exactly_when_it_is_an_outage(
    settings: Settings, error_class: type[psycopg.Error], words: str
) -> None:
    """Whatever the driver raises, wrapped the way SQLAlchemy wraps it: an outage is a 503 with Retry-After,
    anything else is never a 503 (a 4xx for bad input, a contained 500), and no answer quotes the error."""
    wrapped = sa_exc.DBAPIError.instance("SELECT 1", {}, error_class("LEAK " + words), psycopg.Error)
    app = _raising_app(settings)
    app.state.raise_next = wrapped
    response = TestClient(app, raise_server_exceptions=False).get("/raise-for-test")
    assert (response.status_code == 503) is is_outage(wrapped)
    assert ("retry-after" in response.headers) is is_outage(wrapped)
    assert response.status_code >= 400
    assert "LEAK" not in response.text


_apps: dict[int, FastAPI] = {}


def _raising_app(settings: Settings) -> FastAPI:
    """One app for all examples (hypothesis runs the test body many times): a route that raises what it is given."""
    if not _apps:
        app = create_app(
            settings, resources=Resources(settings=settings, engine=engine_for_url("postgresql+psycopg://"))
        )

        @app.get("/raise-for-test")
        def raise_for_test() -> None:
            raise app.state.raise_next

        _apps[0] = app
    return _apps[0]


def _start_again(pgdata: Path, socket_dir: str) -> None:
    """Start the stopped server as pgserver does: same data folder, same socket folder, no TCP."""
    pg_ctl = Path(embedded._pgserver().POSTGRES_BIN_PATH) / "pg_ctl"
    user = embedded.SYSTEM_USER if os.geteuid() == 0 else None
    subprocess.run(
        [
            str(pg_ctl),
            "-D",
            str(pgdata),
            "-w",
            "-o",
            '-h ""',
            "-o",
            f"-k {socket_dir}",
            "-l",
            str(pgdata / "log"),
            "start",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
        user=user,
    )


@pytest.fixture
def private_cluster() -> Iterator[Settings]:
    """An embedded cluster of this test's own (never the session's shared one), stopped and removed after."""
    home = Path(tempfile.mkdtemp(prefix="wf-outage-"))  # short: the socket lives in the data folder
    private = Settings(_env_file=None, home=home, database_url=None)  # type: ignore[call-arg]
    try:
        yield private
    finally:
        stop_embedded(private)
        embedded.stop_server(private.pgdata)  # in case the test left it in a state release did not expect
        shutil.rmtree(home, ignore_errors=True)


def test_item5_pool_recovers_when_db_returns(
    private_cluster: Settings, encoder: Encoder, privacy: PrivacyTools
) -> None:
    settings = private_cluster
    engine = make_engine(settings)  # starts the private embedded server
    upgrade(engine)
    app = create_app(
        settings, resources=Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)
    )
    client = TestClient(app, raise_server_exceptions=False)

    def answers() -> list[int]:
        return [
            client.get("/healthz").status_code,
            client.get("/me").status_code,
            client.get("/my/opportunities", headers=CODE).status_code,
        ]

    assert answers() == [200, 200, 404]  # 404: an unknown code, looked up in the database
    pgdata = settings.pgdata
    socket_dir = (pgdata / "postmaster.pid").read_text().splitlines()[4]
    postmaster = embedded.postmaster_pid(pgdata)
    assert postmaster is not None and embedded.stop_server(pgdata)  # the database goes away under the app
    assert embedded.postmaster_pid(pgdata) is None

    assert answers() == [503, 503, 503]  # pooled connections are dead and new ones are refused
    assert client.get("/my/opportunities", headers=CODE).json() == {"error": OUTAGE_MESSAGE}

    _start_again(pgdata, socket_dir)
    restarted = embedded.postmaster_pid(pgdata)
    assert restarted is not None and restarted != postmaster
    assert answers() == [200, 200, 404]  # same app, same engine: the pool reconnected by itself
    engine.dispose()


def test_healthz_degraded_answers_503_with_retry_after(down_app: FastAPI) -> None:
    response = TestClient(down_app, raise_server_exceptions=False).get("/healthz")
    assert response.status_code == 503
    assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert response.json()["database"] == "unavailable: OperationalError"
    assert response.json()["status"] == "degraded"
