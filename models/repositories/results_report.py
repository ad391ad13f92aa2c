"""Raw per-organization figures for the results report (api.services.results_report), aggregated in SQL.

Nothing returned here leaves the service unsuppressed. Every query names its organization explicitly (the
app also runs under row-level security, which gives the same single organization).

What puts an item in the period [day_from, day_to] (UTC days, both included):
- proposed, approved, rejected, shared, interested: a `review_decision` row moving the item to that status
  with `at` in the period (an item counted once per stage however often it moved there);
- applied, interview, offer, hired, enrolled, completed, credential, employed_N, left: an `outcome_event`
  row of that stage with `occurred_on` in the period (for a hire: the start date).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

DECISION_STAGES = ("proposed", "approved", "rejected", "shared", "interested")

_STAGE_COUNTS = """
SELECT r.item_kind AS kind, d.to_status AS stage, count(DISTINCT d.recommendation_id) AS n
FROM review_decision d JOIN recommendation r ON r.id = d.recommendation_id
WHERE r.org_id = :org AND d.at >= :since AND d.at < :before
  AND d.to_status IN ('proposed', 'approved', 'rejected', 'shared', 'interested')
GROUP BY 1, 2
UNION ALL
SELECT r.item_kind, o.stage, count(*) FROM outcome_event o JOIN recommendation r ON r.id = o.recommendation_id
WHERE o.org_id = :org AND o.occurred_on BETWEEN :day_from AND :day_to
GROUP BY 1, 2
"""

# One row per hire that started in the period, with what the report compares it with. The first share is the
# person's first item shared ever (not only in the period): time to placement runs from it.
_HIRES = """
SELECT o.recommendation_id, o.profile_pseudonym, o.occurred_on AS start_on, o.pay_min, o.pay_max,
       o.hours_per_week, p.pay_floor_hourly, j.occupation_code, coalesce(j.region, p.region) AS region,
       (SELECT min(d.at) FROM review_decision d JOIN recommendation r2 ON r2.id = d.recommendation_id
         WHERE r2.profile_pseudonym = o.profile_pseudonym AND d.to_status = 'shared') AS first_shared_at,
       (SELECT e.occurred_on FROM outcome_event e
         WHERE e.recommendation_id = o.recommendation_id AND e.stage = 'employed_90') AS employed_90_on,
       (SELECT e.occurred_on FROM outcome_event e
         WHERE e.recommendation_id = o.recommendation_id AND e.stage = 'employed_180') AS employed_180_on,
       (SELECT e.occurred_on FROM outcome_event e
         WHERE e.recommendation_id = o.recommendation_id AND e.stage = 'left') AS left_on
FROM outcome_event o
JOIN survivor_profile p ON p.pseudonym = o.profile_pseudonym
JOIN recommendation r ON r.id = o.recommendation_id
LEFT JOIN job_posting j ON j.id = r.job_posting_id
WHERE o.org_id = :org AND o.stage = 'hired' AND o.occurred_on BETWEEN :day_from AND :day_to
ORDER BY o.occurred_on, o.recommendation_id
"""

# Programs: enrolments that began in the period, and how many of those reached completion and a credential
# by the period's end (the cohort WIOA's credential indicator follows).
_PROGRAM_COHORT = """
SELECT count(*) AS enrolled,
       count(c.id) AS completed,
       count(cr.id) AS credential
FROM outcome_event e
LEFT JOIN outcome_event c
  ON c.recommendation_id = e.recommendation_id AND c.stage = 'completed' AND c.occurred_on <= :day_to
LEFT JOIN outcome_event cr
  ON cr.recommendation_id = e.recommendation_id AND cr.stage = 'credential' AND cr.occurred_on <= :day_to
