"""Employers duplicate an opening: a new opening pre-filled from an old one, posted through the same checks
as any new opening, with its own id and source_id; the original is left as it was."""

from datetime import date, timedelta

from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from models.enums import Role
from models.organization import User
from tests.api.clients import signed_in as signed_in_api
from tests.factories import make_user
from tests.web.page_clients import csrf, page_client
from tests.web.test_employer_pages import SCAM, employer, opening_form, posted_id

__all__ = ["employer"]


def _row(session: Session, posting_id: int) -> dict[str, object]:
    row = session.connection().execute(
        text("SELECT source_id, title, status, pay_min, zip3, city FROM job_posting WHERE id = :i"), {"i": posting_id}
    )
    return dict(row.one()._mapping)


def test_duplicate_fills_a_new_opening_form_from_the_old_one_and_posts_a_new_opening(
    app: FastAPI, employer: User, session: Session
) -> None:
    client = page_client(app, employer)
    client.post("/employer/openings/new", data=opening_form(client, title="Line Cook", pay_min="19.5"))
    original = posted_id(client, "Line Cook")
    client.post(f"/employer/openings/{original}/close", data={"csrf_token": csrf(client)})
    assert f'href="/employer/openings/{original}/duplicate"' in client.get("/employer").text

    form = client.get(f"/employer/openings/{original}/duplicate")
    assert form.status_code == 200
    assert 'action="/employer/openings/new"' in form.text
    assert f'name="duplicate_of" value="{original}"' in form.text
    assert 'value="Line Cook"' in form.text and 'value="19.5"' in form.text
    assert "A copy of “Line Cook”." in form.text and "Kept: 984xx" in form.text

    posted = client.post(
        "/employer/openings/new",
        data={**opening_form(client, title="Line Cook (evenings)", pay_min="19.5"), "duplicate_of": str(original)},
    )
    assert posted.status_code == 303
    copy = int(posted.headers["location"].rsplit("=", 1)[1])
    assert copy != original
    old, new = _row(session, original), _row(session, copy)
    assert new["source_id"] != old["source_id"]
    assert (new["title"], new["status"], new["zip3"]) == ("Line Cook (evenings)", "active", "984")
    assert (old["title"], old["status"]) == ("Line Cook", "closed")  # the original is untouched


def test_a_duplicate_is_screened_like_any_new_opening(app: FastAPI, employer: User, session: Session) -> None:
    client = page_client(app, employer)
    client.post("/employer/openings/new", data=opening_form(client, title="Packer"))
    original = posted_id(client, "Packer")
    posted = client.post(
        "/employer/openings/new",
        data={**opening_form(client, title="Packer", description=SCAM), "duplicate_of": str(original)},
    )
    copy = int(posted.headers["location"].rsplit("=", 1)[1])
    assert _row(session, copy)["status"] == "held"
    assert "is saved and held for review" in client.get(posted.headers["location"]).text


def test_a_duplicate_keeps_a_future_last_day_and_leaves_out_one_that_has_passed(
    app: FastAPI, employer: User, session: Session
) -> None:
    client = page_client(app, employer)
    soon = (date.today() + timedelta(days=3)).isoformat()
    client.post("/employer/openings/new", data=opening_form(client, title="Dishwasher", valid_through=soon))
    original = posted_id(client, "Dishwasher")
    assert f'value="{soon}"' in client.get(f"/employer/openings/{original}/duplicate").text
    api = signed_in_api(app, employer)
    assert api.post(f"/employer/postings/{original}/duplicate").json()["valid_through"].startswith(soon)

    session.connection().execute(
        text("UPDATE job_posting SET valid_through = now() - interval '2 days' WHERE id = :i"), {"i": original}
    )
    assert (
        'id="f-valid_through" name="valid_through" type="date" value=""'
        in client.get(f"/employer/openings/{original}/duplicate").text
    )
    expired_copy = api.post(f"/employer/postings/{original}/duplicate")
    assert expired_copy.status_code == 201 and expired_copy.json()["valid_through"] is None


def test_duplicate_through_the_api_makes_a_new_posting_with_its_own_source_id(
    app: FastAPI, employer: User, session: Session
) -> None:
    api = signed_in_api(app, employer)
    body = {
        "title": "Line Cook",
        "description": "Cook in our cafe.",
        "pay_min": 19,
        "pay_unit": "HOUR",
        "postal_code": "98402",
        "source_id": "cook-1",
    }
    first = api.post("/employer/postings", json=body).json()
    copy = api.post(f"/employer/postings/{first['id']}/duplicate")
    assert copy.status_code == 201, copy.text
    got = copy.json()
    assert got["id"] != first["id"] and got["source_id"] not in ("cook-1", "")
    assert (got["title"], got["pay_min"], got["review_status"]) == ("Line Cook", 19, "live")
    assert _row(session, got["id"])["zip3"] == "984"


def test_another_employers_opening_cannot_be_duplicated(app: FastAPI, employer: User, session: Session) -> None:
    owner = page_client(app, employer)
    owner.post("/employer/openings/new", data=opening_form(owner, title="Line Cook"))
    original = posted_id(owner, "Line Cook")
    other = make_user(session, role=Role.EMPLOYER)
    intruder = page_client(app, other)
    assert intruder.get(f"/employer/openings/{original}/duplicate").status_code == 404
    assert signed_in_api(app, other).post(f"/employer/postings/{original}/duplicate").status_code == 404
    sneaky = intruder.post(
        "/employer/openings/new", data={**opening_form(intruder, title="Copy"), "duplicate_of": str(original)}
    )
    assert sneaky.status_code == 404
