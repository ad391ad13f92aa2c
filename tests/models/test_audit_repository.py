"""The audit trail's query: exact rows for each filter, newest first, one organization's log only, and the
staff member's name joined only from the event's own organization."""

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text
from sqlmodel import Session

from models.repositories import audit as audit_repo
from tests.factories import make_org, make_user

DAY0 = datetime(2026, 11, 1, tzinfo=UTC)
ACTIONS = ("profile.view", "profile.update", "audit.view", "audit.export")


def _add(conn: Connection, *, pseudonym: str, org_id: int, action: str, at: datetime, actor: int | None = None) -> int:
    """An event at a chosen time (the application's `record` always writes now())."""
    return int(
        conn.execute(
            text(
                "INSERT INTO audit_event (at, actor_user_id, actor_role, org_id, pseudonym, action, purpose, detail) "
                "VALUES (:at, :actor, 'caseworker', :org, :p, :action, 'case management', '{}') RETURNING id"
            ),
            {"at": at, "actor": actor, "org": org_id, "p": pseudonym, "action": action},
        ).scalar_one()
    )


def _ids(rows: list[dict[str, Any]]) -> list[int]:
    return [int(r["id"]) for r in rows]


def test_the_trail_filters_by_action_and_time_and_lists_newest_first(session: Session) -> None:
    org = make_org(session)
    other_org = make_org(session)
    conn = session.connection()
    p = secrets.token_hex(16)
    ids = {
        "view_nov1": _add(conn, pseudonym=p, org_id=org.id, action="profile.view", at=DAY0),
        "update_nov2": _add(conn, pseudonym=p, org_id=org.id, action="profile.update", at=DAY0 + timedelta(days=1)),
        "view_nov2_late": _add(
            conn, pseudonym=p, org_id=org.id, action="profile.view", at=DAY0 + timedelta(days=2, seconds=-1)
        ),
        "view_nov3": _add(conn, pseudonym=p, org_id=org.id, action="profile.view", at=DAY0 + timedelta(days=2)),
    }
    _add(conn, pseudonym=secrets.token_hex(16), org_id=org.id, action="profile.view", at=DAY0)  # another person
    _add(conn, pseudonym=p, org_id=other_org.id, action="profile.view", at=DAY0)  # another organization's log

    def trail(**filters: Any) -> list[int]:
        rows, total = audit_repo.trail(
            conn, pseudonym=p, org_id=org.id, limit=50, offset=0, filters=audit_repo.TrailFilter(**filters)
        )
        assert total == len(rows)
        return _ids(rows)

    assert trail() == [ids["view_nov3"], ids["view_nov2_late"], ids["update_nov2"], ids["view_nov1"]]
    assert trail(action="profile.view") == [ids["view_nov3"], ids["view_nov2_late"], ids["view_nov1"]]
    assert trail(action="audit.view") == []
    nov2 = {"since": DAY0 + timedelta(days=1), "before": DAY0 + timedelta(days=2)}
    assert trail(**nov2) == [ids["view_nov2_late"], ids["update_nov2"]]  # the last second of the day is in
    assert trail(action="profile.view", **nov2) == [ids["view_nov2_late"]]
    assert trail(since=DAY0 + timedelta(days=2)) == [ids["view_nov3"]]
    assert trail(before=DAY0 + timedelta(days=1)) == [ids["view_nov1"]]
    assert audit_repo.trail_actions(conn, pseudonym=p, org_id=org.id) == ["profile.update", "profile.view"]


def test_pages_of_the_trail_follow_on_without_gaps_or_repeats(session: Session) -> None:
    org = make_org(session)
    conn = session.connection()
    p = secrets.token_hex(16)
    made = [_add(conn, pseudonym=p, org_id=org.id, action="profile.view", at=DAY0) for _ in range(7)]
    pages = [audit_repo.trail(conn, pseudonym=p, org_id=org.id, limit=3, offset=offset)[0] for offset in (0, 3, 6)]
    assert [_ids(page) for page in pages] == [made[6:3:-1], made[3:0:-1], made[0:1]]


def test_who_acted_is_named_only_from_the_events_own_organization(session: Session) -> None:
    org = make_org(session)
    named = make_user(session, org=org, display_name="Dana Reyes", email="dana@agency.example.org")
    unnamed = make_user(session, org=org, email="sam@agency.example.org")
    elsewhere = make_user(session, display_name="Someone Else")  # another organization
    conn = session.connection()
    p = secrets.token_hex(16)
    for actor in (named.id, unnamed.id, elsewhere.id, None):
        _add(conn, pseudonym=p, org_id=org.id, action="profile.view", at=DAY0, actor=actor)
    rows, _ = audit_repo.trail(conn, pseudonym=p, org_id=org.id, limit=10, offset=0)
    assert [(r["actor_name"], r["actor_email"]) for r in rows] == [
        (None, None),
        (None, None),
        (None, "sam@agency.example.org"),
        ("Dana Reyes", "dana@agency.example.org"),
    ]


events = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(min_value=0, max_value=5 * 24 * 60)),  # minutes after DAY0
    max_size=25,
)
windows = st.tuples(
    st.one_of(st.none(), st.sampled_from(ACTIONS)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=5 * 24 * 60)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=5 * 24 * 60)),
)


@settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
@given(made=events, window=windows)
def test_any_filter_returns_exactly_the_matching_events_newest_first(
    session: Session, made: list[tuple[str, int]], window: tuple[str | None, int | None, int | None]
) -> None:
    """Against a plain-Python oracle: the same rows, in the order they were written, newest first."""
    org = make_org(session)
    conn = session.connection()
    p = secrets.token_hex(16)  # a fresh person per example: examples share the test's transaction
    written = [
        (_add(conn, pseudonym=p, org_id=org.id, action=a, at=DAY0 + timedelta(minutes=m)), a, m) for a, m in made
    ]
    action, since, before = window
    expected = [
        i
        for i, a, m in reversed(written)
        if (action is None or a == action) and (since is None or m >= since) and (before is None or m < before)
    ]
    filters = audit_repo.TrailFilter(
        action=action,
        since=DAY0 + timedelta(minutes=since) if since is not None else None,
        before=DAY0 + timedelta(minutes=before) if before is not None else None,
    )
    rows, total = audit_repo.trail(conn, pseudonym=p, org_id=org.id, limit=100, offset=0, filters=filters)
    assert _ids(rows) == expected and total == len(expected)
