"""What the screener returns: rule hits with their evidence, and the hold decision."""

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Family(StrEnum):
    """The twelve indicator families of shared/reference/red-flags.md, in its order."""

    WORKER_FEES = "worker_fees"
    DOCUMENT_RETENTION = "document_retention"
    HOUSING_TRANSPORT = "housing_transport"
    TRAVEL_VISA = "travel_visa"
    PAY_ABOVE_MARKET = "pay_above_market"
    CASH_OR_WITHHELD_PAY = "cash_or_withheld_pay"
    EMPLOYER_IDENTITY = "employer_identity"
    MESSAGING_CONTACT = "messaging_contact"
    URGENCY_NO_INTERVIEW = "urgency_no_interview"
    PERSONAL_DATA_EARLY = "personal_data_early"
    HOURS_MOVEMENT = "hours_movement"
    HIGH_RISK_SECTOR = "high_risk_sector"


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

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form for `JobPosting.screening`."""
        data = asdict(self)
        data["family"] = self.family.value
        return data


@dataclass
class ScreeningResult:
    hits: list[RuleHit] = field(default_factory=list)
    hold: bool = False  # any non-sector rule fired: keep out of recommendations
    priority: int = 0  # review order for staff: higher first

    @property
    def families(self) -> set[Family]:
        return {hit.family for hit in self.hits}
