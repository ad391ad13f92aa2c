"""Headers every response carries unless its route set its own: nothing is cached, nothing is framed or
sniffed, no referrer leaves, and the browser may load nothing from anywhere for a JSON answer.

One place instead of per route, so an error answer, a route added later or an unknown path cannot go out
without them (requirement 19). Web pages set their stricter page policy in api/web/templating.py; these
defaults only fill in what a response lacks. Files under /static are public and may be cached.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# For answers that are data, not documents: no scripts, styles, frames or forms from anywhere.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
DEFAULTS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
CACHEABLE_PREFIX = "/static/"


class SecurityHeaders:
    """ASGI middleware (not BaseHTTPMiddleware: it leaves streaming and background tasks alone)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(CACHEABLE_PREFIX):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in DEFAULTS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", API_CONTENT_SECURITY_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
