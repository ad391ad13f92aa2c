"""Requirement 18: Schemathesis runs against the OpenAPI schema for each role with zero failures.

Every operation in the schema is called with generated data (positive, then negative) by each role, in-process
over ASGI, on the test's rolled-back database with a populated world (tests/security/conftest.py). Bounded
and derandomized, so a CI run is reproducible. Excluded per role, because they would end the role's own
credentials mid-run: POST /auth/logout (session roles) and DELETE /auth/tokens/{token_id} (token roles).
"""

import time
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from api.deps import get_session
from tests.factories import DEFAULT_PASSWORD
from tests.security.conftest import World

MAX_EXAMPLES = 12
SLOW_EXAMPLES = 4  # operations that run the embedding model per call
SLOW = {"POST /matches/preview", "POST /profiles/{pseudonym}/matches"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ROLES = ["anonymous", "caseworker", "admin", "employer", "employer_token", "partner", "partner_token", "survivor"]


def _session_headers(app: FastAPI, email: str) -> dict[str, str]:
    response = TestClient(app).post("/auth/login", json={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Cookie": f"wf_session={response.cookies['wf_session']}", "X-CSRF-Token": response.json()["csrf_token"]}


def _credentials(app: FastAPI, world: World, role: str) -> tuple[dict[str, str], set[str]]:
    """Headers for the role, and the operations left out of its run (see the module docstring)."""
    if role == "anonymous":
        return {}, set()
    if role == "survivor":
        return {"X-Access-Code": world.code}, set()
    if role.endswith("_token"):
        token = world.employer_token if role.startswith("employer") else world.partner_token
        return {"Authorization": f"Bearer {token}"}, {"DELETE /auth/tokens/{token_id}"}
    user = {"caseworker": world.caseworker, "admin": world.admin, "employer": world.employer}.get(role, world.partner)
    return _session_headers(app, user.email), {"POST /auth/logout"}


def _savepoint_per_request(app: FastAPI, session: Session) -> None:
    """Each request in its own savepoint, like production's transaction per request: one refused write
    cannot poison the calls after it, and a database error still surfaces as that call's 500."""

    def per_request() -> Iterator[Session]:
        nested = session.begin_nested()
        try:
            yield session
        except BaseException:
            nested.rollback()  # also clears a transaction a failed flush left inactive
            raise
        if nested.is_active:
            nested.commit()

    app.dependency_overrides[get_session] = per_request


def _run_operation(operation: Any, headers: dict[str, str], mode: GenerationMode, examples: int) -> int:
    """Run the checks on up to `examples` generated cases; returns how many requests were made."""
    calls = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        # The role's credentials go into the case itself, not as a call-time override: where a credential is
        # also a documented parameter (X-Access-Code), a negative case may have removed or broken it, and an
        # override would send a valid request that the checks still judge as the invalid one generated.
        nonlocal calls
        calls += 1
        case.headers = {**(case.headers or {}), **headers}
        case.call_and_validate(checks=CHECKS)

    check()
    return calls


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_req18_schemathesis_finds_no_failures_for_role(
    app: FastAPI, session: Session, world: World, role: str, capsys: pytest.CaptureFixture[str]
) -> None:
    headers, excluded = _credentials(app, world, role)
    _savepoint_per_request(app, session)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    started, operations, requests = time.perf_counter(), 0, 0
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        if label in excluded:
            continue
        operations += 1
        examples = SLOW_EXAMPLES if label in SLOW else MAX_EXAMPLES
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                requests += _run_operation(operation, headers, mode, examples)
            except Unsatisfiable:
                continue  # nothing to make invalid (no parameters or body): no negative case exists
            except (Exception, BaseExceptionGroup) as exc:  # report every failing operation, not just the first
                failures.append(f"{role} {label} [{mode.value}]: {exc}")
    seconds = time.perf_counter() - started
    with capsys.disabled():  # the figure belongs in every run's output, not only with -s
        print(f"\nschemathesis role={role}: {operations} operations, {requests} requests in {seconds:.1f} s")
    assert operations > 20
    assert not failures, "\n\n".join(failures)
