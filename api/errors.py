"""One place that turns domain errors and bad input into JSON with a message that says what to fix."""

import logging
import traceback

import psycopg
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from psycopg import DataError as PsycopgDataError
from sqlalchemy import exc as sa_exc
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.errors import WayfinderError

log = logging.getLogger("wayfinder.api")


def _field_path(loc: tuple[object, ...]) -> str:
    return ".".join(str(part) for part in loc if part not in ("body", "query", "path"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(WayfinderError)
    async def domain_error(_: Request, exc: WayfinderError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content={"error": exc.message})

    @app.exception_handler(RequestValidationError)
    async def bad_input(_: Request, exc: RequestValidationError) -> JSONResponse:
        # Echo field paths and reasons, never the submitted values: they may hold personal data.
        problems = [
            {"field": _field_path(tuple(err.get("loc", ()))), "reason": err.get("msg", "invalid")}
            for err in exc.errors()
        ]
        return JSONResponse(
            status_code=422,
            content={"error": "The request has invalid fields; fix them and retry.", "problems": problems},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400:
            # A body FastAPI cannot parse at all (not UTF-8, not JSON): answered like any other invalid input,
            # which every operation documents, instead of an undocumented 400.
            return JSONResponse(
                status_code=422,
                content={"error": "The request body could not be read; send a JSON object.", "problems": []},
            )
        return await http_exception_handler(request, exc)

    async def unstorable_value(_: Request, exc: Exception) -> JSONResponse:
        # Values the schema allows but PostgreSQL cannot hold (a NUL character in text, an id beyond the
        # integer range) are the client's input to fix, not a server fault. The request's transaction is rolled
        # back by the session dependency; the statement and values are not echoed or logged (personal data).
        # psycopg raises its own DataError, unwrapped by SQLAlchemy, where the driver is used directly (the
        # COPY that stores postings) or refuses a value before sending it (NUL in text).
        cause = exc.orig if isinstance(exc, DataError) else exc
        log.info("refused an unstorable value: %s", type(cause).__name__)
        return JSONResponse(
            status_code=422,
            content={
                "error": "A value cannot be stored: remove control characters such as NUL, and keep numbers in range.",
                "problems": [],
            },
        )

    app.add_exception_handler(DataError, unstorable_value)
    app.add_exception_handler(PsycopgDataError, unstorable_value)


# Database outages (item 5 of issue 12): the server refuses connections, has gone away, or every pooled
# connection is busy. Nothing the client sent was wrong, so the answer is 503 with a hint when to retry.
RETRY_AFTER_SECONDS = 30
# Neutral words: the person's access-code page gets this JSON too and must not name the service.
OUTAGE_MESSAGE = "Temporarily unavailable. Please try again in a minute."
# The exception classes that can carry an outage; `is_outage` decides per instance (a class-54 "statement
# too complex" is an OperationalError as well, and stays an unexpected error).
OUTAGE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
# SQLSTATE classes: 08 connection exception, 53 insufficient resources (too many connections, disk full),
# 57 operator intervention (shutdown, cannot connect now, statement timeout), 58 system error (I/O).
OUTAGE_SQLSTATE_CLASSES = ("08", "53", "57", "58")


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` means the database is out of reach for now, rather than a fault in the request or code."""
    if isinstance(exc, sa_exc.TimeoutError):  # no pooled connection came free in time
        return True
    orig: BaseException | None = exc
    if isinstance(exc, sa_exc.DBAPIError):
        if exc.connection_invalidated:  # SQLAlchemy recognised a disconnect and dropped the connection
            return True
        orig = exc.orig
    if isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
        # No SQLSTATE: the client library failed (connection refused, server closed the connection).
        return orig.sqlstate is None or orig.sqlstate[:2] in OUTAGE_SQLSTATE_CLASSES
    return False


def log_outage(exc: BaseException) -> None:
    """One line naming the error's classes, never its message (it may quote hosts, statements or values)."""
    orig = exc.orig if isinstance(exc, sa_exc.DBAPIError) else exc
    sqlstate = getattr(orig, "sqlstate", None) or "none"
    log.warning(
        "database unavailable: %s/%s sqlstate=%s; answered 503", type(exc).__name__, type(orig).__name__, sqlstate
    )


def outage_response() -> JSONResponse:
    return JSONResponse(
        status_code=503, content={"error": OUTAGE_MESSAGE}, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


async def database_unavailable(_: Request, exc: Exception) -> Response:
    if not is_outage(exc):
        raise exc  # not an outage: ContainUnexpected logs it and answers 500 like any other fault
    log_outage(exc)
    return outage_response()


def install_outage_handler(app: FastAPI) -> None:
    for cls in OUTAGE_ERRORS:
        app.add_exception_handler(cls, database_unavailable)


class ContainUnexpected:
    """ASGI middleware: an unexpected exception becomes a generic 500 and one log line that names the
    error's type and where it happened, never its message. A database outage that escaped the route's
    handlers gets the same 503 they give.

    Why not `app.exception_handler(Exception)`: Starlette re-raises after such a handler, and the server
    then logs the whole exception, message included. Database errors quote the failing row ("Failing row
    contains ...") and other messages may quote input, so the message must not reach any log.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if is_outage(exc) and not started:  # raised outside a route's handlers (a middleware, a teardown)
                log_outage(exc)
                await outage_response()(scope, receive, send)
                return
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("unhandled error: %s (message withheld)\n%s", type(exc).__name__, frames)
            if not started:  # otherwise the answer is already on its way; the server closes it
                response = JSONResponse(status_code=500, content={"error": "Internal error; it has been logged."})
                await response(scope, receive, send)
