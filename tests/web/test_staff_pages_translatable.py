"""Caseworker, employer, partner, sign-in, account and error pages are translatable: every word they show
comes from the message catalog.

The pages are rendered under a pseudo-locale that wraps every translated message in ⟦ ⟧. What is left
once the wrapped parts are taken out may only be the data the test itself put in (titles, names, e-mail
addresses, the intake's words, the audit trail's records) and the languages' own names: an English word
anywhere else is a string that bypasses the catalog. The template scan below is a second, static check.
"""

import gettext as gettext_module
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from api.web import i18n
from matcher.encoder import Encoder
from models.enums import Role
from models.organization import User
from models.references import friendly_reference
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user, profile_fields
from tests.web.page_clients import csrf, page_client
from tests.web.test_employer_pages import CLEAN, SCAM, opening_form, posted_id

OPEN, CLOSE = "\u27e6", "\u27e7"
WORD = re.compile(r"\b[A-Za-z][A-Za-z']+\b")
CHECKED_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
STAFF_TEMPLATES = Path(i18n.__file__).resolve().parent / "templates"


class Pseudo(gettext_module.NullTranslations):
    """Every message marked, so what a page shows outside the marks did not come through the catalog."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"{OPEN}{msgid1 if n == 1 else msgid2}{CLOSE}"


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "translations", lambda code: Pseudo())


@dataclass
class Visible(HTMLParser):
    """A page's visible text (script and style left out) and its labelling attributes."""

    texts: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    _skip: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.attributes += [v for k, v in attrs if k in CHECKED_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)


def unmarked(fragment: str) -> str:
    """The text outside the marks (marks nest when a translated label fills a message's placeholder)."""
    previous = None
    while previous != fragment:
        previous, fragment = fragment, re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", fragment)
    return fragment


def stray_words(html: str, allowed: set[str]) -> set[str]:
    parser = Visible()
    parser.feed(html)
    # Joined first: a {% trans %} message with tags inside spans several text nodes between its marks.
    outside = [unmarked(" ".join(parser.texts)), *(unmarked(a) for a in parser.attributes)]
    return {w for part in outside for w in WORD.findall(part) if w.lower() not in allowed}


def words_of(*values: object) -> set[str]:
    return {w.lower() for value in values for w in WORD.findall(str(value))}


def data_words(session: Session, *users: User) -> set[str]:
    """Everything the pages may show as it is stored: what the test put in, and the audit trail's records."""
    audit = session.connection().execute(text("SELECT action, purpose, actor_role, detail::text FROM audit_event"))
    orgs = session.connection().execute(text("SELECT name FROM organization"))
    return words_of(
        "Wayfinder",
        *(lang.native_name for lang in i18n.SHIPPED),
        *(u.email for u in users),
        *(row[0] for row in orgs),
        *profile_fields().values(),
        *(value for row in audit for value in row),
    )


def pages_of(client: TestClient, *paths: str) -> Iterator[tuple[str, str]]:
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        yield path, response.text


