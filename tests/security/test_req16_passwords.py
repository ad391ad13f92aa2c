"""Requirement 16: passwords are stored as Argon2id with at least 19 MiB of memory and 2 iterations, read
back from the hash the database holds (not from the hasher's configuration)."""

import argon2
from argon2.low_level import Type
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session

from api.services import accounts
from models.enums import Role
from tests.api.clients import signed_in
from tests.factories import DEFAULT_PASSWORD, make_user

MIN_MEMORY_KIB = 19 * 1024
MIN_ITERATIONS = 2


def _stored_hash(session: Session, email: str) -> str:
    return (
        session.connection().execute(text("SELECT password_hash FROM app_user WHERE email = :e"), {"e": email}).one()[0]
    )


def test_req16_passwords_set_through_the_api_are_argon2id_with_19_mib_and_2_iterations(
    app: FastAPI, session: Session
) -> None:
    admin = signed_in(app, make_user(session, role=Role.ADMIN))
    password = "a long enough passphrase"
    created = admin.post(
        "/admin/users", json={"email": "cw16@agency.example", "role": "caseworker", "password": password}
    )
    assert created.status_code == 201, created.text

    stored = _stored_hash(session, "cw16@agency.example")
    params = argon2.extract_parameters(stored)
    assert params.type is Type.ID
    assert params.memory_cost >= MIN_MEMORY_KIB
    assert params.time_cost >= MIN_ITERATIONS
    assert password not in stored


def test_req16_a_weaker_old_hash_is_replaced_at_the_next_sign_in(client: TestClient, session: Session) -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(DEFAULT_PASSWORD)
    user = make_user(session, password_hash=weak)
    assert argon2.extract_parameters(_stored_hash(session, user.email)).memory_cost < MIN_MEMORY_KIB

    signed = client.post("/auth/login", json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert signed.status_code == 200, signed.text

    params = argon2.extract_parameters(_stored_hash(session, user.email))
    assert (params.type, params.memory_cost >= MIN_MEMORY_KIB, params.time_cost >= MIN_ITERATIONS) == (
        Type.ID,
        True,
        True,
    )


def test_req16_short_passwords_are_refused_with_what_to_fix(client: TestClient) -> None:
    body = {"organization_name": "Blue Cafe", "email": "owner@bluecafe.example", "password": "short"}
    response = client.post("/auth/register-employer", json=body)
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "password"
    assert accounts.MIN_PASSWORD >= 12
