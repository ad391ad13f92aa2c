"""Issue 12, item 2 through the API and the web forms: control characters are a 4xx naming the field.

NUL used to reach PostgreSQL (psycopg's own DataError from the COPY that stores a posting: a 500); a lone
surrogate failed to encode (a 500). Now every input schema refuses them with a message naming the field
and the code point, the forms show that message next to the field, and psycopg's DataError, wherever else
it could come from, is answered 422.
"""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import DataError as PsycopgDataError
from pydantic import ValidationError
from sqlmodel import Session, select

from api.errors import install_error_handlers
from api.schemas.catalog import EmployerPostingIn, PartnerProgramEdit
from api.schemas.profiles import ProfileIn
from matcher.encoder import Encoder
from models.enums import Role
from models.job_posting import JobPosting
from models.organization import User
from models.profile import SurvivorProfile
from models.text_input import refused_character
from tests.api.clients import signed_in
from tests.catalog_factories import add_program
from tests.factories import make_user
from tests.web.page_clients import csrf, page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def employer(session: Session) -> User:
    return make_user(session, role=Role.EMPLOYER)


def _problem(response_json: dict[str, object]) -> tuple[str, str]:
    problems = response_json["problems"]
    assert isinstance(problems, list) and len(problems) == 1, problems
    return problems[0]["field"], problems[0]["reason"]


def test_item2_nul_in_posting_title_is_a_422(app: FastAPI, session: Session, employer: User) -> None:
    response = signed_in(app, employer).post("/employer/postings", json={"title": "a\u0000b"})
    assert response.status_code == 422, response.text
    assert _problem(response.json()) == (
        "title",
        "title contains a control character (U+0000 NUL) at character 2; remove it",
    )
    assert session.exec(select(JobPosting).where(JobPosting.source == f"employer:{employer.org_id}")).all() == []


def test_item2_nul_in_posting_edit_is_a_422(app: FastAPI, employer: User) -> None:
    client = signed_in(app, employer)
    created = client.post("/employer/postings", json={"title": "Line Cook", "description": "Prep. Day shift."})
    assert created.status_code == 201, created.text
    response = client.put(
        f"/employer/postings/{created.json()['id']}",
        json={"title": "Line Cook", "description": "Prep.\u0000 Day shift."},
    )
    assert response.status_code == 422, response.text
    assert _problem(response.json())[0] == "description"


