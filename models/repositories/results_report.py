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

from sqlalchemy import Connection, CursorResult, text

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
# denominators and numerators of the monitored rates (one row per person, so a group's people are a plain count);
# then summed over everyone (grouping '_all': the funnel) and per group of each grouping the project keeps on the
# profile (a person counts in a rate's group only with an item in that rate's denominator). A person who speaks
# two languages, or can reach two 3-digit ZIP areas, counts in each of those groups. All of it in the database:
# a few dozen rows come back.
_GROUPED = """
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
  SELECT p,
         count(*) FILTER (WHERE approved AND kind = 'job') AS approved_job,
         count(*) FILTER (WHERE rejected AND kind = 'job') AS rejected_job,
         count(*) FILTER (WHERE shared AND kind = 'job') AS shared_job,
         count(*) FILTER (WHERE interested AND kind = 'job') AS interested_job,
         count(*) FILTER (WHERE approved AND kind = 'program') AS approved_program,
         count(*) FILTER (WHERE rejected AND kind = 'program') AS rejected_program,
         count(*) FILTER (WHERE shared AND kind = 'program') AS shared_program,
         count(*) FILTER (WHERE interested AND kind = 'program') AS interested_program,
         count(*) FILTER (WHERE approved OR rejected) AS approval_n,
         count(*) FILTER (WHERE approved) AS approval_y,
         count(*) FILTER (WHERE shared) AS interest_n,
         count(*) FILTER (WHERE shared AND interested) AS interest_y,
         count(*) FILTER (WHERE shared AND kind = 'job') AS hire_n,
         count(*) FILTER (WHERE shared AND kind = 'job' AND hired) AS hire_y
  FROM items GROUP BY 1
),
g AS (
  SELECT '_all' AS grouping, '' AS grp, per.* FROM per
  UNION ALL
  SELECT 'language', coalesce(l.code, ''), per.*
  FROM per JOIN survivor_profile sp ON sp.pseudonym = per.p
  LEFT JOIN LATERAL (SELECT DISTINCT lower(x ->> 'code') AS code
                     FROM jsonb_array_elements(coalesce(sp.languages, '[]'::jsonb)) x) l ON true
  UNION ALL
  SELECT 'region', coalesce(upper(sp.region), ''), per.*
  FROM per JOIN survivor_profile sp ON sp.pseudonym = per.p
  UNION ALL
  SELECT 'zip3', coalesce(z.zip3, ''), per.*
  FROM per JOIN survivor_profile sp ON sp.pseudonym = per.p
  LEFT JOIN LATERAL (SELECT DISTINCT zz AS zip3 FROM unnest(sp.zip3s) zz) z ON true
  UNION ALL
  SELECT 'education', coalesce(sp.education_level, ''), per.*
  FROM per JOIN survivor_profile sp ON sp.pseudonym = per.p
  UNION ALL
  SELECT 'caseworker', coalesce(sp.created_by::text, ''), per.*
  FROM per JOIN survivor_profile sp ON sp.pseudonym = per.p
)
SELECT grouping, grp,
       sum(approved_job) AS approved_job, sum(rejected_job) AS rejected_job, sum(shared_job) AS shared_job,
       sum(interested_job) AS interested_job, sum(approved_program) AS approved_program,
       sum(rejected_program) AS rejected_program, sum(shared_program) AS shared_program,
       sum(interested_program) AS interested_program,
       sum(approval_n) AS approval_n, sum(approval_y) AS approval_y,
       count(*) FILTER (WHERE approval_n > 0) AS approval_people,
       sum(interest_n) AS interest_n, sum(interest_y) AS interest_y,
       count(*) FILTER (WHERE interest_n > 0) AS interest_people,
       sum(hire_n) AS hire_n, sum(hire_y) AS hire_y,
       count(*) FILTER (WHERE hire_n > 0) AS hire_people
FROM g GROUP BY 1, 2
"""
STAGE_COLUMNS = ("approved", "rejected", "shared", "interested")
DECISION_RATES = ("approval", "interest", "hire")


def grouped(
    conn: Connection, *, org_id: int, day_from: date, day_to: date, since: datetime, before: datetime
) -> tuple[dict[tuple[str, str], int], dict[str, dict[str, list[dict[str, Any]]]]]:
    """({(kind, stage): items} for the funnel's decision stages,
    {rate: {grouping: [{grp, items, positives, people}]}} for the approval, interest and hire monitors)."""
    # The per-item step hashes and sorts about as many rows as the period has decisions (100,000 in the bench):
    # room in memory for this transaction only, so it does not spill to disk.
    conn.execute(text("SELECT set_config('work_mem', '32MB', true)"))
    rows = _dicts(conn.execute(text(_GROUPED), _params(org_id, day_from, day_to, since, before)))
    stages: dict[tuple[str, str], int] = {}
    rates: dict[str, dict[str, list[dict[str, Any]]]] = {rate: {} for rate in DECISION_RATES}
    for r in rows:
        if r["grouping"] == "_all":
            for kind in ("job", "program"):
                stages |= {(kind, stage): int(r[f"{stage}_{kind}"]) for stage in STAGE_COLUMNS}
            continue
        for rate in DECISION_RATES:
            if r[f"{rate}_people"]:
                rates[rate].setdefault(r["grouping"], []).append(
                    {
                        "grp": r["grp"],
                        "items": int(r[f"{rate}_n"]),
                        "positives": int(r[f"{rate}_y"]),
                        "people": int(r[f"{rate}_people"]),
                    }
                )
    return stages, rates


# Exposure: every slot in a ranked top 10 proposed in the period, by employer (published name) or provider.
_EXPOSURE = """
SELECT r.item_kind AS kind, coalesce(j.employer_name, t.provider_name, '') AS name, count(*) AS slots
FROM recommendation r
LEFT JOIN job_posting j ON j.id = r.job_posting_id
LEFT JOIN training_program t ON t.id = r.program_id
WHERE r.org_id = :org AND r.rank <= 10 AND r.created_at >= :since AND r.created_at < :before
GROUP BY 1, 2
"""


def _dicts(result: CursorResult[Any]) -> list[dict[str, Any]]:
    # Keys read once: a RowMapping per row builds its key view each time (a third of a second for 10,000 rows).
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


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
    return _dicts(conn.execute(text(_HIRES), _params(org_id, day_from, day_to, since, before)))


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
