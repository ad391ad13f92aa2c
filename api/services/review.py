"""The review workflow: match, approve or reject with a reason, share, withdraw, re-propose, record outcomes.

Each transition is written to review_decision (who, when, why) and then applied; the database's
`recommendation_gate` trigger refuses any transition that skipped either step or came from someone
who is not a caseworker of the profile's organization.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlmodel import Session

from api.resources import Resources
from api.services import audit, follow_ups, outcomes
from api.services.free_text import clean_free_text
from api.services.matching import ProposedMatch, rank_profile
from api.services.principal import Principal
from api.services.profiles import NOTHING_TO_MATCH_STORED, has_something_to_match, load_for_caseworker, load_record
from models.clock import SYSTEM_CLOCK, Clock
from models.enums import ItemKind, LeftReason, Outcome, OutcomeStage, ReasonCode, RecommendationStatus, Role
from models.errors import ConflictError, NotFoundError, ValidationFailed, WayfinderError
from models.privacy.tools import PrivacyTools
from models.repositories import recommendations as rec_repo

Action = Literal["approve", "reject", "share", "withdraw", "repropose"]

# action -> (statuses it applies to, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], RecommendationStatus]] = {
    "approve": (frozenset({"proposed"}), RecommendationStatus.APPROVED),
    "reject": (frozenset({"proposed", "approved"}), RecommendationStatus.REJECTED),
    "share": (frozenset({"approved"}), RecommendationStatus.SHARED),
    "withdraw": (frozenset({"approved", "shared"}), RecommendationStatus.WITHDRAWN),
    "repropose": (frozenset({"rejected", "withdrawn"}), RecommendationStatus.PROPOSED),
}
# An approved or shared item whose content changed since its approval is hidden from the person (the
# survivor view compares content hashes); "approve" then approves the new version, and it is shared again.
REAPPROVABLE = frozenset({"approved", "shared"})
ACTIVE_STATUSES = ("proposed", "approved", "shared")
MAX_NOTE = 2000
# Why a job or a program may be rejected or withdrawn: each kind has its own list ("pay too low" means nothing
# for a course, "costs too much" nothing for a job). The forms offer exactly these, and `decide` refuses any
# other, so a hand-made request cannot file a program under "pay too low" either.
REASONS_BY_KIND: dict[str, tuple[ReasonCode, ...]] = {
    ItemKind.JOB.value: (
        ReasonCode.NOT_A_FIT,
        ReasonCode.SAFETY_CONCERN,
        ReasonCode.PAY_TOO_LOW,
        ReasonCode.SCHEDULE,
        ReasonCode.LOCATION,
        ReasonCode.ALREADY_APPLIED,
        ReasonCode.NEEDS_TRAINING_FIRST,
        ReasonCode.OTHER,
    ),
    ItemKind.PROGRAM.value: (
        ReasonCode.NOT_A_FIT,
        ReasonCode.SAFETY_CONCERN,
        ReasonCode.COST_TOO_HIGH,
        ReasonCode.SCHEDULE,
        ReasonCode.LOCATION,
        ReasonCode.PREREQUISITES_NOT_MET,
        ReasonCode.ALREADY_ENROLLED,
        ReasonCode.OTHER,
    ),
}
KIND_WORDS = {ItemKind.JOB.value: "job", ItemKind.PROGRAM.value: "training program"}
# A bulk request decides at most this many items (a profile is shown at most 200 on its page).
MAX_BULK = 200


@dataclass(frozen=True)
class Decision:
    action: Action
    reason_code: ReasonCode | None = None
    note: str | None = None


def new_proposals(proposals: Sequence[ProposedMatch]) -> list[rec_repo.NewProposal]:
    """The rows `store_proposals` (and the demo history) write for ranked items."""
    return [
        rec_repo.NewProposal(
            item_kind=str(p.kind),
            item_id=p.item_id,
            rank=p.rank,
            score=p.score,
            model_version=p.model_version,
            features=p.features,
            explanation=p.explanation,
        )
        for p in proposals
    ]


def store_proposals(
    session: Session, principal: Principal, pseudonym: str, proposals: list[ProposedMatch]
) -> list[int]:
    """Save ranked items as `proposed` (one row per profile and item); returns the ids of the new rows."""
    profile = load_for_caseworker(session, principal, pseudonym)
    conn = session.connection()
    created = rec_repo.upsert_proposals(
        conn,
        pseudonym=profile.pseudonym,
        org_id=profile.org_id,
        actor_id=principal.user_id,
        proposals=new_proposals(proposals),
    )
    for rec_id in created:
        rec_repo.add_decision(
            conn, recommendation_id=rec_id, from_status=None, to_status="proposed", actor_id=principal.user_id
        )
    return created


def run_matching(
    session: Session, resources: Resources, principal: Principal, pseudonym: str, *, kind: ItemKind, top_k: int
) -> list[dict[str, Any]]:
    """Rank live items for the profile, store new ones as proposed, and return the ranked list.

    Items rejected or withdrawn before are left out: they come back only through an explicit re-propose.
    """
    # Decrypted: ranking must see the safety exclusions.
    profile = load_record(session, principal, pseudonym, resources.privacy)
    if not has_something_to_match(profile):
        raise ValidationFailed(NOTHING_TO_MATCH_STORED)
    proposals = rank_profile(session, resources, profile, kind, top_k)
    created = store_proposals(session, principal, pseudonym, proposals)
    conn = session.connection()
    ranked_ids = rec_repo.ids_for_items(conn, pseudonym=pseudonym, items=[(str(p.kind), p.item_id) for p in proposals])
    rows, _ = rec_repo.list_for_profile(
        conn,
        pseudonym=pseudonym,
        statuses=ACTIVE_STATUSES,
        ids=ranked_ids,
        limit=max(top_k, 1),
        offset=0,
        cipher=resources.privacy.cipher,
    )
    audit.log(
        session,
        principal,
        "recommendation.match",
        pseudonym=pseudonym,
        detail={"kind": str(kind), "ranked": len(proposals), "new": len(created), "shown": len(rows)},
    )
    return rows


def list_recommendations(
    session: Session,
    principal: Principal,
    pseudonym: str,
    privacy: PrivacyTools,
    *,
    statuses: list[RecommendationStatus] | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int]:
    load_for_caseworker(session, principal, pseudonym)
    rows, total = rec_repo.list_for_profile(
        session.connection(),
        pseudonym=pseudonym,
        statuses=[s.value for s in statuses] if statuses else None,
        limit=limit,
        offset=offset,
        cipher=privacy.cipher,
    )
    audit.log(session, principal, "recommendation.list", pseudonym=pseudonym, detail={"count": len(rows)})
    return rows, total


def decide(
    session: Session, principal: Principal, recommendation_id: int, decision: Decision, privacy: PrivacyTools
) -> dict[str, Any]:
    """Apply one review action; returns the recommendation as the caseworker sees it.

    The note is scrubbed of personal data, then stored encrypted."""
    principal.require(Role.CASEWORKER)
    conn = session.connection()
    rec = rec_repo.get_in_org(conn, recommendation_id=recommendation_id, org_id=principal.org_id)
    if rec is None:
        raise NotFoundError(f"No recommendation {recommendation_id} in your organization.")
    sources, target = TRANSITIONS[decision.action]
    if decision.action == "approve" and rec.status in REAPPROVABLE:
        if not rec.changed_since_approved:
            raise ConflictError(
                f"Recommendation {recommendation_id} is {rec.status} and its {rec.item_kind} has not changed since "
                "it was approved; there is nothing new to approve."
            )
        sources = REAPPROVABLE
    if decision.action == "share" and rec.changed_since_approved:
        raise ConflictError(
            f"This {rec.item_kind} changed since it was approved; look at the changes and approve this version "
            "before sharing it."
        )
    if rec.status not in sources:
        raise ConflictError(
            f"Recommendation {recommendation_id} is {rec.status}; '{decision.action}' applies only to "
            f"{' or '.join(sorted(sources))} ones."
            + (" Re-propose it first." if rec.status in ("rejected", "withdrawn") else "")
        )
    if decision.action == "reject" and decision.reason_code in (None, ReasonCode.GOOD_FIT):
        raise ValidationFailed(
            f"A rejection needs a reason code. For a {KIND_WORDS[rec.item_kind]} choose one of: "
            f"{_reason_words(rec.item_kind)}."
        )
    if decision.action in ("reject", "withdraw") and decision.reason_code not in (None, ReasonCode.GOOD_FIT):
        # (a withdrawal filed as "good fit" was always accepted and stays so; a rejection as one is refused above)
        _check_reason_fits(rec.item_kind, decision.reason_code)
    if decision.action == "share" and rec.item_status != "active":
        raise ConflictError(
            f"This {rec.item_kind} is no longer open ({rec.item_status}); it cannot be shared. Reject or withdraw it."
        )
    note = clean_free_text(decision.note, privacy.scrubber) if decision.note else None
    if note and len(note) > MAX_NOTE:
        raise ValidationFailed(f"The note is too long: keep it under {MAX_NOTE} characters.")
    reason = decision.reason_code or (ReasonCode.GOOD_FIT if decision.action == "approve" else None)
    rec_repo.add_decision(
        conn,
        recommendation_id=rec.id,
        from_status=rec.status,
        to_status=target.value,
        actor_id=principal.user_id,
        reason_code=reason.value if reason else None,
        note=note or None,
        cipher=privacy.cipher,
    )
    if not rec_repo.set_status(
        conn, recommendation_id=rec.id, from_status=rec.status, to_status=target.value, actor_id=principal.user_id
    ):
        raise ConflictError(f"Recommendation {recommendation_id} changed while you were deciding; look again.")
    audit.log(
        session,
        principal,
        f"recommendation.{decision.action}",
        pseudonym=rec.profile_pseudonym,
        detail={"recommendation_id": rec.id, "reason_code": reason.value if reason else None},
    )
    if decision.action == "share":  # the caseworker will call the person about it (docs/dashboard.md)
        follow_ups.schedule_after_share(session, principal, recommendation_id=rec.id, pseudonym=rec.profile_pseudonym)
    return _one(conn, rec.profile_pseudonym, rec.id, privacy)


def _reason_words(kind: str) -> str:
    return ", ".join(r.value.replace("_", " ") for r in REASONS_BY_KIND[kind])


def _check_reason_fits(kind: str, reason: ReasonCode) -> None:
    """Refuse a reason that does not fit the kind of item, naming the reasons that do."""
    if reason not in REASONS_BY_KIND[kind]:
        raise ValidationFailed(
            f'"{reason.value.replace("_", " ")}" is not a reason for a {KIND_WORDS[kind]}. '
            f"Choose one of: {_reason_words(kind)}."
        )


@dataclass(frozen=True)
class BulkResult:
    """One item of a bulk decision: the card as it is now (None if it is not in your organization), and why it
    was not decided (None when it was)."""

    recommendation_id: int
    row: dict[str, Any] | None
    error: str | None


def decide_many(
    session: Session,
    principal: Principal,
    pseudonym: str,
    recommendation_ids: list[int],
    decision: Decision,
    privacy: PrivacyTools,
) -> list[BulkResult]:
    """Apply one action to several items of a profile, each through `decide` (same checks, gate and audit).

    Each item runs in its own savepoint: one refused item (already decided by a colleague, a reason that does
    not fit its kind, another profile's item) is reported and rolled back alone, the others stand.
    """
    principal.require(Role.CASEWORKER)
    load_for_caseworker(session, principal, pseudonym)
    if decision.action not in ("approve", "reject"):
        raise ValidationFailed("Several items at once can only be approved or rejected.")
    ids = list(dict.fromkeys(recommendation_ids))  # a repeated id is decided once
    if not ids:
        raise ValidationFailed("Select at least one item first, with the check box on its card.")
    if decision.action == "reject" and decision.reason_code in (None, ReasonCode.GOOD_FIT):
        raise ValidationFailed("Choose a reason to reject the selected items.")
    if len(ids) > MAX_BULK:
        raise ValidationFailed(f"Select at most {MAX_BULK} items at once.")
    conn = session.connection()
    results: list[BulkResult] = []
    for rec_id in ids:
        rec = rec_repo.get_in_org(conn, recommendation_id=rec_id, org_id=principal.org_id)
        if rec is None or rec.profile_pseudonym != pseudonym:
            # Another profile's (or organization's) item is never touched from this profile's page.
            results.append(BulkResult(rec_id, None, f"No item {rec_id} on this profile."))
            continue
        savepoint = session.begin_nested()
        try:
            row = decide(session, principal, rec_id, decision, privacy)
        except WayfinderError as refused:
            savepoint.rollback()
            results.append(BulkResult(rec_id, _one(conn, pseudonym, rec_id, privacy), refused.message))
        else:
            savepoint.commit()
            results.append(BulkResult(rec_id, row, None))
    return results


def share_approved(
    session: Session, principal: Principal, pseudonym: str, privacy: PrivacyTools
) -> list[dict[str, Any]]:
    """Share every approved, still-open item of a profile; returns what was shared."""
    load_for_caseworker(session, principal, pseudonym)
    conn = session.connection()
    rows, _ = rec_repo.list_for_profile(
        conn, pseudonym=pseudonym, statuses=["approved"], limit=100_000, offset=0, cipher=privacy.cipher
    )
    return [
        decide(session, principal, int(r["id"]), Decision("share"), privacy)
        for r in rows
        if r["item_status"] == "active" and not r["changed_since_approved"]  # those wait for a new approval
    ]


def record_outcome(
    session: Session,
    principal: Principal,
    recommendation_id: int,
    outcome: Outcome,
    privacy: PrivacyTools,
    *,
    clock: Clock = SYSTEM_CLOCK,
) -> dict[str, Any]:
    """The old one-word outcome (applied, interviewed, hired, left), kept for API clients written before issue 19:
    recorded as that stage today ("interviewed" is the stage "interview"; a hire starts today; leaving gives the
    reason "other"), with the same rules, audit and follow-ups as api.services.outcomes.record_stage."""
    stage = outcomes.stage_from_word(outcome.value)
    reason = LeftReason.OTHER if stage == OutcomeStage.LEFT else None
    recorded = outcomes.record_stage(
        session, principal, recommendation_id, stage, clock.now().date(), reason_code=reason, clock=clock
    )
    return _one(session.connection(), recorded.pseudonym, recommendation_id, privacy)


def decision_history(
    session: Session, principal: Principal, recommendation_id: int, privacy: PrivacyTools
) -> list[dict[str, Any]]:
    principal.require(Role.CASEWORKER)
    conn = session.connection()
    rec = rec_repo.get_in_org(conn, recommendation_id=recommendation_id, org_id=principal.org_id)
    if rec is None:
        raise NotFoundError(f"No recommendation {recommendation_id} in your organization.")
    audit.log(
        session,
        principal,
        "recommendation.history",
        pseudonym=rec.profile_pseudonym,
        detail={"recommendation_id": rec.id},
    )
    return rec_repo.history(conn, recommendation_id=rec.id, cipher=privacy.cipher)


def _one(conn: Any, pseudonym: str, rec_id: int, privacy: PrivacyTools) -> dict[str, Any]:
    rows, _ = rec_repo.list_for_profile(
        conn, pseudonym=pseudonym, statuses=None, ids=[rec_id], limit=1, offset=0, cipher=privacy.cipher
    )
    return rows[0]
