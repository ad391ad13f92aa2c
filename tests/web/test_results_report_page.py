"""The results report page, its CSV and its JSON (issue 19), through the app as a browser or a script uses them:
who may see it, the figures of a seeded agency on the page and in the download, bad dates answered in words,
each chart named for screen readers and followed by its table, and every word through the message catalog."""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi import FastAPI
from sqlmodel import Session

from api.services import results_report as rr
from api.web import i18n
from api.web.results_messages import REPORT_TEXTS
from matcher.encoder import Encoder
from models.enums import Role
from tests.api.test_results_report import Agency
from tests.factories import make_user, principal_for
from tests.web.page_clients import page_client
from tests.web.test_staff_pages_translatable import Pseudo, stray_words, words_of

PERIOD_QUERY = "from=2026-01-01&to=2026-06-30"


def seed(agency: Agency) -> None:
    """40 people (20 speak English, 20 Spanish), one job match each, through to 10 hires: 5 still employed
    at 90 days, 5 who left before. Every count the page shows is 5 or more, or 0."""
    job = agency.job("acme", employer_name="Acme Foods", occupation_code="53-7065", region="WA")
    feb = date(2026, 2, 1)
    for i in range(40):
        person = agency.profile(languages=[{"code": "en" if i % 2 else "es", "level": "fluent"}])
        stages: dict[str, date] = {"proposed": feb}
        stages["approved" if i < 30 else "rejected"] = date(2026, 2, 2)
        if i < 30:
            stages["shared"] = date(2026, 2, 3)
        if i < 20:
            stages["interested"] = date(2026, 2, 4)
        rec = agency.item(person, job_id=job, **stages)
        if i < 15:
            agency.outcome(rec, "applied", date(2026, 2, 6))
        if i < 10:
            pay = Decimal(18 + i)
            agency.outcome(rec, "hired", date(2026, 2, 15), pay_min=pay, pay_max=pay + 2, hours_per_week=40)
        if i < 5:
            agency.outcome(rec, "employed_90", date(2026, 5, 16))
        elif i < 10:
            agency.outcome(rec, "left", date(2026, 3, 1), reason_code="schedule")


@pytest.fixture
def seeded(session: Session, encoder: Encoder) -> Agency:
    user = make_user(session, display_name="Dana Reyes")
    agency = Agency(session, encoder, user, principal_for(user))
    seed(agency)
    return agency


def test_results_page_shows_the_agencys_figures_with_charts_named_and_tables_after(
    app: FastAPI, seeded: Agency
) -> None:
    client = page_client(app, seeded.user)
    response = client.get(f"/reports/results?{PERIOD_QUERY}")
    assert response.status_code == 200
    html = response.text
    assert 'href="/reports/results" aria-current="page"' in html  # linked from the staff navigation
    funnel = html[html.index('id="funnel-table"') :]
    cells = re.findall(r"<th scope=\"row\">([^<]+)</th><td>([^<]*(?:<span[^>]*>[^<]*</span>)?)</td>", funnel)
    assert cells[:6] == [
        ("Proposed", "40"),
        ("Approved", "30"),
        ("Shared", "30"),
        ("Interested", "20"),
        ("Applied", "15"),
        ("Hired", "10"),
    ]
    # Both charts are images with a name, and each is followed by its table.
    for chart, table in (("funnel-chart", "funnel-table"), ("retention-chart", "retention-table")):
        svg = re.search(rf'<svg class="chart" role="img" aria-labelledby="{chart}-title"', html)
        assert svg is not None
        assert f'<title id="{chart}-title">Bar chart' in html
        assert html.index(f'id="{table}"') > svg.start()
    # Retention at 90 days: 5 of 10 still employed, 5 left; nobody is 180 days in yet.
    retention = html[html.index('id="retention-table"') :]
    assert '<th scope="row">90</th><td>10</td><td>50%</td><td>50%</td>' in retention
    assert '<th scope="row">180</th><td>0</td><td>none yet</td><td>none yet</td>' in retention
    assert "Acme Foods" in html and "100%" in html[html.index('id="exposure-employers"') :]
    assert "These are monitors, not proof of bias." in html
    # Groups are named in words, not by their stored codes.
    fairness = html[html.index('id="fairness-heading"') :]
    assert '<th scope="row">English</th>' in fairness and '<th scope="row">Spanish</th>' in fairness
    assert '<th scope="row">high school</th>' in fairness
    assert '<th scope="row">es</th>' not in fairness and '<th scope="row">high_school</th>' not in fairness


