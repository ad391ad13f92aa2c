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


def graded_verdicts(conn: Connection) -> list[tuple[str, dict[str, Any], bool, str | None, str | None, list[str]]]:
    """`latest_verdicts` with what happened next: (pseudonym, features, approved?, reason code, the person's
    answer or None, outcome stages recorded). matcher.reranker.grade turns these into the training label."""
    rows = conn.execute(
        text(
            "SELECT r.profile_pseudonym, r.features, d.to_status = 'approved', d.reason_code, r.survivor_response, "
            "coalesce((SELECT array_agg(e.stage ORDER BY e.stage) FROM outcome_event e "
            "WHERE e.recommendation_id = r.id), '{}') "
            "FROM recommendation r JOIN LATERAL ("
            "  SELECT to_status, reason_code FROM review_decision d "
            "  WHERE d.recommendation_id = r.id AND d.to_status IN ('approved', 'rejected') "
            "  ORDER BY d.at DESC, d.id DESC LIMIT 1"
            ") d ON true ORDER BY r.id"
        )
    ).all()
    return [(str(r[0]), dict(r[1]), bool(r[2]), r[3], r[4], [str(s) for s in r[5]]) for r in rows]
