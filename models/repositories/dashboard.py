"""The caseworker dashboard's queries: one organization's profiles searched, filtered, sorted and paged,
and the queue of people who answered "Interested".

One SQL statement per page, its total included: recommendation counts are aggregated in the database, the
search by case number arrives as a list of pseudonyms found by lookup hash (models.repositories.
case_references.find), and nothing here decrypts anything. Every query names the organization as well as
running under row-level security (models.repositories.tenancy).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, text

PAGE_SIZE = 25
INACTIVE_DAYS = 30


class Filter(StrEnum):
    NEEDS_REVIEW = "needs_review"  # ranked items nobody has decided on yet
    SHARED = "shared"  # at least one item shared with the person
    INTERESTED = "interested"  # the person answered "Interested" to a shared item
    FOLLOW_UP_DUE = "follow_up_due"  # a follow-up's date has passed and nothing was recorded
    INACTIVE = "inactive"  # no edit, decision, answer or follow-up for INACTIVE_DAYS


class Sort(StrEnum):
    ACTIVITY = "activity"
    CREATED = "created"
    LABEL = "label"  # the caseworker's label A-Z; unlabelled profiles after, by reference
    REVIEW = "review"  # items awaiting review


# The direction each sort starts in (what a caseworker most often wants first).
DEFAULT_DIRECTION = {Sort.ACTIVITY: "desc", Sort.CREATED: "desc", Sort.LABEL: "asc", Sort.REVIEW: "desc"}


@dataclass(frozen=True)
class Query:
    """What the caseworker asked for; every field has a value so the SQL is fixed in shape."""

    text: str = ""  # matched against label, skills and friendly reference (substring, any case)
    pseudonyms: tuple[str, ...] = ()  # profiles the search matched by case number (lookup hash)
    pseudonym_prefix: str | None = None  # a friendly reference typed in the box, as a hex prefix
    filters: frozenset[Filter] = frozenset()
    sort: Sort = Sort.ACTIVITY
    descending: bool = True


@dataclass(frozen=True)
class Row:
    pseudonym: str
    label: str | None
    skills: list[str]
    region: str | None
    zip3s: list[str]
    created_at: datetime
    last_activity_at: datetime
    proposed: int
    approved: int
    shared: int
    interested: int
    follow_ups_due: int
    case_number: str | None = None  # filled by the service for the page's rows only


@dataclass(frozen=True)
class InterestedAnswer:
    recommendation_id: int
    pseudonym: str
    label: str | None
    item_kind: str
    title: str
    organization: str
    answered_at: datetime | None
    case_number: str | None = None


@dataclass
class _Sql:
    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)


def _like(value: str) -> str:
    """A substring pattern for ILIKE with the caller's % and _ taken literally."""
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# Filters are EXISTS probes on indexes ((profile_pseudonym, status) on recommendation, profile_pseudonym on
# follow_up), and counts are computed only for the page's rows: an aggregate over all of the organization's
# recommendations (100,000 at 5,000 profiles) on every page view was what made the first version slow.
def _has_items(status_sql: str) -> str:
    return f"EXISTS (SELECT 1 FROM recommendation r WHERE r.profile_pseudonym = p.pseudonym AND {status_sql})"  # noqa: S608


_DUE_SQL = "f.profile_pseudonym = p.pseudonym AND f.done_at IS NULL AND f.due_on <= :today"
_FILTER_SQL = {
    Filter.NEEDS_REVIEW: _has_items("r.status = 'proposed'"),
    Filter.SHARED: _has_items("r.status = 'shared'"),
    Filter.INTERESTED: _has_items("r.status = 'shared' AND r.survivor_response = 'interested'"),
    Filter.FOLLOW_UP_DUE: f"EXISTS (SELECT 1 FROM follow_up f WHERE {_DUE_SQL})",  # noqa: S608 - constants
    Filter.INACTIVE: "p.last_activity_at < :inactive_before",
}
_LISTED = "p.pseudonym, p.label, p.skills, p.region, p.zip3s, p.created_at, p.last_activity_at"
_PROPOSED = "(SELECT count(*) FROM recommendation r WHERE r.profile_pseudonym = p.pseudonym AND r.status = 'proposed')"
_COUNTS = f"""
    LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE r.status = 'proposed') AS proposed,
               count(*) FILTER (WHERE r.status = 'approved') AS approved,
               count(*) FILTER (WHERE r.status = 'shared') AS shared,
               count(*) FILTER (WHERE r.status = 'shared' AND r.survivor_response = 'interested') AS interested
        FROM recommendation r WHERE r.profile_pseudonym = p.pseudonym
    ) c ON true
    LEFT JOIN LATERAL (SELECT count(*) AS due FROM follow_up f WHERE {_DUE_SQL}) d ON true
"""  # noqa: S608 - constants


def _where(org_id: int, query: Query, *, now: datetime) -> _Sql:
    sql = _Sql(
        where=["p.org_id = :org"],
        params={
            "org": org_id,
            "today": now.date(),
            "inactive_before": now - timedelta(days=INACTIVE_DAYS),
        },
    )
    searches: list[str] = []
    if query.text:
        sql.params["q"] = _like(query.text)
        searches.append("p.label ILIKE :q")
        searches.append("EXISTS (SELECT 1 FROM unnest(p.skills) AS s(skill) WHERE s.skill ILIKE :q)")
    if query.pseudonyms:
        sql.params["found"] = list(query.pseudonyms)
        searches.append("p.pseudonym = ANY(:found)")
    if query.pseudonym_prefix:
        sql.params["prefix"] = query.pseudonym_prefix + "%"
        searches.append("p.pseudonym LIKE :prefix")
    if searches:
        sql.where.append("(" + " OR ".join(searches) + ")")
    sql.where.extend(_FILTER_SQL[f] for f in sorted(query.filters))
    return sql


