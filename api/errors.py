"""One place that turns domain errors and bad input into JSON with a message that says what to fix."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

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

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", type(exc).__name__)
        return JSONResponse(status_code=500, content={"error": "Internal error; it has been logged."})
