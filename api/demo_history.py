"""`wayfinder demo --history`: a year of synthetic casework for the demo agency, so the results report,
the dashboard and the fairness monitors have something to show on `make run`.

Time moves with a `FrozenClock`, one day at a time, from a year ago to yesterday. Each day: new intakes
(through the intake's own cleaning seam, `profiles.profile_fields`), ranked by the real matcher against the
loaded catalog; then what the plan says happens that day: caseworker approvals and rejections (with a reason
of the item's kind), shares, the person's answers, follow-ups recorded or missed, and outcome stages. Rows
are written through the repositories the services use, in the order the services write them (decision row
first, then the status: the `recommendation_gate` trigger checks it), stamped with the simulated time.

Two halves: `plan_person` is pure (a seeded random plan of one person's year, given their ranked items), so
its invariants are property-tested without a database; `HistoryWriter` applies plans day by day.

Audit events are written as the services write them, at the real time of writing (the audit log records
when a row was written and the application never dates it), with the simulated time in `detail`.
Synthetic data only: no names, labels "demo 001"...; rates are in docs/demo-history.md.
"""

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal

from sqlmodel import Session
from threadpoolctl import threadpool_limits

from api.resources import Resources
from api.schemas.profiles import ProfileIn
from api.services import audit, outcomes, profiles
from api.services.follow_ups import SHARED, FollowUpResult, due_dates
from api.services.matching import rank_profile
from api.services.principal import Principal
from api.services.review import REASONS_BY_KIND, new_proposals
from models.clock import Clock, FrozenClock
from models.enums import ItemKind, LeftReason, OutcomeStage, ReasonCode, RecommendationStatus, SurvivorResponse
from models.errors import WayfinderError
from models.privacy.scrub import Scrubber, ScrubResult
from models.privacy.tools import PrivacyTools
from models.repositories import demo_history as demo_repo
from models.repositories import follow_ups as follow_up_repo
from models.repositories import outcomes as outcome_repo
from models.repositories import profiles as profile_repo
from models.repositories import recommendations as rec_repo

HIRED = outcomes.HIRED_REASON  # follow_up.reason for the retention checks after a start
HIRE_CHECK_DAYS = (30, 90, 180)  # still employed at these days after the start (OutcomeStage.EMPLOYED_*)
JOBS_PER_PERSON = 6  # what a caseworker reviews after an intake (fewer rows also keep `make run` quick)
PROGRAMS_PER_PERSON = 2
DAY_STARTS_AT = 17  # UTC hour of the simulated working day (morning on the US west coast)
LEAVE_REASONS = tuple(r.value for r in LeftReason)


class DemoHistoryError(WayfinderError):
    status_code = 409


# --- rates (docs/demo-history.md lists them) -------------------------------------------------------

RATES: dict[str, float] = {
    "undecided": 0.05,  # a proposal nobody decided yet
    "approve_job": 0.58,
    "approve_program": 0.62,
    "withdraw_before_share": 0.06,  # approved, then withdrawn before the person saw it
    "interested": 0.50,
    "not_for_me": 0.28,  # the rest never answer
    "apply_if_interested": 0.65,
    "apply_if_silent": 0.08,
    "interview": 0.55,
    "offer": 0.60,
    "hired": 0.85,
    "stay_30": 0.88,
    "stay_90": 0.82,
    "stay_180": 0.86,
    "enrol_if_interested": 0.45,
    "enrol_if_silent": 0.04,
    "complete": 0.72,
    "credential": 0.80,
    "follow_up_recorded": 0.93,  # the rest are missed (left open: overdue on the dashboard)
    "check_reached": 0.90,  # a retention check that reaches the person (else no answer, stage unknown)
}
# Mild differences between groups, so the fairness monitors have something to show (none below ~0.85).
CASEWORKER_LENIENCY = (1.0, 1.06, 0.95, 0.86)
LIMITED_ENGLISH_APPROVAL = 0.90
LIMITED_ENGLISH_OFFER = 0.85
LOW_EDUCATION_INTEREST = 0.92
LOW_EDUCATION_RETENTION = 0.90
ZIP3_OFFER = {"983": 0.90}
LOW_EDUCATION = frozenset({"none", "primary", "secondary_partial"})


# --- synthetic people (pure) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Family:
    """A kind of work history: two intake variants, so a few dozen distinct texts are embedded, not 300."""

    name: str
    variants: tuple[tuple[tuple[str, ...], str, str, tuple[str, ...]], ...]  # skills, past title, activities, interests


