"""Sign in and out, employer registration, partners' API tokens."""

from typing import Any

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import JSONResponse

from api.auth import SESSION_COOKIE, PrincipalDep, no_store
from api.client_address import client_address
from api.deps import ResourcesDep, SessionDep
from api.schemas.accounts import (
    LoginIn,
    MeOut,
    RegisterEmployerIn,
    SignedInOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    UserOut,
)
from api.schemas.common import Page, PageDep
from api.services import accounts

router = APIRouter(prefix="/auth", tags=["accounts"], dependencies=[Depends(no_store)])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in."},
    403: {"description": "Not allowed for this role or token."},
}


@router.post(
    "/login",
    response_model=SignedInOut,
    responses={401: {"description": "Wrong e-mail or password."}, 429: {"description": "Too many failures."}},
)
def login(
    body: LoginIn, request: Request, session: SessionDep, resources: ResourcesDep, response: Response
) -> SignedInOut | JSONResponse:
    """Sign in; sets the session cookie and returns the CSRF token for writes."""
    result = accounts.login(session, email=body.email, password=body.password, client=client_address(request))
    if isinstance(result, accounts.LoginRefused):
        # Returned, not raised: the request's transaction commits, so the failed attempt is counted.
        return JSONResponse(status_code=result.status_code, content={"error": result.message})
    response.set_cookie(
        SESSION_COOKIE,
        result.session_token,
        httponly=True,
        samesite="strict",
        secure=resources.settings.env != "development",
        max_age=int(accounts.SESSION_MAX.total_seconds()),
    )
    org_name = accounts.current_user(session, accounts.principal_of(result.user))[1].name
    return SignedInOut(
        user=UserOut.model_validate(result.user, from_attributes=True),
        organization_name=org_name,
        csrf_token=result.csrf_token,
        idle_timeout_minutes=int(accounts.SESSION_IDLE.total_seconds() // 60),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=ERRORS)
def logout(principal: PrincipalDep, session: SessionDep, response: Response) -> None:
    """End this session."""
    accounts.logout(session, principal)
    response.delete_cookie(SESSION_COOKIE)


@router.get("/me", response_model=MeOut, responses=ERRORS)
def me(principal: PrincipalDep, session: SessionDep) -> MeOut:
    """Who is signed in."""
    user, org = accounts.current_user(session, principal)
    return MeOut(
        user=UserOut.model_validate(user, from_attributes=True),
        organization_name=org.name,
        via=principal.via,
        scopes=sorted(principal.scopes),
    )


@router.post(
    "/register-employer",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {"description": "The organization or e-mail is registered already."},
        422: {"description": "Invalid fields, e.g. a short password."},
        429: {"description": "Too many registrations from this address."},
    },
)
def register_employer(body: RegisterEmployerIn, session: SessionDep, request: Request) -> UserOut | JSONResponse:
    """Register a new employer organization and its first user (staff verify employers before their
    openings are marked verified)."""
    result = accounts.register_employer_limited(
        session,
        org_name=body.organization_name,
        email=body.email,
        password=body.password,
        client=client_address(request),
    )
    if isinstance(result, accounts.LoginRefused):
        # Returned, not raised: the request's transaction commits, so the attempt is counted.
        return JSONResponse(status_code=result.status_code, content={"error": result.message})
    return UserOut.model_validate(result, from_attributes=True)


@router.post("/tokens", response_model=TokenCreatedOut, status_code=status.HTTP_201_CREATED, responses=ERRORS)
def create_token(body: TokenIn, principal: PrincipalDep, session: SessionDep) -> TokenCreatedOut:
    """Create a scoped API token for automated uploads; the secret is shown once."""
    row, secret = accounts.issue_token(session, principal, name=body.name, scopes=body.scopes, days=body.days)
    return TokenCreatedOut.model_validate({**row.model_dump(), "token": secret})


@router.get("/tokens", response_model=Page[TokenOut], responses=ERRORS)
def list_tokens(principal: PrincipalDep, session: SessionDep, page: PageDep) -> Page[TokenOut]:
    """Your API tokens (never their secrets)."""
    rows = accounts.list_tokens(session, principal)
    items = [TokenOut.model_validate(r, from_attributes=True) for r in rows[page.offset : page.offset + page.limit]]
    return Page(items=items, total=len(rows), limit=page.limit, offset=page.offset)


@router.delete(
    "/tokens/{token_id}", response_model=TokenOut, responses={**ERRORS, 404: {"description": "No such token of yours."}}
)
def revoke_token(token_id: int, principal: PrincipalDep, session: SessionDep) -> TokenOut:
    """Revoke one of your API tokens."""
    return TokenOut.model_validate(accounts.revoke_token(session, principal, token_id), from_attributes=True)
