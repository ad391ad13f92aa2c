"""The audit trail page and its CSV export, without a browser: one event per person per page view, who acted
by name and role, newest first, filters kept in the URL, plain-words refusals, and a formula-safe export
that is itself audited. (The filters' exact rows: tests/models/test_audit_repository.py.)"""

import contextlib
import csv
import io
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text
from sqlmodel import Session

from api.services import access, audit, dashboard, review
from api.services.matching import ProposedMatch
from api.services.review import Decision
from matcher.encoder import Encoder
from models.enums import ItemKind, Role
from models.organization import Organization, User
from models.privacy.tools import PrivacyTools
from models.profile import SurvivorProfile
from models.repositories import audit as audit_repo
from tests.catalog_factories import add_job
from tests.factories import make_org, make_profile, make_user, principal_for
from tests.web.page_clients import page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def org(session: Session) -> Organization:
    return make_org(session)


@pytest.fixture
def caseworker(session: Session, org: Organization) -> User:
    return make_user(session, org=org, role=Role.CASEWORKER, display_name="Dana Reyes")


@pytest.fixture
def profile(session: Session, caseworker: User) -> SurvivorProfile:
    return make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)


def _last_id(session: Session) -> int:
    return int(session.connection().execute(text("SELECT coalesce(max(id), 0) FROM audit_event")).scalar_one())


def _written_since(session: Session, last: int) -> list[tuple[str, str | None, dict[str, Any]]]:
    rows = session.connection().execute(
        text("SELECT action, pseudonym, detail FROM audit_event WHERE id > :last ORDER BY id"), {"last": last}
    )
    return [(r.action, r.pseudonym, r.detail) for r in rows]


def _shared_code(session: Session, privacy: PrivacyTools, encoder: Encoder, cw: User, p: SurvivorProfile) -> str:
    job = add_job(session, encoder, title="Forklift Operator")
    match = ProposedMatch(kind=ItemKind.JOB, item_id=job.id or 0, rank=1, score=0.5, model_version="test")
    (rec_id,) = review.store_proposals(session, principal_for(cw), p.pseudonym, [match])
    review.decide(session, principal_for(cw), rec_id, Decision("approve"), privacy)
    review.decide(session, principal_for(cw), rec_id, Decision("share"), privacy)
    return access.issue_code(session, principal_for(cw), p.pseudonym, days=7)[1]


def test_one_get_of_each_audited_page_writes_one_event_per_person_shown(
    app: FastAPI,
    session: Session,
    encoder: Encoder,
    privacy: PrivacyTools,
    caseworker: User,
    profile: SurvivorProfile,
) -> None:
    """The profile page read the profile, its matches and its codes, and wrote three rows per view."""
    other = make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    code = _shared_code(session, privacy, encoder, caseworker, profile)
    client = page_client(app, caseworker)
    p, base = profile.pseudonym, f"/cw/profiles/{profile.pseudonym}"
    pages = {
        base: [("profile.view", p, base.replace(p, "{pseudonym}"))],
        f"{base}/edit": [("profile.view", p, "/cw/profiles/{pseudonym}/edit")],
        f"{base}/audit": [("audit.view", p, "/cw/profiles/{pseudonym}/audit")],
    }
    for path, expected in pages.items():
        last = _last_id(session)
        assert client.get(path).status_code == 200, path
        written = [(a, ps, d.get("page")) for a, ps, d in _written_since(session, last)]
        assert written == expected, path

    last = _last_id(session)
    assert client.get("/cw").status_code == 200
    # The dashboard shows two people: one event for each, none repeated.
    written = _written_since(session, last)
    assert sorted((a, ps, d["page"]) for a, ps, d in written) == sorted(
        [("profile.list", p, "/cw"), ("profile.list", other.pseudonym, "/cw")]
    )

    last = _last_id(session)
    assert client.get(f"{base}/audit.csv").status_code == 200
    assert [(a, ps) for a, ps, _ in _written_since(session, last)] == [("audit.export", p)]

    with TestClient(app, follow_redirects=False) as person:
        assert person.post("/me", data={"code": code}).status_code == 303
        last = _last_id(session)
        listing = person.get("/me")
    assert "Forklift Operator" in listing.text
    assert [(a, ps, d.get("page")) for a, ps, d in _written_since(session, last)] == [("opportunities.view", p, "/me")]


