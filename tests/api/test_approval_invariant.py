"""The central promise, as a state machine: whatever any role does, in any order, a person's view holds
exactly the recommendations a caseworker of the profile's organization approved and shared (whose item
is still open), and employers and partners never receive a profile identifier.

Actions by every role: propose, approve, reject, share, withdraw, re-propose, raw-SQL attempts to skip
the workflow, access codes issued and revoked, answers, employer edits (re-screened, maybe held) and
closings, role changes, and all of these across organizations.

Issue 12: an approval covers the content approved. Employer edits, partner program edits and re-imports
of postings and programs change what the person would see; staff clear or reject held items. Invariants:
the person sees exactly the shared items whose content is still the content a caseworker approved (and
the title they see is the approved one); caseworkers see the others as changed since approved; only staff
move an item out of held or rejected.
"""

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, multiple, rule, run_state_machine_as_test
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from api.resources import Resources
from api.schemas.catalog import EmployerPostingIn, PartnerProgramEdit
from api.services import access, accounts, catalog_owners, review
from api.services.catalog_owners import _normalized, employer_source
from api.services.matching import ProposedMatch
from api.services.principal import Principal
from api.services.review import TRANSITIONS, Decision
from etl.components import default_enricher
from etl.screening.review import decide as staff_decide
from etl.submit import submit_posting, submit_program
from matcher.encoder import Encoder
from models.enums import ItemKind, OrgKind, ReasonCode, Role, SurvivorResponse
from models.errors import NotFoundError, PermissionDeniedError, WayfinderError
from models.privacy.tools import PrivacyTools
from models.program import ProgramIn
from models.repositories import recommendations as rec_repo
from models.settings import Settings
from tests.catalog_factories import add_program
from tests.factories import make_org, make_profile, make_user

USERS = ("cwA1", "cwA2", "cwB", "adminA", "employerE", "employerF", "partnerP")
PROFILES = ("pA1", "pA2", "pB")
JOBS = ("J1", "J2", "J3")
ITEMS = (*JOBS, "PR")
ACTIONS = tuple(TRANSITIONS)
# Every role acts; "own" (the profile's caseworker, or the posting's employer) half the time, so long
# approve-share-edit-withdraw runs happen often.
ACTORS = st.sampled_from((*USERS, *(["own"] * len(USERS))))
REASONS = st.sampled_from([None, ReasonCode.NOT_A_FIT, ReasonCode.SAFETY_CONCERN, ReasonCode.GOOD_FIT])
CLEAN = "Cook breakfast and lunch in our cafe. Food handler card required. Apply on our website."
SCAM = "Start today, no interview! Training fee of $200 required. Contact us on WhatsApp only."
# What a posting can say (title, description, held by the screener?); "clean" is what it starts with.
JOB_CONTENT = {
    "clean": ("Line Cook", CLEAN, False),
    "clean2": ("Prep Cook", "Prep vegetables and sauces for our kitchen. Apply on our website.", False),
    "scam": ("Line Cook", SCAM, True),
}
PROGRAM_LURE = "Pay the $900 placement fee and your job is guaranteed. Contact us on WhatsApp only."
# What a program can say (name, description, held?); "factory" is what it starts with.
PROGRAM_CONTENT = {
    "factory": ("Certified Nursing Assistant", None, False),
    "cna": ("Certified Nursing Assistant", "Patient care, vital signs and infection control, evenings.", False),
    "cna2": ("Nursing Assistant Certificate", "Patient care skills and a clinical placement at a local clinic.", False),
    "lure": ("Certified Nursing Assistant", PROGRAM_LURE, True),
}
ALLOWED_RAW = {
    (a, b)
    for a, b in [
        ("proposed", "approved"),
        ("proposed", "rejected"),
        ("approved", "shared"),
        ("approved", "rejected"),
        ("approved", "withdrawn"),
        ("shared", "withdrawn"),
        ("shared", "approved"),  # re-approval of a changed item (the service allows it only then)
        ("rejected", "proposed"),
        ("withdrawn", "proposed"),
    ]
}


def posting(variant: str) -> EmployerPostingIn:
    title, description, _ = JOB_CONTENT[variant]
    return EmployerPostingIn(
        title=title,
        description=description,
        pay_min=19,
        pay_max=21,
        pay_unit="HOUR",
        city="Kent",
        region="WA",
        postal_code="98032",
        shifts=["day"],
        how_to_apply="Apply on our website.",
    )


