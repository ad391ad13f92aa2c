"""How many recommendations each profile has in each status: the caseworker dashboard's numbers."""

from collections.abc import Sequence

from sqlalchemy import Connection, text


def status_counts(conn: Connection, *, org_id: int, pseudonyms: Sequence[str]) -> dict[str, dict[str, int]]:
    """{pseudonym: {status: count}} for the given profiles of one organization."""
    if not pseudonyms:
        return {}
    rows = conn.execute(
        text(
            "SELECT profile_pseudonym, status, count(*) AS n FROM recommendation "
            "WHERE org_id = :org AND profile_pseudonym = ANY(:p) GROUP BY profile_pseudonym, status"
        ),
        {"org": org_id, "p": list(pseudonyms)},
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for pseudonym, status, n in rows:
        counts.setdefault(pseudonym, {})[status] = int(n)
    return counts
