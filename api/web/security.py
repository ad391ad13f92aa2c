"""Who is using a page: the `wf_session` cookie, checked by the same service as the JSON API.

Writes need the session's CSRF token, sent by htmx as the `X-CSRF-Token` header (set once on <body>)
or by a plain form as the hidden `csrf_token` field. The page learns the token from the HttpOnly
`wf_csrf` cookie set at sign-in; another site can neither read it nor send the strict-same-site cookies.
"""

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.datastructures import FormData

from api.auth import SESSION_COOKIE, UNSAFE_METHODS
from api.deps import SessionDep
from api.services import accounts
from api.services.principal import NotAuthenticatedError, Principal
from api.web.templating import CSRF_FIELD


class LoginRequired(Exception):
    """No valid session: the handler sends the browser to /login (and back here afterwards)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def login_url(next_path: str | None = None) -> str:
    if not next_path or not next_path.startswith("/") or next_path.startswith("//"):
        return "/login"
    return f"/login?next={quote(next_path, safe='/')}"


async def submitted_csrf(request: Request) -> str | None:
    """The CSRF token from the header (htmx) or the form body (plain POST); read before the session check."""
    header = request.headers.get("x-csrf-token")
    if header or request.method not in UNSAFE_METHODS:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)  # starlette caches the parsed form for the route
        return value if isinstance(value, str) else None
    return None


def page_principal(
    request: Request, session: SessionDep, csrf: Annotated[str | None, Depends(submitted_csrf)]
) -> Principal:
    """The signed-in user; without a live session, a redirect to the sign-in page (LoginRequired)."""
    token = request.cookies.get(SESSION_COOKIE)
    next_path = request.url.path if request.method == "GET" else None
    if not token:
        raise LoginRequired(next_path or "")
    try:
        return accounts.session_principal(session, token, csrf_token=csrf, unsafe=request.method in UNSAFE_METHODS)
    except NotAuthenticatedError:
        raise LoginRequired(next_path or "") from None


PagePrincipalDep = Annotated[Principal, Depends(page_principal)]


async def posted_form(request: Request) -> FormData:
    """The parsed form body, for sync routes that read many or repeated fields (check boxes)."""
    return await request.form()


PostedFormDep = Annotated[FormData, Depends(posted_form)]
