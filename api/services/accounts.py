"""Passwords, sign-in, web sessions, API tokens and user administration.

Passwords: Argon2id, 19 MiB, 2 iterations, 1 lane (OWASP ASVS 5.0 11.4.2), set explicitly.
Sessions: a random cookie token, SHA-256 at rest, ended after 30 minutes idle or 12 hours, on logout,
and on any role change or deactivation. Sign-in: growing delays per account and per address, never a
lock that someone else can set off (OWASP ASVS 2.2.1); the rule is in docs/guess-limits.md.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session

from api.client_address import limit_key
from api.services import audit, guess_limits, passwords
from api.services.principal import SCOPES_BY_ROLE, NotAuthenticatedError, Principal
from matcher.constraints import normalize_name
from models.account import ApiToken
from models.columns import utcnow
from models.enums import OrgKind, Role
from models.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from models.organization import Organization, User
from models.repositories import audit as audit_repo
from models.repositories import credentials as cred_repo
from models.repositories import owned_catalog, tenancy
from models.repositories import users as user_repo
from models.text_input import refused_character

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_ITERATIONS = 2
PASSWORDS = PasswordHash((Argon2Hasher(time_cost=ARGON2_ITERATIONS, memory_cost=ARGON2_MEMORY_KIB, parallelism=1),))
MIN_PASSWORD = passwords.MIN_LENGTH
SESSION_IDLE = timedelta(minutes=30)
SESSION_MAX = timedelta(hours=12)
TOUCH_EVERY = timedelta(seconds=60)  # fewer writes; idle expiry stays within a minute of exact
LOGIN_WINDOW = timedelta(hours=1)
# Failures of one account, from anywhere: 3 free, then 1, 2, 4, ... seconds after the latest, at most 15
# minutes. Only slows guessing; the owner is never locked out, and from a place they signed in from before
# (KNOWN_CONTEXT) other addresses' failures do not slow them at all: see login().
PER_ACCOUNT = guess_limits.BackOff(free=3, cap=timedelta(minutes=15), window=LOGIN_WINDOW)
# Failures of one account from one address: what a known context answers to instead of PER_ACCOUNT.
PER_ACCOUNT_HERE = PER_ACCOUNT
# Per client address too, so one address cannot try a common password against many accounts. More free
# failures than per account: several staff may share an office's address.
PER_ADDRESS = guess_limits.BackOff(free=20, cap=timedelta(minutes=15), window=LOGIN_WINDOW)
KNOWN_CONTEXT = timedelta(days=30)
# Staff are told (an audit event, shown on their admins' account page) when an account's failures within
# LOGIN_WINDOW reach 5, then 10, 20, 40, ...
BURST_FIRST = 5
# Self-registration is open to anyone: a few attempts per client address an hour stops scripted sign-ups
# and probing which organization names exist.
REGISTER_WINDOW = timedelta(hours=1)
MAX_REGISTRATIONS = 5
SIGN_IN_BURST = "auth.failed_sign_in_burst"
TOKEN_PREFIX = "wf_"  # noqa: S105 - a prefix, not a secret
MAX_TOKEN_DAYS = 365
MAX_DISPLAY_NAME = 100  # app_user.display_name (0017)

# Which roles each kind of organization has.
ROLES_BY_ORG_KIND: dict[OrgKind, frozenset[Role]] = {
    OrgKind.AGENCY: frozenset({Role.ADMIN, Role.CASEWORKER}),
    OrgKind.EMPLOYER: frozenset({Role.ADMIN, Role.EMPLOYER}),
    OrgKind.EDUCATION_PARTNER: frozenset({Role.ADMIN, Role.EDUCATION_PARTNER}),
}


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def hash_password(password: str, *, context: tuple[str, ...] = ()) -> str:
    """Every password set anywhere (API, pages, CLI) passes here: refused ones raise WeakPasswordError."""
    passwords.check(password, context=context)
    return PASSWORDS.hash(password)


@cache
def _dummy_hash() -> str:
    # Verifying against this when the e-mail is unknown keeps the answer time the same.
    return PASSWORDS.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class SignedIn:
    user: User
    session_token: str
    csrf_token: str


@dataclass(frozen=True)
class LoginRefused:
    status_code: int
    message: str


def login(
    session: Session, *, email: str, password: str, client: str = "unknown", now: datetime | None = None
) -> SignedIn | LoginRefused:
    """Check the password and open a session. A refusal is returned, not raised, so the failure is counted.

    Before the password is looked at: the address's wait, then the account's. For the account, a known
    context (this account signed in from this address within KNOWN_CONTEXT) answers only to failures made
    from that same address, so an attacker elsewhere cannot slow its owner down; any other context waits
    out the account's failures from everywhere. A wait refuses without checking and is not counted.
    """
    now = now or utcnow()
    account = email.strip().lower()
    bucket = limit_key(client)
    account_key = guess_limits.key("login-account", account)
    address_key = guess_limits.key("login-address", bucket)
    here_key = guess_limits.key("login-account-address", account, bucket)
    known_key = guess_limits.key("login-known", account, bucket)
    # Address first, then account, in every request: parallel attempts are counted one after the other,
    # and the fixed order means two requests can never wait for each other's lock.
    guess_limits.serialize_on(session, address_key)
    guess_limits.serialize_on(session, account_key)
    wait = guess_limits.wait_for(session, address_key, PER_ADDRESS, now)
    if wait > timedelta(0):
        return LoginRefused(429, f"Too many failed sign-ins from this address; wait {guess_limits.in_words(wait)}.")
    if guess_limits.seen_within(session, known_key, KNOWN_CONTEXT, now):
        wait = guess_limits.wait_for(session, here_key, PER_ACCOUNT_HERE, now)
    else:
        wait = guess_limits.wait_for(session, account_key, PER_ACCOUNT, now)
    if wait > timedelta(0):
        return LoginRefused(
            429, f"Too many failed sign-ins for this account; wait {guess_limits.in_words(wait)} and try again."
        )
    user = user_repo.find_user_by_email(session, email.strip())
    valid, new_hash = PASSWORDS.verify_and_update(password, user.password_hash if user else _dummy_hash())
    if user is not None:
        tenancy.bind_org(session, user.org_id)  # its audit events are written under row-level security
    if user is None or not valid or not user.is_active:
        guess_limits.record(session, account_key, address_key, here_key, now=now)
        if user is not None:
            audit.log(session, principal_of(user), "auth.login_failed", pseudonym=None, purpose="sign-in")
            _alert_on_burst(session, user, account_key, now)
        return LoginRefused(401, "The e-mail or password is wrong, or the account is disabled.")
    if new_hash:
        user_repo.set_password_hash(session, user, new_hash)
    # The account's own count stays: it is what slows an attacker elsewhere. Only this context's is cleared.
    cred_repo.clear_failures(session, here_key)
    guess_limits.remember(session, known_key, now)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    cred_repo.create_session(session, user_id=user.id or 0, token_hash=sha256(token), csrf_hash=sha256(csrf), now=now)
    audit.log(session, principal_of(user), "auth.login", pseudonym=None, purpose="sign-in")
    return SignedIn(user=user, session_token=token, csrf_token=csrf)


def _alert_on_burst(session: Session, user: User, account_key: str, now: datetime) -> None:
    """An audit event for the account's admins at 5, 10, 20, 40, ... failures within the window."""
    failures, _ = guess_limits.count(session, account_key, LOGIN_WINDOW, now)
    step = failures // BURST_FIRST
    if failures % BURST_FIRST == 0 and step > 0 and step & (step - 1) == 0:
        audit.log(
            session,
            principal_of(user),
            SIGN_IN_BURST,
            pseudonym=None,
            purpose="sign-in",
            detail={
                "user_id": user.id,
                "failures": failures,
                "within_minutes": int(LOGIN_WINDOW.total_seconds() // 60),
            },
        )


def sign_in_alerts(
    session: Session, principal: Principal, *, since: timedelta = timedelta(days=1)
) -> list[dict[str, Any]]:
    """Bursts of failed sign-ins in the admin's organization, newest first, for their account page."""
    principal.require(Role.ADMIN)
    rows = audit_repo.recent_actions(
        session.connection(), org_id=principal.org_id, action=SIGN_IN_BURST, since=utcnow() - since
    )
    alerts = []
    for row in rows:
        user = user_repo.get_user(session, int(row["detail"].get("user_id") or 0))
        alerts.append(
            {
                "at": row["at"],
                "email": user.email if user is not None else "an account no longer there",
                "failures": row["detail"].get("failures"),
                "within_minutes": row["detail"].get("within_minutes"),
            }
        )
    return alerts


def principal_of(user: User, **kwargs: object) -> Principal:
    return Principal(user_id=user.id or 0, org_id=user.org_id, role=Role(user.role), **kwargs)  # type: ignore[arg-type]


def session_principal(
    session: Session, token: str, *, csrf_token: str | None, unsafe: bool, now: datetime | None = None
) -> Principal:
    """The user behind a session cookie; unsafe methods also need the session's CSRF token."""
    now = now or utcnow()
    found = cred_repo.find_session(session, sha256(token))
    if found is None:
        raise NotAuthenticatedError("You are not signed in (or your session ended); sign in again.")
    row, user = found
    if not user.is_active or now - row.last_seen_at > SESSION_IDLE or now - row.created_at > SESSION_MAX:
        cred_repo.revoke_session(session, row.id or 0, now)
        raise NotAuthenticatedError("Your session ended after 30 minutes without activity; sign in again.")
    if unsafe and (csrf_token is None or not secrets.compare_digest(sha256(csrf_token), row.csrf_hash)):
        raise PermissionDeniedError("Send the X-CSRF-Token header you received when you signed in.")
    if now - row.last_seen_at > TOUCH_EVERY:
        cred_repo.touch_session(session, row, now)
    # From here on the transaction sees and writes only this organization's survivor rows (API and pages).
    tenancy.bind_org(session, user.org_id)
    return principal_of(user, via="session", session_id=row.id)


def token_principal(session: Session, token: str, *, now: datetime | None = None) -> Principal:
    now = now or utcnow()
    found = cred_repo.find_token(session, sha256(token), now)
    if found is None or not found[1].is_active:
        raise NotAuthenticatedError("The API token is unknown, expired or revoked.")
    row, user = found
    cred_repo.touch_token(session, row, now)
    tenancy.bind_org(session, user.org_id)
    return principal_of(user, via="token", scopes=frozenset(row.scopes))


def logout(session: Session, principal: Principal) -> None:
    if principal.session_id is not None:
        cred_repo.revoke_session(session, principal.session_id, utcnow())
        audit.log(session, principal, "auth.logout", pseudonym=None, purpose="sign-in")


def current_user(session: Session, principal: Principal) -> tuple[User, Organization]:
    user = user_repo.get_user(session, principal.user_id)
    org = user_repo.get_org(session, principal.org_id)
    assert user is not None and org is not None
    return user, org


# --- API tokens -----------------------------------------------------------------------------------


def issue_token(
    session: Session, principal: Principal, *, name: str, scopes: list[str], days: int
) -> tuple[ApiToken, str]:
    """A new token for the signed-in partner; the secret is returned once and only its hash is kept."""
    if principal.via != "session":
        raise PermissionDeniedError("API tokens are created from a signed-in web session, not with another token.")
    allowed = SCOPES_BY_ROLE.get(principal.role, frozenset())
    if not allowed:
        raise PermissionDeniedError("Only employer and education partner accounts use API tokens.")
    unknown = sorted(set(scopes) - allowed)
    if unknown or not scopes:
        raise ValidationFailed(
            f"Choose scopes from: {', '.join(sorted(allowed))} (not {', '.join(unknown) or 'none'})."
        )
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValidationFailed(f"A token lasts 1 to {MAX_TOKEN_DAYS} days.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = cred_repo.create_token(
        session,
        user_id=principal.user_id,
        name=name,
        scopes=sorted(set(scopes)),
        token_hash=sha256(secret),
        expires_at=utcnow() + timedelta(days=days),
    )
    audit.log(
        session, principal, "auth.token_issued", pseudonym=None, purpose="partner upload", detail={"token_id": row.id}
    )
    return row, secret


def list_tokens(session: Session, principal: Principal) -> list[ApiToken]:
    return cred_repo.list_tokens(session, principal.user_id)


def revoke_token(session: Session, principal: Principal, token_id: int) -> ApiToken:
    row = cred_repo.get_token(session, token_id, principal.user_id)
    if row is None:
        raise NotFoundError(f"You have no API token {token_id}.")
    cred_repo.revoke_token(session, row, utcnow())
    audit.log(
        session,
        principal,
        "auth.token_revoked",
        pseudonym=None,
        purpose="partner upload",
        detail={"token_id": token_id},
    )
    return row


# --- users and organizations ----------------------------------------------------------------------


def create_org_with_user(
    session: Session,
    *,
    org_name: str,
    kind: OrgKind,
    email: str,
    role: Role,
    password: str,
    display_name: str | None = None,
) -> tuple[Organization, User]:
    """Bootstrap (CLI) and employer self-registration: an organization, found or new, and one user."""
    if role not in ROLES_BY_ORG_KIND[kind]:
        raise ValidationFailed(f"A {kind.value} organization has roles {_roles(kind)}, not {role.value}.")
    org = user_repo.find_org(session, name=org_name)
    if org is not None and org.kind != kind:
        raise ConflictError(f"An organization named {org_name!r} exists and is a {org.kind}, not a {kind.value}.")
    org = org or user_repo.create_org(session, name=org_name, kind=kind)
    user = _new_user(session, org_id=org.id or 0, email=email, role=role, password=password, display_name=display_name)
    return org, user


def register_employer_limited(
    session: Session, *, org_name: str, email: str, password: str, client: str, now: datetime | None = None
) -> User | LoginRefused:
    """Self-registration, rate limited per client address. Every attempt is counted, refused ones too, so a
    refusal is returned (not raised) and the request commits the count; the refused work is rolled back."""
    now = now or utcnow()
    key = sha256(f"register-employer:{client}")
    if cred_repo.count_failures(session, key, now - REGISTER_WINDOW) >= MAX_REGISTRATIONS:
        return LoginRefused(429, "Too many registrations from here; wait an hour and try again.")
    cred_repo.record_failure(session, key, now)
    try:
        with session.begin_nested():
            return register_employer(session, org_name=org_name, email=email, password=password)[1]
    except (ValidationFailed, ConflictError) as exc:
        return LoginRefused(exc.status_code, exc.message)


def register_employer(session: Session, *, org_name: str, email: str, password: str) -> tuple[Organization, User]:
    """Self-registration: a new, unverified employer organization and its first user."""
    key = normalize_name(org_name)
    if not key:
        raise ValidationFailed("Give the organization's name as it appears on your postings.")
    if user_repo.find_org(session, name=org_name) is not None:
        raise ConflictError("An organization with this name is registered already; ask its admin to add you.")
    claim = owned_catalog.employer_claim(session.connection(), name_key=key)
    if claim is not None and (claim[0] is not None or claim[1] != "unverified"):
        raise ConflictError("An employer with this name is registered already; contact staff to verify your account.")
    org = user_repo.create_org(session, name=org_name, kind=OrgKind.EMPLOYER)
    tenancy.bind_org(session, org.id or 0)
    user = _new_user(session, org_id=org.id or 0, email=email, role=Role.EMPLOYER, password=password)
    owned_catalog.link_employer(session.connection(), name=org_name, name_key=key, org_id=org.id or 0)
    audit.log(session, principal_of(user), "org.registered", pseudonym=None, purpose="employer registration")
    return org, user


def create_user(session: Session, principal: Principal, *, email: str, role: Role, password: str) -> User:
    """An admin adds a user to their own organization."""
    principal.require(Role.ADMIN)
    org = user_repo.get_org(session, principal.org_id)
    assert org is not None
    if role not in ROLES_BY_ORG_KIND[org.kind]:
        raise ValidationFailed(f"A {org.kind} organization has roles {_roles(org.kind)}, not {role.value}.")
    user = _new_user(session, org_id=principal.org_id, email=email, role=role, password=password)
    audit.log(session, principal, "user.create", pseudonym=None, purpose="administration", detail={"user_id": user.id})
    return user


def list_users(session: Session, principal: Principal, *, limit: int, offset: int) -> tuple[list[User], int]:
    principal.require(Role.ADMIN)
    return user_repo.list_users(session, org_id=principal.org_id, limit=limit, offset=offset)


def update_user(
    session: Session, principal: Principal, user_id: int, *, role: Role | None, is_active: bool | None
) -> User:
    """Change a user's role or disable them; either ends all their sessions and tokens."""
    principal.require(Role.ADMIN)
    user = user_repo.get_user(session, user_id)
    if user is None or user.org_id != principal.org_id:
        raise NotFoundError(f"No user {user_id} in your organization.")
    org = user_repo.get_org(session, principal.org_id)
    assert org is not None
    if role is not None and role not in ROLES_BY_ORG_KIND[org.kind]:
        raise ValidationFailed(f"A {org.kind} organization has roles {_roles(org.kind)}, not {role.value}.")
    if user_id == principal.user_id and (role not in (None, Role.ADMIN) or is_active is False):
        raise ConflictError("You cannot demote or disable yourself; ask another admin.")
    changed = (role is not None and role != user.role) or (is_active is not None and is_active != user.is_active)
    user_repo.update_user(session, user, role=role, is_active=is_active)
    if changed:
        cred_repo.revoke_user_credentials(session, user_id, utcnow())
        audit.log(
            session,
            principal,
            "user.update",
            pseudonym=None,
            purpose="administration",
            detail={"user_id": user_id, "role": str(user.role), "is_active": user.is_active},
        )
    return user


def _new_user(
    session: Session, *, org_id: int, email: str, role: Role, password: str, display_name: str | None = None
) -> User:
    if user_repo.find_user_by_email(session, email) is not None:
        raise ConflictError("That e-mail already has an account; sign in, or use another address.")
    # Staff data shown to colleagues (the audit trail); checked before the costly password hash.
    name = display_name.strip() if display_name and display_name.strip() else None
    if name is not None and (len(name) > MAX_DISPLAY_NAME or refused_character(name) is not None):
        raise ValidationFailed(f"A display name is 1 to {MAX_DISPLAY_NAME} characters, with no control characters.")
    org = user_repo.get_org(session, org_id)
    context = (email, org.name if org is not None else "")  # a targeted guesser tries these words first
    password_hash = hash_password(password, context=context)
    return user_repo.create_user(
        session, org_id=org_id, email=email.strip(), role=role, password_hash=password_hash, display_name=name
    )


def _roles(kind: OrgKind) -> str:
    return ", ".join(sorted(r.value for r in ROLES_BY_ORG_KIND[kind]))
