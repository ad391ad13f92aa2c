"""Requirement 19: responses with survivor data carry `Cache-Control: no-store`; pages load no third-party
script; no sensitive data in URLs.

The JSON operations come from the OpenAPI schema and the pages from the app's routes, so new ones are held
to this as soon as they exist. Pseudonyms may appear in paths: they are random and name nobody.
"""

import re
from html.parser import HTMLParser
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from tests.api.clients import signed_in
from tests.security.conftest import AttackWorld, survivor_client, token_client
from tests.security.operations import api_operations, call, page_routes

# A parameter with one of these names would put a secret in a URL (ids of such things are fine).
SECRET_NAME = re.compile(r"code|token|password|passphrase|secret|session|csrf|email|key", re.IGNORECASE)


def _names_a_secret(name: str) -> bool:
    return bool(SECRET_NAME.search(name)) and not name.endswith("_id")


def _not_stored(response: Any) -> bool:
    return "no-store" in response.headers.get("cache-control", "")


def _own_ids(world: AttackWorld) -> dict[str, object]:
    """The ids of `world`, as organization A's own people reach them."""
    return world.ids


def test_req19_every_json_answer_with_survivor_data_is_not_stored(app: FastAPI, attack_world: AttackWorld) -> None:
    w = attack_world.a
    readers = {
        "caseworker": signed_in(app, w.caseworker),
        "admin": signed_in(app, w.admin),
        "employer": signed_in(app, w.employer),
        "education_partner": token_client(app, w.partner_token),
        "survivor": survivor_client(app, w.code),
    }
    read: list[str] = []
    for op in api_operations(app):
        if op.method != "GET":
            continue
        for role in op.allowed_roles() & set(readers):
            response = call(readers[role], op, _own_ids(attack_world))
            assert response.status_code == 200, (role, op.label, response.text[:200])
            assert _not_stored(response), (role, op.label, dict(response.headers))
            read.append(op.label)
    assert {"GET /profiles/{pseudonym}", "GET /profiles/{pseudonym}/audit", "GET /my/opportunities"} <= set(read)

    # Answers computed from a person's profile, and refusals, are not kept either.
    preview = readers["caseworker"].post("/matches/preview", json={"skills": ["forklift"]})
    matched = readers["caseworker"].post(f"/profiles/{w.profile.pseudonym}/matches", params={"top_k": 2})
    refused = signed_in(app, attack_world.a.stranger).get(f"/profiles/{w.profile.pseudonym}")
    invalid = readers["caseworker"].post("/profiles", json={"zip3s": ["98101"]})
    for response in (preview, matched, refused, invalid):
        assert _not_stored(response), (response.request.url, response.status_code, dict(response.headers))
    assert (preview.status_code, matched.status_code, refused.status_code, invalid.status_code) == (200, 200, 404, 422)


class _Loads(HTMLParser):
    """What a page makes the browser fetch or run: script, stylesheet, image and frame sources, inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        attr = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src"}.get(tag)
        if attr and found.get(attr):
            self.urls.append(str(found[attr]))
        self._in_script = tag == "script" and not found.get("src")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def _third_party(html: str) -> list[str]:
    loads = _Loads()
    loads.feed(html)
    foreign = [u for u in loads.urls if not u.startswith("/static/") or u.startswith("//")]
    return foreign + ["<inline script>"] * loads.inline_scripts


def _policy_problems(policy: str) -> list[str]:
    """Directives that would let another origin's script, style or frame in (or inline script)."""
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    problems = []
    if directives.get("default-src") not in (["'self'"], ["'none'"]):
        problems.append(f"default-src {directives.get('default-src')}")
    for name in ("script-src", "style-src", "connect-src", "frame-src", "img-src"):
        for source in directives.get(name, []):
            if source not in ("'self'", "'none'", "data:") or (name == "script-src" and source == "data:"):
                problems.append(f"{name} {source}")
    if directives.get("frame-ancestors") != ["'none'"]:
        problems.append("frame-ancestors")
    return problems