FAMILIES: tuple[Family, ...] = (
    Family(
        "warehouse",
        (
            (
                ("forklift", "inventory", "pallet jack"),
                "warehouse helper",
                "Loaded trucks and counted stock.",
                ("logistics", "warehouse"),
            ),
            (("shipping and receiving", "packing"), "packer", "Packed orders and checked labels.", ("warehouse",)),
        ),
    ),
    Family(
        "kitchen",
        (
            (
                ("food preparation", "cleaning"),
                "line cook",
                "Prepared food and kept the kitchen clean.",
                ("restaurants", "cooking"),
            ),
            (
                ("dishwashing", "food safety"),
                "kitchen helper",
                "Washed dishes and prepped vegetables.",
                ("food service",),
            ),
        ),
    ),
    Family(
        "care",
        (
            (
                ("patient care", "cleaning"),
                "home care aide",
                "Helped older people with meals and bathing.",
                ("healthcare",),
            ),
            (
                ("caregiving", "cooking"),
                "caregiver",
                "Looked after children and cooked for a family.",
                ("healthcare", "childcare"),
            ),
        ),
    ),
    Family(
        "retail",
        (
            (("cash handling", "customer service"), "cashier", "Ran the register and stocked shelves.", ("retail",)),
            (
                ("customer service", "merchandising"),
                "store clerk",
                "Helped customers and set up displays.",
                ("retail", "sales"),
            ),
        ),
    ),
    Family(
        "cleaning",
        (
            (("cleaning", "laundry"), "housekeeper", "Cleaned hotel rooms and changed linens.", ("hospitality",)),
            (
                ("janitorial", "floor care"),
                "janitor",
                "Cleaned offices and ran the floor machine.",
                ("building maintenance",),
            ),
        ),
    ),
    Family(
        "office",
        (
            (("data entry", "scheduling"), "office assistant", "Answered calls and entered orders.", ("office work",)),
            (
                ("bookkeeping", "spreadsheets"),
                "clerk",
                "Kept simple accounts in a spreadsheet.",
                ("accounting", "office work"),
            ),
        ),
    ),
    Family(
        "construction",
        (
            (("hand tools", "painting"), "painter's helper", "Prepared walls and painted houses.", ("construction",)),
            (
                ("landscaping", "power tools"),
                "landscaper",
                "Mowed lawns and planted shrubs.",
                ("construction", "landscaping"),
            ),
        ),
    ),
    Family(
        "production",
        (
            (
                ("assembly", "quality control"),
                "assembler",
                "Put parts together on a production line.",
                ("manufacturing",),
            ),
            (
                ("machine operation", "packing"),
                "machine operator",
                "Ran a packing machine and cleared jams.",
                ("manufacturing",),
            ),
        ),
    ),
    Family(
        "driving",
        (
            (
                ("driving", "delivery"),
                "delivery driver",
                "Delivered parcels on a daily route.",
                ("driving", "logistics"),
            ),
            (
                ("driving", "customer service"),
                "shuttle driver",
                "Drove a van between a hotel and the airport.",
                ("driving",),
            ),
        ),
    ),
    Family(
        "computers",
        (
            (
                ("computer basics", "customer service"),
                "help desk assistant",
                "Helped staff reset passwords.",
                ("information technology",),
            ),
            (
                ("typing", "social media"),
                "online seller",
                "Listed and shipped items sold online.",
                ("information technology", "office work"),
            ),
        ),
    ),
)
# (code, share of people); a person whose first language is not English also gets an English level.
LANGUAGES = (("en", 0.45), ("es", 0.25), ("vi", 0.08), ("zh", 0.07), ("tl", 0.07), ("ht", 0.05), ("pt", 0.03))
ENGLISH_LEVELS = (("basic", 0.35), ("conversational", 0.40), ("fluent", 0.25))
ZIP3S = (("980", 0.30), ("981", 0.30), ("984", 0.20), ("983", 0.15), ("985", 0.05))
EDUCATION = (
    ("none", 0.04),
    ("primary", 0.06),
    ("secondary_partial", 0.15),
    ("high_school", 0.35),
    ("postsecondary_certificate", 0.10),
    ("some_college", 0.15),
    ("associate", 0.08),
    ("bachelor", 0.06),
    ("graduate", 0.01),
)
CASEWORKER_SHARE = (0.35, 0.25, 0.25, 0.15)
SHIFT_CHOICES = ((), ("day",), ("day", "evening"), ("evening", "night"), ("day", "weekend"))


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _rng(seed: int, index: int, purpose: str) -> random.Random:
    # A string seed is hashed (SHA-512) by `random`, so each person's draws depend only on seed and index:
    # the same person comes out the same whatever else the run does.
    return random.Random(f"wayfinder-demo:{seed}:{index}:{purpose}")  # noqa: S311 (synthetic data, not secrets)


@dataclass(frozen=True)
class Person:
    """One synthetic intake: the groupings the reports compare, the day, and the intake body."""

    index: int
    intake_day: int
    family: str
    language: str
    english: str
    zip3: str
    education: str
    caseworker: int  # index into the agency's caseworkers
    body: dict[str, Any]

    @property
    def limited_english(self) -> bool:
        return self.english in ("none", "basic")

    @property
    def label(self) -> str:
        return f"demo {self.index + 1:03d}"


