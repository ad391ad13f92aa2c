"""Who is calling: a web session cookie (with a CSRF header on writes) or a partner's bearer token."""

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SessionDep
from api.services import accounts
from api.services.principal import NotAuthenticatedError, Principal

SESSION_COOKIE = "wf_session"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

cookie_scheme = APIKeyCookie(
    name=SESSION_COOKIE, auto_error=False, description="Web session from POST /auth/login; writes need X-CSRF-Token."
)
bearer_scheme = HTTPBearer(auto_error=False, description="A partner's scoped API token (POST /auth/tokens).")


def get_principal(
    request: Request,
    session: SessionDep,
    cookie: Annotated[str | None, Depends(cookie_scheme)],
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    if bearer is not None:
        principal = accounts.token_principal(session, bearer.credentials)
    elif not cookie:
        raise NotAuthenticatedError("Sign in first (POST /auth/login), or send 'Authorization: Bearer <API token>'.")
    else:
        principal = accounts.session_principal(
            session, cookie, csrf_token=request.headers.get("x-csrf-token"), unsafe=request.method in UNSAFE_METHODS
        )
    return principal  # the accounts service bound the transaction to its organization


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def no_store(response: Response) -> None:
    """Responses with survivor data must not be kept by browsers or proxies."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
