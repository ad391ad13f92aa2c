"""Requirement 15: reports are aggregates only; counts under 5 are suppressed (VAWA: funders get
aggregates; CTDC: only k-anonymous aggregates leave).

Withheld counts are `null` with `suppressed: true` everywhere (see api/schemas/reports.py).
"""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session

from api.services import review
from api.services.reports import suppress_breakdown
from matcher.encoder import Encoder
from models.enums import ReasonCode, Role
from models.organization import User
from models.privacy.tools import PrivacyTools
from tests.api.clients import signed_in
from tests.catalog_factories import add_job
from tests.factories import make_profile, make_recommendation, make_user, principal_for

URL = "/reports/summary"
BREAKDOWNS = {
    "profiles_by_month",
    "recommendations_by_status",
    "recommendations_by_month",
    "approvals_by_reason",
    "rejections_by_reason",
    "outcomes",
}
WITHHELD = {"count": None, "suppressed": True}


def shown(n: int) -> dict[str, Any]:
    return {"count": n, "suppressed": False}


# --- the suppression rule, on its own ----------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "withheld"),
    [
        ({"a": 5, "b": 9}, set()),
        ({"a": 10, "b": 3, "c": 2}, {"b", "c"}),  # two withheld: the total does not single either out
        ({"a": 10, "b": 7, "c": 2}, {"b", "c"}),  # one withheld: the next-smallest goes with it
        ({"a": 10, "b": 3}, {"a", "b"}),
        ({"a": 0, "b": 6, "c": 1, "d": 8}, {"b", "c"}),  # a zero reveals no one and does not protect
        ({"a": 3}, {"a"}),  # a total under 5 withholds every cell
        ({"a": 2, "b": 1}, {"a", "b"}),
    ],
)
def test_req15_small_counts_and_their_complement_are_withheld(counts: dict[str, int], withheld: set[str]) -> None:
    out = suppress_breakdown(counts)
    assert {k for k, cell in out["cells"].items() if cell["suppressed"]} == withheld
    for key, cell in out["cells"].items():
        assert cell == (WITHHELD if key in withheld else shown(counts[key]))


def test_req15_zero_is_shown() -> None:
    assert suppress_breakdown({}) == {"total": shown(0), "cells": {}}
    assert suppress_breakdown({"a": 0, "b": 7})["cells"] == {"a": shown(0), "b": shown(7)}


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(min_value=0, max_value=30)))
def test_req15_no_small_count_is_shown_or_derivable_from_the_total(counts: dict[str, int]) -> None:
    out = suppress_breakdown(counts)
    cells = [out["total"], *out["cells"].values()]
    assert all((c["count"] is None) == c["suppressed"] for c in cells)
    assert not any(c["count"] is not None and 0 < c["count"] < 5 for c in cells)
    hidden = [k for k, c in out["cells"].items() if c["suppressed"]]
    if out["total"]["count"] is not None:
        # Subtracting the shown cells from the total gives only the sum of two or more hidden cells.
        assert len(hidden) != 1
        assert out["total"]["count"] == sum(counts.values())


# --- the endpoint ------------------------------------------------------------------------------


@pytest.fixture
def caseworker(session: Session) -> User:
    return make_user(session)


def seed_agency(session: Session, encoder: Encoder, privacy: PrivacyTools, caseworker: User) -> set[str]:
    """7 profiles x 3 jobs = 21 recommendations: 6 approved, 2 rejected, 13 left proposed."""
    jobs = [add_job(session, encoder, title=t) for t in ("Warehouse Associate", "Line Cook", "Forklift Operator")]
    profiles = [make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id) for _ in range(7)]
    recs = [
        make_recommendation(session, profile=p, actor=caseworker, job_posting_id=j.id) for p in profiles for j in jobs
    ]
    me = principal_for(caseworker)
    for rec in recs[:6]:
        review.decide(session, me, rec.id or 0, review.Decision("approve"), privacy)
    for rec in recs[6:8]:
        review.decide(session, me, rec.id or 0, review.Decision("reject", ReasonCode.NOT_A_FIT), privacy)
    return {p.pseudonym for p in profiles}


def cells_of(body: dict[str, Any]) -> list[dict[str, Any]]:
    out = [body["profiles"]]
    for name in BREAKDOWNS:
        out += [body[name]["total"], *body[name]["cells"].values()]
    return out


def test_req15_summary_is_aggregates_only_with_small_counts_withheld(
    app: FastAPI, session: Session, encoder: Encoder, privacy: PrivacyTools, caseworker: User
) -> None:
    pseudonyms = seed_agency(session, encoder, privacy, caseworker)
    other_agency = make_user(session)
    for _ in range(3):
        make_profile(session, org_id=other_agency.org_id, created_by=other_agency.id)

    response = signed_in(app, caseworker).get(URL)

    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"].startswith("no-store")
    body = response.json()
    assert set(body) == {"min_reported_count", "profiles", *BREAKDOWNS}
    assert body["min_reported_count"] == 5
    for name in BREAKDOWNS:
        assert set(body[name]) == {"total", "cells"}
    # Every value is a count cell: no identifiers, no per-person rows, no small number in sight.
    for cell in cells_of(body):
        assert set(cell) == {"count", "suppressed"}
        assert cell["count"] is None or (isinstance(cell["count"], int) and not 0 < cell["count"] < 5)
    assert not [p for p in pseudonyms if p in response.text]
    assert caseworker.email not in response.text

    assert body["profiles"] == shown(7)  # the other agency's 3 are not counted
    assert list(body["profiles_by_month"]["cells"].values()) == [shown(7)]
    assert body["recommendations_by_month"]["total"] == shown(21)
    status = body["recommendations_by_status"]
    assert status["total"] == shown(21)
    # rejected (2) is withheld, so approved (6, the next-smallest) is withheld with it.
    assert status["cells"] == {"proposed": shown(13), "approved": WITHHELD, "rejected": WITHHELD}
    assert body["approvals_by_reason"] == {"total": shown(6), "cells": {"good_fit": shown(6)}}
    assert body["rejections_by_reason"] == {"total": WITHHELD, "cells": {"not_a_fit": WITHHELD}}
    assert body["outcomes"] == {"total": shown(0), "cells": {}}


def test_req15_small_organization_sees_its_total_withheld(app: FastAPI, session: Session, caseworker: User) -> None:
    for _ in range(3):
        make_profile(session, org_id=caseworker.org_id, created_by=caseworker.id)
    body = signed_in(app, caseworker).get(URL).json()
    assert body["profiles"] == WITHHELD
    assert body["profiles_by_month"]["total"] == WITHHELD
    assert all(cell == WITHHELD for cell in body["profiles_by_month"]["cells"].values())


def test_req15_only_the_organizations_caseworkers_and_admins_read_reports(
    app: FastAPI, session: Session, caseworker: User
) -> None:
    admin = make_user(session, role=Role.ADMIN, org_id=caseworker.org_id)
    assert signed_in(app, admin).get(URL).status_code == 200
    assert signed_in(app, caseworker).get(URL).status_code == 200
    for role in (Role.EMPLOYER, Role.EDUCATION_PARTNER):
        refused = signed_in(app, make_user(session, role=role)).get(URL)
        assert refused.status_code == 403, role
        assert "count" not in refused.text
    assert TestClient(app).get(URL).status_code == 401