def synthetic_person(seed: int, index: int, *, days: int, caseworkers: int) -> Person:
    """A person as an intake would record them: skills, past work, languages, area; no identity at all."""
    rng = _rng(seed, index, "intake")
    family = rng.choice(FAMILIES)
    skills, title, activities, interests = rng.choice(family.variants)
    language = _pick(rng, LANGUAGES)
    english = "fluent" if language == "en" else _pick(rng, ENGLISH_LEVELS)
    spoken = [{"code": "en", "level": english}]
    if language != "en":
        spoken.insert(0, {"code": language, "level": "fluent"})
    zip3 = _pick(rng, ZIP3S)
    education = _pick(rng, EDUCATION)
    shares = CASEWORKER_SHARE[:caseworkers]
    caseworker = rng.choices(range(len(shares)), weights=shares)[0]
    # The last two weeks take no new intakes: every person has at least a review ahead of them.
    intake_day = rng.randrange(0, max(days - 14, 1))
    body: dict[str, Any] = {
        "skills": list(skills),
        "work_history": [{"title": title, "activities": activities}],
        "interests": list(interests),
        "goals": [rng.choice(["steady hours", "a certificate", "better pay", "close to home"])],
        "languages": spoken,
        "education_level": education,
        "region": "WA",
        "zip3s": [zip3],
        "shifts": list(rng.choice(SHIFT_CHOICES)),
        "pay_floor_hourly": float(rng.choice([16, 17, 18, 19, 20, 21])),
        "transport": [rng.choice(["transit", "car", "transit", "foot"])],
        "remote_ok": rng.random() < 0.3,
        "work_authorized": True,
    }
    return Person(index, intake_day, family.name, language, english, zip3, education, caseworker, body)


class RememberingScrubber(Scrubber):
    """The intake's scrubber, remembering its answers: generated intakes repeat a few dozen texts, and the
    same text always scrubs the same way (about 40 ms a person saved)."""

    def __init__(self, inner: Scrubber) -> None:  # wraps `inner`; builds no analyzer of its own
        self._inner = inner
        self._answers: dict[tuple[str, frozenset[str]], ScrubResult] = {}

    def scrub(self, text: str, *, keep: frozenset[str] = frozenset()) -> ScrubResult:
        key = (text, keep)
        if key not in self._answers:
            self._answers[key] = self._inner.scrub(text, keep=keep)
        return self._answers[key]


# --- the plan of one person's year (pure) ----------------------------------------------------------


@dataclass(frozen=True)
class ItemFacts:
    """What the plan needs to know of a ranked item."""

    kind: str  # "job" or "program"
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    hours_per_week: int | None = None
    employment_types: tuple[str, ...] = ()
    weeks: float | None = None


Action = Literal["approve", "reject", "share", "withdraw", "respond", "outcome", "follow_up"]


@dataclass(frozen=True)
class Step:
    """One thing that happens on `day` (days since the start) to the person's `item`-th ranked item."""

    day: int
    item: int
    action: Action
    reason: str | None = None  # rejection or withdrawal reason (ReasonCode), or why a job was left
    response: str | None = None  # SurvivorResponse
    stage: str | None = None  # OutcomeStage
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    hours_per_week: int | None = None
    follow_up: tuple[str, int] | None = None  # (reason, offset in days) of the follow-up recorded
    result: str | None = None  # FollowUpResult


def _reject_reason(rng: random.Random, kind: str) -> str:
    # Safety concerns are rare; the kind's own list otherwise (a program is never "pay too low").
    reasons = [r for r in REASONS_BY_KIND[kind] if r is not ReasonCode.SAFETY_CONCERN]
    return rng.choice(reasons).value if rng.random() > 0.03 else ReasonCode.SAFETY_CONCERN.value


def _hours(rng: random.Random, facts: ItemFacts) -> int:
    if facts.hours_per_week:
        return max(1, min(100, int(facts.hours_per_week)))
    if "PART_TIME" in facts.employment_types:
        return rng.choice([20, 24, 25, 30])
    return rng.choice([32, 36, 40, 40, 40])


@dataclass
class _ItemPlan:
    steps: list[Step] = field(default_factory=list)
    hired_on: int | None = None


def plan_person(
    person: Person,
    items: Sequence[ItemFacts],
    *,
    seed: int,
    last_day: int,
    share_follow_up_days: Sequence[int],
) -> list[Step]:
    """Everything that happens to one person's ranked items up to `last_day`, in the order it happens.

    Each item moves only forward: decided after the intake, shared after its approval, answered after the
    share, then applied < interview < offer < hired (the start) < still employed at 30/90/180 days, or left
    after the start; a program: enrolled < completed <= credential. A person takes at most one job: the
    earliest start wins and the other applications stop there. Follow-ups are recorded on or after their
    due day, or missed."""
    rng = _rng(seed, person.index, "plan")
    plans = [_plan_item(rng, person, i, facts, share_follow_up_days) for i, facts in enumerate(items)]
    starts = [(p.hired_on, i) for i, p in enumerate(plans) if p.hired_on is not None and p.hired_on <= last_day]
    winner = min(starts)[1] if starts else None
    started = plans[winner].hired_on if winner is not None else None
    steps: list[Step] = []
    for i, plan in enumerate(plans):
        stopped = started is not None and i != winner and items[i].kind == "job"
        for step in plan.steps:
            if step.day > last_day:
                break  # the rest of this item is still in the future
            if stopped and _stopped_by_start(step, started):
                continue  # the person started another job: this application goes no further
            steps.append(step)
    steps.sort(key=lambda s: s.day)  # stable: an item's own steps keep their order within a day
    return steps


