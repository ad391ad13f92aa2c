"""Sign-in and sign-out pages; after signing in each role lands on its own start page."""

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from api.auth import SESSION_COOKIE
from api.client_address import client_address
from api.deps import ResourcesDep, SessionDep
from api.services import accounts, follow_ups
from api.web.i18n import N_, gettext
from api.web.security import PagePrincipalDep
from api.web.templating import CSRF_COOKIE, home_for, page_router, redirect, render
from models.enums import Role
from models.errors import ValidationFailed

router = page_router(tags=["pages"])
# How the account page names a role (message ids).
ROLE_NAMES = {
    Role.ADMIN.value: N_("admin"),
    Role.CASEWORKER.value: N_("caseworker"),
    Role.EMPLOYER.value: N_("employer"),
    Role.EDUCATION_PARTNER.value: N_("education partner"),
}


def _safe_next(next_path: str | None) -> str | None:
    # Only a path on this site: never an open redirect to somewhere else.
    if next_path and next_path.startswith("/") and not next_path.startswith("//") and "\\" not in next_path:
        return next_path
    return None


@router.get("/")
def start(request: Request) -> Response:
    return redirect(request, "/login")


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "email": ""})


@router.post("/login")
def login(  # nosec B107  # why: an empty default means "not filled in"; the form is shown again
    request: Request,
    session: SessionDep,
    resources: ResourcesDep,
    email: Annotated[str, Form(max_length=320)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """Check the password; a refusal re-renders the form (and commits, so failures are counted)."""
    if not email.strip() or not password:
        context = {"next": _safe_next(next), "email": email, "error": gettext("Enter your e-mail and password.")}
        return render(request, "login.html", context, status_code=400)
    result = accounts.login(session, email=email, password=password, client=client_address(request))
    if isinstance(result, accounts.LoginRefused):
        context = {"next": _safe_next(next), "email": email, "error": result.message}
        return render(request, "login.html", context, status_code=result.status_code)
    role = accounts.principal_of(result.user).role
    response = redirect(request, _safe_next(next) or home_for(role))
    secure = resources.settings.env != "development"
    max_age = int(accounts.SESSION_MAX.total_seconds())
    for name, value in ((SESSION_COOKIE, result.session_token), (CSRF_COOKIE, result.csrf_token)):
        response.set_cookie(name, value, httponly=True, samesite="strict", secure=secure, max_age=max_age)
    return response


@router.post("/logout")
def logout(request: Request, principal: PagePrincipalDep, session: SessionDep) -> Response:
    accounts.logout(session, principal)
    response = redirect(request, "/login")
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/account")
def account(request: Request, principal: PagePrincipalDep, session: SessionDep) -> Response:
    """Who is signed in; the landing page for admins (user administration is `wayfinder users` and /admin)."""
    user, org = accounts.current_user(session, principal)
    # Admins see bursts of failed sign-ins on their organization's accounts (the last day's).
    alerts = accounts.sign_in_alerts(session, principal) if principal.role == Role.ADMIN else []
    context = {"user": user, "org": org, "alerts": alerts, "role_names": ROLE_NAMES}
    context |= _follow_up_days_context(session, principal, saved=request.query_params.get("saved") == "follow_up_days")
    return render(request, "account.html", context, principal=principal)


def _follow_up_days_context(
    session: SessionDep, principal: PagePrincipalDep, *, typed: str | None = None, error: str = "", saved: bool = False
) -> dict[str, object]:
    """The admin's form for the agency's follow-up days (none for other roles)."""
    if principal.role != Role.ADMIN:
        return {"follow_up_days": None}
    days, own = follow_ups.days_for_org(session, principal)
    shown = typed if typed is not None else (", ".join(str(d) for d in days) if own else "")
    return {
        "follow_up_days": {"value": shown, "current": days, "own": own, "error": error, "saved": saved},
    }


@router.post("/account/follow-up-days")
def save_follow_up_days(
    request: Request,
    principal: PagePrincipalDep,
    session: SessionDep,
    days: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """An admin sets the agency's own follow-up days after a share; blank returns to the site setting."""
    try:
        follow_ups.set_days_for_org(session, principal, follow_ups.parse_days(days))
    except ValidationFailed as refused:
        user, org = accounts.current_user(session, principal)
        context = {"user": user, "org": org, "alerts": [], "role_names": ROLE_NAMES}
        context |= _follow_up_days_context(session, principal, typed=days, error=refused.message)
        return render(request, "account.html", context, principal=principal, status_code=422)
    return redirect(request, "/account?saved=follow_up_days#follow-up-days")