def test_item2_lone_surrogate_is_a_422_naming_the_field(app: FastAPI, employer: User) -> None:
    # Sent as the JSON escape a hostile client would use; httpx cannot encode the character itself.
    response = signed_in(app, employer).post(
        "/employer/postings",
        content=b'{"title": "Cook", "city": "Ta\\ud800coma"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422, response.text
    assert _problem(response.json()) == (
        "city",
        "city contains a control character (U+D800 (an unpaired surrogate)) at character 3; remove it",
    )


def test_item2_line_breaks_are_kept_where_text_has_lines_and_refused_in_a_title(app: FastAPI, employer: User) -> None:
    client = signed_in(app, employer)
    ok = client.post("/employer/postings", json={"title": "Line Cook", "description": "Prep.\r\n\tDay shift."})
    assert ok.status_code == 201, ok.text
    refused = client.post("/employer/postings", json={"title": "Line\nCook"})
    assert refused.status_code == 422
    assert _problem(refused.json()) == (
        "title",
        "title must be on one line: remove a line break or tab (U+000A line break) at character 5",
    )


def test_a_surrounding_line_break_is_trimmed_not_refused(app: FastAPI, employer: User) -> None:
    response = signed_in(app, employer).post("/employer/postings", json={"title": " Line Cook\r\n"})
    assert response.status_code == 201, response.text
    assert response.json()["title"] == "Line Cook"


def test_item2_psycopg_data_error_is_a_422_not_a_500() -> None:
    """psycopg raises its own DataError (not SQLAlchemy's) from a COPY or before sending a value."""
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/copy")
    def copy() -> None:
        raise PsycopgDataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")

    response = TestClient(app, raise_server_exceptions=False).get("/copy")
    assert response.status_code == 422
    assert response.json()["error"].startswith("A value cannot be stored: remove control characters such as NUL")
    assert "0x00" not in response.text  # the driver's message (which may quote a value) is not echoed


# Every write schema refuses what PostgreSQL or the pages cannot take, whichever text field it is in.
SCHEMAS_AND_FIELDS = [
    (EmployerPostingIn, {"title": "Cook"}, ["title", "description", "city", "how_to_apply", "industry"]),
    (PartnerProgramEdit, {"name": "Welding"}, ["name", "description", "city", "region"]),
    (ProfileIn, {}, ["skills", "interests", "goals", "excluded_employers"]),
]
CONTROL = st.characters(categories=["Cc"]).filter(lambda c: c not in "\t\n\r") | st.characters(categories=["Cs"])


@pytest.mark.parametrize(("schema", "base", "fields"), SCHEMAS_AND_FIELDS, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_item2_every_text_field_refuses_a_control_character_by_name(
    schema: type, base: dict[str, object], fields: list[str], data: st.DataObject
) -> None:
    field = data.draw(st.sampled_from(fields))
    before, after = data.draw(st.text(min_size=1, max_size=5)), data.draw(st.text(min_size=1, max_size=5))
    char = data.draw(CONTROL)
    value = f"x{before}{char}{after}x"
    body = {**base, field: [value] if field in ("skills", "interests", "goals", "excluded_employers") else value}
    with pytest.raises(ValidationError) as caught:
        schema.model_validate(body)  # type: ignore[attr-defined]
    errors = caught.value.errors()
    assert any(e["loc"][0] == field and e["type"] == "control_character" for e in errors), errors
    assert refused_character(value) is not None


@given(text=st.text(st.characters(exclude_categories=["Cc", "Cs"])))
@settings(max_examples=200, derandomize=True)
def test_text_without_control_characters_is_never_refused(text: str) -> None:
    """Emoji with joiners, soft hyphens, right-to-left marks, private-use characters: all kept."""
    assert refused_character(text) is None


# --- the web forms --------------------------------------------------------------------------------------


def test_item2_employer_form_shows_the_control_character_message_at_the_field(app: FastAPI, employer: User) -> None:
    client = page_client(app, employer)
    form = {"csrf_token": csrf(client), "title": "Line\x00Cook", "description": "Prep and cook."}
    response = client.post("/employer/openings/new", data=form)
    assert response.status_code == 422, response.text
    assert re.search(r"title contains a control character \(U\+0000 NUL\) at character 5; remove it", response.text)


def test_item2_partner_form_refuses_nul_with_a_message(app: FastAPI, session: Session, encoder: Encoder) -> None:
    partner = make_user(session, role=Role.EDUCATION_PARTNER)
    program = add_program(session, encoder, source=f"partner:{partner.org_id}")
    client = page_client(app, partner)
    form = {"csrf_token": csrf(client), "name": "Welding", "description": "Weld.\x00", "city": "Kent"}
    response = client.post(f"/partner/programs/{program.id}/edit", data=form)
    assert response.status_code == 422, response.text
    assert "description contains a control character (U+0000 NUL) at character 6; remove it" in response.text


def test_item2_caseworker_intake_refuses_nul_and_stores_nothing(app: FastAPI, session: Session) -> None:
    caseworker = make_user(session, role=Role.CASEWORKER)
    client = page_client(app, caseworker)
    form = {"csrf_token": csrf(client), "skills": "fork\x00lift, inventory", "region": "WA"}
    response = client.post("/cw/profiles", data=form)
    assert response.status_code == 400, response.text
    assert re.search(
        r'<small class="field-error" id="skills-error">skills contains a control character \(U\+0000 NUL\)',
        response.text,
    ), response.text
    assert session.exec(select(SurvivorProfile).where(SurvivorProfile.org_id == caseworker.org_id)).first() is None
