"""Explanations: evidence on both sides, pay and schedule in checkable words, no sensitive words."""

from dataclasses import dataclass

from matcher.explain import SENSITIVE_WORDS, explain, has_sensitive_words
from matcher.features import build_profile_context
from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem


@dataclass(frozen=True)
class Match:
    skill_id: str
    label: str
    evidence: str
    start: int
    end: int


class FakeTaxonomy:
    PHRASES = {"forklift": "Operate forklift", "pallet": "Pallet handling", "first aid": "First aid"}

    def extract(self, text: str) -> list[Match]:
        low = text.lower()
        return [
            Match(f"s:{p}", label, text[low.find(p) : low.find(p) + len(p)], low.find(p), low.find(p) + len(p))
            for p, label in self.PHRASES.items()
            if p in low
        ]

    def label(self, skill_id: str) -> str:
        return self.PHRASES.get(skill_id.removeprefix("s:"), skill_id)

    def resolve(self, typed: str) -> str | None:
        return f"s:{typed.lower()}" if typed.lower() in self.PHRASES else None


@dataclass(frozen=True)
class Stats:
    median_hourly: float | None
    area_name: str


class FakeWages:
    def lookup(self, soc: str, region: str | None = None) -> Stats | None:
        return Stats(20.0, "Seattle area") if soc == "53-7051" else None


PROFILE = ProfileQuery(
    id="p",
    skills=("forklift",),
    work_history=(WorkItem("Stacked every pallet on the night crew"),),
    constraints=Constraints(pay_floor_hourly=18.0, shifts=("day", "evening")),
)
JOB = Candidate(
    item_id=1,
    kind="job",
    source_id="j1",
    title="Forklift operator",
    text="Forklift operator. You will drive a forklift all day. First aid card required.",
    org_name="Acme",
    skills=("s:forklift", "s:pallet", "s:first aid"),
    soc="53-7051",
    region="WA",
    zip3="981",
    pay_min_hourly=19.0,
    pay_max_hourly=22.0,
    shifts=("day",),
    hours_per_week=40,
)


def run(profile: ProfileQuery = PROFILE, item: Candidate = JOB):
    tax = FakeTaxonomy()
    ctx = build_profile_context(profile, tax)
    return explain(profile, ctx, item, item.skills, taxonomy=tax, wages=FakeWages())


def test_matched_skills_carry_evidence_from_both_sides() -> None:
    e = run()
    assert [(s.label, s.profile_evidence) for s in e.matched_skills] == [
        ("Operate forklift", "forklift"),
        ("Pallet handling", "pallet"),
    ]
    assert e.matched_skills[0].item_evidence == "Forklift operator"
    assert e.matched_skills[1].item_evidence is None  # listed skill, not in the text
    assert e.missing_skills == ("First aid",)
    assert "Not yet shown: First aid." in e.lines


def test_pay_line_compares_with_floor_and_local_wage() -> None:
    assert run().pay == (
        "Pays $19.00/hour to $22.00/hour; above the wanted $18.00/hour; "
        "110% of the typical $20.00/hour for this work in Seattle area."
    )
    no_pay = Candidate(item_id=2, kind="job", source_id="j2", title="Helper")
    assert run(item=no_pay).pay.startswith("Pay not published")


def test_schedule_and_location_lines() -> None:
    e = run()
    assert e.schedule == "Schedule shifts: day; 40 hours/week (fits the stated availability)."
    assert e.location == "Location: WA, ZIP 981xx."
    blank = Candidate(item_id=2, kind="program", source_id="p", title="Course", is_remote=True, cost_total=0)
    e2 = run(item=blank)
    assert e2.schedule.startswith("Schedule not published")
    assert (e2.location, e2.pay) == ("Online.", "Free to attend.")


def test_no_sensitive_words_reach_the_lines() -> None:
    tricky = Candidate(
        item_id=3,
        kind="job",
        source_id="j3",
        title="Advocate",
        text="Forklift work at a survivor services warehouse.",
        skills=("s:forklift",),
    )
    e = run(item=tricky)
    assert not any(has_sensitive_words(line) for line in e.lines)
    assert all(has_sensitive_words(w.upper()) for w in SENSITIVE_WORDS)


def test_explanation_shows_citizenship_clearance_and_telework_for_the_caseworker() -> None:
    federal = Candidate(
        item_id=4,
        kind="job",
        source_id="j4",
        title="Division Chief",
        requires_citizenship=True,
        security_clearance="Secret",
        telework_eligible=True,
    )
    e = run(item=federal)
    assert e.eligibility == (
        "U.S. citizenship required; security clearance required (Secret); "
        "telework possible, but not remote: the person must live near the site."
    )
    assert e.lines[-1] == e.eligibility
    assert run().eligibility == ""