def _stopped_by_start(step: Step, started: int | None) -> bool:
    """A step of another job that cannot happen once the person has started work: a later stage, or a
    retention check of a hire that never was. Follow-up calls about the share still take place."""
    if step.follow_up is not None:
        return step.follow_up[0] == HIRED
    return step.action == "outcome" and started is not None and step.day >= started


def _plan_item(
    rng: random.Random, person: Person, index: int, facts: ItemFacts, share_days: Sequence[int]
) -> _ItemPlan:
    plan = _ItemPlan()
    add = plan.steps.append
    kind = facts.kind
    day = person.intake_day + rng.randint(0, 4)  # the caseworker reviews within a few days
    if rng.random() < RATES["undecided"]:
        return plan
    approve = RATES["approve_job" if kind == "job" else "approve_program"]
    approve *= CASEWORKER_LENIENCY[person.caseworker % len(CASEWORKER_LENIENCY)]
    approve *= LIMITED_ENGLISH_APPROVAL if person.limited_english else 1.0
    if rng.random() >= approve:
        add(Step(day, index, "reject", reason=_reject_reason(rng, kind)))
        return plan
    add(Step(day, index, "approve"))
    day += rng.randint(0, 2)
    if rng.random() < RATES["withdraw_before_share"]:
        add(Step(day, index, "withdraw", reason=_reject_reason(rng, kind)))
        return plan
    add(Step(day, index, "share"))
    shared_on = day
    progress: dict[str, int] = {}  # stage -> day, for the follow-up results
    interest = RATES["interested"] * (LOW_EDUCATION_INTEREST if person.education in LOW_EDUCATION else 1.0)
    draw = rng.random()
    response = (
        SurvivorResponse.INTERESTED.value
        if draw < interest
        else SurvivorResponse.NOT_FOR_ME.value
        if draw < interest + RATES["not_for_me"]
        else None
    )
    answered = shared_on + rng.randint(1, 12)
    if response is not None:
        add(Step(answered, index, "respond", response=response))
    if kind == "job":
        outcome_steps = _job_outcomes(rng, person, index, facts, response, answered, plan)
    else:
        outcome_steps = _program_outcomes(rng, index, facts, response, answered)
    for step in outcome_steps:
        progress.setdefault(str(step.stage), step.day)
    follow_ups = [
        _share_follow_up(rng, index, offset, shared_on + offset, response, answered, progress)
        for offset in sorted(set(share_days))
    ]
    plan.steps.extend(outcome_steps)
    plan.steps.extend(f for f in follow_ups if f is not None)
    plan.steps.sort(key=lambda s: s.day)
    return plan


def _share_follow_up(
    rng: random.Random,
    index: int,
    offset: int,
    due: int,
    response: str | None,
    answered: int,
    progress: dict[str, int],
) -> Step | None:
    if rng.random() >= RATES["follow_up_recorded"]:
        return None  # missed: stays open
    day = due + rng.randint(0, 4)
    if (
        progress.get(OutcomeStage.APPLIED.value, day + 1) <= day
        or progress.get(OutcomeStage.ENROLLED.value, day + 1) <= day
    ):
        result = FollowUpResult.APPLIED
    elif response == SurvivorResponse.NOT_FOR_ME.value and answered <= day:
        result = FollowUpResult.NOT_INTERESTED
    else:
        result = rng.choices(
            [FollowUpResult.REACHED, FollowUpResult.NO_ANSWER, FollowUpResult.LEFT_MESSAGE], weights=[0.5, 0.25, 0.25]
        )[0]
    return Step(day, index, "follow_up", follow_up=(SHARED, offset), result=result.value)


def _job_outcomes(
    rng: random.Random,
    person: Person,
    index: int,
    facts: ItemFacts,
    response: str | None,
    answered: int,
    plan: _ItemPlan,
) -> list[Step]:
    steps: list[Step] = []
    if response == SurvivorResponse.NOT_FOR_ME.value:
        return steps
    applies = RATES["apply_if_interested"] if response else RATES["apply_if_silent"]
    if rng.random() >= applies:
        return steps
    day = answered + rng.randint(1, 10)
    steps.append(Step(day, index, "outcome", stage=OutcomeStage.APPLIED.value))
    if rng.random() >= RATES["interview"]:
        return steps
    day += rng.randint(4, 18)
    steps.append(Step(day, index, "outcome", stage=OutcomeStage.INTERVIEW.value))
    offer = RATES["offer"] * (LIMITED_ENGLISH_OFFER if person.limited_english else 1.0)
    offer *= ZIP3_OFFER.get(person.zip3, 1.0)
    if rng.random() >= offer:
        return steps
    day += rng.randint(2, 10)
    steps.append(Step(day, index, "outcome", stage=OutcomeStage.OFFER.value))
    if rng.random() >= RATES["hired"]:
        return steps
    start = day + rng.randint(7, 21)
    plan.hired_on = start
    steps.append(
        Step(
            start,
            index,
            "outcome",
            stage=OutcomeStage.HIRED.value,
            pay_min=facts.pay_min,
            pay_max=facts.pay_max,
            hours_per_week=_hours(rng, facts),
        )
    )
    steps.extend(_retention(rng, person, index, start))
    return steps


