"""One place that turns domain errors and bad input into JSON with a message that says what to fix."""

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from psycopg import DataError as PsycopgDataError
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


class ContainUnexpected:
    """ASGI middleware: an unexpected exception becomes a generic 500 and one log line that names the
    error's type and where it happened, never its message.

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
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("unhandled error: %s (message withheld)\n%s", type(exc).__name__, frames)
            if not started:  # otherwise the answer is already on its way; the server closes it
                response = JSONResponse(status_code=500, content={"error": "Internal error; it has been logged."})
                await response(scope, receive, send)