def test_staff_pages_show_no_words_outside_the_catalog(
    app: FastAPI, session: Session, encoder: Encoder, pseudo: None
) -> None:
    caseworker = make_user(session)
    employer = make_user(session, role=Role.EMPLOYER)
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    admin = make_user(session, role=Role.ADMIN)
    job = add_job(session, encoder, title="Forklift Operator", employer_name="North Dock Supply")
    profile = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=job.id)
    pages: list[tuple[str, str]] = []

    anonymous = TestClient(app, follow_redirects=False)
    pages += pages_of(anonymous, "/login")
    pages.append(("/login refused", anonymous.post("/login", data={"email": "", "password": ""}).text))

    cw = page_client(app, caseworker)
    p = profile.pseudonym
    pages += pages_of(cw, "/cw", "/cw/profiles/new", f"/cw/profiles/{p}", f"/cw/profiles/{p}/edit")
    shared = cw.post(
        f"/cw/profiles/{p}/share", data={"csrf_token": csrf(cw), "issue_code": "yes", "days": "14", "language": ""}
    )
    assert shared.status_code == 303, shared.text
    pages += pages_of(cw, shared.headers["location"], shared.headers["location"], f"/cw/profiles/{p}/audit")
    pages += pages_of(cw, "/cw/profiles/not-a-profile")  # the error page
    # A domain error's own message is the service's (the JSON API gives the same words); only it may show.
    service_message = cw.get("/profiles/not-a-profile").json()["error"]
    code = re.search(r'id="access-code">([^<]+)<', " ".join(html for _, html in pages))
    assert code is not None

    boss = page_client(app, admin)
    pages += pages_of(boss, "/account")

    emp = page_client(app, employer)
    emp.post("/employer/openings/new", data=opening_form(emp, title="Line Cook"))
    cook = posted_id(emp, "Line Cook")
    held = emp.post("/employer/openings/new", data=opening_form(emp, title="Packer", description=SCAM))
    emp.post(f"/employer/openings/{cook}/close", data={"csrf_token": csrf(emp)})
    pages += pages_of(emp, held.headers["location"], "/employer?done=closed", "/employer/openings/new")
    pages += pages_of(
        emp, f"/employer/openings/{cook}/duplicate", f"/employer/openings/{posted_id(emp, 'Packer')}/edit"
    )
    pages += pages_of(emp, f"/employer/openings/{posted_id(emp, 'Packer')}/close")
    bad = emp.post("/employer/openings/new", data=opening_form(emp, title="x", postal_code="9", pay_min="lots"))
    assert bad.status_code == 422
    pages.append(("/employer/openings/new refused", bad.text))

    school = page_client(app, partner)
    pages += pages_of(school, "/partner", "/partner/upload")

    allowed = (
        data_words(session, caseworker, employer, partner, admin)
        | words_of("Forklift Operator", "North Dock Supply", "Line Cook", "Packer", "Tacoma", "WA", CLEAN, SCAM)
        | words_of(service_message, code.group(1), f"{anonymous.base_url}/me")
        | words_of(friendly_reference(p))  # a profile without case number or label is shown by it
    )
    strays = {path: sorted(words) for path, html in pages if (words := stray_words(html, allowed))}
    assert strays == {}


# --- the same, statically: a staff template's own text (outside {{ }}, {% %} and {% trans %}) skips the catalog.

STAFF_DIRS = ("cw", "employer", "partner", "reports")
STAFF_FILES = ("base.html", "login.html", "account.html", "error.html", "error_fragment.html")
JINJA = (
    (re.compile(r"\{#.*?#\}", re.DOTALL), ""),
    # A macro whose body has no tag writes attributes (ids, aria-*), not text.
    (re.compile(r"\{%-?\s*macro\b[^%]*%\}[^<]*?\{%-?\s*endmacro\s*-?%\}", re.DOTALL), ""),
    (re.compile(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", re.DOTALL), " X "),  # a catalog message
    (re.compile(r"\{\{.*?\}\}", re.DOTALL), " X "),  # a value or a _() call
    (re.compile(r"\{%.*?%\}", re.DOTALL), ""),  # control flow (an `if` inside a tag leaves the tag whole)
)


def staff_templates() -> list[str]:
    names = [f"{d}/{p.name}" for d in STAFF_DIRS for p in sorted((STAFF_TEMPLATES / d).glob("*.html"))]
    return names + list(STAFF_FILES)


def literal_words(source: str) -> set[str]:
    """Words a template writes itself, in text or in a labelling attribute."""
    for pattern, replacement in JINJA:
        source = pattern.sub(replacement, source)
    parser = Visible()
    parser.feed(source)
    return {w for t in (*parser.texts, *parser.attributes) for w in WORD.findall(t)} - {"Wayfinder", "X"}


@pytest.mark.parametrize("name", staff_templates())
def test_staff_template_text_goes_through_the_catalog(name: str) -> None:
    assert literal_words((STAFF_TEMPLATES / name).read_text(encoding="utf-8")) == set()


def test_the_template_scan_flags_text_written_straight_into_a_template() -> None:
    source = (
        '<p>Hello {{ name }}</p><p>{{ _("Good") }}</p><a aria-label="Close it" title="{{ t }}">x</a>'
        "<option{% if a %} selected{% endif %}>{% trans %}Fine <b>here</b>{% endtrans %}</option>"
    )
    assert literal_words(source) == {"Hello", "Close", "it"}


def test_the_checked_in_message_template_holds_every_message_of_every_page() -> None:
    from api.web import i18n_catalog

    missing = i18n_catalog.all_messages() - i18n_catalog.template_messages()
    assert missing == set()  # run the pybabel extract command in docs/languages.md
    assert {"Duplicate", "Sign in", "Profiles", "Upload a program file"} <= i18n_catalog.template_messages()
