"""Access codes and what a person sees with one.

A code is 12 characters a person can type (about 59.5 bits; its shape: api/services/code_format.py),
stored only as a SHA-256 so it can be looked up (its entropy against the guess limits below:
docs/languages.md). The person's view reads only the database view
`survivor_visible_recommendation` (approved by a caseworker of the profile's organization, shared, still
open) and shows what they need to decide: no scores, explanations, notes or internal ids beyond the item's.
Wording is neutral throughout: the person's device may be watched.
"""

import hashlib
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from api.services import audit, code_format
from api.services.principal import Principal, TooManyAttemptsError
from api.services.profiles import load_for_caseworker
from models.access_code import AccessCode
from models.columns import utcnow
from models.enums import RecommendationStatus, Role, SurvivorResponse
from models.errors import NotFoundError, ValidationFailed
from models.repositories import access_codes as code_repo
from models.repositories import credentials as cred_repo
from models.repositories import recommendations as rec_repo
from models.repositories import tenancy

MAX_DAYS = 90
INVALID_CODE = "This code does not work. It may have expired. Ask the person who gave it to you for a new one."
# Guessing: codes never issued, counted per client address, close the door for a while. 160-bit codes
# cannot be guessed anyway; this keeps scanners from hammering the database and the audit log.
GUESS_WINDOW = timedelta(minutes=15)
MAX_GUESSES = 10
TOO_MANY_GUESSES = "Too many codes that do not work were tried from here; wait 15 minutes and try again."


class CodeRefused(NotFoundError):
    """A code that was never issued. Routes return (not raise) it, so the failed guess is committed."""


def normalize_code(code: str) -> str:
    return code_format.normalize(code)


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def new_code() -> str:
    return code_format.new_code()


def issue_code(
    session: Session, principal: Principal, pseudonym: str, *, days: int, language: str | None = None
) -> tuple[AccessCode, str]:
    """A new code for one profile; the code itself is returned once and never stored. `language`: the
    page's language when the person opens it with this code (the caseworker asked them)."""
    profile = load_for_caseworker(session, principal, pseudonym)
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(f"A code lasts 1 to {MAX_DAYS} days.")
    code = new_code()
    row = code_repo.create(
        session,
        code_hash=code_hash(code),
        pseudonym=profile.pseudonym,
        org_id=profile.org_id,
        issued_by=principal.user_id,
        expires_at=utcnow() + timedelta(days=days),
        language=language,
    )
    audit.log(session, principal, "access_code.issue", pseudonym=pseudonym, detail={"access_code_id": row.id})
    return row, code


def list_codes(session: Session, principal: Principal, pseudonym: str) -> list[AccessCode]:
    load_for_caseworker(session, principal, pseudonym)
    audit.log(session, principal, "access_code.list", pseudonym=pseudonym)
    return code_repo.list_for_profile(session, pseudonym=pseudonym)


def revoke_code(session: Session, principal: Principal, code_id: int) -> AccessCode:
    principal.require(Role.CASEWORKER)
    row = code_repo.get_in_org(session, code_id=code_id, org_id=principal.org_id)
    if row is None:
        raise NotFoundError(f"No access code {code_id} in your organization.")
    code_repo.revoke(session, row, utcnow())
    audit.log(
        session, principal, "access_code.revoke", pseudonym=row.profile_pseudonym, detail={"access_code_id": code_id}
    )
    return row


def _guess_key(client: str) -> str:
    return hashlib.sha256(f"access-code:{client}".encode()).hexdigest()


def _open(session: Session, code: str, client: str, now: datetime | None = None) -> AccessCode:
    now = now or utcnow()
    key = _guess_key(client)
    if cred_repo.count_failures(session, key, now - GUESS_WINDOW) >= MAX_GUESSES:
        raise TooManyAttemptsError(TOO_MANY_GUESSES)
    hashed = code_hash(code) if code else ""
    # No organization is bound yet, so the code's own rows are invisible (row-level security): the
    # database names the organization of an issued code, and the rest of the request works in it.
    org_id = tenancy.access_code_org(session, code_hash=hashed) if hashed else None
    if org_id is not None:
        tenancy.bind_org(session, org_id)
    row = code_repo.find_valid(session, code_hash=hashed, now=now) if code_format.plausible(code) else None
    if row is None:
        # Revoked or expired codes were really issued: only never-issued ones count as guesses.
        if not code_repo.exists(session, code_hash=hashed):
            cred_repo.record_failure(session, key, now)
            raise CodeRefused(INVALID_CODE)
        raise NotFoundError(INVALID_CODE)
    code_repo.mark_used(session, row, now or utcnow())
    return row