def test_each_view_of_a_page_is_its_own_event(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile
) -> None:
    client = page_client(app, caseworker)
    last = _last_id(session)
    client.get(f"/cw/profiles/{profile.pseudonym}")
    client.get(f"/cw/profiles/{profile.pseudonym}")
    # The folding is per request, never per session: two views are two events.
    assert [a for a, _, _ in _written_since(session, last)] == ["profile.view", "profile.view"]


def test_within_one_view_only_reads_are_folded_never_changes(
    session: Session, caseworker: User, profile: SurvivorProfile
) -> None:
    cw, p = principal_for(caseworker), profile.pseudonym
    other = make_profile(session, org_id=caseworker.org_id).pseudonym
    last = _last_id(session)
    with audit.one_view_per_record("/a/page"):
        audit.log(session, cw, "profile.view", pseudonym=p)
        audit.log(session, cw, "recommendation.list", pseudonym=p, detail={"count": 3})
        audit.log(session, cw, "access_code.list", pseudonym=p)
        audit.log(session, cw, "profile.update", pseudonym=p, detail={"fields": ["skills"]})
        audit.log(session, cw, "profile.update", pseudonym=p, detail={"fields": ["goals"]})
        audit.log(session, cw, "profile.list", pseudonym=other)
    audit.log(session, cw, "profile.view", pseudonym=p)  # outside a page view: logged as always
    assert _written_since(session, last) == [
        ("profile.view", p, {"page": "/a/page"}),
        ("profile.update", p, {"fields": ["skills"]}),
        ("profile.update", p, {"fields": ["goals"]}),
        ("profile.list", other, {"page": "/a/page"}),
        ("profile.view", p, {}),
    ]


_EVENT_COLUMNS = "at, actor_user_id, actor_role, org_id, pseudonym, action, purpose, detail"


def _rows_since(session: Session, last: int) -> list[tuple[Any, ...]]:
    """Every column but the id, in id order (ids follow the order the events were written)."""
    rows = session.connection().execute(
        text(f"SELECT {_EVENT_COLUMNS} FROM audit_event WHERE id > :last ORDER BY id"),
        {"last": last},
    )
    return [tuple(r) for r in rows]


def test_the_dashboard_writes_its_listing_events_in_one_insert_with_the_rows_one_by_one_would_write(
    session: Session, privacy: PrivacyTools, caseworker: User
) -> None:
    """A page of 25 people cost 25-35 one-row INSERTs (about 30 ms of each view); now one statement."""
    cw = principal_for(caseworker)
    for _ in range(30):
        make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    conn = session.connection()
    last = _last_id(session)
    event.listen(conn, "before_cursor_execute", count)
    try:
        with audit.one_view_per_record("/cw"):
            page = dashboard.caseworker_dashboard(session, cw, privacy, dashboard.Request())
    finally:
        event.remove(conn, "before_cursor_execute", count)
    batched = _rows_since(session, last)

    inserts = [s for s in statements if s.lstrip().upper().startswith("INSERT INTO AUDIT_EVENT")]
    assert len(inserts) == 1
    listed = [r.pseudonym for r in page.rows]
    assert len(listed) == 25
    # The same events `audit.log` writes one by one (the same transaction, so even `at` is equal).
    last = _last_id(session)
    with audit.one_view_per_record("/cw"):
        for p in listed:
            audit.log(session, cw, "profile.list", pseudonym=p, detail={"view": "dashboard"})
    assert batched == _rows_since(session, last)
    assert [(r[4], r[5], r[7]) for r in batched] == [
        (p, "profile.list", {"view": "dashboard", "page": "/cw"}) for p in listed
    ]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    picks=st.lists(st.integers(0, 4), max_size=8),
    already=st.lists(st.integers(0, 4), max_size=3),
    in_page=st.booleans(),
)
def test_log_many_writes_exactly_what_log_writes_one_by_one(
    session: Session, caseworker: User, picks: list[int], already: list[int], in_page: bool
) -> None:
    """Any list of people (repeats, people the page already logged, inside a page view or not)."""
    cw = principal_for(caseworker)
    people = [f"{i:032x}" for i in range(1, 6)]

    def write(batched: bool) -> list[tuple[Any, ...]]:
        last = _last_id(session)
        page = audit.one_view_per_record("/p") if in_page else contextlib.nullcontext()
        with page:
            for i in already:
                audit.log(session, cw, "profile.view", pseudonym=people[i])
            chosen = [people[i] for i in picks]
            if batched:
                audit.log_many(session, cw, "profile.list", pseudonyms=chosen, detail={"view": "x"})
            else:
                for p in chosen:
                    audit.log(session, cw, "profile.list", pseudonym=p, detail={"view": "x"})
        return _rows_since(session, last)

    assert write(batched=True) == write(batched=False)


