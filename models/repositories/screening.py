"""Held postings and programs, and staff decisions on them."""

from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam

from models.repositories import catalog


def held_postings(conn: Connection, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Held postings, most urgent first, with what staff need to judge them."""
    rows = conn.execute(
        text(
            "SELECT p.id, p.source, p.source_id, p.title, p.employer_name, p.description, p.contact_text, "
            "p.url, p.pay_min_hourly, p.pay_max_hourly, p.hours_per_week, p.occupation_code, p.region, "
            "p.screening, p.review_priority, coalesce(e.verification, 'unverified') AS employer_verification "
            "FROM job_posting p LEFT JOIN employer e ON e.id = p.employer_id "
            "WHERE p.status = 'held' ORDER BY p.review_priority DESC, p.id LIMIT :limit OFFSET :offset"
        ),
        {"limit": limit, "offset": offset},
    ).all()
    return [dict(r._mapping) for r in rows]


def count_held(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM job_posting WHERE status = 'held'")).scalar_one())


def held_programs(conn: Connection, *, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Held programs, most urgent first, with the text the rules read."""
    rows = conn.execute(
        text(
            "SELECT id, source, source_id, name, provider_name, description, prerequisites, url, cost_total, "
            "screening, review_priority FROM training_program WHERE status = 'held' "
            "ORDER BY review_priority DESC, id LIMIT :limit OFFSET :offset"
        ),
        {"limit": limit, "offset": offset},
    ).all()
    return [dict(r._mapping) for r in rows]


def count_held_programs(conn: Connection) -> int:
    return int(conn.execute(text("SELECT count(*) FROM training_program WHERE status = 'held'")).scalar_one())


ScreenedTable = Literal["job_posting", "training_program"]


def set_status(
    conn: Connection, item_id: int, *, from_status: str, to_status: str, table: ScreenedTable = "job_posting"
) -> bool:
    """Move one posting (or program) between statuses; False if it is not in `from_status`.

    The only write of a staff decision: imports and owners' edits never move an item out of held or
    rejected (etl.staging.staff_decisions_stick), so 'held -> active' here is what "staff cleared" means;
    the decision itself is logged by `record_staff_event` (posting.clear / program.clear ...)."""
    # `table` is one of two literals, not input.
    if table == "job_posting":
        keys = (
            conn.execute(
                text(
                    "UPDATE job_posting SET status = :to, updated_at = now() "
                    "WHERE id = :id AND status = :from RETURNING dedup_key"
                ),
                {"to": to_status, "id": item_id, "from": from_status},
            )
            .scalars()
            .all()
        )
        if keys:  # held or rejected copies are not ranked: another live copy of the opening takes over
            catalog.mark_cross_source_duplicates(conn, keys)
        return bool(keys)
    result = conn.execute(
        text(f"UPDATE {table} SET status = :to, updated_at = now() WHERE id = :id AND status = :from"),  # noqa: S608
        {"to": to_status, "id": item_id, "from": from_status},
    )
    return bool(result.rowcount)


def posting_status(conn: Connection, posting_id: int, *, table: ScreenedTable = "job_posting") -> str | None:
    # `table` is one of two literals, not input.
    return conn.execute(text(f"SELECT status FROM {table} WHERE id = :id"), {"id": posting_id}).scalar()  # noqa: S608


def record_staff_event(conn: Connection, *, action: str, actor: str, detail: dict[str, Any]) -> None:
    """Append to the audit log (no survivor data is involved in posting review)."""
    conn.execute(
        text(
            "INSERT INTO audit_event (at, actor_role, action, purpose, detail) "
            "VALUES (now(), 'staff', :action, :actor, :detail)"
        ).bindparams(bindparam("detail", type_=JSONB)),
        {"action": action, "actor": actor, "detail": detail},
    )


def verify_employer(conn: Connection, employer_id: int, *, legal_name: str) -> bool:
    result = conn.execute(
        text("UPDATE employer SET verification = 'verified', legal_name = :legal, verified_at = now() WHERE id = :id"),
        {"legal": legal_name, "id": employer_id},
    )
    return bool(result.rowcount)


def find_employers(conn: Connection, name_key: str) -> list[tuple[int, str, str]]:
    rows = conn.execute(
        text("SELECT id, name, verification FROM employer WHERE name_key LIKE :k ORDER BY name LIMIT 20"),
        {"k": f"%{name_key}%"},
    ).all()
    return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def record_cleared_families(conn: Connection, posting_id: int) -> None:
    """Remember which rule families were on the posting when staff cleared it (from its stored hits)."""
    conn.execute(
        text(
            "UPDATE job_posting SET cleared_families = ARRAY("
            "  SELECT DISTINCT h->>'family' FROM jsonb_array_elements(screening) h"
            "  WHERE h->>'family' IS NOT NULL ORDER BY 1"
            ") WHERE id = :id"
        ),
        {"id": posting_id},
    )


def postings_to_rescreen(
    conn: Connection, columns: Sequence[str], *, after_id: int, limit: int
) -> list[dict[str, Any]]:
    """One batch of stored postings in id order: their published fields (`columns`), status, stored
    hits, the families staff cleared, and whether their employer is verified."""
    select = ", ".join(f"p.{c}" for c in columns)
    rows = conn.execute(
        text(
            f"SELECT p.id, p.status, p.screening, p.review_priority, p.cleared_families, {select}, "  # noqa: S608 - column names from the model
            "coalesce(e.verification = 'verified', false) AS employer_verified "
            "FROM job_posting p LEFT JOIN employer e ON e.id = p.employer_id "
            "WHERE p.id > :after ORDER BY p.id LIMIT :limit"
        ),
        {"after": after_id, "limit": limit},
    ).all()
    return [dict(r._mapping) for r in rows]


def apply_rescreen(conn: Connection, updates: Sequence[dict[str, Any]]) -> int:
    """Store new hits, priority and status; each update only lands if the status is still the one read
    (`from_status`), so a staff decision made meanwhile is never overwritten. Returns rows updated."""
    if not updates:
        return 0
    statement = text(
        "UPDATE job_posting SET screening = :screening, review_priority = :priority, "
        "status = CAST(:to_status AS varchar), "
        "updated_at = CASE WHEN status = CAST(:to_status AS varchar) THEN updated_at ELSE now() END "
        "WHERE id = :id AND status = :from_status"
    ).bindparams(bindparam("screening", type_=JSONB))
    result = conn.execute(statement, list(updates))
    return int(result.rowcount)
