"""One place that turns domain errors and bad input into JSON with a message that says what to fix."""

import logging

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

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

    @app.exception_handler(DataError)
    async def unstorable_value(_: Request, exc: DataError) -> JSONResponse:
        # Values the schema allows but PostgreSQL cannot hold (a NUL character in text, an id beyond the
        # integer range) are the client's input to fix, not a server fault. The request's transaction is rolled
        # back by the session dependency; the statement and values are not echoed or logged (personal data).
        log.info("refused an unstorable value: %s", type(exc.orig).__name__)
        return JSONResponse(
            status_code=422,
            content={
                "error": "A value cannot be stored: remove control characters such as NUL, and keep numbers in range.",
                "problems": [],
            },
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", type(exc).__name__)
        return JSONResponse(status_code=500, content={"error": "Internal error; it has been logged."})
