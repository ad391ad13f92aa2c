"""Requirement 6: employers and education partners never receive survivor identifiers or profile fields.

A whole flow runs first, through the API, touching the employer's own opening: the caseworker records a
profile with distinctive words in every free field, ranks matches, approves and shares the employer's
opening, issues a code, and the person says they are interested. Then every GET the employer and the
partner can reach (the JSON API from the schema, the web pages from the app's routes) is read, by session
and by API token, and no body or header may hold the pseudonym, the code or any of those words.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.services.access import code_hash, normalize_code
from tests.api.clients import signed_in
from tests.factories import make_recommendation, profile_fields
from tests.security.conftest import World, survivor_client, token_client
from tests.security.operations import api_operations, page_routes

# Words no catalog item or page would hold, one per free field of the profile.
SEEDED = {
    "skills": ["quokkarigging", "zephyrsplicing"],
    "interests": ["marmosetgardening"],
    "goals": ["xylocertificate"],
    "work_history": [{"title": "vorpalstacker", "activities": "ran the quibblelathe at the depot"}],
}
SEEDED_WORDS = [
    "quokkarigging",
    "zephyrsplicing",
    "marmosetgardening",
    "xylocertificate",
    "vorpalstacker",
    "quibblelathe",
]


@dataclass
class Flow:
    posting_id: int
    secrets: list[str]


@pytest.fixture
def flow(app: FastAPI, session: Session, world: World) -> Flow:
    employer = signed_in(app, world.employer)
    posting = employer.post(
        "/employer/postings",
        json={"title": "Forklift Operator", "description": "Drive a forklift, load trucks. Day shift.", "region": "WA"},
    )
    assert posting.status_code == 201, posting.text
    posting_id = posting.json()["id"]

    cw = signed_in(app, world.caseworker)
    created = cw.post("/profiles", json=profile_fields(**SEEDED))
    assert created.status_code == 201, created.text
    pseudonym = created.json()["pseudonym"]
    matched = cw.post(f"/profiles/{pseudonym}/matches")
    assert matched.status_code == 200, matched.text
    rec_id = next((r["id"] for r in matched.json() if r["item_id"] == posting_id), None)
    if rec_id is None:  # whatever the ranking chose, the employer's own opening is in the person's list
        from models.organization import User
        from models.profile import SurvivorProfile

        profile, caseworker = session.get(SurvivorProfile, pseudonym), session.get(User, world.caseworker.id)
        assert profile is not None and caseworker is not None
        rec_id = make_recommendation(session, profile=profile, actor=caseworker, job_posting_id=posting_id).id
    assert cw.post(f"/recommendations/{rec_id}/decisions", json={"action": "approve"}).status_code == 200
    assert cw.post(f"/profiles/{pseudonym}/share").status_code == 200
    code = cw.post(f"/profiles/{pseudonym}/access-codes", json={"days": 7}).json()["code"]
    answered = survivor_client(app, code).post(f"/my/opportunities/{rec_id}/answer", json={"answer": "interested"})
    assert answered.status_code == 200, answered.text
    return Flow(
        posting_id=posting_id,
        secrets=[pseudonym, code, normalize_code(code), code_hash(code), *SEEDED_WORDS],
    )


def _leaks(response_text: str, headers: dict[str, str], secrets: list[str]) -> list[str]:
    seen = (response_text + "\n" + "\n".join(f"{k}: {v}" for k, v in headers.items())).lower()
    return [s for s in secrets if s.lower() in seen]


def _read_everything(app: FastAPI, client: TestClient, role: str, ids: Mapping[str, object], secrets: list[str]) -> int:
    """GET every API operation of `role` and every web page; fail on any secret seen. Returns pages read."""
    read = 0
    gets = [op for op in api_operations(app) if op.method == "GET" and role in op.allowed_roles()]
    urls = [op.path.format(**{p: ids[p] for p in op.path_params}) for op in gets]
    urls += [page.url(ids) for page in page_routes(app) if all(p in ids for p in page.path_params)]
    for url in urls:
        response = client.get(url, follow_redirects=False)
        assert response.status_code < 500, (url, response.text)
        assert _leaks(response.text, dict(response.headers), secrets) == [], url
        read += response.status_code == 200
    return read


def test_req6_employer_reads_nothing_of_the_person(app: FastAPI, world: World, flow: Flow) -> None:
    ids = {"posting_id": flow.posting_id}
    read = _read_everything(app, signed_in(app, world.employer), "employer", ids, flow.secrets)
    assert read >= 4  # /auth/me, /auth/tokens, /employer/postings (list and one), and the employer's pages
    assert _read_everything(app, token_client(app, world.employer_token), "employer", ids, flow.secrets) >= 3


def test_req6_partner_reads_nothing_of_the_person(app: FastAPI, world: World, flow: Flow, session: Session) -> None:
    from models.import_run import ImportRun

    role = "education_partner"
    # One upload of the partner's own, so its job page and status are read too.
    upload = ImportRun(
        kind="programs", source=f"partner:{world.partner.org_id}", format="etpl", path="p.csv", file_hash="0" * 64
    )
    session.add(upload)
    session.flush()
    ids = {"run_id": upload.id}
    read = _read_everything(app, signed_in(app, world.partner), role, ids, flow.secrets)
    assert read >= 3
    assert _read_everything(app, token_client(app, world.partner_token), role, ids, flow.secrets) >= 1


def test_req6_the_seeded_words_are_really_stored_for_the_caseworker(app: FastAPI, world: World, flow: Flow) -> None:
    """The check above would pass vacuously if the words never made it in: the caseworker does see them."""
    pseudonym = flow.secrets[0]
    shown = signed_in(app, world.caseworker).get(f"/profiles/{pseudonym}").text.lower()
    assert [w for w in SEEDED_WORDS if w not in shown] == []
