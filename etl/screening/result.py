"""What the screener returns: rule hits with their evidence, and the hold decision."""

from dataclasses import dataclass, field
from enum import StrEnum


class Family(StrEnum):
    """Rule families: the ILO's eleven forced-labour indicators, the trade markers the issue names,
    and the scam signals of shared/reference/red-flags.md. A family is what staff clear."""

    # ILO Indicators of Forced Labour (2012), in the ILO's order.
    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    DECEPTION = "deception"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement"
    ISOLATION = "isolation"
    PHYSICAL_SEXUAL_VIOLENCE = "physical_sexual_violence"
    INTIMIDATION_THREATS = "intimidation_threats"
    DOCUMENT_RETENTION = "document_retention"
    WITHHOLDING_OF_WAGES = "withholding_of_wages"
    DEBT_BONDAGE = "debt_bondage"
    ABUSIVE_CONDITIONS = "abusive_conditions"
    EXCESSIVE_OVERTIME = "excessive_overtime"
    # Trade markers (Polaris typology; red-flags.md).
    COMMERCIAL_SEX = "commercial_sex"
    SALES_CREW = "sales_crew"
    OVERSEAS_RECRUITMENT = "overseas_recruitment"
    # Recruitment and scam signals (red-flags.md items 1, 3, 4, 6-10, 12).
    WORKER_FEES = "worker_fees"
    HOUSING_TRANSPORT = "housing_transport"
    TRAVEL_VISA = "travel_visa"
    CASH_PAY = "cash_pay"
    EMPLOYER_IDENTITY = "employer_identity"
    MESSAGING_CONTACT = "messaging_contact"
    URGENCY_NO_INTERVIEW = "urgency_no_interview"
    PERSONAL_DATA_EARLY = "personal_data_early"
    HIGH_RISK_SECTOR = "high_risk_sector"


ILO_FAMILIES = (
    Family.ABUSE_OF_VULNERABILITY,
    Family.DECEPTION,
    Family.RESTRICTION_OF_MOVEMENT,
    Family.ISOLATION,
    Family.PHYSICAL_SEXUAL_VIOLENCE,
    Family.INTIMIDATION_THREATS,
    Family.DOCUMENT_RETENTION,
    Family.WITHHOLDING_OF_WAGES,
    Family.DEBT_BONDAGE,
    Family.ABUSIVE_CONDITIONS,
    Family.EXCESSIVE_OVERTIME,
)

# Where rule wording comes from; every rule cites one or more of these.
ILO = "ILO Indicators of Forced Labour (2012)"
POLARIS = "Polaris, The Typology of Modern Slavery (2017)"
FAR = "FAR 52.222-50"
IC3 = "FBI/IC3 employment-scam warnings"


def red_flag(item: int) -> str:
    return f"red-flags.md item {item}"


@dataclass(frozen=True)
class RuleHit:
    """One rule firing: what a caseworker sees, with the words to highlight."""

    rule_id: str
    family: Family
    indicator: str  # plain-words name of the indicator
    field: str  # JobPostingIn field the evidence is in
    evidence: str  # exact words (or field value) that fired
    start: int  # offsets of `evidence` within that field's text
    end: int
    source: str = ""  # where the rule's wording comes from
    # A weak hit is one ambiguous signal ("housing provided", "in Europe"): it holds a posting
    # only beside a signal of another family.
    weak: bool = False

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for `JobPosting.screening`."""
        # Built directly, in field order: dataclasses.asdict deep-copies every value, ~4x slower, and every
        # hit of every imported record goes through here.
        return {
            "rule_id": self.rule_id,
            "family": self.family.value,
            "indicator": self.indicator,
            "field": self.field,
            "evidence": self.evidence,
            "start": self.start,
            "end": self.end,
            "source": self.source,
            "weak": self.weak,
        }


@dataclass
class ScreeningResult:
    hits: list[RuleHit] = field(default_factory=list)
    hold: bool = False  # keep out of recommendations until staff clear it
    priority: int = 0  # review order for staff: higher first

    @property
    def families(self) -> set[Family]:
        return {hit.family for hit in self.hits}

    @property
    def hold_families(self) -> set[Family]:
        """Families that count towards a hold (sector never does)."""
        return {hit.family for hit in self.hits} - {Family.HIGH_RISK_SECTOR}
