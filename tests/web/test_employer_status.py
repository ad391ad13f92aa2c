"""Employers told where they stand: published or held (with what the review is about, how long, whom to ask),
a confirmation before closing, reopening, and pay as people read it."""

import re

import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlmodel import Session

from models.organization import User
from models.settings import Settings
from tests.web.page_clients import csrf, page_client
from tests.web.test_employer_pages import SCAM, employer, opening_form, posted_id

__all__ = ["employer"]  # the fixture, shared with test_employer_pages

PASSPORTS_AND_FEES = (
    "Warehouse work. Recruitment fee of $500 paid to our agent before you start. "
    "We keep your passport safe during the contract."
)


def _status(session: Session, posting_id: int) -> str:
    return str(
        session.connection()
        .execute(text("SELECT status FROM job_posting WHERE id = :i"), {"i": posting_id})
        .scalar_one()
    )


def test_after_posting_a_published_opening_says_it_is_published(app: FastAPI, employer: User) -> None:
    client = page_client(app, employer)
    saved = client.post("/employer/openings/new", data=opening_form(client, title="Line Cook"))
    page = client.get(saved.headers["location"]).text
    status = page[page.index('id="posted-status"') :][:600]
    assert "“Line Cook” is published." in status and "People can be matched with it now." in status
    assert "held for review" not in status


def test_after_posting_a_held_opening_says_why_in_categories_how_long_and_whom_to_ask(
    app: FastAPI, employer: User
) -> None:
    client = page_client(app, employer)
    saved = client.post(
        "/employer/openings/new", data=opening_form(client, title="Warehouse Helper", description=PASSPORTS_AND_FEES)
    )
    page = client.get(saved.headers["location"]).text
    status = page[page.index('id="posted-status"') : page.index("</article>", page.index('id="posted-status"'))]
    assert "“Warehouse Helper” is saved and held for review." in status
    categories = re.findall(r"<li>([^<]+)</li>", status)
    assert sorted(categories) == [
        "fees, costs or deductions for workers",
        "workers&#39; documents and personal details",
    ]
    assert "within 2 working days" in status and "postings@wayfinder.example" in status
    # Categories only: not the rule, nor the words that tripped it.
    for internal in ("$500", "passport", "worker_fees", "document_retention", "recruitment"):
        assert internal not in status.lower()


def test_the_review_time_and_contact_are_settings(
    app: FastAPI, employer: User, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "employer_review_days", 1)
    monkeypatch.setattr(settings, "employer_review_contact", "review-desk@example.org")
    client = page_client(app, employer)
    saved = client.post("/employer/openings/new", data=opening_form(client, title="Packer", description=SCAM))
    page = client.get(saved.headers["location"]).text
    assert "within 1 working day." in page and "review-desk@example.org" in page


def test_closing_asks_first_and_a_closed_opening_can_be_reopened(
    app: FastAPI, employer: User, session: Session
) -> None:
    client = page_client(app, employer)
    client.post("/employer/openings/new", data=opening_form(client, title="Line Cook"))
    posting_id = posted_id(client, "Line Cook")
    listing = client.get("/employer").text
    assert f'href="/employer/openings/{posting_id}/close"' in listing  # a link to the question, not a POST
    ask = client.get(f"/employer/openings/{posting_id}/close")
    assert ask.status_code == 200 and "Close “Line Cook”?" in ask.text and "Yes, close it" in ask.text
    assert _status(session, posting_id) == "active"  # asking closed nothing

    closed = client.post(f"/employer/openings/{posting_id}/close", data={"csrf_token": csrf(client)})
    assert closed.status_code == 303 and _status(session, posting_id) == "closed"
    row = client.get("/employer").text
    assert f'action="/employer/openings/{posting_id}/reopen"' in row

    reopened = client.post(f"/employer/openings/{posting_id}/reopen", data={"csrf_token": csrf(client)})
    assert reopened.status_code == 303 and reopened.headers["location"] == "/employer?done=reopened"
    assert _status(session, posting_id) == "active"
    again = client.post(f"/employer/openings/{posting_id}/reopen", data={"csrf_token": csrf(client)})
    assert again.status_code == 409  # only a closed opening reopens


def test_a_held_opening_closed_and_reopened_is_held_again(app: FastAPI, employer: User, session: Session) -> None:
    client = page_client(app, employer)
    client.post("/employer/openings/new", data=opening_form(client, title="Packer", description=SCAM))
    posting_id = posted_id(client, "Packer")
    assert _status(session, posting_id) == "held"
    client.post(f"/employer/openings/{posting_id}/close", data={"csrf_token": csrf(client)})
    client.post(f"/employer/openings/{posting_id}/reopen", data={"csrf_token": csrf(client)})
    assert _status(session, posting_id) == "held"  # reopening never skips the review


def test_pay_reads_as_dollars_and_cents_an_hour(app: FastAPI, employer: User) -> None:
    client = page_client(app, employer)
    client.post("/employer/openings/new", data=opening_form(client, title="Line Cook", pay_min="19.5", pay_max="21"))
    listing = client.get("/employer").text
    row = listing[listing.index("Line Cook") :][:600]
    assert "$19.50\u2013$21.00 an hour" in row
