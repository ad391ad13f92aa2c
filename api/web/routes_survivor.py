"""The access-code page (/me): the opportunities an advisor approved and shared, and the person's answers.

Safety first (requirement 20): the device may be shared or watched. Nothing here names the service's
purpose; every page has a quick exit (button, or the Escape key via /static/quick_exit.js) that leaves
for a neutral site with `location.replace`; the list closes after `survivor_idle_seconds` without use,
in the browser and on the server; nothing is cached; the code is never put in a URL. The browser holds
only a random reference in a short-lived HttpOnly, SameSite=Strict cookie (see code_sessions.py).
"""

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from api.client_address import client_address
from api.deps import ResourcesDep, SessionDep
from api.services import access
from api.web.code_sessions import CodeSessions, OpenPage, code_sessions
from api.web.templating import PAGE_HEADERS, is_htmx, page_router, redirect, render
from models.enums import SurvivorResponse
from models.errors import WayfinderError

router = page_router(prefix="/me", tags=["access-code page"])

PAGE_COOKIE = "wf_page"
NEUTRAL_SITE = "https://www.google.com/search?q=weather"
CLOSED = "Your list was closed. Enter your code again to see it."
ANSWER_WORDS = {SurvivorResponse.INTERESTED.value: "Interested", SurvivorResponse.NOT_FOR_ME.value: "Not for me"}

StoreDep = Annotated[CodeSessions, Depends(code_sessions)]


def _same_origin(request: Request) -> bool:
    """Refuse a post from another site (SameSite=Strict already withholds the cookie from one).

    Browsers send Sec-Fetch-Site; the pages' no-referrer policy makes Chromium send `Origin: null`
    even for this site's own forms, so Origin counts only when it names a real, different origin.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return True
    parts = urlsplit(origin)
    return (parts.scheme, parts.netloc) == (request.url.scheme, request.url.netloc)


def _keep_open(request: Request, response: Response, ref: str, idle_seconds: int) -> None:
    response.set_cookie(
        PAGE_COOKIE,
        ref,
        max_age=idle_seconds,
        path="/me",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def _forget(response: Response) -> Response:
    response.delete_cookie(PAGE_COOKIE, path="/me", httponly=True, samesite="strict")
    return response


def _code_page(request: Request, *, error: str = "", notice: str = "", status_code: int = 200) -> Response:
    context = {"error": error, "notice": notice, "exit_to": NEUTRAL_SITE}
    return _forget(render(request, "me/code.html", context, status_code=status_code))


def _open_page(request: Request, store: StoreDep, resources: ResourcesDep) -> tuple[str | None, OpenPage | None]:
    ref = request.cookies.get(PAGE_COOKIE)
    return ref, store.touch(ref, resources.settings.survivor_idle_seconds)


def _item(raw: dict[str, Any]) -> dict[str, Any]:
    item = access.present(raw)
    return {**item, "answer_words": ANSWER_WORDS.get(str(item["your_answer"] or ""), "")}


@router.get("")
def code_or_list(request: Request, session: SessionDep, store: StoreDep, resources: ResourcesDep) -> Response:
    """The list while the page is open; otherwise the code form (saying so if the list just closed)."""
    ref, page = _open_page(request, store, resources)
    if page is None:
        return _code_page(request, notice=CLOSED if ref else "")
    try:
        # The code was checked when the page opened; guesses by others at this address must not close it.
        found = access.opportunities(session, page.code, client=client_address(request), typed=False)
        items = [_item(i) for i in found]
    except WayfinderError as exc:  # revoked or expired since the page was opened
        store.close(ref)
        return _code_page(request, error=exc.message, status_code=exc.status_code)
    idle = resources.settings.survivor_idle_seconds
    context = {"items": items, "form_token": page.form_token, "exit_to": NEUTRAL_SITE, "idle_seconds": idle}
    response = render(request, "me/list.html", context)
    _keep_open(request, response, str(ref), idle)
    return response


@router.post("")
def open_with_code(
    request: Request,
    session: SessionDep,
    store: StoreDep,
    resources: ResourcesDep,
    code: Annotated[str, Form()] = "",
) -> Response:
    """Check the code, remember it under a new reference, and show the list (post/redirect/get)."""
    if not _same_origin(request):
        return _code_page(request, error="Open this page directly and enter your code again.", status_code=403)
    if not access.normalize_code(code):
        return _code_page(request, error="Enter the code you were given.", status_code=400)
    try:
        # Returned, not raised: the request commits, so a code that was never issued counts as a guess.
        access.opportunities(session, code, client=client_address(request))
    except WayfinderError as exc:
        return _code_page(request, error=exc.message, status_code=exc.status_code)
    store.close(request.cookies.get(PAGE_COOKIE))
    ref = store.open(code)
    response = redirect(request, "/me")
    _keep_open(request, response, ref, resources.settings.survivor_idle_seconds)
    return response


@router.post("/answer")
def answer(  # nosec B107  # why: empty defaults mean "not sent"; the answer is then refused
    request: Request,
    session: SessionDep,
    store: StoreDep,
    resources: ResourcesDep,
    item: Annotated[str, Form()] = "",
    answer: Annotated[str, Form()] = "",
    form_token: Annotated[str, Form()] = "",
) -> Response:
    """Record "Interested" / "Not for me": the item again for htmx, back to the list otherwise."""
    ref, page = _open_page(request, store, resources)
    if page is None or not _same_origin(request) or form_token != page.form_token:
        return _forget(redirect(request, "/me"))
    try:
        response_kind = SurvivorResponse(answer)
        updated = access.respond(
            session, page.code, int(item), response_kind, client=client_address(request), typed=False
        )
    except ValueError:
        return _code_page(request, error="Choose Interested or Not for me.", status_code=400)
    except WayfinderError as exc:
        store.close(ref)
        return _code_page(request, error=exc.message, status_code=exc.status_code)
    idle = resources.settings.survivor_idle_seconds
    result: Response
    if is_htmx(request):
        result = render(request, "me/_item.html", {"item": _item(updated), "form_token": page.form_token})
    else:
        result = redirect(request, "/me")
    _keep_open(request, result, str(ref), idle)
    return result


@router.api_route("/exit", methods=["GET", "POST"])
def quick_exit(request: Request, store: StoreDep) -> Response:
    """The quick exit: close the list and go to a neutral site (the script gets there without waiting)."""
    store.close(request.cookies.get(PAGE_COOKIE))
    response = RedirectResponse(NEUTRAL_SITE, status_code=303)
    response.headers.update(PAGE_HEADERS)
    return _forget(response)


@router.get("/leave")
def leave(request: Request, store: StoreDep) -> Response:
    """Close the list (the browser comes here after a while without use, or on "Close my list")."""
    store.close(request.cookies.get(PAGE_COOKIE))
    return _code_page(request, notice=CLOSED)
