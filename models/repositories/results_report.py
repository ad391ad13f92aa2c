"""Raw per-organization figures for the results report (api.services.results_report), aggregated in SQL.

Nothing returned here leaves the service unsuppressed. Every query names its organization explicitly (the
app also runs under row-level security, which gives the same single organization).

What puts an item in the period [day_from, day_to] (UTC days, both included):
- proposed: the recommendation was made (ranked and proposed: `recommendation.created_at`) in the period; an
  item proposed again after an edit is not counted again;
- approved, rejected, shared, interested: a `review_decision` row moving the item to that status with `at` in
  the period (an item counted once per stage however often it moved there);
- applied, interview, offer, hired, enrolled, completed, credential, employed_N, left: an `outcome_event`
  row of that stage with `occurred_on` in the period (for a hire: the start date).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

_OUTCOME_COUNTS = """
SELECT r.item_kind AS kind, o.stage, count(*) AS n
FROM outcome_event o JOIN recommendation r ON r.id = o.recommendation_id
WHERE o.org_id = :org AND o.occurred_on BETWEEN :day_from AND :day_to
GROUP BY 1, 2
UNION ALL
SELECT item_kind, 'proposed', count(*) FROM recommendation
WHERE org_id = :org AND created_at >= :since AND created_at < :before
GROUP BY 1
"""

# One row per hire that started in the period, with what the report compares it with, and the person's
# groupings (for the retention monitor). The first share is the person's first item shared ever (not only in
# the period): time to placement runs from it.
_HIRES = """
WITH h AS (
  SELECT o.recommendation_id, o.profile_pseudonym, o.occurred_on AS start_on, o.pay_min, o.pay_max, o.hours_per_week
  FROM outcome_event o
  WHERE o.org_id = :org AND o.stage = 'hired' AND o.occurred_on BETWEEN :day_from AND :day_to
),
fs AS (
  SELECT r.profile_pseudonym AS p, min(d.at) AS first_shared_at
  FROM recommendation r JOIN review_decision d ON d.recommendation_id = r.id
  WHERE r.org_id = :org AND d.to_status = 'shared' AND r.profile_pseudonym IN (SELECT profile_pseudonym FROM h)
  GROUP BY 1
),
later AS (
  SELECT e.recommendation_id,
         max(e.occurred_on) FILTER (WHERE e.stage = 'employed_90') AS employed_90_on,
         max(e.occurred_on) FILTER (WHERE e.stage = 'employed_180') AS employed_180_on,
         max(e.occurred_on) FILTER (WHERE e.stage = 'left') AS left_on
  FROM outcome_event e
  WHERE e.org_id = :org AND e.stage IN ('employed_90', 'employed_180', 'left')
    AND e.recommendation_id IN (SELECT recommendation_id FROM h)
  GROUP BY 1
)
SELECT h.*, p.pay_floor_hourly, j.occupation_code, coalesce(j.region, p.region) AS wage_region,
       fs.first_shared_at, later.employed_90_on, later.employed_180_on, later.left_on,
       p.region, p.zip3s, p.education_level, p.created_by,
       ARRAY(SELECT DISTINCT lower(x ->> 'code')
             FROM jsonb_array_elements(coalesce(p.languages, '[]'::jsonb)) x) AS languages
FROM h
JOIN survivor_profile p ON p.pseudonym = h.profile_pseudonym
JOIN recommendation r ON r.id = h.recommendation_id
LEFT JOIN job_posting j ON j.id = r.job_posting_id
LEFT JOIN fs ON fs.p = h.profile_pseudonym
LEFT JOIN later ON later.recommendation_id = h.recommendation_id
ORDER BY h.start_on, h.recommendation_id
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

# One pass over the period's decisions: per person and kind of item, how many items reached each stage, and the
# denominators and numerators of the monitored rates; with the groupings the project keeps on the profile. The
# report sums these rows (a few thousand) for the funnel and per group for the fairness monitors, so the
# hundred-thousand-row work stays in the database.
_PER_PERSON = """
WITH f AS (
  SELECT d.recommendation_id AS rec,
         bool_or(d.to_status = 'approved') AS approved,
         bool_or(d.to_status = 'rejected') AS rejected,
         bool_or(d.to_status = 'shared') AS shared,
         bool_or(d.to_status = 'interested') AS interested
  FROM review_decision d
  WHERE d.at >= :since AND d.at < :before
    AND d.to_status IN ('approved', 'rejected', 'shared', 'interested')
  GROUP BY 1
),
hired AS (
  SELECT recommendation_id AS rec FROM outcome_event
  WHERE org_id = :org AND stage = 'hired' AND occurred_on <= :day_to
),
items AS (
  SELECT r.profile_pseudonym AS p, r.item_kind AS kind, f.*, (h.rec IS NOT NULL) AS hired
  FROM f JOIN recommendation r ON r.id = f.rec LEFT JOIN hired h ON h.rec = f.rec
  WHERE r.org_id = :org
),
per AS (
  SELECT p, kind,
         count(*) FILTER (WHERE approved) AS approved,
         count(*) FILTER (WHERE rejected) AS rejected,
         count(*) FILTER (WHERE shared) AS shared,
         count(*) FILTER (WHERE interested) AS interested,
         count(*) FILTER (WHERE approved OR rejected) AS approval_n,
         count(*) FILTER (WHERE approved) AS approval_y,
         count(*) FILTER (WHERE shared) AS interest_n,
         count(*) FILTER (WHERE shared AND interested) AS interest_y,
         count(*) FILTER (WHERE shared AND kind = 'job') AS hire_n,
         count(*) FILTER (WHERE shared AND kind = 'job' AND hired) AS hire_y
  FROM items GROUP BY 1, 2
)
SELECT per.*, sp.region, sp.zip3s, sp.education_level, sp.created_by,
       ARRAY(SELECT DISTINCT lower(x ->> 'code')
             FROM jsonb_array_elements(coalesce(sp.languages, '[]'::jsonb)) x) AS languages
FROM per JOIN survivor_profile sp ON sp.pseudonym = per.p
"""
STAGE_COLUMNS = ("approved", "rejected", "shared", "interested")
UNIT_COLUMNS = {"approval": "approval", "interest": "interest", "hire": "hire"}


def per_person(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> list[dict[str, Any]]:
    """One row per (person, item kind) with stage counts, rate numerators/denominators and the person's
    groupings (languages, region, zip3s, education level, caseworker who made the intake)."""
    # The per-item step hashes and sorts about as many rows as the period has decisions (100,000 in the bench):
    # room in memory for this transaction only, so it does not spill to disk.
    conn.execute(text("SELECT set_config('work_mem', '32MB', true)"))
    rows = conn.execute(text(_PER_PERSON), _params(org_id, day_from, day_to, since, before)).mappings()
    return [dict(r) for r in rows]


def decision_stage_counts(rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """{(kind, stage): items} summed from `per_person` rows."""
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        for stage in STAGE_COLUMNS:
            out[(r["kind"], stage)] = out.get((r["kind"], stage), 0) + int(r[stage])
    return out


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


def outcome_counts(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> dict[tuple[str, str], int]:
    """{(item kind, stage): items with an outcome of that stage in the period, and items proposed in it}."""
    rows = conn.execute(text(_OUTCOME_COUNTS), _params(org_id, day_from, day_to, since, before)).all()
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