WHERE e.org_id = :org AND e.stage = 'enrolled' AND e.occurred_on BETWEEN :day_from AND :day_to
"""

# Fairness units: one row per item (recommendation_id, profile, y in {0, 1}) for each monitored rate.
_UNITS = {
    # Reviewed in the period (approved or rejected); y = approved in the period.
    "approval": """
        SELECT d.recommendation_id AS rec, r.profile_pseudonym AS p,
               max(CASE WHEN d.to_status = 'approved' THEN 1 ELSE 0 END) AS y
        FROM review_decision d JOIN recommendation r ON r.id = d.recommendation_id
        WHERE r.org_id = :org AND d.at >= :since AND d.at < :before AND d.to_status IN ('approved', 'rejected')
        GROUP BY 1, 2""",
    # Shared in the period; y = the person answered "interested" by the period's end.
    "interest": """
        SELECT d.recommendation_id AS rec, r.profile_pseudonym AS p,
               CASE WHEN EXISTS (SELECT 1 FROM review_decision i WHERE i.recommendation_id = d.recommendation_id
                                 AND i.to_status = 'interested' AND i.at < :before) THEN 1 ELSE 0 END AS y
        FROM review_decision d JOIN recommendation r ON r.id = d.recommendation_id
        WHERE r.org_id = :org AND d.at >= :since AND d.at < :before AND d.to_status = 'shared'
        GROUP BY 1, 2""",
    # Jobs shared in the period; y = a hire recorded for it starting by the period's end.
    "hire": """
        SELECT d.recommendation_id AS rec, r.profile_pseudonym AS p,
               CASE WHEN EXISTS (SELECT 1 FROM outcome_event h WHERE h.recommendation_id = d.recommendation_id
                                 AND h.stage = 'hired' AND h.occurred_on <= :day_to) THEN 1 ELSE 0 END AS y
        FROM review_decision d JOIN recommendation r ON r.id = d.recommendation_id
        WHERE r.org_id = :org AND r.item_kind = 'job' AND d.at >= :since AND d.at < :before AND d.to_status = 'shared'
        GROUP BY 1, 2""",
    # Hires that started in the period at least 90 days before its end; y = still employed at 90 days.
    "retention_90": """
        SELECT o.recommendation_id AS rec, o.profile_pseudonym AS p,
               CASE WHEN EXISTS (SELECT 1 FROM outcome_event e WHERE e.recommendation_id = o.recommendation_id
                                 AND e.stage = 'employed_90') THEN 1 ELSE 0 END AS y
        FROM outcome_event o
        WHERE o.org_id = :org AND o.stage = 'hired' AND o.occurred_on BETWEEN :day_from AND :day_to
          AND o.occurred_on + 90 <= :day_to""",
}
UNIT_NAMES = tuple(_UNITS)

# The groupings the project already keeps on a profile. A person who speaks two languages, or can reach two
# 3-digit ZIP areas, counts in each of those groups (so groups of one grouping may overlap).
_GROUPED = """
WITH u AS ({units}),
g AS (
  SELECT 'language' AS grouping, coalesce(l.code, '') AS grp, u.rec, u.p, u.y
  FROM u JOIN survivor_profile sp ON sp.pseudonym = u.p
  LEFT JOIN LATERAL (SELECT DISTINCT lower(x ->> 'code') AS code
                     FROM jsonb_array_elements(coalesce(sp.languages, '[]'::jsonb)) x) l ON true
  UNION ALL
  SELECT 'region', coalesce(upper(sp.region), ''), u.rec, u.p, u.y
  FROM u JOIN survivor_profile sp ON sp.pseudonym = u.p
  UNION ALL
  SELECT 'zip3', coalesce(z.zip3, ''), u.rec, u.p, u.y
  FROM u JOIN survivor_profile sp ON sp.pseudonym = u.p
  LEFT JOIN LATERAL (SELECT DISTINCT zz AS zip3 FROM unnest(sp.zip3s) zz) z ON true
  UNION ALL
  SELECT 'education', coalesce(sp.education_level, ''), u.rec, u.p, u.y
  FROM u JOIN survivor_profile sp ON sp.pseudonym = u.p
  UNION ALL
  SELECT 'caseworker', coalesce(sp.created_by::text, ''), u.rec, u.p, u.y
  FROM u JOIN survivor_profile sp ON sp.pseudonym = u.p
)
SELECT grouping, grp, count(*) AS items, sum(y) AS positives, count(DISTINCT p) AS people
FROM g GROUP BY 1, 2
"""

# Exposure: every slot in a ranked top 10 proposed in the period, by employer (published name) or provider.
_EXPOSURE = """
SELECT r.item_kind AS kind, coalesce(j.employer_name, t.provider_name, '') AS name, count(*) AS slots
FROM recommendation r
LEFT JOIN job_posting j ON j.id = r.job_posting_id
LEFT JOIN training_program t ON t.id = r.program_id
WHERE r.org_id = :org AND r.rank <= 10 AND r.created_at >= :since AND r.created_at < :before
GROUP BY 1, 2
"""


def _params(org_id: int, day_from: date, day_to: date, since: datetime, before: datetime) -> dict[str, Any]:
    return {"org": org_id, "day_from": day_from, "day_to": day_to, "since": since, "before": before}


def stage_counts(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> dict[tuple[str, str], int]:
    """{(item kind, stage): items that reached the stage in the period}."""
    rows = conn.execute(text(_STAGE_COUNTS), _params(org_id, day_from, day_to, since, before)).all()
    return {(str(r.kind), str(r.stage)): int(r.n) for r in rows}


def hires(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> list[dict[str, Any]]:
    """Each hire that started in the period (one row each; a few thousand at most for an agency's year)."""
    rows = conn.execute(text(_HIRES), _params(org_id, day_from, day_to, since, before)).mappings()
    return [dict(r) for r in rows]


def program_cohort(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> dict[str, int]:
    row = conn.execute(text(_PROGRAM_COHORT), _params(org_id, day_from, day_to, since, before)).one()
    return {"enrolled": int(row.enrolled), "completed": int(row.completed), "credential": int(row.credential)}


def grouped_rates(
    conn: Connection, *, unit: str, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> list[dict[str, Any]]:
    """[{grouping, grp, items, positives, people}] for one monitored rate ('' = not recorded)."""
    sql = _GROUPED.format(units=_UNITS[unit])
    rows = conn.execute(text(sql), _params(org_id, day_from, day_to, since, before)).mappings()
    return [
        {
            "grouping": str(r["grouping"]),
            "grp": str(r["grp"]),
            "items": int(r["items"]),
            "positives": int(r["positives"] or 0),
            "people": int(r["people"]),
        }
        for r in rows
    ]


def exposure(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> list[dict[str, Any]]:
    rows = conn.execute(text(_EXPOSURE), _params(org_id, day_from, day_to, since, before)).all()
    return [{"kind": str(r.kind), "name": str(r.name), "slots": int(r.slots)} for r in rows]


def staff_names(conn: Connection, *, org_id: int) -> dict[str, str]:
    """{user id as text: display name, else "staff #id"} of the organization's staff (caseworker groups' labels;
    e-mail addresses stay out of a report that may go to a funder)."""
    rows = conn.execute(
        text("SELECT id, coalesce(display_name, 'staff #' || id) AS name FROM app_user WHERE org_id = :org"),
        {"org": org_id},
    ).all()
    return {str(r.id): str(r.name) for r in rows}


def to_float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)
