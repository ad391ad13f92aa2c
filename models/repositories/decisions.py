"""Caseworker verdicts on ranked items, as training data for the re-ranker."""

from typing import Any

from sqlalchemy import Connection, text


def latest_verdicts(conn: Connection) -> list[tuple[str, dict[str, Any], bool, str | None]]:
    """(profile pseudonym, features at ranking time, approved?, reason code) for every judged item."""
    rows = conn.execute(
        text(
            "SELECT r.profile_pseudonym, r.features, d.to_status = 'approved', d.reason_code "
            "FROM recommendation r JOIN LATERAL ("
            "  SELECT to_status, reason_code FROM review_decision d "
            "  WHERE d.recommendation_id = r.id AND d.to_status IN ('approved', 'rejected') "
            "  ORDER BY d.at DESC, d.id DESC LIMIT 1"
            ") d ON true ORDER BY r.id"
        )
    ).all()
    return [(str(r[0]), dict(r[1]), bool(r[2]), r[3]) for r in rows]
