"""Requirement 17: sessions end after 30 minutes idle and are revoked on logout or role change; sign-in
attempts are rate limited.

Idle expiry runs against a frozen clock: the accounts service takes `now`, and the session row's
`last_seen_at` is what the clock is compared with. Revocation is proved server-side by replaying the old
cookie (the test client drops a deleted cookie, which would hide a session that was never revoked).
"""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from api.auth import SESSION_COOKIE
from api.services import accounts
from api.services.principal import NotAuthenticatedError
from models.columns import utcnow
from models.enums import OrgKind, Role
from models.organization import Organization, User
from tests.api.clients import signed_in, with_token
from tests.factories import DEFAULT_PASSWORD, make_org, make_user


def _sign_in(session: Session, user: User, now: object = None) -> str:
    signed = accounts.login(session, email=user.email, password=DEFAULT_PASSWORD, now=now)  # type: ignore[arg-type]
    assert isinstance(signed, accounts.SignedIn)
    return signed.session_token


def _use(session: Session, token: str, at: object) -> None:
    accounts.session_principal(session, token, csrf_token=None, unsafe=False, now=at)  # type: ignore[arg-type]


def _replay(app: FastAPI, cookie: str) -> int:
    client = TestClient(app)
    client.cookies.set(SESSION_COOKIE, cookie)
    return client.get("/auth/me").status_code


def test_req17_a_session_ends_after_30_idle_minutes(session: Session) -> None:
    start = utcnow()
    token = _sign_in(session, make_user(session), now=start)
    _use(session, token, start + timedelta(minutes=29))
    with pytest.raises(NotAuthenticatedError, match="30 minutes"):
        _use(session, token, start + timedelta(minutes=29) + timedelta(minutes=31))
    # Ended for good: coming back sooner afterwards does not revive it.
    with pytest.raises(NotAuthenticatedError):
        _use(session, token, start + timedelta(minutes=61))


def test_req17_activity_keeps_a_session_alive_past_30_minutes(session: Session) -> None:
    start = utcnow()
    token = _sign_in(session, make_user(session), now=start)
    for minutes in (25, 50, 75, 100):  # never 30 minutes apart
        _use(session, token, start + timedelta(minutes=minutes))


def test_req17_an_idle_session_is_refused_over_http(app: FastAPI, session: Session) -> None:
    from sqlalchemy import text

    user = make_user(session)
    client = signed_in(app, user)
    assert client.get("/auth/me").status_code == 200
    session.connection().execute(
        text("UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE user_id = :u"), {"u": user.id}
    )
    refused = client.get("/auth/me")
    assert refused.status_code == 401 and "30 minutes" in refused.json()["error"]


def test_req17_logout_revokes_the_session_on_the_server(app: FastAPI, session: Session) -> None:
    client = signed_in(app, make_user(session))
    cookie = client.cookies[SESSION_COOKIE]
    assert _replay(app, cookie) == 200
    assert client.post("/auth/logout").status_code == 204
    assert _replay(app, cookie) == 401


def test_req17_a_role_change_revokes_sessions(app: FastAPI, session: Session) -> None:
    admin = make_user(session, role=Role.ADMIN)
    caseworker = make_user(session, org=session.get(Organization, admin.org_id))
    cookie = signed_in(app, caseworker).cookies[SESSION_COOKIE]
    assert _replay(app, cookie) == 200
    changed = signed_in(app, admin).patch(f"/admin/users/{caseworker.id}", json={"role": "admin"})
    assert changed.status_code == 200
    assert _replay(app, cookie) == 401


def test_req17_a_role_change_or_disabling_revokes_api_tokens(app: FastAPI, session: Session) -> None:
    org = make_org(session, kind=OrgKind.EMPLOYER)
    admin = make_user(session, role=Role.ADMIN, org=org)
    employer = make_user(session, role=Role.EMPLOYER, org=org)
    made = signed_in(app, employer).post("/auth/tokens", json={"name": "n", "scopes": ["postings:read"], "days": 7})
    assert made.status_code == 201, made.text
    bot = with_token(app, made.json()["token"])
    assert bot.get("/employer/postings").status_code == 200
    assert signed_in(app, admin).patch(f"/admin/users/{employer.id}", json={"is_active": False}).status_code == 200
    assert bot.get("/employer/postings").status_code == 401


def test_req17_sign_in_is_rate_limited_per_account(client: TestClient, session: Session) -> None:
    """Growing delays, not a lock (issue 12): after the free failures the next try waits 1 s, then 2 s, ...
    The waiting try is refused before the password is looked at, so the right password is refused too."""
    user = make_user(session)
    for _ in range(accounts.PER_ACCOUNT.free):
        response = client.post("/auth/login", json={"email": user.email, "password": "wrong password!"})
        assert response.status_code == 401
    response = client.post("/auth/login", json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert response.json()["error"] == "Too many failed sign-ins for this account; wait 1 second and try again."
    # Another account from the same client is not slowed by this one's failures.
    other = make_user(session)
    assert client.post("/auth/login", json={"email": other.email, "password": DEFAULT_PASSWORD}).status_code == 200
    # The owner is never locked out: once the delay has passed, the right password signs in.
    later = utcnow() + timedelta(seconds=1)
    assert isinstance(
        accounts.login(session, email=user.email, password=DEFAULT_PASSWORD, client="testclient", now=later),
        accounts.SignedIn,
    )


def test_req17_sign_in_is_rate_limited_per_address(client: TestClient, session: Session) -> None:
    """One address spraying a password over many accounts is slowed, though no account hit its own limit;
    the slowing is a short wait, not a lock, and other addresses are not affected."""
    now, here, elsewhere = utcnow(), "203.0.113.9", "198.51.100.4"
    for i in range(accounts.PER_ADDRESS.free):
        refused = accounts.login(
            session, email=f"guess{i}@agency.example", password="Winter2026!!", client=here, now=now
        )
        assert isinstance(refused, accounts.LoginRefused) and refused.status_code == 401
    user = make_user(session)
    blocked = accounts.login(session, email=user.email, password=DEFAULT_PASSWORD, client=here, now=now)
    assert isinstance(blocked, accounts.LoginRefused) and blocked.status_code == 429
    assert blocked.message == "Too many failed sign-ins from this address; wait 1 second."
    # The same person from another address signs in; from this one, once the second has passed.
    assert isinstance(
        accounts.login(session, email=user.email, password=DEFAULT_PASSWORD, client=elsewhere, now=now),
        accounts.SignedIn,
    )
    later = now + timedelta(seconds=1)
    assert isinstance(
        accounts.login(session, email=user.email, password=DEFAULT_PASSWORD, client=here, now=later), accounts.SignedIn
    )