def _order(query: Query) -> str:
    direction = "DESC" if query.descending else "ASC"
    if query.sort is Sort.LABEL:
        # Labelled profiles first in either direction; the rest by pseudonym, which orders friendly references.
        return f"(p.label IS NULL), lower(p.label) {direction}, p.pseudonym"
    column = {
        Sort.ACTIVITY: "p.last_activity_at",
        Sort.CREATED: "p.created_at",
        Sort.REVIEW: _PROPOSED,
    }[query.sort]
    # The pseudonym breaks ties, so pages never overlap or skip a profile.
    return f"{column} {direction}, p.pseudonym"


def search(
    conn: Connection, *, org_id: int, query: Query, now: datetime, limit: int, offset: int
) -> tuple[list[Row], int]:
    """One page of the organization's profiles matching `query`, and how many match in all."""
    sql = _where(org_id, query, now=now)
    where = " AND ".join(sql.where)
    order = _order(query)
    # Every fragment is a constant of this module; values travel as bound parameters.
    # The total comes with the page (a window count over the matches, before LIMIT): a separate count(*)
    # evaluated every filter a second time, 15-30 ms of the filtered views at 5,000 profiles (EXPLAIN
    # ANALYZE in docs/dashboard.md). The inner query selects only the listed columns: `SELECT *` carried
    # both 384-dimension embeddings of every matching profile through the sort.
    result = conn.execute(
        text(
            "SELECT p.pseudonym, p.label, p.skills, p.region, p.zip3s, p.created_at, p.last_activity_at, "  # noqa: S608
            "c.proposed, c.approved, c.shared, c.interested, d.due AS follow_ups_due, p.total "
            f"FROM (SELECT {_LISTED}, count(*) OVER () AS total FROM survivor_profile p WHERE {where} "
            f"ORDER BY {order} LIMIT :limit OFFSET :offset) p "
            f"{_COUNTS} ORDER BY {order}"
        ),
        {**sql.params, "limit": limit, "offset": offset},
    ).all()
    if result:
        total = int(result[0].total)
    else:  # no row on this page (none match, or past the end): the count alone
        count_sql = f"SELECT count(*) FROM survivor_profile p WHERE {where}"  # noqa: S608
        total = int(conn.execute(text(count_sql), sql.params).scalar_one())
    rows = [{k: v for k, v in r._mapping.items() if k != "total"} for r in result]
    return [Row(**r) for r in rows], total


def interested_answers(conn: Connection, *, org_id: int, limit: int, offset: int) -> tuple[list[InterestedAnswer], int]:
    """Shared items the person answered "Interested" to (still their answer) and no outcome is recorded for yet,
    newest answer first. Once a caseworker records a step (applied, interview, hired, enrolled, ...) the answer
    has been acted on: the queue is what waits for someone, and it kept every answer ever given."""
    where = (
        "r.org_id = :org AND r.status = 'shared' AND r.survivor_response = 'interested' "
        "AND NOT EXISTS (SELECT 1 FROM outcome_event o WHERE o.recommendation_id = r.id)"
    )
    params: dict[str, Any] = {"org": org_id, "limit": limit, "offset": offset}
    total = conn.execute(text(f"SELECT count(*) FROM recommendation r WHERE {where}"), params).scalar_one()  # noqa: S608
    # The page's 10 answers are chosen on recommendation and review_decision alone, and only those 10 are
    # joined to their profile, job and program: joining every answer (1,240 at 5,000 profiles) to the
    # profiles first read the whole survivor_profile table on every dashboard view (EXPLAIN, docs/dashboard.md).
    rows = conn.execute(
        text(
            "SELECT r.id AS recommendation_id, r.profile_pseudonym AS pseudonym, p.label, r.item_kind, "  # noqa: S608 - constants
            "coalesce(j.title, t.name) AS title, coalesce(j.employer_name, t.provider_name) AS organization, "
            "r.answered_at "
            "FROM (SELECT r.id, r.profile_pseudonym, r.item_kind, r.job_posting_id, r.program_id, a.at AS answered_at "
            "  FROM recommendation r "
            "  LEFT JOIN LATERAL (SELECT max(rd.at) AS at FROM review_decision rd "
            "    WHERE rd.recommendation_id = r.id AND rd.to_status = 'interested') a ON true "
            f"  WHERE {where} ORDER BY a.at DESC NULLS LAST, r.id DESC LIMIT :limit OFFSET :offset) r "
            "JOIN survivor_profile p ON p.pseudonym = r.profile_pseudonym "
            "LEFT JOIN job_posting j ON j.id = r.job_posting_id "
            "LEFT JOIN training_program t ON t.id = r.program_id "
            "ORDER BY r.answered_at DESC NULLS LAST, r.id DESC"
        ),
        params,
    ).all()
    return [InterestedAnswer(**dict(r._mapping)) for r in rows], int(total)
