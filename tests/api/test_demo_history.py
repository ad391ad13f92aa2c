"""`wayfinder demo --history`: a seeded year of synthetic casework, checked against the rules real casework obeys.

The generator runs inside the test's rolled-back transaction (as the app role, bound to the agency), with a
frozen "now" a week before the real date, so any row stamped by the database's clock instead of the simulated
one shows up as a date after "now".
"""

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text
from sqlmodel import Session
from typer.testing import CliRunner

from api.cli import app as cli_app
from api.demo_history import (
    HIRE_CHECK_DAYS,
    HIRED,
    JOBS_PER_PERSON,
    PROGRAMS_PER_PERSON,
    HistoryOptions,
    HistorySummary,
    ItemFacts,
    Step,
    generate,
    plan_person,
    synthetic_person,
)
from api.resources import Resources
from api.services.follow_ups import SHARED, FollowUpResult
from api.services.principal import Principal
from api.services.review import REASONS_BY_KIND
from matcher.encoder import Encoder
from models.clock import FrozenClock
from models.enums import OutcomeStage
from models.privacy.tools import PrivacyTools
from models.repositories import recommendations as rec_repo
from models.repositories import tenancy
from models.settings import Settings
from tests.catalog_factories import add_job, add_program
from tests.factories import make_org, make_user, principal_for

NOW = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)
SHARE_DAYS = (7, 30, 90, 180)
STATUS_STEPS = ("proposed", "approved", "rejected", "shared", "withdrawn")
JOB_ORDER = ("applied", "interview", "offer", "hired", "employed_30", "employed_90", "employed_180")
PROGRAM_ORDER = ("enrolled", "completed", "credential")

JOBS = (
    ("Warehouse Associate", "Pick and pack orders, drive a forklift, count inventory.", "53-7065", "980"),
    ("Line Cook", "Prepare food on the line and keep the kitchen clean.", "35-2014", "981"),
    ("Home Care Aide", "Help older clients with meals, bathing and errands.", "31-1122", "980"),
    ("Cashier", "Run the register, handle cash and help customers.", "41-2011", "984"),
    ("Housekeeper", "Clean hotel rooms, change linens, do laundry.", "37-2012", "981"),
    ("Office Assistant", "Answer calls, schedule appointments, enter data.", "43-9061", "983"),
    ("Assembler", "Assemble parts on a production line and check quality.", "51-2092", "984"),
    ("Delivery Driver", "Deliver parcels on a daily route; clean driving record.", "53-3033", "980"),
)
PROGRAMS = (
    ("Forklift Operator Certification", 2.0),
    ("Nursing Assistant Certified", 10.0),
    ("Office Administration", 12.0),
)


@pytest.fixture
def world(session: Session, settings: Settings, engine: Engine, encoder: Encoder, privacy: PrivacyTools) -> "World":
    for i, (title, description, soc, zip3) in enumerate(JOBS):
        add_job(
            session,
            encoder,
            title=title,
            description=description,
            occupation_code=soc,
            zip3=zip3,
            pay_min=18.0 + i,
            pay_max=21.0 + i,
            pay_min_hourly=18.0 + i,
            pay_max_hourly=21.0 + i,
            shifts=[],
        )
    for name, weeks in PROGRAMS:
        add_program(session, encoder, name=name, duration_weeks=weeks, shifts=[])
    org = make_org(session, name="History Agency")
    caseworkers = [principal_for(make_user(session, org=org)) for _ in range(3)]
    resources = Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)
    return World(session, resources, caseworkers)


