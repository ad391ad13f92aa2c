"""Raw per-organization counts for aggregate reports. Suppression is applied by api.services.reports:
nothing returned here leaves the service unsuppressed."""

from sqlalchemy import Connection, text

# Fixed queries only (no caller-built SQL); each returns (key, count) rows for one organization.
_BREAKDOWNS = {
    "profiles_by_month": (
        "SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS key, count(*) AS n "
        "FROM survivor_profile WHERE org_id = :org GROUP BY 1"
    ),
    "recommendations_by_status": (
        "SELECT status AS key, count(*) AS n FROM recommendation WHERE org_id = :org GROUP BY 1"
    ),
    "recommendations_by_month": (
        "SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS key, count(*) AS n "
        "FROM recommendation WHERE org_id = :org GROUP BY 1"
    ),
    "approvals_by_reason": (
        "SELECT coalesce(d.reason_code, 'none') AS key, count(*) AS n FROM review_decision d "
        "JOIN recommendation r ON r.id = d.recommendation_id "
        "WHERE r.org_id = :org AND d.to_status = 'approved' GROUP BY 1"
    ),
    "rejections_by_reason": (
        "SELECT coalesce(d.reason_code, 'none') AS key, count(*) AS n FROM review_decision d "
        "JOIN recommendation r ON r.id = d.recommendation_id "
        "WHERE r.org_id = :org AND d.to_status = 'rejected' GROUP BY 1"
    ),
    "outcomes": (
        "SELECT outcome AS key, count(*) AS n FROM recommendation "
        "WHERE org_id = :org AND outcome IS NOT NULL GROUP BY 1"
    ),
}

BREAKDOWN_NAMES = tuple(_BREAKDOWNS)


def breakdown(conn: Connection, *, name: str, org_id: int) -> dict[str, int]:
    rows = conn.execute(text(_BREAKDOWNS[name]), {"org": org_id}).all()
    return {str(r.key): int(r.n) for r in rows}


def profile_total(conn: Connection, *, org_id: int) -> int:
    return int(
        conn.execute(text("SELECT count(*) FROM survivor_profile WHERE org_id = :org"), {"org": org_id}).scalar_one()
    )