class ApprovalGate(RuleBasedStateMachine):
    recs = Bundle("recs")

    def __init__(self, session: Session, resources: Resources, encoder: Encoder) -> None:
        super().__init__()
        self.session = session
        self.resources = resources
        self.savepoint = session.begin_nested()
        orgs = {
            "A": make_org(session),
            "B": make_org(session),
            "E": make_org(session, kind=OrgKind.EMPLOYER, name="Eastside Diner"),
            "F": make_org(session, kind=OrgKind.EMPLOYER, name="Fernwood Grill"),
            "P": make_org(session, kind=OrgKind.EDUCATION_PARTNER),
        }
        spec = {
            "cwA1": ("A", Role.CASEWORKER),
            "cwA2": ("A", Role.CASEWORKER),
            "cwB": ("B", Role.CASEWORKER),
            "adminA": ("A", Role.ADMIN),
            "employerE": ("E", Role.EMPLOYER),
            "employerF": ("F", Role.EMPLOYER),
            "partnerP": ("P", Role.EDUCATION_PARTNER),
        }
        self.users = {name: make_user(session, org=orgs[org], role=role) for name, (org, role) in spec.items()}
        self.roles = {name: role for name, (_, role) in spec.items()}
        self.profiles = {
            "pA1": make_profile(session, org_id=orgs["A"].id),
            "pA2": make_profile(session, org_id=orgs["A"].id),
            "pB": make_profile(session, org_id=orgs["B"].id),
        }
        self.owner = {"J1": "employerE", "J2": "employerE", "J3": "employerF"}
        self.item_ids: dict[str, int] = {}
        for job, owner in self.owner.items():
            made = catalog_owners.create_posting(session, resources, self.who(owner), posting("clean"))
            self.item_ids[job] = int(made["id"])
        program = add_program(session, encoder, source=f"partner:{orgs['P'].id}")
        self.item_ids["PR"] = int(program.id or 0)
        self.program_record = ProgramIn.model_validate({k: getattr(program, k) for k in ProgramIn.model_fields})
        self.employer_names = {
            job: orgs["E" if owner == "employerE" else "F"].name for job, owner in self.owner.items()
        }
        self.source_ids = {
            job: str(session.connection().execute(text("SELECT source_id FROM job_posting WHERE id = :id"),
                                                  {"id": self.item_ids[job]}).scalar_one())
            for job in JOBS
        }  # fmt: skip
        self.enricher = default_enricher(encoder.model_name)
        self.item_status = {item: "active" for item in ITEMS}
        # What each item says now, and what it said when each recommendation was last approved.
        self.content: dict[str, str] = {**{job: "clean" for job in JOBS}, "PR": "factory"}
        self.approved: dict[tuple[str, str], str] = {}
        self.status: dict[tuple[str, str], str] = {}
        self.rec_ids: dict[tuple[str, str], int] = {}
        self.codes: dict[str, list[tuple[int, str, bool]]] = {p: [] for p in PROFILES}  # (id, code, valid)

    def teardown(self) -> None:
        self.savepoint.rollback()

    # --- helpers -------------------------------------------------------------------------------

    def who(self, user: str) -> Principal:
        u = self.users[user]
        return Principal(user_id=u.id or 0, org_id=u.org_id, role=self.roles[user])

    def own(self, user: str, profile: str) -> str:
        if user != "own":
            return user
        return "cwB" if profile == "pB" else "cwA1"

    def caseworker_of(self, user: str, profile: str) -> bool:
        return self.roles[user] == Role.CASEWORKER and self.users[user].org_id == self.profiles[profile].org_id

    def expect_refusal(self, user: str, profile_org: int, exc: WayfinderError) -> None:
        if self.roles[user] != Role.CASEWORKER:
            assert isinstance(exc, PermissionDeniedError)
        elif self.users[user].org_id != profile_org:
            assert isinstance(exc, NotFoundError)  # another organization's records look absent

    def changed(self, key: tuple[str, str]) -> bool:
        """Approved or shared, and the item no longer says what it said when it was approved."""
        return self.status[key] in ("approved", "shared") and self.approved.get(key) != self.content[key[1]]

    def expected_visible(self, profile: str) -> set[int]:
        return {
            self.rec_ids[key]
            for key, status in self.status.items()
            if key[0] == profile
            and status == "shared"
            and self.item_status[key[1]] == "active"
            and not self.changed(key)
        }

    def title_of(self, item: str, variant: str) -> str:
        return (PROGRAM_CONTENT if item == "PR" else JOB_CONTENT)[variant][0]

    def new_content(self, item: str, variant: str, *, reopen: bool) -> None:
        """The model of a write of new content: the same content changes nothing; staff decisions stick
        (held and rejected stay so); otherwise the screener decides. `reopen`: closed reopens (imports)."""
        if self.content[item] == variant:
            return
        self.content[item] = variant
        flagged = (PROGRAM_CONTENT if item == "PR" else JOB_CONTENT)[variant][2]
        if self.item_status[item] in ("held", "rejected"):
            return
        if self.item_status[item] == "closed" and not reopen:
            return
        self.item_status[item] = "held" if flagged else "active"

    # --- rules ---------------------------------------------------------------------------------

    @rule(target=recs, user=ACTORS, profile=st.sampled_from(PROFILES), item=st.sampled_from(ITEMS))
    def propose(self, user: str, profile: str, item: str) -> Any:
        user = self.own(user, profile)
        if self.item_status[item] != "active":
            return multiple()  # the matcher never returns an item that is not live
        kind = ItemKind.PROGRAM if item == "PR" else ItemKind.JOB
        match = ProposedMatch(kind=kind, item_id=self.item_ids[item], rank=1, score=0.5, model_version="test")
        pseudonym = self.profiles[profile].pseudonym
        try:
            created = review.store_proposals(self.session, self.who(user), pseudonym, [match])
        except WayfinderError as exc:
            assert not self.caseworker_of(user, profile)
            self.expect_refusal(user, self.profiles[profile].org_id, exc)
            return multiple()
        assert self.caseworker_of(user, profile)
        key = (profile, item)
        if key in self.status:
            assert created == []  # an existing row keeps its status: a rejected item stays rejected
            return multiple()
        assert len(created) == 1
        self.rec_ids[key], self.status[key] = created[0], "proposed"
        return key

    @rule(key=recs, user=ACTORS, action=st.sampled_from(ACTIONS), reason=REASONS)
    def decide(self, key: tuple[str, str], user: str, action: str, reason: ReasonCode | None) -> None:
        profile, item = key
        user = self.own(user, profile)
        sources, target = TRANSITIONS[action]
        if action == "approve" and self.changed(key):
            sources = review.REAPPROVABLE
        ok = (
            self.caseworker_of(user, profile)
            and self.status[key] in sources
            and not (action == "reject" and reason in (None, ReasonCode.GOOD_FIT))
            and not (action == "share" and self.item_status[item] != "active")
            and not (action == "share" and self.changed(key))
        )
        try:
            review.decide(
                self.session,
                self.who(user),
                self.rec_ids[key],
                Decision(action, reason),  # type: ignore[arg-type]
                self.resources.privacy,
            )
        except WayfinderError as exc:
            assert not ok, f"{user} {action} on {self.status[key]} refused: {exc.message}"
            self.expect_refusal(user, self.profiles[profile].org_id, exc)
            return
        assert ok, f"{user} could {action} a {self.status[key]} item"
        self.status[key] = target.value
        if target.value == "approved":
            self.approved[key] = self.content[item]

    @rule(key=recs, user=ACTORS)
    def approve_and_share(self, key: tuple[str, str], user: str) -> None:
        """The usual path, so shared items are common: approve if proposed, then share."""
        for action in ("approve", "share"):
            self.decide(key, user, action, None)

    @rule(key=recs, user=ACTORS, to_status=st.sampled_from(["approved", "shared", "proposed"]), logged=st.booleans())
    def raw_sql_attempt(self, key: tuple[str, str], user: str, to_status: str, logged: bool) -> None:
        """Skip the service: write straight to the tables, with or without a decision row."""
        profile, target = key[0], to_status
        user = self.own(user, profile)
        if self.status[key] == target:
            return
        legit = (
            logged
            and self.caseworker_of(user, profile)
            and (self.status[key], target) in ALLOWED_RAW
            and not (target == "shared" and self.changed(key))  # the gate refuses to share a changed item
        )
        rec_id, actor = self.rec_ids[key], self.users[user].id or 0
        try:
            with self.session.begin_nested():
                conn = self.session.connection()  # inside the block, so the savepoint is really there
                if logged:
                    rec_repo.add_decision(
                        conn, recommendation_id=rec_id, from_status=self.status[key], to_status=target, actor_id=actor
                    )
                conn.execute(
                    text("UPDATE recommendation SET status = :s, status_by = :a WHERE id = :id"),
                    {"s": target, "a": actor, "id": rec_id},
                )
        except DBAPIError as exc:
            assert not legit, str(exc)
            assert "approval gate" in str(exc)
            return
        assert legit, f"the database let {user} set {self.status[key]} -> {target} (logged={logged})"
        self.status[key] = target
        if target == "approved":
            self.approved[key] = self.content[key[1]]

    @rule(user=ACTORS, profile=st.sampled_from(PROFILES))
    def issue_code(self, user: str, profile: str) -> None:
        user = self.own(user, profile)
        try:
            row, code = access.issue_code(self.session, self.who(user), self.profiles[profile].pseudonym, days=7)
        except WayfinderError as exc:
            assert not self.caseworker_of(user, profile)
            self.expect_refusal(user, self.profiles[profile].org_id, exc)
            return
        assert self.caseworker_of(user, profile)
        self.codes[profile].append((row.id or 0, code, True))

    @rule(user=ACTORS, profile=st.sampled_from(PROFILES))
    def revoke_code(self, user: str, profile: str) -> None:
        user = self.own(user, profile)
        if not self.codes[profile]:
            return
        code_id, code, _ = self.codes[profile][-1]
        try:
            access.revoke_code(self.session, self.who(user), code_id)
        except WayfinderError as exc:
            assert not self.caseworker_of(user, profile)
            self.expect_refusal(user, self.profiles[profile].org_id, exc)
            return
        assert self.caseworker_of(user, profile)
        self.codes[profile][-1] = (code_id, code, False)

    @rule(key=recs, answer=st.sampled_from(SurvivorResponse))
    def answer(self, key: tuple[str, str], answer: SurvivorResponse) -> None:
        profile = key[0]
        valid = [c for _, c, ok in self.codes[profile] if ok]
        if not valid:
            return
        try:
            access.respond(self.session, valid[-1], self.rec_ids[key], answer)
        except NotFoundError:
            assert self.rec_ids[key] not in self.expected_visible(profile)
            return
        assert self.rec_ids[key] in self.expected_visible(profile)

    @rule(user=ACTORS, job=st.sampled_from(JOBS), variant=st.sampled_from(tuple(JOB_CONTENT)))
    def employer_edit(self, user: str, job: str, variant: str) -> None:
        user = self.owner[job] if user == "own" else user
        ok = self.roles[user] == Role.EMPLOYER and self.owner[job] == user
        editable = self.item_status[job] not in ("closed", "rejected")
        try:
            out = catalog_owners.edit_posting(
                self.session, self.resources, self.who(user), self.item_ids[job], posting(variant)
            )
        except WayfinderError:
            assert not (ok and editable)
            return
        assert ok and editable
        self.new_content(job, variant, reopen=False)
        assert out["status"] == self.item_status[job]
        assert out["review_status"] == {"held": "under review", "active": "live"}[self.item_status[job]]

    @rule(job=st.sampled_from(JOBS), variant=st.sampled_from(tuple(JOB_CONTENT)))
    def reimport_posting(self, job: str, variant: str) -> None:
        """The posting arrives again through the import path (same source and id), whatever its status."""
        source = employer_source(self.users[self.owner[job]].org_id)
        record = _normalized(
            posting(variant), source=source, source_id=self.source_ids[job], employer_name=self.employer_names[job]
        )
        out = submit_posting(self.session.connection(), record, self.enricher, None)
        self.new_content(job, variant, reopen=True)
        assert out.status == self.item_status[job]

    @rule(user=ACTORS, variant=st.sampled_from(("cna", "cna2", "lure")))
    def partner_edit(self, user: str, variant: str) -> None:
        user = "partnerP" if user == "own" else user
        name, description, _ = PROGRAM_CONTENT[variant]
        body = PartnerProgramEdit(
            name=name, description=description or "", cost_total=1800.0, city="Auburn", region="WA",
            delivery="in_person", shifts=["evening"], duration_weeks=10.0,
        )  # fmt: skip
        ok = user == "partnerP" and self.item_status["PR"] in ("active", "held")
        try:
            out = catalog_owners.edit_program(self.session, self.resources, self.who(user), self.item_ids["PR"], body)
        except WayfinderError:
            assert not ok
            return
        assert ok
        self.new_content("PR", variant, reopen=False)
        assert out["status"] == self.item_status["PR"]

    @rule(variant=st.sampled_from(("cna", "cna2", "lure")))
    def reimport_program(self, variant: str) -> None:
        name, description, _ = PROGRAM_CONTENT[variant]
        record = self.program_record.model_copy(update={"name": name, "description": description})
        submit_program(self.session.connection(), record, self.enricher, None)
        self.new_content("PR", variant, reopen=True)
        status = (
            self.session.connection()
            .execute(text("SELECT status FROM training_program WHERE id = :id"), {"id": self.item_ids["PR"]})
            .scalar_one()
        )
        assert status == self.item_status["PR"]

    @rule(item=st.sampled_from(ITEMS), clear=st.booleans())
    def staff_review(self, item: str, clear: bool) -> None:
        """`wayfinder screening clear/reject`: the only way out of held."""
        kind = "program" if item == "PR" else "posting"
        try:
            with self.session.begin_nested():
                staff_decide(
                    self.session.connection(), self.item_ids[item], clear=clear, actor="t", reason="r", kind=kind
                )
        except WayfinderError:
            assert self.item_status[item] != "held"
            return
        assert self.item_status[item] == "held"
        self.item_status[item] = "active" if clear else "rejected"

    @rule(user=ACTORS, job=st.sampled_from(JOBS))
    def employer_close(self, user: str, job: str) -> None:
        user = self.owner[job] if user == "own" else user
        ok = (
            self.roles[user] == Role.EMPLOYER
            and self.owner[job] == user
            and self.item_status[job] in ("active", "held")
        )
        try:
            catalog_owners.close_posting(self.session, self.who(user), self.item_ids[job])
        except WayfinderError:
            assert not ok
            return
        assert ok
        self.item_status[job] = "closed"

    @rule(role=st.sampled_from([Role.ADMIN, Role.CASEWORKER]), admin=st.sampled_from(["adminA", "cwB"]))
    def change_role(self, role: Role, admin: str) -> None:
        """Promote or demote cwA2; approvals they already made keep counting (the role *when* they decided)."""
        try:
            accounts.update_user(self.session, self.who(admin), self.users["cwA2"].id or 0, role=role, is_active=None)
        except WayfinderError:
            assert admin != "adminA"
            return
        self.roles["cwA2"] = role

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def the_person_sees_exactly_the_approved_and_shared(self) -> None:
        conn = self.session.connection()
        for profile in PROFILES:
            expected = self.expected_visible(profile)
            rows = rec_repo.visible_for_profile(conn, pseudonym=self.profiles[profile].pseudonym)
            assert {r["id"] for r in rows} == expected
            # What the person reads is what was approved (the model's record, not the database's).
            by_id = {rec_id: key for key, rec_id in self.rec_ids.items()}
            for r in rows:
                key = by_id[r["id"]]
                assert r["title"] == self.title_of(key[1], self.approved[key])
            for _, code, valid in self.codes[profile]:
                if valid:
                    assert {i["id"] for i in access.opportunities(self.session, code)} == expected
                else:
                    with pytest.raises(NotFoundError):
                        access.opportunities(self.session, code)

    @invariant()
    def caseworkers_see_changed_since_approved(self) -> None:
        conn = self.session.connection()
        for profile in PROFILES:
            rows, _ = rec_repo.list_for_profile(
                conn,
                pseudonym=self.profiles[profile].pseudonym,
                statuses=None,
                limit=100,
                offset=0,
                cipher=self.resources.privacy.cipher,
            )
            by_id = {rec_id: key for key, rec_id in self.rec_ids.items()}
            for r in rows:
                key = by_id[r["id"]]
                assert r["status"] == self.status[key]
                assert r["changed_since_approved"] == self.changed(key)
                assert (r["changes"] != []) == self.changed(key)

    @invariant()
    def items_are_where_the_model_says(self) -> None:
        """Only staff move an item out of held or rejected."""
        conn = self.session.connection()
        for item in ITEMS:
            table = "training_program" if item == "PR" else "job_posting"
            status = conn.execute(
                text(f"SELECT status FROM {table} WHERE id = :id"),
                {"id": self.item_ids[item]},
            ).scalar_one()
            assert status == self.item_status[item], item

    @invariant()
    def employers_and_partners_never_receive_profile_identifiers(self) -> None:
        received: list[Any] = []
        for user in ("employerE", "employerF"):
            if self.roles[user] == Role.EMPLOYER:
                received.append(catalog_owners.list_postings(self.session, self.who(user), limit=100, offset=0))
        received.append(catalog_owners.list_programs(self.session, self.who("partnerP"), limit=100, offset=0))
        blob = json.dumps(received, default=str)
        for profile in self.profiles.values():
            assert profile.pseudonym not in blob
        assert "pseudonym" not in blob and "profile" not in blob


@pytest.mark.slow
def test_the_person_sees_only_what_a_caseworker_of_their_organization_approved_and_shared(
    session: Session, settings: Settings, engine: Any, encoder: Encoder, privacy: PrivacyTools
) -> None:
    resources = Resources(settings=settings, engine=engine, encoder=encoder, privacy_tools=privacy)
    run_state_machine_as_test(
        lambda: ApprovalGate(session, resources, encoder),
        settings=settings_for_machine(),
    )


def settings_for_machine() -> settings:
    return settings(
        max_examples=40,
        stateful_step_count=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
