"""The access-code page (/me): the opportunities an advisor approved and shared, and the person's answers.

Safety first (requirement 20): the device may be shared or watched. Nothing here names the service's
purpose; every page has a quick exit (button, or the Escape key via /static/quick_exit.js) that leaves
for a neutral site with `location.replace`; the list closes after `survivor_idle_seconds` without use,
in the browser and on the server; nothing is cached; the code is never put in a URL. The browser holds
only a random reference in a short-lived HttpOnly, SameSite=Strict cookie (see code_sessions.py).

Language: the one the person picked with the switch (a cookie for the browser session), else the one the
caseworker chose for the code (set as that cookie when the code opens the page), else the browser's
Accept-Language, else English. Every message goes through the catalogs (api/web/i18n.py).
"""

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Form, Request
from fastapi.responses import RedirectResponse, Response

from api.client_address import client_address
from api.deps import ResourcesDep, SessionDep
from api.services import access, code_language
from api.web import i18n
from api.web.code_sessions import CodeSessionsDep, OpenPage
from api.web.i18n import N_
from api.web.me_view import ANSWER_WORDS, localized
from api.web.templating import PAGE_HEADERS, is_htmx, page_router, redirect, render
from models.enums import SurvivorResponse
from models.errors import WayfinderError

router = page_router(prefix="/me", tags=["access-code page"])

PAGE_COOKIE = "wf_page"
LANG_COOKIE = "wf_lang"
NEUTRAL_SITE = "https://www.google.com/search?q=weather"
CLOSED = N_("Your list was closed. Enter your code again to see it.")
NO_CODE = N_("Enter the code you were given.")
OPEN_DIRECTLY = N_("Open this page directly and enter your code again.")
CHOOSE_ANSWER = N_("Choose Interested or Not for me.")
# What the services may say to the person, word for word (tests/web/test_languages.py keeps these equal
# to the services' constants): marked here so the catalogs carry them, translated when shown.
SERVICE_MESSAGES = (
    N_("This code does not work. It may have expired. Ask the person who gave it to you for a new one."),
    N_("Too many codes that do not work were tried from here; wait {wait} and try again."),
    N_(
        "Many codes that do not work are being tried right now, so codes are checked only from places where a "
        "list was opened before. Try again in an hour, or ask the person who gave you the code."
    ),
    N_("That opportunity is not in your list any more."),
)

StoreDep = CodeSessionsDep


def _refusal(exc: WayfinderError) -> str:
    """A service's refusal in the page's language; a wait is worded by Babel in that language too."""
    if isinstance(exc, access.WaitBeforeGuessing):
        return i18n.gettext(access.TOO_MANY_GUESSES).format(wait=i18n.duration(exc.wait))
    return exc.message


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


def _language(request: Request) -> i18n.Language:
    return i18n.choose(request.cookies.get(LANG_COOKIE), accept_language=request.headers.get("accept-language"))


def _remember_language(request: Request, response: Response, lang: i18n.Language) -> None:
    """A browser-session cookie (no expiry): the choice holds until the browser closes."""
    response.set_cookie(
        LANG_COOKIE, lang.code, path="/me", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )


def render_person_page(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> Response:
    """A page of the person's in their language (switch, caseworker's choice, browser), quick exit included."""
    lang = _language(request)
    base = {"exit_to": NEUTRAL_SITE, "languages": i18n.SHIPPED}
    return render(request, name, {**base, **context}, status_code=status_code, language=lang)


def _code_page(request: Request, *, error: str = "", notice: str = "", status_code: int = 200) -> Response:
    with i18n.use_language(_language(request)):
        context = {"error": i18n.gettext(error) if error else "", "notice": i18n.gettext(notice) if notice else ""}
    return _forget(render_person_page(request, "me/code.html", context, status_code=status_code))


def _open_page(request: Request, store: StoreDep) -> tuple[str | None, OpenPage | None]:
    ref = request.cookies.get(PAGE_COOKIE)
    return ref, store.touch(ref)


def _items(request: Request, rows: list[dict[str, Any]], form_token: str) -> dict[str, Any]:
    """The items (and the answer words) in the page's language, for me/list.html or me/_item.html."""
    with i18n.use_language(_language(request)):
        return {
            "items": [localized(row) for row in rows],
            "answer_words": {key: i18n.gettext(words) for key, words in ANSWER_WORDS.items()},
            "form_token": form_token,
        }


@router.get("")
def code_or_list(request: Request, session: SessionDep, store: StoreDep, resources: ResourcesDep) -> Response:
    """The list while the page is open; otherwise the code form (saying so if the list just closed)."""
    ref, page = _open_page(request, store)
    if page is None:
        return _code_page(request, notice=CLOSED if ref else "")
    try:
        # The code was checked when the page opened; guesses by others at this address must not close it.
        rows = access.opportunities(session, page.code, client=client_address(request), typed=False)
    except WayfinderError as exc:  # revoked or expired since the page was opened
        store.close(ref)
        return _code_page(request, error=_refusal(exc), status_code=exc.status_code)
    idle = resources.settings.survivor_idle_seconds
    context = {**_items(request, rows, page.form_token), "idle_seconds": idle}
    response = render_person_page(request, "me/list.html", context)
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
        return _code_page(request, error=OPEN_DIRECTLY, status_code=403)
    if not access.normalize_code(code):
        return _code_page(request, error=NO_CODE, status_code=400)
    try:
        # Returned, not raised: the request commits, so a code that was never issued counts as a guess.
        access.opportunities(session, code, client=client_address(request))
    except WayfinderError as exc:
        return _code_page(request, error=_refusal(exc), status_code=exc.status_code)
    chosen = i18n.language(code_language.language_of(session, code))
    store.close(request.cookies.get(PAGE_COOKIE))
    ref = store.open(code)
    response = redirect(request, "/me")
    _keep_open(request, response, ref, resources.settings.survivor_idle_seconds)
    if chosen is not None:
        _remember_language(request, response, chosen)
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
    ref, page = _open_page(request, store)
    if page is None or not _same_origin(request) or form_token != page.form_token:
        return _forget(redirect(request, "/me"))
    try:
        response_kind = SurvivorResponse(answer)
        updated = access.respond(
            session, page.code, int(item), response_kind, client=client_address(request), typed=False
        )
    except ValueError:
        return _code_page(request, error=CHOOSE_ANSWER, status_code=400)
    except WayfinderError as exc:
        store.close(ref)
        return _code_page(request, error=_refusal(exc), status_code=exc.status_code)
    idle = resources.settings.survivor_idle_seconds
    result: Response
    if is_htmx(request):
        fragment = _items(request, [updated], page.form_token)
        result = render_person_page(request, "me/_item.html", {**fragment, "item": fragment["items"][0]})
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


@router.post("/language")
def choose_language(request: Request, lang: Annotated[str, Form()] = "") -> Response:
    """The language switch: keep the choice for this browser session and show the same page again."""
    chosen = i18n.language(lang)
    response = redirect(request, "/me")
    if chosen is not None and _same_origin(request):
        _remember_language(request, response, chosen)
    return response
