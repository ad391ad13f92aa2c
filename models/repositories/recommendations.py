"""Recommendations, their review decisions, and the survivor-facing view.

The survivor read path (`visible_for_profile`, `visible_one`) selects from the view
`survivor_visible_recommendation` and nothing else: the view, not this module, decides what a person may see.

Review notes are encrypted here (AES-GCM, bound to the recommendation id): `add_decision` takes the
scrubbed note in clear, and the readers below return it decrypted.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam

from models.privacy.crypto import FieldCipher, field_context


@dataclass(frozen=True)
class NewProposal:
    item_kind: str  # "job" or "program"
    item_id: int
    rank: int
    score: float
    model_version: str
    features: dict[str, float]
    explanation: dict[str, Any]


@dataclass(frozen=True)
class RecommendationRef:
    id: int
    profile_pseudonym: str
    org_id: int
    item_kind: str
    status: str
    survivor_response: str | None
    outcome: str | None
    item_status: str
    changed_since_approved: bool = False


def _note_context(recommendation_id: int) -> str:
    return field_context("review_decision", "note", str(recommendation_id))


def _open_note(cipher: FieldCipher, recommendation_id: int, token: str | None) -> str | None:
    return None if token is None else cipher.decrypt(token, context=_note_context(recommendation_id))


# Whether an approved or shared recommendation's item no longer has the content it was approved with (the
# SQL functions come from migration 0008; the survivor view hides such an item).
_CHANGED = (
    "(r.status IN ('approved', 'shared') AND r.approved_content_hash IS DISTINCT FROM "
    "wayfinder_content_hash(wayfinder_item_content(r.job_posting_id, r.program_id)))"
)

# A time the caller may give (`at`, bound as :at), else the transaction's now(): only `wayfinder demo
# --history` gives one, to write its simulated year with the dates it happened on.
_AT = "coalesce(CAST(:at AS timestamptz), now())"

_ITEM_JOIN = "LEFT JOIN job_posting j ON j.id = r.job_posting_id LEFT JOIN training_program p ON p.id = r.program_id"


def upsert_proposals(
    conn: Connection,
    *,
    pseudonym: str,
    org_id: int,
    actor_id: int,
    proposals: Sequence[NewProposal],
    at: datetime | None = None,
) -> list[int]:
    """Store proposals, one row per (profile, item); returns ids of rows that did not exist before.

    Rows still `proposed` take the new rank, score and explanation. Rows in any other status
    (approved, shared, rejected, withdrawn) are left exactly as they are: a rejected item stays
    rejected until someone re-proposes it.

    `at`: the time to stamp (default: the database's now); `wayfinder demo --history` passes its
    simulated day.
    """
    created: list[int] = []
    for proposal in proposals:
        column = "job_posting_id" if proposal.item_kind == "job" else "program_id"
        row = conn.execute(
            text(
                f"INSERT INTO recommendation (profile_pseudonym, org_id, item_kind, {column}, rank, score, "  # noqa: S608
                "features, explanation, model_version, status, status_by, status_at, created_at, updated_at) "
                "VALUES (:p, :org, :kind, :item, :rank, :score, :features, :explanation, :mv, 'proposed', :actor, "
                f"{_AT}, {_AT}, {_AT}) "
                f"ON CONFLICT (profile_pseudonym, {column}) WHERE {column} IS NOT NULL DO UPDATE SET "
                "rank = EXCLUDED.rank, score = EXCLUDED.score, features = EXCLUDED.features, "
                f"explanation = EXCLUDED.explanation, model_version = EXCLUDED.model_version, updated_at = {_AT} "
                "WHERE recommendation.status = 'proposed' "
                "RETURNING id, (xmax = 0) AS inserted"
            ).bindparams(bindparam("features", type_=JSONB), bindparam("explanation", type_=JSONB)),
            {
                "p": pseudonym,
                "org": org_id,
                "kind": proposal.item_kind,
                "item": proposal.item_id,
                "rank": proposal.rank,
                "score": proposal.score,
                "features": proposal.features,
                "explanation": proposal.explanation,
                "mv": proposal.model_version[:40],
                "actor": actor_id,
                "at": at,
            },
        ).first()
        if row is not None and row.inserted:
            created.append(int(row.id))
    return created


def add_decision(
    conn: Connection,
    *,
    recommendation_id: int,
    from_status: str | None,
    to_status: str,
    actor_id: int | None,
    reason_code: str | None = None,
    note: str | None = None,
    cipher: FieldCipher | None = None,
    at: datetime | None = None,
) -> int:
    """One decision row; a note (already scrubbed) is stored encrypted, so it needs the cipher.

    `at` (default: the database's clock) is for `wayfinder demo --history`, which writes a simulated year."""
    if note is not None:
        if cipher is None:
            raise ValueError("A review note is stored encrypted: pass the field cipher.")
        note = cipher.encrypt(note, context=_note_context(recommendation_id))
    return int(
        conn.execute(
            text(
                "INSERT INTO review_decision (recommendation_id, from_status, to_status, actor_user_id, reason_code, "
                "note, at) VALUES (:rid, :from, :to, :actor, :reason, :note, "
                "coalesce(CAST(:at AS timestamptz), clock_timestamp())) RETURNING id"
            ),
            {
                "rid": recommendation_id,
                "from": from_status,
                "to": to_status,
                "actor": actor_id,
                "reason": reason_code,
                "note": note,
                "at": at,
            },
        ).scalar_one()
    )


def set_status(
    conn: Connection,
    *,
    recommendation_id: int,
    from_status: str,
    to_status: str,
    actor_id: int,
    at: datetime | None = None,
) -> bool:
    """Move one recommendation between statuses; False when it is no longer in `from_status`."""
    result = conn.execute(
        text(
            f"UPDATE recommendation SET status = :to, status_by = :actor, status_at = {_AT}, "  # noqa: S608
            f"updated_at = {_AT} WHERE id = :id AND status = :from"
        ),
        {"to": to_status, "actor": actor_id, "id": recommendation_id, "from": from_status, "at": at},
    )
    return bool(result.rowcount)


def get_in_org(conn: Connection, *, recommendation_id: int, org_id: int) -> RecommendationRef | None:
    row = conn.execute(
        text(
            "SELECT r.id, r.profile_pseudonym, r.org_id, r.item_kind, r.status, r.survivor_response, r.outcome, "  # noqa: S608
            f"coalesce(j.status, p.status), {_CHANGED} FROM recommendation r {_ITEM_JOIN} "
            "WHERE r.id = :id AND r.org_id = :org FOR UPDATE OF r"
        ),
        {"id": recommendation_id, "org": org_id},
    ).first()
    return RecommendationRef(*row) if row else None


def ids_for_items(conn: Connection, *, pseudonym: str, items: Sequence[tuple[str, int]]) -> list[int]:
    """Ids of the profile's recommendations for (kind, item id) pairs, in the order given."""
    rows = conn.execute(
        text(
            "SELECT id, item_kind, coalesce(job_posting_id, program_id) FROM recommendation "
            "WHERE profile_pseudonym = :p AND (job_posting_id = ANY(:jobs) OR program_id = ANY(:programs))"
        ),
        {
            "p": pseudonym,
            "jobs": [i for k, i in items if k == "job"],
            "programs": [i for k, i in items if k == "program"],
        },
    ).all()
    by_item = {(str(r[1]), int(r[2])): int(r[0]) for r in rows}
    return [by_item[item] for item in items if item in by_item]


def list_for_profile(
    conn: Connection,
    *,
    pseudonym: str,
    statuses: Sequence[str] | None,
    ids: Sequence[int] | None = None,
    limit: int,
    offset: int,
    cipher: FieldCipher,
) -> tuple[list[dict[str, Any]], int]:
    """What a caseworker reviews: item, rank, score, explanation, status and the latest decision."""
    where = "r.profile_pseudonym = :p"
    params: dict[str, Any] = {"p": pseudonym, "limit": limit, "offset": offset}
    if statuses:
        where += " AND r.status = ANY(:statuses)"
        params["statuses"] = list(statuses)
    if ids is not None:
        where += " AND r.id = ANY(:ids)"
        params["ids"] = list(ids)
    total = conn.execute(text(f"SELECT count(*) FROM recommendation r WHERE {where}"), params).scalar_one()  # noqa: S608
    rows = conn.execute(
        text(
            "SELECT r.id, r.item_kind, coalesce(r.job_posting_id, r.program_id) AS item_id, "  # noqa: S608
            "coalesce(j.title, p.name) AS title, coalesce(j.employer_name, p.provider_name) AS organization, "
            "coalesce(j.status, p.status) AS item_status, r.rank, r.score, r.explanation, r.model_version, "
            "r.status, r.status_at, r.survivor_response, r.outcome, d.reason_code AS last_reason_code, "
            "d.note AS last_note, "
            f"{_CHANGED} AS changed_since_approved, r.approved_content, "
            "wayfinder_item_content(r.job_posting_id, r.program_id) AS current_content "
            f"FROM recommendation r {_ITEM_JOIN} "
            "LEFT JOIN LATERAL (SELECT reason_code, note FROM review_decision x WHERE x.recommendation_id = r.id "
            "  AND x.to_status = r.status ORDER BY x.id DESC LIMIT 1) d ON true "
            f"WHERE {where} ORDER BY r.rank, r.id LIMIT :limit OFFSET :offset"
        ),
        params,
    ).all()
    found = [dict(r._mapping) for r in rows]
    for row in found:
        row["last_note"] = _open_note(cipher, int(row["id"]), row["last_note"])
        approved, current = row.pop("approved_content"), row.pop("current_content")
        row["changes"] = content_changes(approved, current) if row["changed_since_approved"] else []
    return found, int(total)


def content_changes(approved: dict[str, Any] | None, current: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Field by field, what differs between the content as approved and as it is now (both from 0008's SQL)."""
    approved, current = approved or {}, current or {}
    names = sorted(set(approved) | set(current), key=lambda n: (_FIRST.index(n) if n in _FIRST else len(_FIRST), n))
    return [
        {"field": name, "approved": approved.get(name), "now": current.get(name)}
        for name in names
        if approved.get(name) != current.get(name)
    ]


_FIRST = ("title", "name", "employer_name", "provider_name", "description")


def history(conn: Connection, *, recommendation_id: int, cipher: FieldCipher) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(
            "SELECT id, from_status, to_status, actor_user_id, reason_code, note, at FROM review_decision "
            "WHERE recommendation_id = :id ORDER BY id"
        ),
        {"id": recommendation_id},
    ).all()
    return [{**r._mapping, "note": _open_note(cipher, recommendation_id, r.note)} for r in rows]


def set_outcome(conn: Connection, *, recommendation_id: int, outcome: str | None, at: datetime | None = None) -> None:
    """`at` (default: the database's clock) is for `wayfinder demo --history`, which writes a simulated year."""
    conn.execute(
        text("UPDATE recommendation SET outcome = :o, updated_at = coalesce(:at, now()) WHERE id = :id"),
        {"o": outcome, "id": recommendation_id, "at": at},
    )


# --- the survivor read path: the view only -------------------------------------------------------

_VISIBLE_COLUMNS = (
    "id, item_kind, title, organization, pay_min, pay_max, pay_unit, pay_currency, employment_types, "
    "hours_per_week, work_hours_text, contact_text, cost_total, duration_weeks, delivery, start_date, city, region, "
    "is_remote, shifts, days, url, survivor_response, approved_at, shared_at"
)


def visible_for_profile(conn: Connection, *, pseudonym: str) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(
            f"SELECT {_VISIBLE_COLUMNS} FROM survivor_visible_recommendation "  # noqa: S608
            "WHERE profile_pseudonym = :p ORDER BY shared_at DESC, id"
        ),
        {"p": pseudonym},
    ).all()
    return [dict(r._mapping) for r in rows]


def visible_one(conn: Connection, *, pseudonym: str, recommendation_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        text(
            f"SELECT {_VISIBLE_COLUMNS} FROM survivor_visible_recommendation "  # noqa: S608
            "WHERE profile_pseudonym = :p AND id = :id"
        ),
        {"p": pseudonym, "id": recommendation_id},
    ).first()
    return dict(row._mapping) if row else None


def set_response(conn: Connection, *, recommendation_id: int, response: str, at: datetime | None = None) -> None:
    conn.execute(
        text(f"UPDATE recommendation SET survivor_response = :r, updated_at = {_AT} WHERE id = :id"),  # noqa: S608
        {"r": response, "id": recommendation_id, "at": at},
    )


def interest_counts(conn: Connection, *, job_ids: Sequence[int]) -> dict[int, int]:
    """Per posting, how many people who were shown it answered 'interested' (aggregate only)."""
    if not job_ids:
        return {}
    rows = conn.execute(
        text(
            "SELECT job_posting_id, count(*) FROM recommendation WHERE job_posting_id = ANY(:ids) "
            "AND status = 'shared' AND survivor_response = 'interested' GROUP BY job_posting_id"
        ),
        {"ids": list(job_ids)},
    ).all()
    return {int(r[0]): int(r[1]) for r in rows}
