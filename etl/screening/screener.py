"""screen(): run every rule over a posting and decide hold and review priority."""

from collections.abc import Iterable

from etl.screening.field_rules import (
    contact_hits,
    employer_identity_hits,
    hours_field_hits,
    pay_vs_wage_hits,
    sector_field_hits,
)
from etl.screening.phrase_rules import PHRASE_RULES
from etl.screening.result import FAR, ILO, POLARIS, Family, RuleHit, ScreeningResult, red_flag
from etl.screening.text_index import SentenceIndex, lower_same_length
from etl.screening.wages import WageLookup
from models.job_posting import JobPostingIn

# Free-text fields the phrase rules read; offsets in hits refer to these.
TEXT_FIELDS = ("title", "description", "contact_text", "work_hours_text", "qualifications")

# Each distinct holding family adds this much to review priority; a family seen only as weak
# signals adds less, and a sector least, so sector-only postings wait behind any held one.
FAMILY_WEIGHT = 10
WEAK_WEIGHT = 5
SECTOR_WEIGHT = 3
# Weak signals of this many distinct families together hold a posting.
WEAK_FAMILIES_TO_HOLD = 2
# Housing and travel paid by the employer are the ordinary package of lawful seasonal and overseas
# work (H-2A requires both; teach-abroad posts offer both): together they are one signal, not two.
RELOCATION = frozenset({Family.HOUSING_TRANSPORT, Family.TRAVEL_VISA})


def _rules_by_word() -> dict[str, tuple[int, ...]]:
    by_word: dict[str, list[int]] = {}
    for position, rule in enumerate(PHRASE_RULES):
        for word in rule.anchors:
            by_word.setdefault(word, []).append(position)
    return {word: tuple(positions) for word, positions in by_word.items()}


# Anchor word -> positions of the rules it wakes. A field's words pick its candidate rules in one
# set intersection, instead of every rule testing its own anchors (most fields wake a handful).
RULES_BY_WORD = _rules_by_word()
ANCHOR_WORDS = frozenset(RULES_BY_WORD)
# Positions of the rules that read the title and description as context: only they need that copy.
CONTEXT_RULES = frozenset(position for position, rule in enumerate(PHRASE_RULES) if rule.context is not None)


# Hits of the short fields a feed repeats from posting to posting (titles above all; contact, hours and
# qualification lines too), by (field, text): the hits of a field are a function of its text alone unless a
# context rule wakes, and then they are not kept. Descriptions are distinct, so they are never looked up.
# Bounded: emptied when full. The hits are frozen, so postings can share them.
_FIELD_HITS: dict[tuple[str, str], tuple[RuleHit, ...]] = {}
FIELD_HITS_KEPT = 4096


def phrase_hits(posting: JobPostingIn) -> list[RuleHit]:
    hits: list[RuleHit] = []
    whole = ""
    for field_name in TEXT_FIELDS:
        text = getattr(posting, field_name) or ""
        if not text:
            continue
        key = None if field_name == "description" else (field_name, text)
        if key is not None:
            known = _FIELD_HITS.get(key)
            if known is not None:
                hits.extend(known)
                continue
        lowered = lower_same_length(text)
        index = SentenceIndex.build(lowered)
        woken: set[int] = set()
        for word in index.words & ANCHOR_WORDS:
            woken.update(RULES_BY_WORD[word])
        field_hits: list[RuleHit] = []
        if woken:
            if not CONTEXT_RULES.isdisjoint(woken):
                key = None  # the hits depend on the title and description too
                if not whole:
                    # Lower-casing a copy of a long description for every posting cost more than the rule that
                    # reads it; a rule without context never looks at `whole`.
                    whole = lower_same_length(f"{posting.title}\n{posting.description}")
            for position in sorted(woken):  # rule order, as in PHRASE_RULES
                field_hits.extend(PHRASE_RULES[position].find(field_name, text, lowered, index, whole))
        if key is not None:
            if len(_FIELD_HITS) >= FIELD_HITS_KEPT:
                _FIELD_HITS.clear()
            _FIELD_HITS[key] = tuple(field_hits)
        hits.extend(field_hits)
    return hits


def overseas_recruitment_hits(hits: list[RuleHit]) -> list[RuleHit]:
    """A fee charged to the worker in a posting for work abroad: overseas recruitment with agency fees.

    Either signal alone is common (training fees, jobs in Canada); together they are the pattern of
    fee-charging foreign labour recruitment that ends in debt bondage. The evidence is the fee's words.
    """
    if any(hit.family is Family.OVERSEAS_RECRUITMENT for hit in hits):
        return []
    fee = next((hit for hit in hits if hit.family is Family.WORKER_FEES), None)
    abroad = any(hit.family is Family.TRAVEL_VISA for hit in hits)
    if fee is None or not abroad:
        return []
    return [
        RuleHit(
            "overseas.fee_and_travel",
            Family.OVERSEAS_RECRUITMENT,
            "Worker pays a fee for a job abroad or a visa",
            fee.field,
            fee.evidence,
            fee.start,
            fee.end,
            source=f"{POLARIS}; {ILO}: debt bondage; {FAR}; {red_flag(1)}; {red_flag(4)}",
        )
    ]


def decide(hits: Iterable[RuleHit]) -> tuple[bool, int]:
    """Hold and priority from the hits.

    Any strong hit of a non-sector family holds. A weak hit ("housing provided", "in Europe",
    "paid in cash") holds only beside a weak signal of another family (employer housing and travel
    count as one); a sector never holds, nor counts as a signal.
    """
    strong: set[Family] = set()
    weak: set[Family] = set()
    sector = False
    for hit in hits:
        if hit.family is Family.HIGH_RISK_SECTOR:
            sector = True
        elif hit.weak:
            weak.add(hit.family)
        else:
            strong.add(hit.family)
    weak_only = weak - strong
    signals = len(weak - RELOCATION) + (1 if weak & RELOCATION else 0)
    hold = bool(strong) or signals >= WEAK_FAMILIES_TO_HOLD
    priority = FAMILY_WEIGHT * len(strong) + WEAK_WEIGHT * len(weak_only) + (SECTOR_WEIGHT if sector else 0)
    return hold, priority


def screen(
    posting: JobPostingIn, wages: WageLookup | None = None, *, employer_verified: bool = False
) -> ScreeningResult:
    """Screen one posting: every hit with its evidence, and whether it is held.

    `employer_verified`: staff have checked the employer's legal name, address and tax id, so the
    identity rules are satisfied.
    """
    hits = [
        *phrase_hits(posting),
        *employer_identity_hits(posting, employer_verified=employer_verified),
        *contact_hits(posting),
        *hours_field_hits(posting),
        *pay_vs_wage_hits(posting, wages),
        *sector_field_hits(posting),
    ]
    hits.extend(overseas_recruitment_hits(hits))
    hold, priority = decide(hits)
    return ScreeningResult(hits=hits, hold=hold, priority=priority)