def _retention(rng: random.Random, person: Person, index: int, start: int) -> list[Step]:
    """Checks at start + 30/90/180: still employed (recorded at the check), or left in between (recorded
    the day it happened), each check a 'hired' follow-up recorded or missed."""
    steps: list[Step] = []
    low = LOW_EDUCATION_RETENTION if person.education in LOW_EDUCATION else 1.0
    left_on: int | None = None
    previous = 0
    for offset in HIRE_CHECK_DAYS:
        check = start + offset
        if left_on is None and rng.random() >= RATES[f"stay_{offset}"] * low:
            left_on = start + rng.randint(previous + 1, offset)
            steps.append(
                Step(left_on, index, "outcome", stage=OutcomeStage.LEFT.value, reason=rng.choice(LEAVE_REASONS))
            )
        previous = offset
        if left_on is not None:
            # Recording "left" closes the open checks, as the recording service does.
            steps.append(Step(left_on, index, "follow_up", follow_up=(HIRED, offset), result=outcomes.LEFT_JOB))
            continue
        if rng.random() >= RATES["follow_up_recorded"]:
            continue  # the check was missed: open on the dashboard, nothing learned
        reached = rng.random() < RATES["check_reached"]
        result = FollowUpResult.STILL_EMPLOYED if reached else FollowUpResult.NO_ANSWER
        steps.append(Step(check, index, "follow_up", follow_up=(HIRED, offset), result=result.value))
        if reached and left_on is None:
            steps.append(Step(check, index, "outcome", stage=f"employed_{offset}"))
    steps.sort(key=lambda s: s.day)
    return steps


def _program_outcomes(
    rng: random.Random, index: int, facts: ItemFacts, response: str | None, answered: int
) -> list[Step]:
    steps: list[Step] = []
    if response == SurvivorResponse.NOT_FOR_ME.value:
        return steps
    enrols = RATES["enrol_if_interested"] if response else RATES["enrol_if_silent"]
    if rng.random() >= enrols:
        return steps
    day = answered + rng.randint(7, 40)
    steps.append(Step(day, index, "outcome", stage=OutcomeStage.ENROLLED.value))
    if rng.random() >= RATES["complete"]:
        return steps
    weeks = facts.weeks if facts.weeks and 1 <= facts.weeks <= 52 else 12.0
    day += max(7, round(weeks * 7))
    steps.append(Step(day, index, "outcome", stage=OutcomeStage.COMPLETED.value))
    if rng.random() < RATES["credential"]:
        steps.append(Step(day + rng.randint(0, 21), index, "outcome", stage=OutcomeStage.CREDENTIAL.value))
    return steps


# --- writing it down, day by day -------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryOptions:
    seed: int = 2026
    people: int = 300
    days: int = 365


@dataclass
class HistorySummary:
    """What one run wrote (or found already there)."""

    already_there: bool = False
    generated_at: datetime | None = None
    options: dict[str, Any] = field(default_factory=dict)  # seed, people, days of the run that wrote it
    first_day: date | None = None
    last_day: date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n


@dataclass
class _Case:
    person: Person
    pseudonym: str
    principal: Principal
    rec_ids: list[int]


