"""Screening v2 (issue 16): every forced-labour indicator, trade markers, precision on real text,
and employer identity from every field."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalize.jobs_jsonld import job_from_jsonld
from etl.screening import Family, screen
from etl.screening.phrase_rules import PHRASE_RULES
from etl.screening.result import ILO_FAMILIES
from models.job_posting import JobPostingIn


def posting(**overrides: Any) -> JobPostingIn:
    """An identifiable posting (website and address); each test overrides what it is about."""
    fields: dict[str, Any] = {
        "source": "test",
        "source_id": "1",
        "title": "General Worker",
        "employer_name": "Harbor Works LLC",
        "url": "https://harbor.example/jobs/1",
        "city": "Tacoma",
        "region": "WA",
        "description": "Ordinary duties.",
    }
    fields.update(overrides)
    return JobPostingIn(**fields)


def test_massage_no_license_housing_above_business_is_held() -> None:
    """The posting that reached a ranked list in issue 16."""
    result = screen(
        posting(
            title="Massage therapist",
            description=(
                "Massage therapist, no license needed. Housing above the business provided. "
                "Do not leave the premises without a manager."
            ),
        )
    )
    assert result.hold
    strong = {(hit.family, hit.evidence) for hit in result.hits if not hit.weak}
    assert strong - {(Family.HIGH_RISK_SECTOR, "Massage therapist")} == {
        (Family.COMMERCIAL_SEX, "no license needed"),
        (Family.COMMERCIAL_SEX, "Housing above the business"),
        (Family.RESTRICTION_OF_MOVEMENT, "Do not leave the premises"),
    }


# family -> (a posting sentence with the indicator, the same words denied or used lawfully)
ILO_EXAMPLES: dict[Family, tuple[str, str]] = {
    Family.ABUSE_OF_VULNERABILITY: (
        "No papers needed, undocumented welcome.",
        "Papers are checked on your first day, as the law requires.",
    ),
    Family.DECEPTION: (
        "Your salary and duties will be explained on arrival.",
        "Your salary and duties are in the contract you sign before you travel.",
    ),
    Family.RESTRICTION_OF_MOVEMENT: (
        "Workers must stay on the compound until the contract ends.",
        "Workers are free to come and go; the compound is open.",
    ),
    Family.ISOLATION: (
        "Phones are collected on arrival and returned at the end of the season.",
        "Phones may be used on breaks and after shifts.",
    ),
    Family.PHYSICAL_SEXUAL_VIOLENCE: (
        "Mistakes are punished physically.",
        "We never use physical punishment; harassment is reported to HR.",
    ),
    Family.INTIMIDATION_THREATS: (
        "Anyone who quits early will be reported to immigration.",
        "You may quit at any time with no penalty.",
    ),
    Family.DOCUMENT_RETENTION: (
        "The agency keeps your passport during the contract.",
        "We never hold your documents.",
    ),
    Family.WITHHOLDING_OF_WAGES: (
        "Wages are held until the end of the season.",
        "Wages are paid every Friday by direct deposit.",
    ),
    Family.DEBT_BONDAGE: (
        "You work off the cost of your ticket in the first months.",
        "We pay for your ticket; nothing is repaid.",
    ),
    Family.ABUSIVE_CONDITIONS: (
        "Workers sleep in the factory between shifts.",
        "Rest breaks every two hours and a clean break room.",
    ),
    Family.EXCESSIVE_OVERTIME: (
        "Shifts are 14 hours a day with no days off.",
        "Three 12-hour shifts per week, four days off.",
    ),
}


def test_every_ilo_indicator_is_a_family_with_an_example() -> None:
    assert set(ILO_EXAMPLES) == set(ILO_FAMILIES)
    assert len(ILO_FAMILIES) == 11


@pytest.mark.parametrize("family", ILO_FAMILIES, ids=lambda f: f.value)
def test_ilo_family_holds_its_indicator(family: Family) -> None:
    result = screen(posting(description=ILO_EXAMPLES[family][0]))
    assert family in result.families
    assert result.hold


@pytest.mark.parametrize("family", ILO_FAMILIES, ids=lambda f: f.value)
def test_ilo_family_stays_clean_on_its_denial(family: Family) -> None:
    result = screen(posting(description=ILO_EXAMPLES[family][1]))
    assert family not in result.families
    assert not result.hold


@pytest.mark.parametrize(
    ("family", "text"),
    [
        (Family.COMMERCIAL_SEX, "Spa therapist wanted, no license needed, we train."),
        (Family.COMMERCIAL_SEX, "Staff live above the spa."),
        (Family.COMMERCIAL_SEX, "Pretty girls aged 18-25 wanted, send full body photos."),
        (Family.SALES_CREW, "Travel the country selling magazine subscriptions with our crew."),
        (Family.OVERSEAS_RECRUITMENT, "Factory work in Poland. Processing fee $900 before your visa is filed."),
    ],
)
def test_trade_markers_hold(family: Family, text: str) -> None:
    result = screen(posting(description=text))
    assert family in result.families
    assert result.hold


def test_every_rule_names_its_indicator_and_cites_a_source() -> None:
    for rule in PHRASE_RULES:
        assert rule.indicator, rule.rule_id
        assert rule.anchors, rule.rule_id  # a rule runs only when one of its anchor words is present
        assert any(s in rule.source for s in ("ILO", "Polaris", "red-flags.md", "FAR", "IC3")), rule.rule_id
    families_with_rules = {rule.family for rule in PHRASE_RULES}
    assert set(ILO_FAMILIES) <= families_with_rules
    assert {Family.COMMERCIAL_SEX, Family.SALES_CREW, Family.OVERSEAS_RECRUITMENT} <= families_with_rules


# --- precision on real text -------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "Cashier", "description": "Count the money in the cash register at the start and end of each shift."},
        {"title": "Hotel Receptionist", "description": "Check guests in and arrange accommodation for guests."},
        {"title": "Project Engineer", "description": "Work with our partner offices in Europe."},
        {"title": "Study Abroad Advisor", "description": "Advise students on study abroad programs."},
        {
            "title": "Traffic Signal Technician",
            "description": "Repair traffic signal controllers.",
            "contact_text": "Questions: Signal Shop supervisor, 555-0134",
            "url": None,
        },
        {"title": "Data Scientist", "description": "Build simulation models of traffic flow."},
    ],
    ids=["cash-register", "arrange-accommodation", "in-europe", "study-abroad", "signal-contact", "simulation-models"],
)
def test_issue_16_false_holds_stay_clean(fields: dict[str, Any]) -> None:
    result = screen(posting(**fields))
    assert not result.hold
    assert result.hits == []


def test_single_ambiguous_signal_needs_a_second_signal() -> None:
    housing = "Housing provided on the farm."
    assert not screen(posting(description=housing)).hold
    assert not screen(posting(description="Jobs in Europe for engineers.")).hold
    assert not screen(posting(description="Tips and wages paid in cash weekly.")).hold
    # Employer housing and travel abroad are the ordinary relocation package: one signal together.
    assert not screen(posting(description=f"{housing} Work in Canada for the season.")).hold
    held = screen(posting(description=f"{housing} Paid in cash weekly."))
    assert held.hold
    assert {Family.HOUSING_TRANSPORT, Family.CASH_PAY} <= held.families
    assert all(hit.weak for hit in held.hits)


# Text a lawful posting of a high-risk sector may carry; a sector never holds on its own.
SECTOR_TEXT = [
    "Nanny for two children.",
    "Farm crew for the apple harvest.",
    "Licensed massage therapist for our clinic.",
    "Fashion models wanted for a catalog shoot through our agency.",
    "Hostess for our family restaurant.",
    "Door-to-door sales in your own neighborhood.",
    "Live-in caregiver with a private room.",
]
SECTOR_SOCS = [None, "45-2092", "31-9011", "41-9012", "39-9011", "35-9031", "41-9091"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SECTOR_TEXT), min_size=1, max_size=4),
    st.sampled_from(SECTOR_SOCS),
    st.sampled_from([None, "Agriculture", "Household", "Spa"]),
)
def test_sector_alone_never_holds(sentences: list[str], soc: str | None, industry: str | None) -> None:
    result = screen(posting(description=" ".join(sentences), occupation_code=soc, industry=industry))
    assert not result.hold


INDICATORS = [text for text, _ in ILO_EXAMPLES.values()]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SECTOR_TEXT), max_size=3),
    st.sampled_from(INDICATORS),
    st.integers(min_value=0, max_value=3),
)
def test_an_indicator_holds_whatever_lawful_text_surrounds_it(lawful: list[str], indicator: str, at: int) -> None:
    sentences = list(lawful)
    sentences.insert(min(at, len(sentences)), indicator)
    assert screen(posting(description=" ".join(sentences))).hold


# --- evidence from every field -------------------------------------------------------------------


def _jsonld(organization: dict[str, Any], refs: dict[str, dict[str, Any]] | None = None) -> JobPostingIn:
    node = {
        "@type": "JobPosting",
        "identifier": "j-1",
        "title": "Line Cook",
        "description": "Prep and cook to recipe.",
        "hiringOrganization": organization,
    }
    return job_from_jsonld(node, refs or {}, "test")


def test_employer_website_in_sameas_counts_as_a_website() -> None:
    record = _jsonld({"@type": "Organization", "name": "Harbor Kitchen", "sameAs": "https://harbor-kitchen.example"})
    assert record.url is None and record.city is None
    assert record.employer_url == "https://harbor-kitchen.example"
    assert [h for h in screen(record).hits if h.family is Family.EMPLOYER_IDENTITY] == []


def test_employer_identity_read_from_the_organization_node() -> None:
    org = {
        "@id": "#org",
        "@type": "Organization",
        "name": "Harbor Kitchen",
        "url": "https://harbor-kitchen.example/",
        "taxID": "91-1234567",
        "address": {"@type": "PostalAddress", "streetAddress": "1 Pier Rd", "addressLocality": "Tacoma"},
    }
    record = _jsonld({"@id": "#org"}, {"#org": org})
    assert (record.employer_url, record.employer_tax_id, record.employer_address) == (
        "https://harbor-kitchen.example/",
        "91-1234567",
        "1 Pier Rd, Tacoma",
    )


@pytest.mark.parametrize(
    ("extra", "verified"),
    [
        ({"employer_tax_id": "91-1234567"}, False),
        ({"employer_address": "1 Pier Rd, Tacoma"}, False),
        ({"employer_url": "https://harbor.example"}, False),
        ({}, True),
    ],
    ids=["tax-id", "address", "organization-website", "staff-verified"],
)
def test_identity_evidence_from_tax_id_address_website_or_verification(extra: dict[str, Any], verified: bool) -> None:
    bare = posting(url=None, city=None, region=None, **extra)
    hits = screen(bare, employer_verified=verified).hits
    assert [h.rule_id for h in hits if h.family is Family.EMPLOYER_IDENTITY] == []
    nothing = posting(url=None, city=None, region=None)
    assert [h.rule_id for h in screen(nothing).hits] == ["identity.no_url_or_address"]
