"""Errors on web pages become pages: a sign-in redirect, or an HTML page saying what went wrong.

The JSON API's handlers stay in charge of every other route; these wrap them and answer only for
routes built with `page_router()`.
"""

from collections.abc import Awaitable, Callable
from typing import cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from api.errors import OUTAGE_ERRORS, RETRY_AFTER_SECONDS, is_outage, log_outage
from api.errors import database_unavailable as json_database_unavailable
from api.web.i18n import N_, gettext
from api.web.routes_survivor import render_person_page as person_page
from api.web.security import LoginRequired, login_url
from api.web.templating import is_htmx, is_page_request, redirect, render
from models.errors import WayfinderError

# Message ids (the page translates them where it is rendered).
TITLES = {
    400: N_("Something is wrong with the request"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("Already changed"),
    503: N_("Temporarily unavailable"),
}
STAFF_OUTAGE = N_(
    "The service cannot reach its database just now. Nothing is wrong on your side; try again in a minute."
)
BAD_FORM = N_("The form was incomplete or had a wrong value; go back and check it.")
# The person's page may be watched: words that name nothing, and the quick exit stays.
PERSON_OUTAGE = N_("This page is not available right now. Please try again in a few minutes.")


def _error_page(request: Request, status_code: int, message: str) -> Response:
    # A domain error's own message comes from the service (shared with the JSON API) and stays as it is.
    title = gettext(TITLES.get(status_code, N_("That did not work")))
    name = "error_fragment.html" if is_htmx(request) else "error.html"
    response = render(request, name, {"title": title, "message": message}, status_code=status_code)
    if is_htmx(request):
        # htmx swaps only 2xx answers by default; retarget the message to the page's alert area.
        response.headers["HX-Retarget"] = "#alerts"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def _is_person_page(request: Request) -> bool:
    path = request.url.path
    return path == "/me" or path.startswith("/me/")


def _outage_page(request: Request) -> Response:
    response: Response
    if _is_person_page(request) and not is_htmx(request):
        # In the person's own language, like the rest of their page.
        response = person_page(request, "me/unavailable.html", {"message": PERSON_OUTAGE}, status_code=503)
    elif _is_person_page(request):
        # An answer sent from the list (htmx swaps no 5xx answer): load the page again, which then shows
        # the calm full page above, quick exit included, instead of a click that silently does nothing.
        response = redirect(request, "/me")
        response.status_code = 503
    else:
        response = _error_page(request, 503, gettext(STAFF_OUTAGE))
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
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
        return _error_page(request, 400, gettext(BAD_FORM))

    async def database_unavailable(request: Request, exc: Exception) -> Response:
        if not is_page_request(request) or not is_outage(exc):
            return await json_database_unavailable(request, exc)  # JSON 503, or re-raised if not an outage
        log_outage(exc)
        return _outage_page(request)

    for cls in OUTAGE_ERRORS:
        app.add_exception_handler(cls, database_unavailable)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(WayfinderError, domain_error)
    app.add_exception_handler(RequestValidationError, bad_input)