class HistoryWriter:
    """Applies the plans day by day under a frozen clock, as the agency's caseworkers would have."""

    def __init__(
        self,
        session: Session,
        resources: Resources,
        caseworkers: Sequence[Principal],
        options: HistoryOptions,
        *,
        now: datetime,
        share_follow_up_days: Sequence[int],
        progress: Callable[[str], None] = lambda _line: None,
    ) -> None:
        if not caseworkers:
            raise DemoHistoryError("The demo agency has no caseworker: run `wayfinder demo` (with accounts) first.")
        self.session = session
        self.conn = session.connection()
        self.resources = resources
        self.privacy = PrivacyTools(
            scrubber=RememberingScrubber(resources.privacy.scrubber), cipher=resources.privacy.cipher
        )
        self.caseworkers = list(caseworkers)
        self.org_id = caseworkers[0].org_id
        self.options = options
        self.share_days = sorted(set(share_follow_up_days))
        self.progress = progress
        self.start = datetime.combine((now - timedelta(days=options.days)).date(), datetime.min.time(), UTC)
        self.clock = FrozenClock(self.start + timedelta(hours=DAY_STARTS_AT))
        self.now = now
        self.summary = HistorySummary()
        self.cases: dict[int, _Case] = {}
        self.agenda: dict[int, list[tuple[int, int, Step]]] = {}
        self.follow_up_ids: dict[tuple[int, str, int], int] = {}  # (recommendation, reason, offset) -> id
        self._audit_rows: list[demo_repo.AuditRow] = []
        self._tick = 0

    # Every write of a day gets its own second, so the rows of one day keep their order by time too.
    def stamp(self) -> datetime:
        self._tick += 1
        return self.clock.now() + timedelta(seconds=self._tick)

    def run(self) -> HistorySummary:
        # One BLAS thread, as Matcher.rank does: spinning OpenBLAS threads after each ranking starve the next
        # profile's embedding (profiled here: 45 s of embedding for 30 new profile texts without the limit, a
        # few seconds with it).
        with threadpool_limits(limits=1, user_api="blas"):
            return self._run()

    def _run(self) -> HistorySummary:
        began = time.perf_counter()
        people = [
            synthetic_person(self.options.seed, i, days=self.options.days, caseworkers=len(self.caseworkers))
            for i in range(self.options.people)
        ]
        intakes: dict[int, list[Person]] = {}
        for person in people:
            intakes.setdefault(person.intake_day, []).append(person)
        last_day = self.options.days - 1  # yesterday: nothing is dated today or later
        month = self.clock.now().strftime("%Y-%m")
        before = dict(self.summary.counts)
        for day in range(self.options.days):
            self._tick = 0
            for person in intakes.get(day, []):
                self._intake(person, day, last_day)
            for person_index, _, step in sorted(self.agenda.pop(day, []), key=lambda e: (e[0], e[1])):
                self._apply(self.cases[person_index], step)
            self._flush_audit()
            if day == last_day or (self.clock.now() + timedelta(days=1)).strftime("%Y-%m") != month:
                self.progress(self._month_line(month, before))
                before = dict(self.summary.counts)
            self.clock.advance(days=1)
            month = self.clock.now().strftime("%Y-%m")
        self.clock.at = self.now
        self.summary.first_day = self.start.date()
        self.summary.last_day = (self.start + timedelta(days=last_day)).date()
        demo_repo.settle_activity(self.conn, pseudonyms=[c.pseudonym for c in self.cases.values()])
        self._mark()
        self.summary.seconds = time.perf_counter() - began
        return self.summary

    def _month_line(self, month: str, before: dict[str, int]) -> str:
        def delta(key: str) -> int:
            return self.summary.counts.get(key, 0) - before.get(key, 0)

        return (
            f"{month}: {delta('people'):>3} intakes, {delta('proposed'):>4} proposed, {delta('approved'):>4} approved, "
            f"{delta('shared'):>4} shared, {delta('response.interested'):>3} interested, "
            f"{delta('stage.applied'):>3} applied, {delta('stage.hired'):>2} hired, "
            f"{delta('stage.enrolled'):>2} enrolled"
        )

    def _audit(self, principal: Principal | None, action: str, pseudonym: str, detail: dict[str, Any]) -> None:
        """An event as `audit.log` writes it (a person's own answer has no staff actor), with the simulated
        day in `detail`; a day's events are written together at the end of the day (`_flush_audit`)."""
        self._audit_rows.append(
            demo_repo.AuditRow(
                action=action,
                actor_user_id=principal.user_id if principal else None,
                actor_role=principal.role.value if principal else audit.ACCESS_CODE_ROLE,
                org_id=self.org_id,
                pseudonym=pseudonym,
                purpose=audit.CASE_WORK if principal else audit.SELF_SERVICE,
                detail={**detail, "simulated_at": self.clock.now().date().isoformat()},
            )
        )

    def _flush_audit(self) -> None:
        demo_repo.record_audit(self.conn, self._audit_rows)
        self._audit_rows = []

    def _intake(self, person: Person, day: int, last_day: int) -> None:
        principal = self.caseworkers[person.caseworker]
        at = self.stamp()
        fields = profiles.profile_fields(ProfileIn.model_validate(person.body), self.privacy)
        record = profile_repo.create(
            self.session,
            org_id=self.org_id,
            created_by=principal.user_id,
            fields={**fields, "label": person.label, "created_at": at, "updated_at": at, "last_activity_at": at},
            cipher=self.privacy.cipher,
        )
        self._audit(principal, "profile.create", record.pseudonym, {})
        self.summary.add("people")
        ranked = [
            *rank_profile(self.session, self.resources, record, ItemKind.JOB, JOBS_PER_PERSON),
            *rank_profile(self.session, self.resources, record, ItemKind.PROGRAM, PROGRAMS_PER_PERSON),
        ]
        at = self.stamp()
        created = rec_repo.upsert_proposals(
            self.conn,
            pseudonym=record.pseudonym,
            org_id=self.org_id,
            actor_id=principal.user_id,
            at=at,
            proposals=new_proposals(ranked),
        )
        for rec_id in created:
            rec_repo.add_decision(
                self.conn,
                recommendation_id=rec_id,
                from_status=None,
                to_status="proposed",
                actor_id=principal.user_id,
                at=at,
            )
        for kind in (ItemKind.JOB, ItemKind.PROGRAM):
            n = sum(1 for p in ranked if p.kind == kind)
            self._audit(principal, "recommendation.match", record.pseudonym, {"kind": str(kind), "ranked": n, "new": n})
        self.summary.add("proposed", len(created))
        rec_ids = rec_repo.ids_for_items(
            self.conn, pseudonym=record.pseudonym, items=[(str(p.kind), p.item_id) for p in ranked]
        )
        self.cases[person.index] = _Case(person, record.pseudonym, principal, rec_ids)
        facts = self._facts(ranked)
        steps = plan_person(
            person, facts, seed=self.options.seed, last_day=last_day, share_follow_up_days=self.share_days
        )
        for position, step in enumerate(steps):
            self.agenda.setdefault(step.day, []).append((person.index, position, step))

    def _facts(self, ranked: Sequence[Any]) -> list[ItemFacts]:
        jobs = demo_repo.job_facts(self.conn, job_ids=[p.item_id for p in ranked if p.kind == ItemKind.JOB])
        weeks = demo_repo.program_weeks(
            self.conn, program_ids=[p.item_id for p in ranked if p.kind == ItemKind.PROGRAM]
        )
        facts: list[ItemFacts] = []
        for p in ranked:
            if p.kind == ItemKind.JOB:
                job = jobs.get(p.item_id, {})
                facts.append(
                    ItemFacts(
                        "job",
                        pay_min=job.get("pay_min"),
                        pay_max=job.get("pay_max"),
                        hours_per_week=job.get("hours_per_week"),
                        employment_types=tuple(job.get("employment_types", ())),
                    )
                )
            else:
                facts.append(ItemFacts("program", weeks=weeks.get(p.item_id)))
        return facts

    def _apply(self, case: _Case, step: Step) -> None:
        rec_id = case.rec_ids[step.item]
        if step.action in ("approve", "reject", "share", "withdraw"):
            self._decide(case, rec_id, step)
        elif step.action == "respond":
            self._respond(case, rec_id, str(step.response))
        elif step.action == "outcome":
            self._outcome(case, rec_id, step)
        else:
            self._follow_up(case, rec_id, step)

    def _decide(self, case: _Case, rec_id: int, step: Step) -> None:
        """As review.decide writes it: the decision row, then the status (the gate checks the pair)."""
        source = {"approve": "proposed", "reject": "proposed", "share": "approved", "withdraw": "approved"}
        target = {"approve": "approved", "reject": "rejected", "share": "shared", "withdraw": "withdrawn"}
        reason = ReasonCode.GOOD_FIT.value if step.action == "approve" else step.reason
        at = self.stamp()
        rec_repo.add_decision(
            self.conn,
            recommendation_id=rec_id,
            from_status=source[step.action],
            to_status=target[step.action],
            actor_id=case.principal.user_id,
            reason_code=reason,
            at=at,
        )
        moved = rec_repo.set_status(
            self.conn,
            recommendation_id=rec_id,
            from_status=source[step.action],
            to_status=target[step.action],
            actor_id=case.principal.user_id,
            at=at,
        )
        if not moved:  # the plan and the table disagree: a bug here, never the person's data
            raise DemoHistoryError(f"Demo history: recommendation {rec_id} was not {source[step.action]}.")
        self._audit(
            case.principal,
            f"recommendation.{step.action}",
            case.pseudonym,
            {"recommendation_id": rec_id, "reason_code": reason},
        )
        self.summary.add(target[step.action])
        if step.action == "share":
            self._schedule(case, rec_id, SHARED, due_dates(at, self.share_days), at)

    def _schedule(self, case: _Case, rec_id: int, reason: str, due: list[tuple[int, date]], at: datetime) -> None:
        created = follow_up_repo.schedule(
            self.conn,
            org_id=self.org_id,
            pseudonym=case.pseudonym,
            recommendation_id=rec_id,
            reason=reason,
            due_dates=due,
            actor_id=case.principal.user_id,
            at=at,
        )
        if len(created) == len(due):
            # RETURNING gives the rows in the order of `due` (one INSERT ... SELECT over an ordered unnest).
            for (offset, _), follow_up_id in zip(due, created, strict=True):
                self.follow_up_ids[(rec_id, reason, offset)] = follow_up_id
        if created:
            self._audit(
                case.principal,
                "follow_up.schedule",
                case.pseudonym,
                {"recommendation_id": rec_id, "follow_up_ids": created},
            )
        self.summary.add(f"follow_up.{reason}", len(created))

    def _respond(self, case: _Case, rec_id: int, response: str) -> None:
        """As access.respond writes the person's answer: a decision row with no staff actor, then the answer."""
        at = self.stamp()
        rec_repo.add_decision(
            self.conn, recommendation_id=rec_id, from_status="shared", to_status=response, actor_id=None, at=at
        )
        rec_repo.set_response(self.conn, recommendation_id=rec_id, response=response, at=at)
        self._audit(None, "opportunities.respond", case.pseudonym, {"recommendation_id": rec_id, "response": response})
        self.summary.add(f"response.{response}")

    def _outcome(self, case: _Case, rec_id: int, step: Step) -> None:
        at = self.stamp()
        stage = str(step.stage)
        outcome_repo.upsert(
            self.conn,
            org_id=self.org_id,
            pseudonym=case.pseudonym,
            recommendation_id=rec_id,
            stage=stage,
            occurred_on=at.date(),
            actor_id=case.principal.user_id,
            at=at,
            pay_min=step.pay_min,
            pay_max=step.pay_max,
            hours_per_week=step.hours_per_week,
            reason_code=step.reason,
        )
        # Like outcomes.record_stage: the item's timeline gets a decision row and `outcome` its latest stage.
        rec_repo.add_decision(
            self.conn,
            recommendation_id=rec_id,
            from_status=RecommendationStatus.SHARED.value,
            to_status=stage,
            actor_id=case.principal.user_id,
            at=at,
        )
        rec_repo.set_outcome(self.conn, recommendation_id=rec_id, outcome=stage, at=at)
        self._audit(case.principal, "outcome.record", case.pseudonym, {"recommendation_id": rec_id, "stage": stage})
        self.summary.add(f"stage.{stage}")
        if stage == OutcomeStage.HIRED.value:
            checks = [(d, at.date() + timedelta(days=d)) for d in HIRE_CHECK_DAYS]
            self._schedule(case, rec_id, HIRED, checks, at)
            closed = follow_up_repo.close_open(
                self.conn,
                recommendation_id=rec_id,
                reason=SHARED,
                offsets=None,
                result_code=outcomes.HIRED_INSTEAD,
                actor_id=case.principal.user_id,
                at=at,
            )
            if closed:
                self._audit(
                    case.principal,
                    "follow_up.record",
                    case.pseudonym,
                    {"follow_up_ids": closed, "result_code": outcomes.HIRED_INSTEAD},
                )

    def _follow_up(self, case: _Case, rec_id: int, step: Step) -> None:
        assert step.follow_up is not None and step.result is not None
        reason, offset = step.follow_up
        found = self.follow_up_ids.get((rec_id, reason, offset)) or demo_repo.follow_up_id(
            self.conn, recommendation_id=rec_id, reason=reason, offset_days=offset
        )
        if found is None:
            raise DemoHistoryError(f"Demo history: no {reason} follow-up at {offset} days for {rec_id}.")
        at = self.stamp()
        if not follow_up_repo.mark_done(
            self.conn, follow_up_id=found, result_code=step.result, actor_id=case.principal.user_id, at=at
        ):
            return  # closed already (a hire closes the calls after its share)
        self._audit(
            case.principal, "follow_up.record", case.pseudonym, {"follow_up_id": found, "result_code": step.result}
        )
        self.summary.add("follow_up.recorded")

    def _mark(self) -> None:
        """The audit event that says this agency has its demo history (a second run finds it and stops)."""
        audit.log(
            self.session,
            self.caseworkers[0],
            demo_repo.MARKER_ACTION,
            pseudonym=None,
            purpose="demo data",
            detail={
                "seed": self.options.seed,
                "people": self.options.people,
                "days": self.options.days,
                "first_day": self.start.date().isoformat(),
            },
        )