class World:
    def __init__(self, session: Session, resources: Resources, caseworkers: list[Principal]) -> None:
        self.session = session
        self.resources = resources
        self.caseworkers = caseworkers
        self.org_id = caseworkers[0].org_id

    def run(self, seed: int = 11, people: int = 16) -> HistorySummary:
        tenancy.enter_app_role(self.session)
        tenancy.bind_org(self.session, self.org_id)
        try:
            return generate(
                self.session,
                self.resources,
                self.caseworkers,
                HistoryOptions(seed=seed, people=people, days=365),
                share_follow_up_days=SHARE_DAYS,
                clock=FrozenClock(NOW),
            )
        finally:
            tenancy.leave_app_role(self.session)

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return [dict(r._mapping) for r in self.session.connection().execute(text(sql), params).all()]

    def snapshot(self) -> list[tuple[Any, ...]]:
        """Everything the history wrote, keyed by profile label and item (pseudonyms are random)."""
        return [
            tuple(r.values())
            for r in self.rows(
                "SELECT p.label, p.languages, p.zip3s, p.education_level, p.created_at, r.item_kind, "
                "coalesce(j.source_id, t.source_id) AS item, r.status, r.status_at, r.survivor_response, "
                "(SELECT array_agg(d.to_status || ':' || coalesce(d.reason_code, '') || '@' || d.at ORDER BY d.id) "
                " FROM review_decision d WHERE d.recommendation_id = r.id) AS decisions, "
                "(SELECT array_agg(o.stage || '@' || o.occurred_on || ':' || coalesce(o.reason_code, '') "
                "  || ':' || coalesce(o.pay_min::text, '') || ':' || coalesce(o.hours_per_week::text, '') "
                "  ORDER BY o.occurred_on, o.stage) FROM outcome_event o WHERE o.recommendation_id = r.id) AS stages, "
                "(SELECT array_agg(f.reason || f.offset_days || '@' || f.due_on || ':' || coalesce(f.result_code, '') "
                "  ORDER BY f.reason, f.offset_days) FROM follow_up f WHERE f.recommendation_id = r.id) AS follow_ups "
                "FROM recommendation r JOIN survivor_profile p ON p.pseudonym = r.profile_pseudonym "
                "LEFT JOIN job_posting j ON j.id = r.job_posting_id "
                "LEFT JOIN training_program t ON t.id = r.program_id "
                "WHERE r.org_id = :org ORDER BY p.label, r.item_kind, item",
                org=self.org_id,
            )
        ]


def test_demo_history_is_the_same_for_the_same_seed_and_differs_for_another(world: World) -> None:
    with world.session.begin_nested() as first:
        summary = world.run(seed=11, people=8)
        written = world.snapshot()
        first.rollback()
    with world.session.begin_nested() as second:
        again = world.run(seed=11, people=8)
        rewritten = world.snapshot()
        second.rollback()
    other = world.run(seed=12, people=8)

    assert written == rewritten
    assert summary.counts == again.counts
    assert world.snapshot() != written
    assert other.counts != summary.counts
    # The summary is what the tables hold, not a separate tally.
    assert summary.counts["people"] == 8
    assert summary.counts["proposed"] == len(written)
    assert summary.counts["shared"] == sum(1 for row in written if row[7] == "shared")