def _survivor_page_client(app: FastAPI, code: str) -> TestClient:
    client = TestClient(app)
    opened = client.post("/me", data={"code": code}, follow_redirects=False)
    assert opened.status_code == 303 and code not in opened.headers["location"], opened.text[:300]
    return client


def _page_clients(app: FastAPI, world: AttackWorld) -> dict[str, TestClient]:
    w = world.a
    return {
        "anonymous": TestClient(app),
        "caseworker": signed_in(app, w.caseworker),
        "admin": signed_in(app, w.admin),
        "employer": signed_in(app, w.employer),
        "partner": signed_in(app, w.partner),
        "survivor": _survivor_page_client(app, w.code),
    }


def test_req19_pages_load_only_this_sites_files_and_are_not_stored(app: FastAPI, attack_world: AttackWorld) -> None:
    pages_seen: set[str] = set()
    for role, client in _page_clients(app, attack_world).items():
        for page in page_routes(app):
            response = client.get(page.url(attack_world.ids), follow_redirects=False)
            assert response.status_code < 500, (role, page.path, response.text[:300])
            assert _not_stored(response), (role, page.path)
            if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
                continue
            pages_seen.add(page.path)
            assert _third_party(response.text) == [], (role, page.path)
            assert _policy_problems(response.headers.get("content-security-policy", "")) == [], (role, page.path)
    assert {"/login", "/cw", "/cw/profiles/{pseudonym}", "/employer", "/me"} <= pages_seen, pages_seen


def test_req19_the_static_files_pages_load_are_served_here(app: FastAPI, attack_world: AttackWorld) -> None:
    client = signed_in(app, attack_world.a.caseworker)
    loads = _Loads()
    loads.feed(client.get("/cw").text)
    assert any(u.endswith(".js") for u in loads.urls) and any(u.endswith(".css") for u in loads.urls), loads.urls
    for url in loads.urls:
        assert client.get(url).status_code == 200, url


def test_req19_the_api_docs_load_no_third_party_script(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text
    assert _third_party(docs.text) == []
    policy = docs.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert client.get("/redoc").status_code == 404  # FastAPI's CDN-loading ReDoc page is switched off


def test_req19_json_answers_forbid_every_origin(client: TestClient) -> None:
    for response in (client.get("/healthz"), client.get("/profiles"), client.get("/no-such-path")):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy, response.request.url
        assert response.headers["x-content-type-options"] == "nosniff"


def test_req19_no_secret_is_a_url_parameter(app: FastAPI) -> None:
    """Codes, tokens, passwords and e-mail addresses travel in bodies, headers or cookies, never in URLs."""
    in_urls: list[str] = []
    for path, item in app.openapi()["paths"].items():
        for method, spec in item.items():
            for param in spec.get("parameters", []):
                if param["in"] in ("path", "query") and _names_a_secret(param["name"]):
                    in_urls.append(f"{method.upper()} {path} {param['in']}:{param['name']}")
    routes = 0
    for context in iter_route_contexts(app.routes):  # the pages too, which the schema leaves out
        route = context.original_route
        if isinstance(route, APIRoute):
            routes += 1
            for param in (*route.dependant.path_params, *route.dependant.query_params):
                if _names_a_secret(param.alias):
                    in_urls.append(f"{context.path} {param.alias}")
    assert routes > 50
    assert in_urls == []


def test_req19_the_access_code_never_appears_in_a_url(app: FastAPI, attack_world: AttackWorld) -> None:
    code = attack_world.a.code
    client = TestClient(app)
    opened = client.post("/me", data={"code": code})  # follows the redirect to the list
    assert opened.status_code == 200
    visited = [str(r.url) for r in (*opened.history, opened)]
    assert visited and all(code not in url and code.replace("-", "") not in url for url in visited), visited
    api = survivor_client(app, code).get("/my/opportunities")
    assert api.status_code == 200 and code not in str(api.url)
