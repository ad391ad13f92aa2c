"""Errors on web pages become pages: a sign-in redirect, or an HTML page saying what went wrong.

The JSON API's handlers stay in charge of every other route; these wrap them and answer only for
routes built with `page_router()`.
"""

from collections.abc import Awaitable, Callable
from typing import cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from api.web.security import LoginRequired, login_url
from api.web.templating import is_htmx, is_page_request, redirect, render
from models.errors import WayfinderError

TITLES = {400: "Something is wrong with the request", 403: "Not allowed", 404: "Not found", 409: "Already changed"}


def _error_page(request: Request, status_code: int, message: str) -> Response:
    title = TITLES.get(status_code, "That did not work")
    name = "error_fragment.html" if is_htmx(request) else "error.html"
    response = render(request, name, {"title": title, "message": message}, status_code=status_code)
    if is_htmx(request):
        # htmx swaps only 2xx answers by default; retarget the message to the page's alert area.
        response.headers["HX-Retarget"] = "#alerts"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def install_page_error_handlers(app: FastAPI) -> None:
    # The JSON API's handlers, installed by api.main before the pages are mounted; all are async.
    JsonHandler = Callable[[Request, Exception], Awaitable[Response]]
    json_domain = cast(JsonHandler, app.exception_handlers[WayfinderError])
    json_validation = cast(JsonHandler, app.exception_handlers[RequestValidationError])

    async def login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return redirect(request, login_url(exc.next_path))

    async def domain_error(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await json_domain(request, exc)
        assert isinstance(exc, WayfinderError)
        return _error_page(request, exc.status_code, exc.message)

    async def bad_input(request: Request, exc: Exception) -> Response:
        if not is_page_request(request):
            return await json_validation(request, exc)
        return _error_page(request, 400, "The form was incomplete or had a wrong value; go back and check it.")

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(WayfinderError, domain_error)
    app.add_exception_handler(RequestValidationError, bad_input)