def test_demo_history_obeys_the_lifecycle_the_gate_and_the_clock(world: World) -> None:
    summary = world.run()
    conn = world.session.connection()
    recs = {r["id"]: r for r in world.rows("SELECT * FROM recommendation WHERE org_id = :org", org=world.org_id)}
    decisions = world.rows(
        "SELECT d.* FROM review_decision d JOIN recommendation r ON r.id = d.recommendation_id "
        "WHERE r.org_id = :org ORDER BY d.id",
        org=world.org_id,
    )
    stages = world.rows("SELECT * FROM outcome_event WHERE org_id = :org", org=world.org_id)
    follow_ups = world.rows("SELECT * FROM follow_up WHERE org_id = :org", org=world.org_id)
    profiles = world.rows("SELECT * FROM survivor_profile WHERE org_id = :org", org=world.org_id)
    caseworker_ids = {p.user_id for p in world.caseworkers}
    assert summary.counts["stage.applied"] > 0 and summary.counts["shared"] > 0

    # Every status change is a decision row by a caseworker of the agency, from the status it left.
    by_rec: dict[int, list[dict[str, Any]]] = {}
    for d in decisions:
        by_rec.setdefault(d["recommendation_id"], []).append(d)
    shared_on: dict[int, date] = {}
    for rec_id, rec in recs.items():
        status, last_at = None, None
        for d in by_rec[rec_id]:
            assert last_at is None or d["at"] >= last_at
            last_at = d["at"]
            if d["to_status"] in STATUS_STEPS:
                assert d["from_status"] == status, (rec_id, d)
                assert d["actor_user_id"] in caseworker_ids and d["actor_role"] == "caseworker"
                assert d["actor_org_id"] == world.org_id
                status = d["to_status"]
                if status == "shared":
                    shared_on[rec_id] = d["at"].date()
                    approval = [x for x in by_rec[rec_id] if x["to_status"] == "approved" and x["id"] < d["id"]]
                    assert approval and approval[-1]["reason_code"] == "good_fit"
                if status in ("rejected", "withdrawn"):
                    assert d["reason_code"] in {r.value for r in REASONS_BY_KIND[rec["item_kind"]]}, d
            elif d["to_status"] in {s.value for s in OutcomeStage}:  # a step recorded after the share
                assert status == "shared" and d["actor_user_id"] in caseworker_ids
            else:  # the person's own answer: no staff actor, only on a shared item
                assert status == "shared" and d["actor_user_id"] is None
                assert d["to_status"] in ("interested", "not_for_me")
        assert status == rec["status"]
        assert rec["status_by"] == [d for d in by_rec[rec_id] if d["to_status"] in STATUS_STEPS][-1]["actor_user_id"]

    # No hire (nor any stage) without a share; stages in order; left after the start; one job per person.
    per_rec: dict[int, dict[str, Any]] = {}
    for s in stages:
        assert recs[s["recommendation_id"]]["status"] == "shared"
        per_rec.setdefault(s["recommendation_id"], {})[s["stage"]] = s
    for rec_id, found in per_rec.items():
        order = JOB_ORDER if recs[rec_id]["item_kind"] == "job" else PROGRAM_ORDER
        dates = [found[stage]["occurred_on"] for stage in order if stage in found]
        assert dates == sorted(dates), found
        assert shared_on[rec_id] <= dates[0]
        for earlier, later in pairwise(order[:4]):  # no stage without the one before it (up to the hire)
            assert later not in found or earlier in found
        if "hired" in found:
            hire = found["hired"]
            assert hire["pay_min"] is not None and hire["pay_max"] >= hire["pay_min"]
            assert 1 <= hire["hours_per_week"] <= 100
            for days in HIRE_CHECK_DAYS:
                if f"employed_{days}" in found:
                    assert found[f"employed_{days}"]["occurred_on"] == hire["occurred_on"] + timedelta(days=days)
        if "left" in found:
            assert "hired" in found and found["left"]["occurred_on"] > found["hired"]["occurred_on"]
            assert found["left"]["reason_code"]
            assert all(
                found[f"employed_{d}"]["occurred_on"] < found["left"]["occurred_on"]
                for d in HIRE_CHECK_DAYS
                if f"employed_{d}" in found
            )
    hires = Counter(s["profile_pseudonym"] for s in stages if s["stage"] == "hired")
    assert hires and max(hires.values()) == 1

    # Follow-ups only for shared items (every share day) and hires (30/90/180 after the start), due = event + offset.
    for f in follow_ups:
        rec_stages = per_rec.get(f["recommendation_id"], {})
        if f["reason"] == SHARED:
            assert f["due_on"] == shared_on[f["recommendation_id"]] + timedelta(days=f["offset_days"])
        else:
            assert f["reason"] == HIRED and "hired" in rec_stages
            assert f["due_on"] == rec_stages["hired"]["occurred_on"] + timedelta(days=f["offset_days"])
        if f["done_at"] is not None:
            assert f["result_code"] in {r.value for r in FollowUpResult}
            # A check closed because the person left is closed the day they left, which may be before it was due.
            # So is a call after the share that the hire closed.
            assert f["done_at"].date() >= f["due_on"] or f["result_code"] in (
                FollowUpResult.LEFT_JOB,
                FollowUpResult.HIRED,
            )
    offsets: dict[tuple[int, str], set[int]] = {}
    for f in follow_ups:
        offsets.setdefault((f["recommendation_id"], f["reason"]), set()).add(f["offset_days"])
    assert {k[0] for k in offsets if k[1] == SHARED} == set(shared_on)
    assert all(v == set(SHARE_DAYS) for k, v in offsets.items() if k[1] == SHARED)
    assert all(v == set(HIRE_CHECK_DAYS) for k, v in offsets.items() if k[1] == HIRED)
    assert any(f["done_at"] is None and f["due_on"] < NOW.date() for f in follow_ups)  # some were missed

    # Nothing is dated after the clock's "now" (follow-ups may fall due later: that is their point).
    stamps = [
        *(d["at"] for d in decisions),
        *(r[k] for r in recs.values() for k in ("created_at", "updated_at", "status_at")),
        *(s["recorded_at"] for s in stages),
        *(f[k] for f in follow_ups for k in ("created_at", "done_at") if f[k] is not None),
        *(p[k] for p in profiles for k in ("created_at", "updated_at", "last_activity_at")),
    ]
    assert max(stamps) < NOW
    assert max(s["occurred_on"] for s in stages) < NOW.date()
    assert min(p["created_at"].date() for p in profiles) >= (NOW - timedelta(days=365)).date()

    # A person sees exactly the items shared after a caseworker's approval, through the view.
    for p in profiles:
        visible = {r["id"] for r in rec_repo.visible_for_profile(conn, pseudonym=p["pseudonym"])}
        assert visible == {
            i for i, r in recs.items() if r["profile_pseudonym"] == p["pseudonym"] and r["status"] == "shared"
        }
    assert {r["status"] for r in recs.values()} >= {"proposed", "rejected", "shared"}  # the unshared stay hidden

    # Varied people, several caseworkers; labels, never names.
    assert len({p["created_by"] for p in profiles}) >= 2
    assert len({p["education_level"] for p in profiles}) >= 3
    assert len({lang["code"] for p in profiles for lang in p["languages"]}) >= 2
    assert len({z for p in profiles for z in p["zip3s"]}) >= 3
    assert sorted(p["label"] for p in profiles) == [f"demo {i:03d}" for i in range(1, 17)]