def test_results_page_is_for_agency_staff_only(app: FastAPI, seeded: Agency, session: Session) -> None:
    employer = make_user(session, role=Role.EMPLOYER)
    assert page_client(app, employer).get("/reports/results").status_code == 403
    admin = make_user(session, role=Role.ADMIN, org_id=seeded.user.org_id)
    page = page_client(app, admin).get(f"/reports/results?{PERIOD_QUERY}")
    assert page.status_code == 200 and "Acme Foods" in page.text


def test_results_page_answers_a_reversed_period_in_words_beside_the_form(app: FastAPI, seeded: Agency) -> None:
    response = page_client(app, seeded.user).get("/reports/results?from=2026-06-30&to=2026-01-01")
    assert response.status_code == 422
    assert 'id="period-error"' in response.text
    assert "The &#39;From&#39; date is after the &#39;To&#39; date" in response.text


def test_results_csv_download_holds_the_same_figures(app: FastAPI, seeded: Agency) -> None:
    response = page_client(app, seeded.user).get(f"/reports/results.csv?{PERIOD_QUERY}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert 'filename="results-20260101-20260630.csv"' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    by_key = {(r["section"], r["measure"], r["group"]): r for r in rows}
    assert by_key[("funnel_jobs", "hired", "")]["value"] == "10"
    assert by_key[("retention", "employed_90", "")] == {
        "section": "retention",
        "measure": "employed_90",
        "group": "",
        "value": "0.5",
        "count": "10",
        "suppressed": "false",
    }
    assert by_key[("funnel_jobs", "applied_conversion", "")]["value"] == "0.75"
    assert by_key[("fairness_approval_language", "rate", "en")]["value"] == "0.75"
    assert by_key[("fairness_approval_language", "rate", "es")]["value"] == "0.75"


def test_results_json_for_scripts(app: FastAPI, seeded: Agency, client: Any) -> None:
    from tests.api.clients import signed_in

    body = signed_in(app, seeded.user).get(f"/reports/results.json?{PERIOD_QUERY}").json()
    assert body["period"] == {"from": "2026-01-01", "to": "2026-06-30"}
    assert [s["count"] for s in body["funnel"]["jobs"]] == [40, 30, 30, 20, 15, 10]
    assert body["placement"]["median_hourly_wage"] == {"value": 23.5, "n": 10, "suppressed": False}
    bad = signed_in(app, seeded.user).get("/reports/results.json?from=yesterday")
    assert bad.status_code == 422 and "must be a date like" in bad.json()["error"]


def test_results_report_sentences_are_all_marked_for_the_catalog() -> None:
    texts = {rr.SCOPE_NOTE, rr.FAIRNESS_CAUTION, *rr.GROUPINGS.values()}
    texts |= {t for pair in rr.MONITORS.values() for t in pair}
    texts |= {
        w[k]
        for w in rr._wioa([], date(2026, 1, 1), {"enrolled": 0, "completed": 0, "credential": 0})
        for k in ("name", "how", "missing")
        if w[k]
    }
    assert texts == set(REPORT_TEXTS)


def test_results_page_shows_no_words_outside_the_catalog(
    app: FastAPI, seeded: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "translations", lambda code: Pseudo())
    html = page_client(app, seeded.user).get(f"/reports/results?{PERIOD_QUERY}").text
    allowed = words_of("Wayfinder", "Acme Foods", "Dana Reyes", "en", "es", "WA", "high_school", "staff", "JSON")
    assert stray_words(html, allowed) == set()