def existing_history(session: Session, org_id: int) -> HistorySummary | None:
    """What an earlier run left, if one did: the run is not repeated (it would double the year)."""
    found = demo_repo.marker(session.connection(), org_id=org_id)
    if found is None:
        return None
    detail = found["detail"] or {}
    return HistorySummary(
        already_there=True,
        generated_at=found["at"],
        options={k: detail[k] for k in ("seed", "people", "days", "first_day") if k in detail},
    )


def generate(
    session: Session,
    resources: Resources,
    caseworkers: Sequence[Principal],
    options: HistoryOptions,
    *,
    share_follow_up_days: Sequence[int],
    clock: Clock,
    progress: Callable[[str], None] = lambda _line: None,
) -> HistorySummary:
    """A year of history ending yesterday (by `clock`), unless the agency has one already."""
    if options.people < 1 or options.days < 30:
        raise DemoHistoryError("A demo history needs at least one person and 30 days.")
    if not caseworkers:
        raise DemoHistoryError("The demo agency has no caseworker: run `wayfinder demo` (with accounts) first.")
    found = existing_history(session, caseworkers[0].org_id)
    if found is not None:
        return found
    writer = HistoryWriter(
        session,
        resources,
        caseworkers,
        options,
        now=clock.now(),
        share_follow_up_days=share_follow_up_days,
        progress=progress,
    )
    return writer.run()