def test_the_trail_names_who_acted_by_name_and_role_newest_first(
    app: FastAPI,
    session: Session,
    encoder: Encoder,
    privacy: PrivacyTools,
    org: Organization,
    caseworker: User,
    profile: SurvivorProfile,
) -> None:
    unnamed = make_user(session, org=org, role=Role.CASEWORKER, email="cw.unnamed@example.org")
    code = _shared_code(session, privacy, encoder, caseworker, profile)
    with TestClient(app, follow_redirects=False) as person:
        person.post("/me", data={"code": code})
    page_client(app, unnamed).get(f"/cw/profiles/{profile.pseudonym}")
    html = page_client(app, caseworker).get(f"/cw/profiles/{profile.pseudonym}/audit").text

    rows = re.findall(
        r"<tr>\s*<td><time[^>]*>[^<]+</time></td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", html
    )
    who_role_action = [(w.strip(), r.strip(), a.strip()) for w, r, a in rows]
    assert who_role_action == [
        ("Dana Reyes", "caseworker", "audit.view"),
        ("cw.unnamed@example.org", "caseworker", "profile.view"),
        ("the person (with their access code)", "the person", "opportunities.view"),
        ("Dana Reyes", "caseworker", "access_code.issue"),
        ("Dana Reyes", "caseworker", "follow_up.schedule"),  # sharing schedules the follow-ups (merged with h15-dash)
        ("Dana Reyes", "caseworker", "recommendation.share"),
        ("Dana Reyes", "caseworker", "recommendation.approve"),
    ]
    assert "user " + str(caseworker.id) not in html


def test_the_filters_live_in_the_url_and_the_pages_keep_them(
    app: FastAPI, session: Session, caseworker: User, profile: SurvivorProfile
) -> None:
    client = page_client(app, caseworker)
    base = f"/cw/profiles/{profile.pseudonym}"
    for _ in range(55):  # more than one page of views
        client.get(base)
    today = session.connection().execute(text("SELECT (now() AT TIME ZONE 'UTC')::date")).scalar_one().isoformat()
    first = client.get(f"{base}/audit", params={"action": "profile.view", "from": today, "to": today})
    assert first.status_code == 200
    assert "Showing 1\u201350 of 55 events." in first.text
    assert set(re.findall(r"<td>(\w+\.\w+)</td>", first.text)) == {"profile.view"}
    older = re.search(r'<a rel="next" href="([^"]+)"', first.text)
    assert older
    link = older.group(1).replace("&amp;", "&")
    assert link == f"{base}/audit?action=profile.view&from={today}&to={today}&offset=50"
    second = client.get(link)
    assert "Showing 51\u201355 of 55 events." in second.text
    assert f'href="{base}/audit.csv?action=profile.view&amp;from={today}&amp;to={today}"' in second.text
    assert '<option value="profile.view" selected>profile.view</option>' in second.text

    none = client.get(f"{base}/audit", params={"from": "2001-01-01", "to": "2001-01-31"})
    assert "No events match these filters." in none.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "07/12/2026"}, "&#39;From&#39; must be a date like 2026-12-07."),
        ({"to": "yesterday"}, "&#39;To&#39; must be a date like 2026-12-07."),
        ({"from": "2026-12-08", "to": "2026-12-01"}, "The &#39;From&#39; date is after the &#39;To&#39; date"),
    ],
)
def test_a_filter_that_cannot_be_read_is_explained_on_the_page(
    app: FastAPI, caseworker: User, profile: SurvivorProfile, params: dict[str, str], message: str
) -> None:
    client = page_client(app, caseworker)
    page = client.get(f"/cw/profiles/{profile.pseudonym}/audit", params=params)
    assert page.status_code == 422
    assert message in page.text and 'aria-invalid="true"' in page.text
    export = client.get(f"/cw/profiles/{profile.pseudonym}/audit.csv", params=params)
    assert export.status_code == 422 and message in export.text


