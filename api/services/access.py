"""Access codes and what a person sees with one.

A code is 12 characters a person can type (about 59.5 bits; its shape: api/services/code_format.py),
stored only as a SHA-256 so it can be looked up (its entropy against the guess limits below:
docs/languages.md). The person's view reads only the database view
`survivor_visible_recommendation` (approved by a caseworker of the profile's organization, shared, still
open) and shows what they need to decide: no scores, explanations, notes or internal ids beyond the item's.
Wording is neutral throughout: the person's device may be watched.
"""

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from api.client_address import limit_key
from api.services import audit, code_format, guess_limits
from api.services.principal import Principal, TooManyAttemptsError
from api.services.profiles import load_for_caseworker
from models.access_code import AccessCode
from models.columns import utcnow
from models.enums import RecommendationStatus, Role, SurvivorResponse
from models.errors import NotFoundError, ValidationFailed
from models.repositories import access_codes as code_repo
from models.repositories import recommendations as rec_repo
from models.repositories import tenancy

MAX_DAYS = 90
INVALID_CODE = "This code does not work. It may have expired. Ask the person who gave it to you for a new one."
# Guessing (docs/guess-limits.md has the arithmetic). Only codes that were never issued count. What makes
# guessing infeasible is the code's entropy times a global ceiling on wrong guesses; per-address limits
# only slow one noisy address down, and never by more than a minute, so that a person whose shelter
# shares one connection with someone typing wrong codes still gets in with their own.
GUESS_WINDOW = timedelta(hours=1)
PER_ADDRESS = guess_limits.BackOff(free=20, cap=timedelta(minutes=1), window=GUESS_WINDOW)
# Wrong guesses from every address together in the window: past this, addresses where no code ever
# opened (in KNOWN_FOR) are not checked until the count falls; known ones keep their per-address rule.
GLOBAL_CEILING = 5000
KNOWN_FOR = timedelta(days=30)
GLOBAL_KEY = guess_limits.key("access-code", "all addresses")
TOO_MANY_GUESSES = "Too many codes that do not work were tried from here; wait {wait} and try again."
BUSY = (
    "Many codes that do not work are being tried right now, so codes are checked only from places where a "
    "list was opened before. Try again in an hour, or ask the person who gave you the code."
)
log = logging.getLogger("wayfinder.access")


class WaitBeforeGuessing(TooManyAttemptsError):
    """Refused before the code was looked at; `wait` is how long (the person's page words it in their language)."""

    def __init__(self, wait: timedelta) -> None:
        super().__init__(TOO_MANY_GUESSES.format(wait=guess_limits.in_words(wait)))
        self.wait = wait


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


def _keys(address: str) -> tuple[str, str]:
    bucket = limit_key(address)
    return guess_limits.key("access-code", bucket), guess_limits.key("access-code-opened", bucket)


def guess_wait(session: Session, address: str, now: datetime) -> timedelta:
    """How long `address` must wait before its next code is checked (zero: now), by its own failures."""
    return guess_limits.wait_for(session, _keys(address)[0], PER_ADDRESS, now)


def _check_allowed(session: Session, address: str, now: datetime) -> tuple[str, str]:
    """Refuse (TooManyAttemptsError) before the code is looked at, or return the address's keys."""
    address_key, known_key = _keys(address)
    guess_limits.serialize_on(session, address_key)
    wait = guess_wait(session, address, now)
    if wait > timedelta(0):
        raise WaitBeforeGuessing(wait)
    everywhere, _ = guess_limits.count(session, GLOBAL_KEY, GUESS_WINDOW, now)
    if everywhere >= GLOBAL_CEILING and not guess_limits.seen_within(session, known_key, KNOWN_FOR, now):
        raise TooManyAttemptsError(BUSY)
    return address_key, known_key


def _open(session: Session, code: str, client: str, now: datetime | None = None, *, typed: bool = True) -> AccessCode:
    """The code's row. `typed`: the code came from the person now (a guess if never issued); False for a
    code this server already checked and holds for an open page, which other people's guesses at the same
    address must not close."""
    now = now or utcnow()
    address_key, known_key = _check_allowed(session, client, now) if typed else _keys(client)
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
            guess_limits.record(session, address_key, GLOBAL_KEY, now=now)
            everywhere, _ = guess_limits.count(session, GLOBAL_KEY, GUESS_WINDOW, now)
            if everywhere == GLOBAL_CEILING:  # once, as the ceiling is reached; ids only, no code or address
                log.warning("access codes: %d wrong codes in the last hour; unknown addresses wait", everywhere)
            raise CodeRefused(INVALID_CODE)
        raise NotFoundError(INVALID_CODE)
    code_repo.mark_used(session, row, now)
    guess_limits.remember(session, known_key, now)
    return row


def opportunities(
    session: Session, code: str, *, client: str = "unknown", now: datetime | None = None, typed: bool = True
) -> list[dict[str, Any]]:
    """What was approved and shared for the code's profile: read through the view, nothing else."""
    row = _open(session, code, client, now, typed=typed)
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
    session: Session,
    code: str,
    recommendation_id: int,
    response: SurvivorResponse,
    *,
    client: str = "unknown",
    typed: bool = True,
) -> dict[str, Any]:
    """'interested' or 'not for me' on one shared item (changeable); logged as a lifecycle step."""
    row = _open(session, code, client, typed=typed)
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
