"""Requirement 9: every endpoint answers 401/403/404 to another role's or another organization's credentials.

The operations come from the OpenAPI schema (tests/security/operations.py), so a new route is attacked as
soon as it exists; only the public ones listed there with their reason are left out. Path parameters name
objects of organization A (its profile, recommendation, code, consent, user) or of A's employer (its
posting, its token); each caller below must not reach them.
"""

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from models.enums import Role
from tests.api.clients import signed_in
from tests.factories import make_user
from tests.security.conftest import AttackWorld, survivor_client, token_client
from tests.security.operations import Operation, api_operations, call

REFUSED = {401, 403, 404}


def _refusals(client: TestClient, ops: list[Operation], ids: dict[str, object]) -> list[str]:
    """Every operation that did not refuse, as 'METHOD path -> status body'."""
    wrong = []
    for op in ops:
        response = call(client, op, ids)
        if response.status_code not in REFUSED and not _code_header_missing(op, response.status_code, response):
            wrong.append(f"{op.label} -> {response.status_code} {response.text[:200]}")
    return wrong


def _code_header_missing(op: Operation, status: int, response: object) -> bool:
    """Code-only routes answer a caller without a code that the X-Access-Code header is missing (422): no
    session cookie or token opens them, and nothing but the missing header is said."""
    if not op.code_header or status != 422:
        return False
    body = response.json()  # type: ignore[attr-defined]
    return [p["field"] for p in body["problems"]] == ["header.X-Access-Code"]


def _aimed_at_a(app: FastAPI, role: str) -> list[Operation]:
    """What a caller of `role` from another organization must be refused: operations of other roles, and
    operations of its own role on an object of organization A (its path)."""
    return [op for op in api_operations(app) if not op.public and (role not in op.allowed_roles() or op.path_params)]


CALLERS: dict[str, Callable[[FastAPI, AttackWorld], tuple[str, TestClient]]] = {
    "other_org_caseworker": lambda app, w: ("caseworker", signed_in(app, w.a.stranger)),
    "other_org_admin": lambda app, w: ("admin", signed_in(app, w.stranger_admin)),
    "employer": lambda app, w: ("employer", signed_in(app, w.a.employer)),
    "employer_token": lambda app, w: ("employer", token_client(app, w.a.employer_token)),
    "other_employer": lambda app, w: ("employer", signed_in(app, w.employer_b)),
    "partner": lambda app, w: ("education_partner", signed_in(app, w.a.partner)),
    "partner_token": lambda app, w: ("education_partner", token_client(app, w.a.partner_token)),
    "other_org_survivor": lambda app, w: ("survivor", survivor_client(app, w.survivor_b_code)),
    "anonymous": lambda app, w: ("anonymous", TestClient(app)),
}


@pytest.mark.parametrize("caller", sorted(CALLERS))
def test_req9_every_route_refuses_other_roles_and_organizations(
    app: FastAPI, attack_world: AttackWorld, caller: str
) -> None:
    role, client = CALLERS[caller](app, attack_world)
    ops = _aimed_at_a(app, role)
    # The employer's own posting and token are organization A's side of the world here: other employers and
    # every other role must not reach them, but the employer itself may.
    if caller in ("employer", "employer_token"):
        ops = [op for op in ops if op.allowed_roles() != {"employer"} and "token_id" not in op.path_params]
    # Likewise the partner's own upload (another partner is refused it: tests/api/test_upload_jobs.py).
    if caller in ("partner", "partner_token"):
        ops = [op for op in ops if op.allowed_roles() != {"education_partner"}]
    assert len(ops) >= 10, [op.label for op in ops]
    assert _refusals(client, ops, attack_world.ids) == []


def test_req9_caseworkers_are_refused_admin_functions(app: FastAPI, attack_world: AttackWorld) -> None:
    world = attack_world.a
    ops = [op for op in api_operations(app) if op.allowed_roles() == {"admin"}]
    assert ops, "no admin-only operation found"
    assert _refusals(signed_in(app, world.caseworker), ops, {"user_id": world.admin.id}) == []


def test_req9_a_survivor_code_opens_only_its_own_routes(app: FastAPI, attack_world: AttackWorld) -> None:
    world = attack_world.a
    own = [op for op in api_operations(app) if op.allowed_roles() == {"survivor"}]
    others = [op for op in api_operations(app) if not op.public and op not in own]
    client = survivor_client(app, world.code)
    assert _refusals(client, others, attack_world.ids) == []
    # ...and the same code does open its own routes, so the refusals above are about the route, not the code.
    for op in own:
        assert call(client, op, attack_world.ids).status_code == 200, op.label


def test_req9_public_allow_list_names_only_existing_operations(app: FastAPI) -> None:
    from tests.security.operations import PUBLIC

    labels = {op.label for op in api_operations(app)}
    assert set(PUBLIC) <= labels, set(PUBLIC) - labels


# Whose web pages live under each prefix (pages are not in the OpenAPI schema); an unlisted prefix fails.
PAGE_OWNERS = {
    "/cw": "caseworker",
    "/employer": "employer",
    "/partner": "education_partner",
    "/me": "survivor",
    "/reports": "caseworker",  # the results report: an agency's admins and caseworkers, their own organization
}
# Sign-in, one's own account (any signed-in role), and the quick exit, which only closes the caller's own page.
OPEN_PAGES = {"/", "/login", "/account", "/me/exit"}


def _page_owner(path: str) -> str:
    prefix = "/" + path.split("/")[1]
    assert prefix in PAGE_OWNERS, f"{path}: say whose pages {prefix} holds in PAGE_OWNERS"
    return PAGE_OWNERS[prefix]


def test_req9_web_pages_refuse_other_roles_and_organizations(
    app: FastAPI, session: Session, attack_world: AttackWorld
) -> None:
    """Every GET page, read by callers it is not for: a sign-in redirect, 403 or 404, never the page."""
    from tests.security.operations import page_routes

    w = attack_world.a
    callers = {
        "caseworker": signed_in(app, w.stranger),  # organization B: A's records must stay out of reach
        "employer": signed_in(app, attack_world.employer_b),
        "education_partner": signed_in(app, make_user(session, role=Role.EDUCATION_PARTNER)),
        "anonymous": TestClient(app),
    }
    wrong, checked = [], 0
    for page in page_routes(app):
        if page.path in OPEN_PAGES:
            continue
        owner = _page_owner(page.path)
        for role, client in callers.items():
            if role == owner and not page.path_params:
                continue  # its own list page, of its own organization
            response = client.get(page.url(attack_world.ids), follow_redirects=False)
            checked += 1
            # /me without an open code page shows the code form and nothing else: that is its refusal.
            shows_code_form = owner == "survivor" and 'name="code"' in response.text
            sent_to_login = response.status_code in (302, 303) and response.headers["location"].startswith("/login")
            if not (response.status_code in (403, 404) or sent_to_login or shows_code_form):
                wrong.append(f"{role} GET {page.path} -> {response.status_code}")
    assert checked >= 20
    assert wrong == [], "\n".join(wrong)
