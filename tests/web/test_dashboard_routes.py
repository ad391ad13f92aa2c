"""The dashboard and its forms without a browser: state in the URL, page links, labels refused on the page,
follow-ups recorded from the profile page, no 32-hex id anywhere a person reads."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from api.deps import get_clock
from models.clock import FrozenClock
from models.enums import Role
from models.follow_up import FollowUp
from models.organization import User
from models.references import friendly_reference
from tests.factories import make_follow_up, make_profile, make_user
from tests.web.page_clients import csrf, page_client

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HEX_ID = re.compile(r"\b[0-9a-f]{32}\b")


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session, role=Role.CASEWORKER)


def _profiles_table(html: str) -> str:
    """The dashboard's profile list alone (not the "Due this week" or "Interested" lists beside it)."""
    found = re.search(r'<p id="dashboard-count".*', html, re.S)
    return found.group(0) if found else ""


def visible_text(html: str) -> str:
    """The page without its tags (links' addresses and hidden form values are not read by a person)."""
    return re.sub(r"<[^>]+>", " ", html)


def test_dashboard_pages_keep_search_filters_and_sort_in_every_link(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    for i in range(60):
        make_profile(session, org_id=caseworker.org_id, skills=["forklift"], label=f"group {i:02d}")
    client = page_client(app, caseworker)

    page = client.get("/cw", params={"q": "forklift", "sort": "label", "dir": "asc", "page": 2})

    assert page.status_code == 200
    html = page.text
    assert "60 profiles match." in html and "Page 2 of 3." in html
    rows = re.findall(r'<tr data-pseudonym-ref="[^"]+">\s*<td><a href="/cw/profiles/[0-9a-f]{32}">([^<]+)</a>', html)
    assert rows == [f"group {i:02d}" for i in range(25, 50)]
    state = "q=forklift&amp;sort=label&amp;dir=asc"
    assert f'href="/cw?{state}" rel="prev"' in html  # page 1 needs no page number
    assert f'href="/cw?{state}&amp;page=3" rel="next"' in html
    assert f'href="/cw?{state}&amp;page=2" aria-current="page"' in html
    assert 'value="forklift"' in html and '<option value="label" selected>' in html


def test_dashboard_unknown_query_values_fall_back_to_defaults(app: FastAPI, session: Session, caseworker: User) -> None:
    make_profile(session, org_id=caseworker.org_id)
    client = page_client(app, caseworker)
    page = client.get("/cw", params={"sort": "nonsense", "dir": "sideways", "filter": ["bogus"], "page": 99})
    assert page.status_code == 200
    assert "1 profile matches." in page.text and '<option value="activity" selected>' in page.text


def test_dashboard_shows_no_32_hex_id_to_read(app: FastAPI, session: Session, caseworker: User) -> None:
    p = make_profile(session, org_id=caseworker.org_id)
    client = page_client(app, caseworker)
    for url in ("/cw", f"/cw/profiles/{p.pseudonym}", f"/cw/profiles/{p.pseudonym}/label"):
        html = client.get(url).text
        assert friendly_reference(p.pseudonym) in html, url
        assert HEX_ID.findall(visible_text(html)) == [], url


def test_dashboard_label_refused_on_the_page_with_what_was_found_highlighted(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    p = make_profile(session, org_id=caseworker.org_id)
    client = page_client(app, caseworker)
    url = f"/cw/profiles/{p.pseudonym}/label"
    refused = client.post(url, data={"csrf_token": csrf(client), "label": "Maria Lopez, evenings"})
    assert refused.status_code == 400
    assert '<mark class="found">Maria Lopez</mark>' in refused.text
    assert 'value="Maria Lopez, evenings"' in refused.text  # what was typed stays, to be rewritten
    session.refresh(p)
    assert p.label is None
    saved = client.post(url, data={"csrf_token": csrf(client), "label": "evenings, forklift"})
    assert (saved.status_code, saved.headers["location"]) == (303, f"/cw/profiles/{p.pseudonym}?saved=label")
    assert "Label saved." in client.get(saved.headers["location"]).text


def test_dashboard_follow_up_recorded_and_rescheduled_from_the_profile_page(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    p = make_profile(session, org_id=caseworker.org_id)
    today = datetime.now(UTC).date()
    due = make_follow_up(session, profile=p, due_on=today - timedelta(days=2))
    later = make_follow_up(session, profile=p, offset_days=30, due_on=today + timedelta(days=20))
    clock = FrozenClock(datetime.now(UTC))
    app.dependency_overrides[get_clock] = lambda: clock
    client = page_client(app, caseworker)

    listed = client.get("/cw", params={"filter": "follow_up_due"})
    assert friendly_reference(p.pseudonym) in listed.text

    done = client.post(
        f"/cw/follow-ups/{due.id}/record",
        data={"csrf_token": csrf(client), "pseudonym": p.pseudonym, "result": "left_message"},
    )
    assert done.status_code == 303
    moved = client.post(
        f"/cw/follow-ups/{later.id}/reschedule",
        data={"csrf_token": csrf(client), "pseudonym": p.pseudonym, "due_on": (today + timedelta(days=3)).isoformat()},
    )
    assert moved.status_code == 303
    past = client.post(
        f"/cw/follow-ups/{later.id}/reschedule",
        data={"csrf_token": csrf(client), "pseudonym": p.pseudonym, "due_on": "2020-01-01"},
    )
    assert past.status_code == 422 and "Choose today" in past.text

    session.refresh(due)
    session.refresh(later)
    assert (due.result_code, later.due_on) == ("left_message", today + timedelta(days=3))
    # (the profile table: "Due this week" above it lists the follow-up moved to 3 days from now)
    assert friendly_reference(p.pseudonym) not in _profiles_table(
        client.get("/cw", params={"filter": "follow_up_due"}).text
    )
    clock.advance(days=4)
    assert friendly_reference(p.pseudonym) in _profiles_table(
        client.get("/cw", params={"filter": "follow_up_due"}).text
    )
    assert session.get(FollowUp, due.id) is not None
