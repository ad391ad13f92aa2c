"""The printable handout for a new access code: the address, the code and a QR code of the address only.

Rendered in the person's language inside the caseworker's one-time result page (the only place the code
is ever shown) and printed from there on one page (app.css, `@media print`). The QR code is an SVG
data: URI made here (segno): no script and no third-party request, so it passes the strict CSP. It
holds the address alone: codes never go in URLs, and a scanned photo of the paper should not open a list.
"""

from datetime import datetime

import segno
from fastapi import Request
from markupsafe import Markup

from api.web import i18n
from api.web.templating import templates


def page_address(request: Request) -> str:
    """Where the person types the code: this site's /me."""
    return f"{str(request.base_url).rstrip('/')}/me"


def qr_data_uri(address: str) -> str:
    """A QR code of `address` as an SVG data: URI (error correction M: survives a crease or a smudge)."""
    return str(segno.make(address, error="m", micro=False).svg_data_uri(scale=4, border=2))


def render_handout(request: Request, code: str, expires_at: datetime | None, lang: i18n.Language) -> Markup:
    address = page_address(request)
    with i18n.use_language(lang):
        html = templates.get_template("me/handout.html").render(
            lang=lang,
            dir=i18n.direction(lang),
            address=address,
            code=code,
            qr_data_uri=qr_data_uri(address),
            expires_on=i18n.long_date(expires_at.date()) if expires_at else None,
        )
    return Markup(html)  # noqa: S704  # nosec B704  # why: rendered by our autoescaping template environment