def test_demo_history_second_run_adds_nothing_and_says_so(world: World) -> None:
    first = world.run(seed=5, people=6)
    tables = ("survivor_profile", "recommendation", "review_decision", "outcome_event", "follow_up", "audit_event")
    before = {t: world.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables}

    second = world.run(seed=6, people=10)

    assert not first.already_there and second.already_there
    assert second.options == {"seed": 5, "people": 6, "days": 365, "first_day": first.first_day.isoformat()}
    assert {t: world.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in tables} == before


def test_demo_history_audits_each_step_as_the_services_do(world: World) -> None:
    summary = world.run(seed=3, people=5)
    events = world.rows(
        "SELECT action, actor_role, purpose, detail FROM audit_event WHERE org_id = :org ORDER BY id", org=world.org_id
    )
    actions = Counter(e["action"] for e in events)

    assert actions["profile.create"] == 5
    assert actions["recommendation.approve"] == summary.counts["approved"]
    assert actions["recommendation.share"] == summary.counts["shared"]
    assert actions["opportunities.respond"] == summary.counts.get("response.interested", 0) + summary.counts.get(
        "response.not_for_me", 0
    )
    assert actions["demo.history"] == 1 and events[-1]["action"] == "demo.history"
    answers = [e for e in events if e["action"] == "opportunities.respond"]
    assert all(e["actor_role"] == "access_code" and e["purpose"] != "case management" for e in answers)
    assert all("simulated_at" in e["detail"] for e in events if e["action"] != "demo.history")


# --- the pure plan ------------------------------------------------------------------------------------

item_facts = st.builds(
    ItemFacts,
    kind=st.sampled_from(["job", "program"]),
    hours_per_week=st.none() | st.integers(1, 60),
    employment_types=st.sampled_from([(), ("FULL_TIME",), ("PART_TIME",)]),
    weeks=st.none() | st.floats(0.5, 80),
)


