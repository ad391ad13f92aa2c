"""screen(): run every rule over a posting and decide hold and review priority."""

from etl.screening.field_rules import (
    contact_hits,
    employer_identity_hits,
    hours_field_hits,
    pay_vs_wage_hits,
    sector_field_hits,
)
from etl.screening.phrase_rules import PHRASE_RULES
from etl.screening.result import Family, RuleHit, ScreeningResult
from etl.screening.text_index import SentenceIndex, lower_same_length
from etl.screening.wages import WageLookup
from models.job_posting import JobPostingIn

# Free-text fields the phrase rules read; offsets in hits refer to these.
TEXT_FIELDS = ("title", "description", "contact_text", "work_hours_text", "qualifications")

# Each distinct non-sector family adds this much to review priority; a sector adds
# less, so sector-only postings wait behind any held one.
FAMILY_WEIGHT = 10
SECTOR_WEIGHT = 3


def phrase_hits(posting: JobPostingIn) -> list[RuleHit]:
    hits: list[RuleHit] = []
    for field_name in TEXT_FIELDS:
        text = getattr(posting, field_name) or ""
        if not text:
            continue
        lowered = lower_same_length(text)
        index = SentenceIndex.build(lowered)
        for rule in PHRASE_RULES:
            hits.extend(rule.find(field_name, text, lowered, index))
    return hits


def screen(posting: JobPostingIn, wages: WageLookup | None = None) -> ScreeningResult:
    """Screen one posting: every hit with its evidence, hold if any non-sector rule fired."""
    hits = [
        *phrase_hits(posting),
        *employer_identity_hits(posting),
        *contact_hits(posting),
        *hours_field_hits(posting),
        *pay_vs_wage_hits(posting, wages),
        *sector_field_hits(posting),
    ]
    hold_families = {hit.family for hit in hits} - {Family.HIGH_RISK_SECTOR}
    sector = any(hit.family is Family.HIGH_RISK_SECTOR for hit in hits)
    priority = FAMILY_WEIGHT * len(hold_families) + (SECTOR_WEIGHT if sector else 0)
    return ScreeningResult(hits=hits, hold=bool(hold_families), priority=priority)
