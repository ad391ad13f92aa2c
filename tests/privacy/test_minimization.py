"""Requirements 1-3 (privacy-security.md): no identifying fields, coarse location only, random pseudonyms,
and the agency's case number encrypted and stored apart."""

import re

import pytest
from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from api.schemas.profiles import ProfileIn, ProfileOut, WorkHistoryIn, WorkHistoryOut
from models.enums import Role
from models.privacy.tools import PrivacyTools
from models.profile import ProfileFields, ProfileRecord, SurvivorProfile, WorkHistoryItem, new_pseudonym
from tests.api.clients import signed_in
from tests.factories import make_user, profile_fields

# Requirement 1's list, as name patterns over snake_case names: "client_first_name" or "home_phone" is
# caught, "work_history" (story) and "pseudonym" are not. (^|_) and (_|$) stand for word boundaries.
FORBIDDEN = {
    "name": r"(^|_)[a-z]*name(_|$)",
    "SSN": r"(^|_)ssn(_|$)|social_?security",
    "date of birth": r"birth|(^|_)dob(_|$)",
    "street address": r"street|address|(^|_)addr(_|$)",
    "phone": r"phone|(^|_)(mobile|cell)(_|$)",
    "e-mail": r"e_?mail",
    "immigration status": r"immigra|visa|(^|_)alien|(^|_)a_?number|passport",
    "narrative of exploitation": r"narrative|(^|_)(back|life_)?story(_|$)|exploit",
    "trafficker": r"traffick",
    "shelter": r"shelter",
}
_FORBIDDEN = re.compile("|".join(f"(?:{p})" for p in FORBIDDEN.values()), re.IGNORECASE)

SCHEMAS: list[type[BaseModel]] = [
    ProfileIn,
    ProfileOut,
    WorkHistoryIn,
    WorkHistoryOut,
    SurvivorProfile,
    WorkHistoryItem,
    ProfileFields,
    ProfileRecord,
]
TABLES = ["survivor_profile", "case_reference"]


def forbidden_names(names: list[str]) -> list[str]:
    return [n for n in names if _FORBIDDEN.search(n)]


def test_req1_profile_schema_has_no_forbidden_fields(engine: Engine) -> None:
    for schema in SCHEMAS:
        assert forbidden_names(list(schema.model_fields)) == [], schema.__name__
    columns = inspect(engine)
    for table in TABLES:
        names = [c["name"] for c in columns.get_columns(table)]
        assert names and forbidden_names(names) == [], table
    # The check itself bites: each listed kind is caught under a plausible field name.
    planted = ["first_name", "ssn", "date_of_birth", "street_address", "home_phone", "email", "immigration_status"]
    planted += ["story", "trafficker", "shelter_id", "surname", "dob", "visa_type", "backstory"]
    assert forbidden_names(planted) == planted


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"zip3s": ["98101"]}, "zip3s.0"),
        ({"excluded_zip3s": ["98101-1234"]}, "excluded_zip3s.0"),
        ({"street": "42 Elm Street"}, ""),
        ({"zip_code": "98101"}, ""),
        ({"latitude": 47.61, "longitude": -122.33}, ""),
        ({"lat": 47.61, "lng": -122.33}, ""),
    ],
)
def test_req2_location_finer_than_zip3_refused(
    app: FastAPI, session: Session, extra: dict[str, object], field: str
) -> None:
    client = signed_in(app, make_user(session))
    response = client.post("/profiles", json=profile_fields(**extra))
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["field"] == field
    assert "first three digits of a ZIP code" in problem["reason"]
    assert "Elm" not in response.text and "98101" not in response.text and "47.61" not in response.text
    assert session.exec(text("SELECT count(*) FROM survivor_profile")).one()[0] == 0  # type: ignore[call-overload]


def test_req2_region_is_a_state_code_only(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    assert client.post("/profiles", json=profile_fields(region="Seattle, WA 98101")).status_code == 422
    assert client.post("/profiles", json=profile_fields(region="wa")).json()["region"] == "WA"


def test_req3_pseudonym_is_128_random_bits(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    made = [client.post("/profiles", json=profile_fields()).json()["pseudonym"] for _ in range(4)]
    made += [new_pseudonym() for _ in range(252)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", p) for p in made)  # 32 hex digits = 128 bits
    assert len(set(made)) == len(made)
    # Every one of the 128 bit positions varies across 256 draws (a counter or a timestamp would not).
    values = [int(p, 16) for p in made]
    for bit in range(128):
        ones = sum((v >> bit) & 1 for v in values)
        assert 0 < ones < len(values), bit
    # The pseudonym is the only key: no sequential id that would order or count people.
    pk = inspect(session.connection()).get_pk_constraint("survivor_profile")["constrained_columns"]
    assert pk == ["pseudonym"]


def test_req3_case_number_encrypted_and_stored_apart(app: FastAPI, session: Session, privacy: PrivacyTools) -> None:
    case_number = "HS-2026/0417"
    owner = make_user(session)
    colleague = make_user(session, org=None)  # another agency's caseworker
    admin = make_user(session, role=Role.ADMIN)
    client = signed_in(app, owner)
    created = client.post("/profiles", json=profile_fields(case_number=case_number))
    assert created.status_code == 201, created.text
    p = created.json()["pseudonym"]
    assert created.json()["case_number"] == case_number

    conn = session.connection()
    # Apart: nothing on the profile row holds it; its own table holds a token bound to the pseudonym.
    profile_row = conn.execute(
        text("SELECT row_to_json(t)::text FROM survivor_profile t WHERE pseudonym = :p"), {"p": p}
    )
    assert case_number not in profile_row.scalar_one()
    stored = conn.execute(
        text("SELECT org_id, ciphertext, key_id, row_to_json(c)::text FROM case_reference c WHERE pseudonym = :p"),
        {"p": p},
    ).one()
    assert stored.org_id == owner.org_id
    assert case_number not in stored[3] and "0417" not in stored[3]
    assert stored.ciphertext.startswith(f"v1.{stored.key_id}.")
    assert stored.key_id == privacy.cipher.keyring.current_kid

    # Shown to caseworkers of the same organization only.
    assert client.get(f"/profiles/{p}").json()["case_number"] == case_number
    assert [i["case_number"] for i in client.get("/profiles").json()["items"]] == [case_number]
    assert signed_in(app, colleague).get(f"/profiles/{p}").status_code == 404
    assert signed_in(app, admin).get(f"/profiles/{p}").status_code == 403

    # An edit without it removes it; the row goes with it.
    edited = client.put(f"/profiles/{p}", json=profile_fields())
    assert edited.json()["case_number"] is None
    assert conn.execute(text("SELECT count(*) FROM case_reference WHERE pseudonym = :p"), {"p": p}).scalar_one() == 0


def test_req3_case_number_refuses_free_text(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    response = client.post("/profiles", json=profile_fields(case_number="Maria Lopez, born 03/14/1991"))
    assert response.status_code == 422 and "Maria" not in response.text