def opportunities(session: Session, code: str, *, client: str = "unknown") -> list[dict[str, Any]]:
    """What was approved and shared for the code's profile: read through the view, nothing else."""
    row = _open(session, code, client)
    items = rec_repo.visible_for_profile(session.connection(), pseudonym=row.profile_pseudonym)
    audit.log(
        session,
        None,
        "opportunities.view",
        pseudonym=row.profile_pseudonym,
        org_id=row.org_id,
        purpose=audit.SELF_SERVICE,
        detail={"access_code_id": row.id, "count": len(items)},
    )
    return items


def respond(
    session: Session, code: str, recommendation_id: int, response: SurvivorResponse, *, client: str = "unknown"
) -> dict[str, Any]:
    """'interested' or 'not for me' on one shared item (changeable); logged as a lifecycle step."""
    row = _open(session, code, client)
    conn = session.connection()
    item = rec_repo.visible_one(conn, pseudonym=row.profile_pseudonym, recommendation_id=recommendation_id)
    if item is None:
        raise NotFoundError("That opportunity is not in your list any more.")
    rec_repo.add_decision(
        conn,
        recommendation_id=recommendation_id,
        from_status=RecommendationStatus.SHARED.value,
        to_status=response.value,
        actor_id=None,
    )
    rec_repo.set_response(conn, recommendation_id=recommendation_id, response=response.value)
    audit.log(
        session,
        None,
        "opportunities.respond",
        pseudonym=row.profile_pseudonym,
        org_id=row.org_id,
        purpose=audit.SELF_SERVICE,
        detail={"access_code_id": row.id, "recommendation_id": recommendation_id, "response": response.value},
    )
    return {**item, "survivor_response": response.value}


_PER = {"HOUR": "an hour", "DAY": "a day", "WEEK": "a week", "MONTH": "a month", "YEAR": "a year"}
_DAY_NAMES = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun"}


def _money(amount: float, currency: str | None) -> str:
    text = f"{amount:,.2f}" if amount % 1 else f"{amount:,.0f}"
    return f"${text}" if (currency or "USD") == "USD" else f"{text} {currency}"


def _pay(item: dict[str, Any]) -> str | None:
    if item["item_kind"] == "program":
        cost = item.get("cost_total")
        return None if cost is None else ("Free" if cost == 0 else f"Costs {_money(cost, 'USD')} in all")
    low, high, unit = item.get("pay_min"), item.get("pay_max"), item.get("pay_unit")
    if unit is None or (low is None and high is None):
        return None
    cur = item.get("pay_currency")
    amounts = [_money(v, cur) for v in (low, high) if v is not None]
    span = amounts[0] if len(amounts) == 1 or low == high else f"{amounts[0]}-{amounts[1]}"
    return f"{span} {_PER.get(str(unit), '')}".strip()


def _place(item: dict[str, Any]) -> str | None:
    if item.get("is_remote"):
        return "Online" if item["item_kind"] == "program" else "Remote"
    parts = [p for p in (item.get("city"), item.get("region")) if p]
    return ", ".join(parts) or None


def _schedule(item: dict[str, Any]) -> str | None:
    parts: list[str] = []
    if item["item_kind"] == "program":
        if item.get("duration_weeks"):
            parts.append(f"{item['duration_weeks']:g} weeks")
        if item.get("delivery"):
            parts.append(str(item["delivery"]).replace("_", " "))
    if item.get("shifts"):
        parts.append(", ".join(item["shifts"]) + (" shifts" if item["item_kind"] == "job" else " classes"))
    if item.get("days"):
        parts.append(" ".join(_DAY_NAMES.get(d, d) for d in item["days"]))
    if item.get("hours_per_week"):
        parts.append(f"about {item['hours_per_week']:g} hours a week")
    elif item.get("work_hours_text"):
        parts.append(str(item["work_hours_text"]))
    return "; ".join(parts) or None


def present(item: dict[str, Any]) -> dict[str, Any]:
    """One view row in the person's words: no scores, explanations, notes or staff identities."""
    approved = item.get("approved_at")
    return {
        "id": item["id"],
        "kind": "training" if item["item_kind"] == "program" else "job",
        "title": item["title"],
        "organization": item["organization"],
        "pay": _pay(item),
        "place": _place(item),
        "schedule": _schedule(item),
        "how_to_apply": item.get("contact_text"),
        "link": item.get("url"),
        "checked_on": approved.date() if approved else None,
        "your_answer": item.get("survivor_response"),
    }
