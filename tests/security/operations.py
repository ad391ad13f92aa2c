"""Every operation of the JSON API, read from the OpenAPI schema, with the path filled and a valid body.

Tests walk `api_operations(app)` so a route added later is attacked without anyone listing it. A new
route whose path parameter or request body is not known here fails loudly with what to add, rather than
being skipped.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from models.columns import utcnow
from tests.factories import profile_fields

# Public on purpose, with the reason; every other operation needs a credential.
PUBLIC: dict[str, str] = {
    "GET /healthz": "readiness probe; answers status words only",
    "POST /auth/login": "how a credential is obtained",
    "POST /auth/register-employer": "employers sign themselves up (rate limited per address)",
}

# Who may call each OpenAPI tag's operations; a tag missing here fails the walk until it is classified.
ROLES_BY_TAG: dict[str, frozenset[str]] = {
    "accounts": frozenset({"caseworker", "admin", "employer", "education_partner"}),  # one's own account
    "administration": frozenset({"admin"}),
    "caseworkers": frozenset({"caseworker"}),
    "consent and erasure": frozenset({"caseworker"}),
    "reports": frozenset({"admin", "caseworker"}),
    "opportunities": frozenset({"survivor"}),
    "employers": frozenset({"employer"}),
    "education partners": frozenset({"education_partner"}),
    "health": frozenset(),
    "matching": frozenset({"caseworker"}),
}


def _soon() -> str:
    return (utcnow() + timedelta(days=30)).isoformat()


# A valid body per operation, so a refusal is the authorization check answering and not input validation.
JSON_BODIES: dict[str, Any] = {
    "POST /auth/tokens": {"name": "probe", "scopes": ["postings:read"], "days": 1},
    "POST /admin/users": {
        "email": "probe@agency.example",
        "role": "caseworker",
        "password": "probe river lantern gravel",
    },
    "PATCH /admin/users/{user_id}": {"is_active": True},
    "POST /profiles": profile_fields(),
    "POST /matches/preview": {"skills": ["forklift"]},
    "PUT /profiles/{pseudonym}": profile_fields(),
    "POST /profiles/{pseudonym}/access-codes": {"days": 7},
    "POST /recommendations/{recommendation_id}/decisions": {"action": "withdraw"},
    "POST /recommendations/{recommendation_id}/outcome": {"outcome": "applied"},
    "POST /recommendations/{recommendation_id}/outcomes": {"stage": "applied", "occurred_on": "2026-01-05"},
    "PUT /admin/follow-up-days": {"days": [7, 30]},
    "POST /profiles/{pseudonym}/consents": lambda: {
        "recipient_name": "Harbor Clinic",
        "purpose": "referral",
        "scope": "referral_fact_only",
        "expires_at": _soon(),
    },
    "POST /profiles/{pseudonym}/referrals": {"recipient_name": "Harbor Clinic", "purpose": "referral"},
    "POST /my/opportunities/{opportunity_id}/answer": {"answer": "interested"},
    "POST /employer/postings": {"title": "Line Cook", "description": "Prep and cook. Day shift."},
    "PUT /employer/postings/{posting_id}": {"title": "Line Cook", "description": "Prep and cook. Day shift."},
}
FILE_BODIES: dict[str, dict[str, tuple[str, bytes]]] = {
    "POST /partner/programs/upload": {"file": ("programs.csv", b"name,provider\nWelding,Green River\n")},
}


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    tags: tuple[str, ...]
    path_params: tuple[str, ...]
    has_body: bool
    code_header: bool  # authenticated by the X-Access-Code header

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def public(self) -> bool:
        return self.label in PUBLIC

    def allowed_roles(self) -> frozenset[str]:
        unknown = [t for t in self.tags if t not in ROLES_BY_TAG]
        assert not unknown, f"{self.label}: classify tag(s) {unknown} in tests/security/operations.py ROLES_BY_TAG"
        return frozenset().union(*(ROLES_BY_TAG[t] for t in self.tags))


def api_operations(app: FastAPI) -> list[Operation]:
    """Every operation the OpenAPI schema documents."""
    found = []
    for path, item in app.openapi()["paths"].items():
        for method, spec in item.items():
            params = spec.get("parameters", [])
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    tags=tuple(spec.get("tags", [])),
                    path_params=tuple(re.findall(r"{(\w+)}", path)),
                    has_body="requestBody" in spec,
                    code_header=any(p["in"] == "header" and p["name"].lower() == "x-access-code" for p in params),
                )
            )
    return found


def call(client: TestClient, op: Operation, ids: Mapping[str, Any]) -> Any:
    """Call `op` with its path filled from `ids` (objects the caller should not reach) and a valid body."""
    missing = [p for p in op.path_params if p not in ids]
    assert not missing, f"{op.label}: give the attack world an object for {missing} (tests/security/conftest.py)"
    url = op.path.format(**{p: ids[p] for p in op.path_params})
    kwargs: dict[str, Any] = {}
    if op.has_body:
        if op.label in FILE_BODIES:
            kwargs["files"] = FILE_BODIES[op.label]
        else:
            assert op.label in JSON_BODIES, (
                f"{op.label}: add a valid body to JSON_BODIES in tests/security/operations.py"
            )
            body = JSON_BODIES[op.label]
            kwargs["json"] = body() if callable(body) else body
    return client.request(op.method, url, **kwargs)


@dataclass(frozen=True)
class Page:
    path: str
    path_params: tuple[str, ...]

    def url(self, ids: Mapping[str, Any]) -> str:
        missing = [p for p in self.path_params if p not in ids]
        assert not missing, f"GET {self.path}: give the test an object for {missing}"
        return self.path.format(**{p: ids[p] for p in self.path_params})


def page_routes(app: FastAPI) -> list[Page]:
    """Every GET web page (kept out of the OpenAPI schema, so read from the app's routes)."""
    from api.web.templating import PageRoute

    return [
        Page(path=str(context.path), path_params=tuple(re.findall(r"{(\w+)}", str(context.path))))
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, PageRoute) and "GET" in (context.original_route.methods or ())
    ]
