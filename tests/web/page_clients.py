"""TestClients that use the pages as a browser does (no Chromium): signed in through the /login form."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from models.organization import User
from tests.factories import DEFAULT_PASSWORD


def page_client(app: FastAPI, user: User) -> TestClient:
    """A browser-like client signed in through the /login form (session and CSRF cookies)."""
    client = TestClient(app, follow_redirects=False)
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 303, response.text
    return client


def csrf(client: TestClient) -> str:
    return str(client.cookies.get("wf_csrf"))
