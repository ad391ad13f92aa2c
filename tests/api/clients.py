"""Signed-in test clients: one TestClient per user, so each keeps its own session cookie."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from models.organization import User
from tests.factories import DEFAULT_PASSWORD


def signed_in(app: FastAPI, user: User, password: str = DEFAULT_PASSWORD) -> TestClient:
    """A client with the user's session cookie and CSRF header set."""
    client = TestClient(app)
    response = client.post("/auth/login", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def with_token(app: FastAPI, token: str) -> TestClient:
    client = TestClient(app)
    client.headers["Authorization"] = f"Bearer {token}"
    return client
