"""The caseworker's match card shows what the posting requires of applicants (issue 14)."""

from typing import Any

from api.web.templating import templates


def _card(explanation: dict[str, Any]) -> str:
    rec = {
        "id": 7,
        "rank": 1,
        "title": "Division Chief (Engineering)",
        "organization": "United States Army Futures Command",
        "status": "proposed",
        "item_kind": "job",
        "item_status": "active",
        "changed_since_approved": False,
        "changes": [],
        "explanation": explanation,
        "last_reason_code": None,
        "survivor_response": None,
    }
    template = templates.env.get_template("cw/_recommendation.html")
    # The card's labels come from the caseworker page, as when the page renders it.
    from api.web.routes_caseworker import CARD_LABELS

    return template.render(
        rec=rec, profile_pseudonym="p1", csrf_field="csrf", csrf_token="t", **{**CARD_LABELS, "reasons": []}
    )


def test_match_card_shows_citizenship_and_clearance_requirements() -> None:
    line = "U.S. citizenship required; security clearance required (Secret)."
    html = _card({"pay": "Pay $64.78/hour.", "eligibility": line})
    assert f'<p class="eligibility"><strong>What the posting requires</strong>: {line}</p>' in html


def test_match_card_without_requirements_has_no_eligibility_line() -> None:
    assert 'class="eligibility"' not in _card({"pay": "Pay $20.00/hour."})
