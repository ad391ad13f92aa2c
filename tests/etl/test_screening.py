"""Posting screener: every rule fires on its red flag and stays quiet on its denial."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from etl.screening import Family, RuleHit, screen
from etl.screening.negation import is_denied
from etl.screening.phrase_rules import PHRASE_RULES
from etl.screening.screener import TEXT_FIELDS
from etl.screening.text_index import SentenceIndex, lower_same_length
from models.job_posting import JobPostingIn

LABELLED = Path(__file__).resolve().parents[2] / "bench" / "data" / "screening_labelled.jsonl"
HOLDOUT = Path(__file__).resolve().parents[2] / "bench" / "data" / "screening_v2" / "holdout.jsonl"


def make_posting(**overrides: Any) -> JobPostingIn:
    """A clean, identifiable posting; each test overrides only what it is about."""
    fields: dict[str, Any] = {
        "source": "test",
        "source_id": "1",
        "title": "Warehouse Associate",
        "employer_name": "Acme Logistics Inc",
        "url": "https://acme.example/jobs/1",
        "city": "Tacoma",
        "region": "WA",
        "description": "Pick and pack orders. Benefits from day one.",
    }
    fields.update(overrides)
    return JobPostingIn(**fields)


def hits_of(posting: JobPostingIn, rule_id: str, wages: Any = None) -> list[RuleHit]:
    return [hit for hit in screen(posting, wages).hits if hit.rule_id == rule_id]


@dataclass(frozen=True)
class Stats:
    median_hourly: float | None
    p90_hourly: float | None


class FakeWages:
    """Wage table stand-in that records what was looked up."""

    def __init__(self, table: dict[str, Stats]) -> None:
        self.table = table
        self.calls: list[tuple[str, str | None]] = []

    def lookup(self, soc: str, region: str | None = None) -> Stats | None:
        self.calls.append((soc, region))
        return self.table.get(soc)


# (rule id, description that must fire it, exact evidence)
PHRASE_POSITIVES = [
    # ILO 1. Abuse of vulnerability
    ("vulnerability.no_papers", "No papers needed, cash every day.", "No papers needed"),
    (
        "vulnerability.targets_desperation",
        "Just arrived? We can help with your papers.",
        "We can help with your papers",
    ),
    # ILO 2. Deception
    ("deception.guaranteed_high_pay", "Guaranteed income from day one.", "Guaranteed income"),
    (
        "deception.terms_on_arrival",
        "Your contract will be signed on arrival.",
        "contract will be signed on arrival",
    ),
    ("deception.visa_guaranteed", "Work visa guaranteed within 30 days.", "visa guaranteed"),
    # ILO 3. Restriction of movement
    ("movement.restricted", "Workers are not allowed to leave the site.", "not allowed to leave"),
    ("movement.restricted", "Do not leave the premises without a manager.", "Do not leave the premises"),
    # ILO 4. Isolation
    ("isolation.phones_taken", "Phones are collected at the start of each shift.", "Phones are collected"),
    ("isolation.phone_kept", "The family keeps your phone during the week.", "keeps your phone"),
    ("isolation.no_phones", "No phones. Live on the boat for the season.", "No phones"),
    ("isolation.remote_site", "Work at a remote mining camp.", "remote mining"),
    # ILO 5. Physical and sexual violence
    ("violence.physical_or_sexual", "Mistakes are punished physically.", "punished physically"),
    # ILO 6. Intimidation and threats
    (
        "threats.intimidation",
        "Workers who quit will be reported to immigration.",
        "reported to immigration",
    ),
    # ILO 7. Retention of identity documents
    ("documents.held_by_employer", "The employer keeps your passport during the contract.", "keeps your passport"),
    # ILO 8. Withholding of wages
    ("wages.withheld_until_end", "Your salary is paid at the end of the season.", "salary is paid at the end"),
    # ILO 9. Debt bondage
    ("debt.repaid_from_wages", "The advance is repaid from your wages.", "advance is repaid from your wages"),
    ("debt.work_off", "You work off the cost of your ticket.", "work off the cost"),
    # ILO 10. Abusive working and living conditions
    ("conditions.housing_deducted", "Bunkhouse rent is deducted from each paycheck.", "Bunkhouse rent is deducted"),
    ("conditions.degrading", "Workers sleep in the factory between shifts.", "sleep in the factory"),
    # ILO 11. Excessive overtime
    ("overtime.excessive_text", "Crews work 7 days a week during harvest.", "work 7 days a week"),
    ("overtime.excessive_text", "Up to 70 hours per week.", "70 hours per week"),
    ("overtime.every_day", "Be ready day and night.", "day and night"),
    # Commercial sex and illicit massage
    ("sex_trade.no_license_needed", "Massage therapist, no license needed.", "no license needed"),
    (
        "sex_trade.lives_at_business",
        "Housing above the business provided.",
        "Housing above the business",
    ),
    ("sex_trade.always_available", "Must be available 24/7.", "available 24/7"),
    ("sex_trade.age_appearance", "Young attractive ladies wanted.", "attractive ladies"),
    # Travelling sales crews; overseas recruitment with fees
    ("sales_crew.travelling", "Join our travelling sales crew.", "travelling sales crew"),
    (
        "overseas.fee_for_job_abroad",
        "Hotel jobs in Dubai, agency fee payable before departure.",
        "Dubai, agency fee",
    ),
    # Recruitment and scam signals (red-flags.md)
    ("fees.named_fee", "Candidates pay a $600 recruitment fee before departure.", "recruitment fee"),
    ("fees.worker_pays", "You must pay for your own visa.", "You must pay"),
    ("fees.deposit", "A refundable deposit of $300 holds your place.", "refundable deposit"),
    ("fees.purchase_required", "Buy the starter kit for $79 to begin.", "Buy the starter"),
    (
        "fees.deducted_costs",
        "Safety shoes are deducted from your first paycheck.",
        "shoes are deducted from your first paycheck",
    ),
    ("fees.money_through_worker", "We will mail you a check to buy equipment from our vendor.", "mail you a check"),
    ("housing.employer_housing", "Live-in position with the family.", "Live-in"),
    (
        "housing.employer_transport",
        "Transportation to the fields provided daily.",
        "Transportation to the fields provided",
    ),
    ("travel.visa_arranged", "Work permit processing handled by our agency.", "Work permit processing"),
    ("travel.paid_travel", "Your flight is paid by the company.", "flight is paid"),
    ("travel.abroad", "Factory work in Poland, apply now.", "work in Poland"),
    ("pay.cash", "Wages paid in cash every Friday.", "Wages paid in cash"),
    ("pay.crypto", "Salary paid in USDT every month.", "Salary paid in USDT"),
    ("urgency.no_interview", "No interview, you start Monday.", "No interview"),
    ("urgency.start_now", "Start today, positions fill fast.", "Start today"),
    ("data.requested_early", "Please send your SSN and bank account number to apply.", "send your SSN"),
    ("sector.high_risk_text", "Nanny for two children in Ballard.", "Nanny"),
]

# (rule id, description with the same words denied, reassured, or used lawfully)
PHRASE_NEGATIVES = [
    ("vulnerability.no_papers", "Papers are checked on your first day, as the law requires."),
    ("vulnerability.targets_desperation", "We help customers with their paperwork."),
    ("deception.guaranteed_high_pay", "Guaranteed hours and paid sick leave."),
    ("deception.terms_on_arrival", "Your contract is signed before you travel, in your language."),
    ("deception.visa_guaranteed", "No visa is guaranteed; the consulate decides."),
    ("movement.restricted", "You may leave the boat at any port call and are free to resign at any time."),
    ("isolation.phones_taken", "Phones may be used on breaks."),
    ("isolation.phone_kept", "We never take your phone."),
    ("isolation.no_phones", "No phones on the production floor; lockers outside."),
    ("isolation.remote_site", "Fully remote role, work from home anywhere in the US."),
    ("violence.physical_or_sexual", "We never use physical discipline of any kind."),
    ("threats.intimidation", "You are free to leave at any time, with no penalty."),
    ("documents.held_by_employer", "We never hold documents."),
    ("documents.held_by_employer", "We never hold your passport; you keep your own documents."),
    ("documents.held_by_employer", "I-9 employment eligibility verification required on your first day."),
    ("documents.held_by_employer", "Collect and scan visitor IDs at the front desk."),
    ("wages.withheld_until_end", "Wages are paid weekly, never held until the end of the season."),
    ("debt.repaid_from_wages", "Nothing is ever repaid from your wages."),
    ("debt.work_off", "Work off-site twice a week."),
    ("conditions.housing_deducted", "Room and board at no cost, nothing deducted from your pay."),
    ("conditions.degrading", "Rest breaks every two hours; no breaks in service for benefits."),
    ("overtime.excessive_text", "Our store is open 7 days a week; staff work five shifts. Overtime available."),
    ("overtime.excessive_text", "Three 12-hour shifts per week."),
    ("overtime.every_day", "Open seven days a week; choose your shifts."),
    ("sex_trade.no_license_needed", "State massage license required."),
    ("sex_trade.no_license_needed", "Warehouse work, no license needed for the pallet jack."),
    ("sex_trade.lives_at_business", "We never ask staff to live at the spa."),
    ("sex_trade.always_available", "Our 24/7 support center runs rotating shifts."),
    ("sex_trade.age_appearance", "Must be 18 or older."),
    ("sales_crew.travelling", "Our sales team works from the Tacoma office."),
    ("overseas.fee_for_job_abroad", "Jobs in Canada; the employer pays all agency fees."),
    ("fees.named_fee", "There are no placement fees."),
    ("fees.named_fee", "We pay your certification exam fees."),
    ("fees.worker_pays", "Families pay our fee; placement is free for nannies."),
    ("fees.worker_pays", "Employer pays all visa costs; workers pay nothing."),
    ("fees.deposit", "No cash payments; direct deposit every Friday."),
    ("fees.purchase_required", "Uniform provided at no cost; no portfolio purchase required."),
    ("fees.deducted_costs", "No fees are deducted from your pay."),
    ("fees.money_through_worker", "We will never send you a check to buy equipment."),
    ("housing.employer_housing", "Seasonal housing is available at no cost."),
    ("housing.employer_housing", "Check guests in and arrange accommodation for guests."),
    ("housing.employer_housing", "Applicants must live in the Seattle area. Relocation assistance available."),
    ("housing.employer_transport", "Company vehicle for deliveries."),
    ("housing.employer_transport", "No transportation provided."),
    ("travel.visa_arranged", "No visa processing is offered."),
    ("travel.paid_travel", "Flights are not provided."),
    ("travel.abroad", "Study abroad advisor for our university."),
    ("pay.cash", "Count the money in the cash register at the end of each shift."),
    ("pay.cash", "Cash tips are yours nightly; wages by direct deposit."),
    ("pay.crypto", "We build crypto wallets; salary by direct deposit."),
    ("urgency.no_interview", "We never hire without an interview."),
    ("urgency.start_now", "You do not need to start immediately."),
    ("data.requested_early", "We will never ask for your SSN before an offer."),
    ("data.requested_early", "Do not send your Social Security number by email."),
    ("data.requested_early", "Provide your bank account details after you accept the offer."),
    ("sector.high_risk_text", "Software engineer building simulation models."),
]


@pytest.mark.parametrize(("rule_id", "text", "evidence"), PHRASE_POSITIVES)
def test_phrase_rule_fires_with_evidence(rule_id: str, text: str, evidence: str) -> None:
    posting = make_posting(description=text)
    hits = hits_of(posting, rule_id)
    assert [hit.evidence for hit in hits] == [evidence]
    hit = hits[0]
    assert hit.field == "description"
    assert posting.description[hit.start : hit.end] == evidence


@pytest.mark.parametrize(("rule_id", "text"), PHRASE_NEGATIVES)
def test_phrase_rule_quiet_on_denial(rule_id: str, text: str) -> None:
    assert hits_of(make_posting(description=text), rule_id) == []


def test_every_phrase_rule_has_positive_and_negative_tests() -> None:
    rule_ids = {rule.rule_id for rule in PHRASE_RULES}
    assert rule_ids == {r for r, _, _ in PHRASE_POSITIVES}
    assert rule_ids == {r for r, _ in PHRASE_NEGATIVES}


@pytest.mark.parametrize(
    "text",
    [
        "No fees. We never charge fees.",
        "We never hold documents.",
        "Uniform provided at no cost.",
        "No cash payments; direct deposit.",
        "You keep your own documents.",
        "We will never ask for your SSN before an offer.",
        "I-9 employment eligibility verification required on your first day.",
        "Paid by direct deposit. Background check after conditional offer.",
        "Overtime available. Relocation assistance. Company vehicle for deliveries.",
    ],
)
def test_reassurances_and_lawful_hr_text_are_not_held(text: str) -> None:
    result = screen(make_posting(description=text))
    assert result.hits == []
    assert not result.hold


# --- field rules ---------------------------------------------------------------------


def test_placeholder_employer_fires() -> None:
    hits = hits_of(make_posting(employer_name="Confidential"), "identity.placeholder_employer")
    assert [(h.field, h.evidence) for h in hits] == [("employer_name", "Confidential")]


@pytest.mark.parametrize("name", ["Acme Logistics Inc", "Privateer Brewing"])
def test_real_employer_name_passes(name: str) -> None:
    assert hits_of(make_posting(employer_name=name), "identity.placeholder_employer") == []


def test_no_url_and_no_address_fires() -> None:
    posting = make_posting(url=None, city=None, region=None)
    hits = hits_of(posting, "identity.no_url_or_address")
    assert [h.evidence for h in hits] == ["Acme Logistics Inc"]


def test_no_url_with_address_passes() -> None:
    assert hits_of(make_posting(url=None), "identity.no_url_or_address") == []


def test_messaging_app_only_fires() -> None:
    posting = make_posting(url=None, contact_text="WhatsApp +1 555 0100")
    hits = hits_of(posting, "contact.messaging_app_only")
    assert [(h.field, h.evidence, h.start) for h in hits] == [("contact_text", "WhatsApp", 0)]


def test_messaging_app_beside_official_route_passes() -> None:
    posting = make_posting(
        description="Questions may also be sent via WhatsApp to our HR line.",
        contact_text="Apply at acme.example/careers or call HR",
    )
    assert hits_of(posting, "contact.messaging_app_only") == []


def test_personal_email_only_fires() -> None:
    posting = make_posting(url=None, contact_text="Email jobs.hiring22@gmail.com today")
    hits = hits_of(posting, "contact.personal_email_only")
    assert [h.evidence for h in hits] == ["jobs.hiring22@gmail.com"]


@pytest.mark.parametrize(
    ("url", "contact"),
    [(None, "Email jobs@acme-logistics.com"), ("https://acme.example/jobs/1", "jobs.hiring22@gmail.com")],
)
def test_company_email_or_website_passes(url: str | None, contact: str) -> None:
    assert hits_of(make_posting(url=url, contact_text=contact), "contact.personal_email_only") == []


def test_text_message_only_fires() -> None:
    hits = hits_of(make_posting(url=None, contact_text="Text 555-0100"), "contact.text_message_only")
    assert [h.evidence for h in hits] == ["Text"]


def test_call_or_text_passes() -> None:
    assert hits_of(make_posting(url=None, contact_text="Call or text 555-0100"), "contact.text_message_only") == []


def test_hours_field_over_60_fires_and_60_passes() -> None:
    assert [h.evidence for h in hits_of(make_posting(hours_per_week=72), "overtime.over_60_field")] == ["72"]
    assert hits_of(make_posting(hours_per_week=60), "overtime.over_60_field") == []


def test_pay_rule_uses_the_wage_table() -> None:
    wages = FakeWages({"53-7065": Stats(median_hourly=17.0, p90_hourly=23.0)})
    high = make_posting(occupation_code="53-7065", pay_min_hourly=45.0)
    hits = hits_of(high, "deception.above_local_wage", wages)
    assert [(h.field, h.evidence) for h in hits] == [("pay_min_hourly", "45")]
    assert wages.calls == [("53-7065", "WA")]
    fair = make_posting(occupation_code="53-7065", pay_min_hourly=30.0)  # < 2 x 17 and < 1.5 x 23
    assert hits_of(fair, "deception.above_local_wage", wages) == []


def test_pay_rule_is_silent_without_wage_table_or_known_occupation() -> None:
    high = make_posting(occupation_code="53-7065", pay_min_hourly=45.0)
    assert hits_of(high, "deception.above_local_wage") == []
    assert hits_of(high, "deception.above_local_wage", FakeWages({})) == []


def test_high_risk_soc_and_industry_fire_and_others_pass() -> None:
    soc = hits_of(make_posting(occupation_code="45-2092"), "sector.high_risk_soc")
    assert [h.evidence for h in soc] == ["45-2092"]
    industry = hits_of(make_posting(industry="Agriculture"), "sector.high_risk_industry")
    assert [h.evidence for h in industry] == ["Agriculture"]
    assert hits_of(make_posting(occupation_code="53-7065"), "sector.high_risk_soc") == []
    assert hits_of(make_posting(industry="Logistics"), "sector.high_risk_industry") == []


# --- hold and priority ---------------------------------------------------------------


def test_sector_only_posting_is_not_held_but_raises_priority() -> None:
    plain = screen(make_posting())
    farm = screen(
        make_posting(
            title="Farm Crew Member",
            occupation_code="45-2092",
            industry="Agriculture",
            description="Harvest vegetables on an organic farm. Paid time off and health insurance.",
        )
    )
    assert farm.families == {Family.HIGH_RISK_SECTOR}
    assert not farm.hold
    assert farm.priority > plain.priority == 0


def test_any_strong_non_sector_hit_holds_and_outranks_sector_only() -> None:
    sector_only = screen(make_posting(occupation_code="45-2092"))
    held = screen(make_posting(occupation_code="45-2092", description="The crew boss keeps your passport."))
    assert held.hold
    assert held.priority > sector_only.priority


def test_hit_to_dict_is_json_ready() -> None:
    hit = screen(make_posting(description="The employer keeps your passport.")).hits[0]
    data = json.loads(json.dumps(hit.to_dict()))
    assert data == {
        "rule_id": "documents.held_by_employer",
        "family": "document_retention",
        "indicator": hit.indicator,
        "field": "description",
        "evidence": "keeps your passport",
        "start": 13,
        "end": 32,
        "source": "ILO Indicators of Forced Labour (2012): retention of identity documents; red-flags.md item 2; "
        "FAR 52.222-50",
        "weak": False,
    }


def test_evidence_offsets_survive_non_ascii_text() -> None:
    # "İ" lower-cases to two characters; offsets must still point into the original text.
    text = "İstanbul office. Paid in cash weekly."
    hit = hits_of(make_posting(description=text), "pay.cash")[0]
    assert text[hit.start : hit.end] == hit.evidence == "Paid in cash"


# --- the speed shortcut must not change results ---------------------------------------


def test_sentence_gating_finds_the_same_hits_as_scanning_every_sentence() -> None:
    """Rules only scan sentences holding one of their anchor words; scanning all must agree."""
    lines = [*LABELLED.read_text().splitlines(), *HOLDOUT.read_text().splitlines()]
    records = [json.loads(line) for line in lines if line.strip()]
    phrase_ids = {rule.rule_id for rule in PHRASE_RULES}
    for record in records:
        posting = JobPostingIn.model_validate(record["posting"])
        gated = {(h.rule_id, h.field, h.start) for h in screen(posting).hits if h.rule_id in phrase_ids}
        every: set[tuple[str, str, int]] = set()
        for field_name in TEXT_FIELDS:
            lowered = lower_same_length(getattr(posting, field_name) or "")
            index = SentenceIndex.build(lowered)
            spans = [(index.ends[i - 1] if i else 0, end) for i, end in enumerate(index.ends)]
            whole = lower_same_length(f"{posting.title}\n{posting.description}")
            for rule in PHRASE_RULES:
                # The same posting-level conditions as the rule itself: a second word in the field,
                # and the context ("no license needed" in a licensed trade).
                if rule.also and not rule.also & index.words:
                    continue
                if rule.context is not None and not rule.context.search(whole):
                    continue
                for start, end in spans:
                    for match in rule.pattern.finditer(lowered, start, end):
                        span = match.span()
                        if not is_denied(lowered, *span, negatable=rule.negatable, reassurance=rule.reassurance):
                            every.add((rule.rule_id, field_name, span[0]))
        assert gated == every, record["id"]