@settings(max_examples=300, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    index=st.integers(0, 999),
    items=st.lists(item_facts, min_size=1, max_size=JOBS_PER_PERSON + PROGRAMS_PER_PERSON),
    last_day=st.integers(30, 400),
)
def test_demo_history_plan_keeps_every_item_in_order_for_any_seed(
    seed: int, index: int, items: list[ItemFacts], last_day: int
) -> None:
    person = synthetic_person(seed, index, days=365, caseworkers=4)
    steps = plan_person(person, items, seed=seed, last_day=last_day, share_follow_up_days=SHARE_DAYS)

    assert [s.day for s in steps] == sorted(s.day for s in steps)
    assert all(person.intake_day <= s.day <= last_day for s in steps)
    assert sum(1 for s in steps if s.stage == "hired") <= 1
    for i, facts in enumerate(items):
        mine = [s for s in steps if s.item == i]
        _check_item(mine, facts)


def _check_item(steps: list[Step], facts: ItemFacts) -> None:
    seen: dict[str, int] = {}
    for s in steps:
        key = s.stage or s.action
        if s.action == "follow_up":
            assert s.follow_up is not None
            reason, offset = s.follow_up
            event = seen["share"] if reason == SHARED else seen["hired"]
            if s.result == FollowUpResult.LEFT_JOB:  # closed the day the person left, due or not
                assert s.day == seen["left"] > event
                continue
            assert s.day >= event + offset  # recorded on or after its due day
            continue
        assert key not in seen  # each step once
        seen[key] = s.day
    if "reject" in seen or "withdraw" in seen:
        assert set(seen) <= {"reject", "approve", "withdraw"}
    if "share" in seen:
        assert seen["approve"] <= seen["share"]
    if "respond" in seen:
        assert seen["share"] < seen["respond"]
    order = JOB_ORDER if facts.kind == "job" else PROGRAM_ORDER
    outcome_days = [seen[stage] for stage in order if stage in seen]
    assert outcome_days == sorted(outcome_days)
    if outcome_days:
        assert "share" in seen and seen["share"] < outcome_days[0]
    if "left" in seen:
        assert "hired" in seen and seen["left"] > seen["hired"]
    assert not (facts.kind == "program" and ({"hired", "left"} & set(seen)))


def test_demo_history_needs_the_demo_accounts() -> None:
    result = CliRunner().invoke(cli_app, ["demo", "--history", "--no-accounts"])

    assert result.exit_code == 2
    assert "--history needs the demo agency" in result.output


def test_demo_history_command_writes_the_demo_agencys_year_once(
    committing_engine: Engine, settings: Settings, encoder: Encoder, privacy: PrivacyTools
) -> None:
    from api.cli_demo import HISTORY_COLLEAGUES, ensure_accounts, ensure_history
    from models.db import session_scope

    with session_scope(committing_engine) as session:
        for title, description, soc, zip3 in JOBS[:4]:
            add_job(session, encoder, title=title, description=description, occupation_code=soc, zip3=zip3)
        add_program(session, encoder, name=PROGRAMS[0][0])
    ensure_accounts(committing_engine)
    resources = Resources(settings=settings, engine=committing_engine, encoder=encoder, privacy_tools=privacy)

    said = ensure_history(resources, HistoryOptions(seed=4, people=6, days=120))
    again = ensure_history(resources, HistoryOptions(seed=4, people=6, days=120))

    assert said.startswith("6 people from ")
    assert again.startswith("already there (written ") and again.endswith("seed 4, 6 people); nothing added")
    with committing_engine.connect() as conn:
        staff = conn.execute(
            text(
                "SELECT u.email FROM survivor_profile p JOIN app_user u ON u.id = p.created_by "
                "JOIN organization o ON o.id = p.org_id "
                "WHERE o.name = 'Harbor Services (demo)' AND p.label LIKE 'demo %'"
            )
        ).scalars()
        people = Counter(staff)
    assert sum(people.values()) == 6
    assert set(people) <= {"caseworker@demo.example.org", *(email for email, _ in HISTORY_COLLEAGUES)}