def test_the_export_is_the_filtered_view_audited_and_safe_to_open_in_a_spreadsheet(
    app: FastAPI, session: Session, org: Organization, caseworker: User, profile: SurvivorProfile
) -> None:
    # Display names are typed by people: each formula trigger starts one.
    names = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTab", "Plain Name"]
    for name in names:
        colleague = make_user(session, org=org, role=Role.CASEWORKER, display_name=name)
        page_client(app, colleague).get(f"/cw/profiles/{profile.pseudonym}/edit")
    client = page_client(app, caseworker)
    client.get(f"/cw/profiles/{profile.pseudonym}")  # a profile.view, filtered out below
    last = _last_id(session)

    export = client.get(f"/cw/profiles/{profile.pseudonym}/audit.csv", params={"action": "profile.view"})
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="audit-[0-9a-f]{8}-\d{8}\.csv"', export.headers["content-disposition"])
    assert export.headers["cache-control"] == "no-store"
    table = list(csv.reader(io.StringIO(export.text)))
    assert table[0] == ["id", "at_utc", "who", "role", "action", "purpose", "detail"]
    # Newest first: the caseworker's own view, then the colleagues' in reverse order of their views.
    assert [row[2] for row in table[1:]] == [
        "Dana Reyes",
        "Plain Name",
        "'\tTab",
        "'@SUM(A1)",
        "'-2+3",
        "'+1+1",
        '\'=HYPERLINK("http://x")',
    ]
    assert {row[4] for row in table[1:]} == {"profile.view"}
    assert [row[6] for row in table[2:]] == ["page=/cw/profiles/{pseudonym}/edit"] * 6

    # The export is itself one event, with the filter it used and how many rows left.
    written = _written_since(session, last)
    assert written == [("audit.export", profile.pseudonym, {"action": "profile.view", "rows": 7})]
    trail = client.get(f"/cw/profiles/{profile.pseudonym}/audit", params={"action": "audit.export"}).text
    assert "Dana Reyes" in trail and "action=profile.view, rows=7" in trail


def test_another_organizations_trail_and_export_are_not_found(
    app: FastAPI, session: Session, profile: SurvivorProfile
) -> None:
    stranger = make_user(session, role=Role.CASEWORKER)
    client = page_client(app, stranger)
    assert client.get(f"/cw/profiles/{profile.pseudonym}/audit").status_code == 404
    assert client.get(f"/cw/profiles/{profile.pseudonym}/audit.csv").status_code == 404
    employer = page_client(app, make_user(session, role=Role.EMPLOYER))
    assert employer.get(f"/cw/profiles/{profile.pseudonym}/audit.csv").status_code == 403


def test_a_date_range_covers_whole_utc_days_from_the_first_to_the_last_included() -> None:
    query = audit.TrailQuery.parse(" profile.view ", "2026-12-01", "2026-12-07")
    assert query.as_filter() == audit_repo.TrailFilter(
        action="profile.view",
        since=datetime(2026, 12, 1, tzinfo=UTC),
        before=datetime(2026, 12, 8, tzinfo=UTC),
    )
    assert query.params() == {"action": "profile.view", "from": "2026-12-01", "to": "2026-12-07"}
    assert audit.TrailQuery.parse().as_filter() == audit_repo.TrailFilter()
