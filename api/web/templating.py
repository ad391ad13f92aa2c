"""One Jinja2 environment for every page, and the helpers routes use to answer: `render` and `redirect`.

Every page response goes through these two, so each one carries the same headers: nothing is cached
(survivor data), and a Content-Security-Policy that allows only this site's own files (no inline
script, no third-party anything).
"""

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from api.services import audit
from api.services.principal import Principal
from api.web import i18n
from models.enums import Role
from models.references import friendly_reference
from models.text_input import is_web_link

WEB_DIR = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
templates.env.add_extension("jinja2.ext.i18n")
# Every string of a page goes through the message catalogs (api/web/i18n.py), in the request's language.
templates.env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
templates.env.globals.update(money=i18n.money, number=i18n.number, long_date=i18n.long_date)


def _web_link(value: object) -> str | None:
    """Template filter: the link when it is an absolute http(s) address, else None (shown as no link).

    Importers keep only such links now; this also covers rows stored before they did.
    """
    return value if isinstance(value, str) and is_web_link(value) else None


templates.env.filters["web_link"] = _web_link
# A profile's short reference (`P-7KQM-2D4X`) where it has no case number or label: never the 32-hex pseudonym.
templates.env.filters["friendly_ref"] = friendly_reference

CSRF_COOKIE = "wf_csrf"
CSRF_FIELD = "csrf_token"
# Pico's form icons are data: SVGs in the stylesheet; everything else is this site's own files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

# Where each role lands after signing in, and the links its navigation shows.
HOME_BY_ROLE: dict[Role, str] = {
    Role.CASEWORKER: "/cw",
    Role.ADMIN: "/account",
    Role.EMPLOYER: "/employer",
    Role.EDUCATION_PARTNER: "/partner",
}
# Labels are message ids (base.html translates them).
NAV_BY_ROLE: dict[Role, list[tuple[str, str]]] = {
    Role.CASEWORKER: [
        ("/cw", i18n.N_("Dashboard")),
        ("/cw/profiles/new", i18n.N_("New intake")),
        ("/reports/results", i18n.N_("Results")),
    ],
    Role.ADMIN: [("/account", i18n.N_("Account")), ("/reports/results", i18n.N_("Results"))],
    Role.EMPLOYER: [("/employer", i18n.N_("Openings"))],
    Role.EDUCATION_PARTNER: [("/partner", i18n.N_("Programs"))],
}


class PageRoute(APIRoute):
    """A web page: its domain errors are answered with an HTML page (not JSON), and whatever response it
    returns carries PAGE_HEADERS, so no page can be cached even if it bypasses `render` and `redirect`.

    A GET of a page is one view: it writes one audit event per person it shows, however many services
    the page reads them through (api/services/audit.py, `one_view_per_record`)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        page = self.path

        async def page_handler(request: Request) -> Response:
            if request.method == "GET":
                with audit.one_view_per_record(page):
                    response = await handler(request)
            else:
                response = await handler(request)
            for name, value in PAGE_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return page_handler


def page_router(**kwargs: Any) -> APIRouter:
    """A router for web pages (kept out of the OpenAPI schema, which documents the JSON API)."""
    kwargs.setdefault("include_in_schema", False)
    return APIRouter(route_class=PageRoute, **kwargs)


def is_page_request(request: Request) -> bool:
    return isinstance(request.scope.get("route"), PageRoute)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def home_for(role: Role) -> str:
    return HOME_BY_ROLE.get(role, "/login")


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    principal: Principal | None = None,
    status_code: int = 200,
    language: i18n.Language | None = None,
) -> HTMLResponse:
    """Render a template with what every page needs: the CSRF token, the signed-in role's navigation, and
    its language (`lang`/`dir` and every message; English unless the route chose another)."""
    lang = language or i18n.BY_CODE[i18n.DEFAULT]
    base: dict[str, Any] = {
        "lang": lang,
        "dir": i18n.direction(lang),
        "principal": principal,
        "csrf_token": request.cookies.get(CSRF_COOKIE, ""),
        "csrf_field": CSRF_FIELD,
        "nav": NAV_BY_ROLE.get(principal.role, []) if principal else [],
        "path": request.url.path,
    }
    with i18n.use_language(lang):  # the template is rendered here, in this thread
        response = templates.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status_code)
    response.headers.update(PAGE_HEADERS)
    response.headers["Content-Language"] = lang.code
    return response


def redirect(request: Request, url: str) -> Response:
    """After a POST: 303 to `url`; to an htmx request, an HX-Redirect so the whole page changes."""
    response: Response
    if is_htmx(request):
        response = Response(status_code=204, headers={"HX-Redirect": url})
    else:
        response = RedirectResponse(url, status_code=303)
    response.headers.update(PAGE_HEADERS)
    return response
