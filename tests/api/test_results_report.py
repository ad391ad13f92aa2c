"""The results report (issue 19): each figure computed by hand on a small fixture and compared exactly, with
counts of 1..4 (and rates built on them) withheld. Items are placed in time by their review_decision rows
(`at`) and outcome_event rows (`occurred_on`), which is what the report reads."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from api.services import results_report as rr
from api.services.principal import Principal
from matcher.encoder import Encoder
from matcher.wages import load_wages
from models.audit import AuditEvent
from models.clock import FrozenClock
from models.errors import PermissionDeniedError, ValidationFailed
from models.organization import User
from models.profile import SurvivorProfile
from models.recommendation import Recommendation, ReviewDecision
from tests.catalog_factories import add_job, add_program
from tests.factories import make_outcome, make_profile, make_user, principal_for

FROM, TO = date(2026, 1, 1), date(2026, 6, 30)
PERIOD = rr.Period(FROM, TO)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@dataclass
class Agency:
    session: Session
    encoder: Encoder
    user: User
    who: Principal
    jobs: dict[str, int] = field(default_factory=dict)

    def profile(self, **overrides: Any) -> SurvivorProfile:
        return make_profile(self.session, org_id=self.user.org_id, created_by=self.user.id, **overrides)

    def job(self, key: str = "default", **overrides: Any) -> int:
        if key not in self.jobs:
            self.jobs[key] = add_job(self.session, self.encoder, **overrides).id or 0
        return self.jobs[key]

    def item(
        self,
        profile: SurvivorProfile | None = None,
        *,
        job_id: int | None = None,
        program_id: int | None = None,
        rank: int = 1,
        **stages: date,
    ) -> Recommendation:
        """A recommendation with one review_decision per stage given (proposed=..., approved=..., ...)."""
        profile = profile or self.profile()
        if program_id is None and job_id is None:
            job_id = self.job()
        proposed = stages.get("proposed", FROM + timedelta(days=10))
        rec = Recommendation(
            profile_pseudonym=profile.pseudonym,
            org_id=profile.org_id,
            item_kind="job" if job_id is not None else "program",
            job_posting_id=job_id,
            program_id=program_id,
            rank=rank,
            score=0.5,
            features={},
            explanation={},
            model_version="test",
            status_by=self.user.id,
            created_at=noon(proposed),
        )
        self.session.add(rec)
        self.session.flush()
        for stage in ("proposed", "approved", "rejected", "shared", "interested"):
            day = proposed if stage == "proposed" else stages.get(stage)
            if day is not None:
                self.decide(rec, stage, day)
        return rec

    def decide(self, rec: Recommendation, to_status: str, day: date) -> None:
        row = ReviewDecision(recommendation_id=rec.id or 0, to_status=to_status, actor_user_id=self.user.id)
        row.at = noon(day)
        self.session.add(row)
        self.session.flush()

    def outcome(self, rec: Recommendation, stage: str, day: date, **fields: Any) -> None:
        make_outcome(self.session, recommendation=rec, stage=stage, occurred_on=day, **fields)

    def report(self, period: rr.Period = PERIOD) -> dict[str, Any]:
        return rr.results(self.session, self.who, period)


@pytest.fixture
def agency(session: Session, encoder: Encoder) -> Agency:
    user = make_user(session, display_name="Dana Reyes")
    return Agency(session, encoder, user, principal_for(user))


def stage_row(report: dict[str, Any], kind: str, stage: str) -> dict[str, Any]:
    return next(r for r in report["funnel"][kind] if r["stage"] == stage)


# --- period ---------------------------------------------------------------------------------------------


def test_period_defaults_to_the_365_days_ending_today_by_the_clock() -> None:
    clock = FrozenClock(datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    assert rr.Period.parse(clock=clock) == rr.Period(date(2025, 7, 1), date(2026, 6, 30))
    assert rr.Period.parse("2026-03-01", "", clock=clock) == rr.Period(date(2026, 3, 1), date(2026, 6, 30))


def test_period_refuses_reversed_or_malformed_dates_in_plain_words() -> None:
    with pytest.raises(ValidationFailed, match="after the 'To' date"):
        rr.Period.parse("2026-06-01", "2026-05-01")
    with pytest.raises(ValidationFailed, match="'From' must be a date like"):
        rr.Period.parse("June 1st", "2026-05-01")
    with pytest.raises(ValidationFailed, match="at most"):
        rr.Period.parse("2010-01-01", "2026-05-01")


# --- funnel ---------------------------------------------------------------------------------------------


def test_results_funnel_counts_items_by_the_day_each_stage_happened(agency: Agency, session: Session) -> None:
    feb = date(2026, 2, 1)
    items = []
    for i in range(30):  # proposed in the period: 30 items
        stages: dict[str, date] = {"proposed": feb}
        if i < 19:
            stages["approved"] = feb + timedelta(days=1)
        elif i < 25:
            stages["rejected"] = feb + timedelta(days=1)
        if i < 12:
            stages["shared"] = feb + timedelta(days=2)
        if i < 6:
            stages["interested"] = feb + timedelta(days=3)
        items.append(agency.item(**stages))
    # Proposed before the period, approved inside it: counts as approved, not as proposed.
    agency.item(proposed=date(2025, 12, 20), approved=date(2026, 1, 5))
    for rec in items[:5]:
        agency.outcome(rec, "applied", feb + timedelta(days=10))
    agency.outcome(items[5], "applied", date(2025, 12, 31))  # before the period: not counted
    for rec in items[:2]:
        agency.outcome(rec, "hired", feb + timedelta(days=20))
    # Another agency's busy month never shows.
    other = make_user(session)
    other_profile = make_profile(session, org_id=other.org_id)
    Agency(session, agency.encoder, other, principal_for(other), agency.jobs).item(
        other_profile, approved=feb, shared=feb
    )

    report = agency.report()

    assert [(r["stage"], r["count"], r["suppressed"]) for r in report["funnel"]["jobs"]] == [
        ("proposed", 30, False),
        ("approved", 20, False),
        ("shared", 12, False),
        ("interested", 6, False),
        ("applied", 5, False),
        ("hired", None, True),  # 2 hires: withheld
    ]
    assert stage_row(report, "jobs", "proposed")["conversion"] is None
    assert stage_row(report, "jobs", "approved")["conversion"]["value"] == round(20 / 30, 4)
    assert stage_row(report, "jobs", "shared")["conversion"]["value"] == 0.6
    assert stage_row(report, "jobs", "interested")["conversion"]["value"] == 0.5
    # 5 of 6 applied: the one who did not could be worked out, so the rate is withheld (counts stay).
    assert stage_row(report, "jobs", "applied")["conversion"] == {
        "value": None,
        "numerator": None,
        "denominator": 6,
        "suppressed": True,
    }
    assert stage_row(report, "jobs", "hired")["conversion"]["suppressed"] is True
    assert stage_row(report, "jobs", "hired")["conversion"]["value"] is None


# --- placement and wages ----------------------------------------------------------------------------------


def test_results_time_to_placement_and_wage_at_placement(agency: Agency) -> None:
    job = agency.job("wa", occupation_code="53-7065", region="WA")
    first_share = date(2026, 1, 10)
    pays = [(18, 20), (20, 22), (16, 16), (25, None), (19, 21), (30, 34)]  # midpoints 19 21 16 25 20 32
    floors = [17, 17, 17, 17, 17, 17]
    days = [10, 20, 30, 40, 50, 60]
    for (low, high), floor, d in zip(pays, floors, days, strict=True):
        person = agency.profile(pay_floor_hourly=floor)
        rec = agency.item(person, job_id=job, approved=first_share, shared=first_share)
        agency.outcome(
            rec,
            "hired",
            first_share + timedelta(days=d),
            pay_min=Decimal(low),
            pay_max=None if high is None else Decimal(high),
            hours_per_week=40,
        )

    placement = agency.report()["placement"]

    assert placement["hires"] == {"count": 6, "suppressed": False}
    assert placement["time_to_placement_days"] == {"value": 35.0, "n": 6, "suppressed": False}  # (30 + 40) / 2
    assert placement["median_hourly_wage"] == {"value": 20.5, "n": 6, "suppressed": False}  # (20 + 21) / 2
    # Differences from the floor: 2, 4, -1, 8, 3, 15 -> median (3 + 4) / 2.
    assert placement["pay_floor"]["median_difference"] == {"value": 3.5, "n": 6, "suppressed": False}
    # 5 of 6 at or above the floor: the one below could be singled out, so the share is withheld.
    assert placement["pay_floor"]["at_or_above"]["suppressed"] is True
    local = load_wages().lookup("53-7065", "WA")
    assert local is not None and local.median_hourly is not None
    ratios = sorted(w / local.median_hourly for w in (19, 21, 16, 25, 20, 32))
    assert placement["local_wage"]["median_ratio"] == {
        "value": round((ratios[2] + ratios[3]) / 2, 3),
        "n": 6,
        "suppressed": False,
    }


def test_results_time_to_placement_counts_each_person_once_from_their_first_share(agency: Agency) -> None:
    first = date(2026, 1, 2)
    people = [agency.profile() for _ in range(5)]
    for i, person in enumerate(people):
        earlier = agency.item(person, job_id=agency.job(f"a{i}"), approved=first, shared=first)
        later = agency.item(person, job_id=agency.job(f"b{i}"), approved=first, shared=date(2026, 2, 1))
        agency.outcome(earlier, "hired", first + timedelta(days=7 * (i + 1)))  # 7, 14, 21, 28, 35 days
        agency.outcome(later, "hired", date(2026, 5, 1))  # a second job: not a second placement

    placement = agency.report()["placement"]

    assert placement["hires"]["count"] == 10
    assert placement["people_placed"]["count"] == 5
    assert placement["time_to_placement_days"]["value"] == 21.0
    assert placement["median_hourly_wage"] == {"value": None, "n": 0, "suppressed": False}  # no pay recorded


# --- retention and WIOA -----------------------------------------------------------------------------------


def test_results_retention_at_90_and_180_days_and_wioa_proxies(agency: Agency) -> None:
    period = rr.Period(date(2025, 7, 1), date(2026, 6, 30))
    start = date(2025, 9, 1)
    hours = [40, 40, 30, 30, 20, 20]
    for i in range(12):
        rec = agency.item(approved=start - timedelta(days=20), shared=start - timedelta(days=20))
        agency.outcome(rec, "hired", start, pay_min=Decimal(20), pay_max=Decimal(20), hours_per_week=hours[i % 6])
        if i < 5:
            agency.outcome(rec, "left", start + timedelta(days=45), reason_code="schedule")
            continue
        agency.outcome(rec, "employed_90", start + timedelta(days=90))
        if i == 5:
            agency.outcome(rec, "left", start + timedelta(days=120), reason_code="pay")
            continue
        agency.outcome(rec, "employed_180", start + timedelta(days=180))
    # Two recent hires: too new for either check, so they are in neither denominator.
    for _ in range(2):
        rec = agency.item(approved=date(2026, 4, 1), shared=date(2026, 4, 1))
        agency.outcome(rec, "hired", date(2026, 5, 1))

    report = agency.report(period)
    r90, r180 = report["retention"]["90"], report["retention"]["180"]

    assert r90["eligible"]["count"] == 12
    assert r90["employed"]["value"] == round(7 / 12, 4)
    assert r90["left"]["value"] == round(5 / 12, 4)
    assert r180["eligible"]["count"] == 12
    assert r180["employed"]["value"] == 0.5
    assert r180["left"]["value"] == 0.5
    wioa = {w["indicator"]: w for w in report["wioa"]}
    assert wioa["employment_q2"]["computable"] == "proxy"
    assert wioa["employment_q2"]["value"]["value"] == 0.5
    # The six still employed at 180 days: $20 x hours x 13 weeks = 10400, 10400, 7800, 7800, 5200, 5200.
    kept_hours = [hours[i % 6] for i in range(6, 12)]
    assert sorted(20 * h * 13 for h in kept_hours) == [5200, 5200, 7800, 7800, 10400, 10400]
    assert wioa["median_earnings_q2"]["value"] == {"value": 7800.0, "n": 6, "suppressed": False}
    assert wioa["employment_q4"]["computable"] == "no"
    assert wioa["employment_q4"]["value"] is None
    assert "UI wage records" in wioa["employment_q4"]["missing"]
    assert wioa["measurable_skill_gains"]["computable"] == "no"
    assert wioa["effectiveness_serving_employers"]["value"] == wioa["employment_q2"]["value"]


def test_results_programs_enrolment_completion_and_credentials(agency: Agency) -> None:
    program = add_program(agency.session, agency.encoder).id
    march = date(2026, 3, 1)
    for i in range(10):
        rec = agency.item(program_id=program, approved=date(2026, 2, 1), shared=date(2026, 2, 1))
        agency.outcome(rec, "enrolled", march)
        if i < 5:
            agency.outcome(rec, "completed", march + timedelta(days=60))
            agency.outcome(rec, "credential", march + timedelta(days=70))
        elif i == 5:
            agency.outcome(rec, "completed", date(2026, 8, 1))  # after the period's end: not in the cohort
    before = agency.item(program_id=program, approved=date(2025, 11, 1), shared=date(2025, 11, 1))
    agency.outcome(before, "enrolled", date(2025, 11, 15))  # enrolled before the period
    agency.outcome(before, "completed", date(2026, 2, 15))  # but completed in it: counted as a completion

    report = agency.report()
    programs = report["programs"]

    assert programs["enrolled"] == {"count": 10, "suppressed": False}
    assert programs["completed"] == {"count": 6, "suppressed": False}
    assert programs["credential"] == {"count": 5, "suppressed": False}
    assert programs["cohort_enrolled"]["count"] == 10
    assert programs["cohort_completed"]["value"] == 0.5
    assert programs["cohort_credential"]["value"] == 0.5
    wioa = {w["indicator"]: w for w in report["wioa"]}
    assert wioa["credential_attainment"]["value"]["value"] == 0.5
    assert [r["count"] for r in report["funnel"]["programs"]] == [11, 10, 10, 0, 10, 6, 5]


# --- suppression ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_results_counts_one_to_four_are_withheld_and_zero_and_five_shown(n: int) -> None:
    assert rr.count_cell(n) == {"count": None, "suppressed": True}
    assert rr.count_cell(0) == {"count": 0, "suppressed": False}
    assert rr.count_cell(5) == {"count": 5, "suppressed": False}
    assert rr.median_cell([10.0] * n) == {"value": None, "n": None, "suppressed": True}


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=0, max_value=60))
def test_results_a_shown_rate_never_reveals_a_count_of_one_to_four(a: int, b: int) -> None:
    numerator, denominator = min(a, b), max(a, b)
    cell = rr.rate_cell(numerator, denominator)
    small = {1, 2, 3, 4}
    if cell["value"] is not None:
        assert numerator not in small and denominator - numerator not in small and denominator not in small
        assert cell["value"] == round(numerator / denominator, 4)
    elif denominator:
        assert cell["suppressed"] and {numerator, denominator - numerator, denominator} & small


# --- fairness monitors ------------------------------------------------------------------------------------


def _reviewed(agency: Agency, n: int, approved: int, language: str) -> None:
    for i in range(n):
        person = agency.profile(languages=[{"code": language, "level": "fluent"}])
        day = date(2026, 3, 1)
        agency.item(person, **({"approved": day} if i < approved else {"rejected": day}))


def test_results_fairness_approval_rate_by_language_with_metricframe_ratio_difference_and_flag(
    agency: Agency,
) -> None:
    _reviewed(agency, 40, 35, "en")  # 0.875 (36 of 40 would be withheld: the 4 others could be worked out)
    _reviewed(agency, 40, 20, "es")  # 0.5 -> 0.5 / 0.875 = 0.571 < 0.8, both groups >= 30 people: flagged
    _reviewed(agency, 10, 5, "tl")  # 0.5 but only 10 people: shown, never flagged
    _reviewed(agency, 3, 3, "vi")  # 3 people: withheld

    fairness = agency.report()["fairness"]
    approval = next(m for m in fairness["monitors"] if m["rate"] == "approval")
    language = next(g for g in approval["groupings"] if g["grouping"] == "language")

    assert [(g["group"], g["rate"], g["items"], g["people"], g["flagged"]) for g in language["groups"]] == [
        ("en", 0.875, 40, 40, False),
        ("es", 0.5, 40, 40, True),
        ("tl", 0.5, 10, 10, False),
    ]
    assert language["withheld_groups"] == 1
    assert language["ratio"] == round(0.5 / 0.875, 4)
    assert language["difference"] == 0.375
    assert language["flagged"] == ["es"]
    assert next(g for g in language["groups"] if g["group"] == "es")["ratio_to_best"] == round(0.5 / 0.875, 4)
    assert next(g for g in language["groups"] if g["group"] == "tl")["ratio_to_best"] is None
    # Every person here is in WA: one region, nothing to compare.
    region = next(g for g in approval["groupings"] if g["grouping"] == "region")
    assert [(g["group"], g["items"]) for g in region["groups"]] == [("WA", 93)]
    assert region["ratio"] == 1.0 and region["difference"] == 0.0 and region["flagged"] == []
    # Caseworker groups are named by the staff member's display name, never an e-mail address.
    caseworker = next(g for g in approval["groupings"] if g["grouping"] == "caseworker")
    assert [g["label"] for g in caseworker["groups"]] == ["Dana Reyes"]
    assert "not proof" in fairness["caution"]
    assert fairness["flag_min_people"] == 30 and fairness["min_group_people"] == 5


def test_results_fairness_interest_hire_and_retention_rates(agency: Agency) -> None:
    day = date(2026, 1, 5)
    for i in range(10):
        person = agency.profile(education_level="high_school" if i < 5 else "some_college")
        rec = agency.item(person, approved=day, shared=day, **({"interested": day} if i in (0, 5, 6, 7, 8, 9) else {}))
        if i >= 5:
            agency.outcome(rec, "hired", date(2026, 2, 1))
            agency.outcome(rec, "employed_90", date(2026, 5, 2))

    monitors = {m["rate"]: m for m in agency.report()["fairness"]["monitors"]}

    def education(rate: str) -> list[tuple[str, float]]:
        grouping = next(g for g in monitors[rate]["groupings"] if g["grouping"] == "education")
        return [(g["group"], g["rate"]) for g in grouping["groups"]]

    # high_school: 1 of 5 interested (a count of 1: withheld); some_college: 5 of 5.
    assert education("interest") == [("some_college", 1.0)]
    assert education("hire") == [("high_school", 0.0), ("some_college", 1.0)]
    assert education("retention_90") == [("some_college", 1.0)]


# --- exposure -------------------------------------------------------------------------------------------


def test_results_exposure_of_employers_and_providers_in_top_10_lists(agency: Agency) -> None:
    jobs = {name: agency.job(name, employer_name=name) for name in ("Acme Foods", "Birch Care", "Cedar Works")}
    program = add_program(agency.session, agency.encoder, provider_name="Green River College").id
    for employer, slots in (("Acme Foods", 6), ("Birch Care", 3), ("Cedar Works", 1)):
        for _ in range(slots):
            agency.item(job_id=jobs[employer], rank=3)
    agency.item(job_id=jobs["Cedar Works"], rank=11)  # outside the top 10
    agency.item(job_id=jobs["Cedar Works"], rank=1, proposed=date(2025, 12, 1))  # before the period
    for _ in range(2):
        agency.item(program_id=program, rank=10)

    exposure = agency.report()["exposure"]

    assert exposure["employers"]["slots"] == 10
    assert [(e["name"], e["slots"], e["share"]) for e in exposure["employers"]["top"]] == [
        ("Acme Foods", 6, 0.6),
        ("Birch Care", 3, 0.3),
        ("Cedar Works", 1, 0.1),
    ]
    assert exposure["providers"]["top"] == [{"name": "Green River College", "slots": 2, "share": 1.0}]


# --- access, audit, CSV -----------------------------------------------------------------------------------


def test_results_report_is_for_admins_and_caseworkers_and_is_audited(agency: Agency, session: Session) -> None:
    employer = make_user(session, role="employer")
    with pytest.raises(PermissionDeniedError):
        rr.results(session, principal_for(employer), PERIOD)
    agency.report()
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "report.results")).all()
    assert [(e.actor_user_id, e.detail) for e in events] == [
        (agency.user.id, {"from": "2026-01-01", "to": "2026-06-30", "format": "json"})
    ]


def test_results_csv_is_one_long_formula_safe_table(agency: Agency) -> None:
    job = agency.job("evil", employer_name="=HYPERLINK(1)")
    for _ in range(5):
        agency.item(job_id=job)
    rows = rr.to_csv(agency.report()).splitlines()
    assert rows[0] == "section,measure,group,value,count,suppressed"
    assert "funnel_jobs,proposed,,5,5,false" in rows
    assert "funnel_jobs,hired,,0,0,false" in rows
    assert "exposure_employers,share_of_top10_slots,'=HYPERLINK(1),1.0,5,false" in rows
    assert "wioa,employment_q4,not computable,,,false" in rows


_group = st.tuples(st.integers(min_value=5, max_value=80), st.integers(min_value=0, max_value=200)).map(
    lambda t: (t[0], t[0] + t[1])  # (people, items): at least one item per person
)


@given(st.lists(st.tuples(_group, st.floats(min_value=0, max_value=1)), min_size=1, max_size=6))
def test_results_fairness_monitor_matches_rates_worked_by_hand(spec: list[tuple[tuple[int, int], float]]) -> None:
    rows = [
        {"grp": f"g{i}", "people": people, "items": items, "positives": round(items * share)}
        for i, ((people, items), share) in enumerate(spec)
    ]
    [result, *_] = rr._monitors({"approval": {"language": rows}}, {})["approval"]
    small = {1, 2, 3, 4}
    shown = [r for r in rows if r["positives"] not in small and r["items"] - r["positives"] not in small]
    assert [g["group"] for g in result["groups"]] == [r["grp"] for r in shown]
    assert result["withheld_groups"] == len(rows) - len(shown)
    rates = {r["grp"]: r["positives"] / r["items"] for r in shown}
    for g in result["groups"]:
        assert g["rate"] == pytest.approx(rates[g["group"]], abs=1e-4)
    if shown:
        low, high = min(rates.values()), max(rates.values())
        assert result["difference"] == pytest.approx(high - low, abs=1e-4)
        # All at 0%: no ratio (Fairlearn's 0/0), rather than a NaN that JSON cannot carry.
        assert result["ratio"] == (pytest.approx(low / high, abs=1e-4) if high else None)
        best = max((rates[r["grp"]] for r in shown if r["people"] >= 30), default=0.0)
        flagged = [r["grp"] for r in shown if r["people"] >= 30 and best > 0 and rates[r["grp"]] / best < 0.8]
        assert result["flagged"] == flagged
