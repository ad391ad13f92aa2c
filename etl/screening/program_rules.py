"""Screening of training programs: the lures of fee-charging sham schools.

A sham school recruits with a "placement" or "recruitment" fee or a deposit that holds a job or a visa,
a guaranteed job or visa at the end, keeps the student's passport, or is reachable only on a messaging
app. Ordinary tuition, registration and exam fees are what a real school charges, so the posting rules
that fire on any named fee (fees.named_fee, fees.deposit) are not used here; the rules that mean the same
for a school as for an employer are reused by id, with the same machinery (PhraseRule, negation,
reassurance), and the program-only rules are below.
"""

from etl.screening.field_rules import contact_hits
from etl.screening.phrase_rule import PhraseRule, rx, words
from etl.screening.phrase_rules import PHRASE_RULES
from etl.screening.result import Family, RuleHit, ScreeningResult
from etl.screening.screener import FAMILY_WEIGHT
from etl.screening.text_index import SentenceIndex, lower_same_length
from models.job_posting import JobPostingIn
from models.program import ProgramIn

# Free-text fields of a program the phrase rules read; hit offsets refer to these.
PROGRAM_TEXT_FIELDS = ("name", "description", "prerequisites")

# Posting rules that mean the same for a program (ids from etl/screening/phrase_rules.py).
SHARED_RULE_IDS = (
    "debt.repaid_from_wages",
    "debt.work_off",
    "fees.money_through_worker",
    "documents.held_by_employer",
    "travel.visa_arranged",
)

_SCHOOL_PAYS = rx(
    r"""\b(?:at\s+no\s+(?:cost|charge)|free(?:\s+of\s+charge)?|no\s+(?:cost|charge)|
    (?:we|the\s+(?:school|college|program)|employers?)\s+(?:will\s+)?(?:pay|pays|cover|covers)\b)"""
)

PROGRAM_ONLY = [
    PhraseRule(
        "program.placement_fee",
        Family.WORKER_FEES,
        "Student pays a placement, recruitment, visa or agency fee",
        rx(
            r"""\b(?:job\s+)?(?:placement|recruitment|recruiting|agency|visa|sponsorship|manning|
            employment\s+guarantee)\s+(?:\w+\s+)?(?:fees?|charges?|deposits?)\b"""
        ),
        reassurance=_SCHOOL_PAYS,
        anchors=words("fee fees charge charges deposit deposits"),
    ),
    PhraseRule(
        "program.deposit_holds_a_job",
        Family.WORKER_FEES,
        'A "deposit" that holds a job, placement or visa',
        rx(
            r"""\b(?:security|refundable|escrow|placement|job|visa)\s+deposits?\b
            |\bdeposit\b[^.;!?\n]{0,30}?\b(?:hold|holds|secure|secures|reserve|reserves|guarantee|guarantees)\s+
              (?:your\s+|a\s+|the\s+)?(?:job|placement|position|visa|spot\s+abroad)\b"""
        ),
        reassurance=_SCHOOL_PAYS,
        anchors=words("deposit deposits"),
    ),
    PhraseRule(
        "program.guaranteed_job",
        Family.DECEPTION,
        "A job, income or placement abroad guaranteed on completion",
        rx(
            r"""\b(?:guaranteed|guarantee\s+(?:you\s+)?(?:a|of)?)\s*(?:\w+\s+)?
              (?:job|jobs|employment|placement|position|income|salary|work\s+abroad)\b
            |\b(?:job|jobs|employment|placement)\b[^.;!?\n]{0,30}?\b(?:is\s+|are\s+)?guaranteed\b"""
        ),
        anchors=words("guaranteed guarantee"),
    ),
]


def _shared_rules() -> list[PhraseRule]:
    by_id = {rule.rule_id: rule for rule in PHRASE_RULES}
    missing = [rule_id for rule_id in SHARED_RULE_IDS if rule_id not in by_id]
    # Fail at import, not silently: a renamed posting rule would otherwise stop screening programs.
    if missing:
        raise RuntimeError(f"program screening reuses posting rules that no longer exist: {', '.join(missing)}")
    return [by_id[rule_id] for rule_id in SHARED_RULE_IDS]


PROGRAM_RULES: list[PhraseRule] = [*_shared_rules(), *PROGRAM_ONLY]


def _as_contact_record(program: ProgramIn) -> JobPostingIn:
    """The program's contact route in the shape the posting contact rule reads (url and description)."""
    return JobPostingIn(
        source=program.source,
        source_id=program.source_id,
        title=program.name,
        description=program.description,
        url=program.url,
        employer_name=program.provider_name,
    )


# A messaging app named in a course description is often the subject taught ("Instagram marketing",
# "signal processing"); for a program the contact rule counts only where the words are about reaching it.
_CONTACT_WORDS = rx(r"\b(?:only|contact|message|reach|apply|enrol|enroll|register|sign\s+up|dm|chat|text\s+us)\b")


def _about_contact(hit: RuleHit, program: ProgramIn) -> bool:
    text = (getattr(program, hit.field, None) or "").lower()
    start = max(text.rfind(".", 0, hit.start), text.rfind("\n", 0, hit.start)) + 1
    end = min((i for i in (text.find(".", hit.end), text.find("\n", hit.end)) if i >= 0), default=len(text))
    return bool(_CONTACT_WORDS.search(text, start, end))


def screen_program(program: ProgramIn) -> ScreeningResult:
    """Screen one program: every hit with its evidence; any hit holds it for staff."""
    hits: list[RuleHit] = []
    for field_name in PROGRAM_TEXT_FIELDS:
        text = getattr(program, field_name) or ""
        if not text:
            continue
        lowered = lower_same_length(text)
        index = SentenceIndex.build(lowered)
        for rule in PROGRAM_RULES:
            hits.extend(rule.find(field_name, text, lowered, index))
    hits.extend(hit for hit in contact_hits(_as_contact_record(program)) if _about_contact(hit, program))
    families = {hit.family for hit in hits}
    return ScreeningResult(hits=hits, hold=bool(families), priority=FAMILY_WEIGHT * len(families))
