"""The central promise, as a state machine: whatever any role does, in any order, a person's view holds
exactly the recommendations a caseworker of the profile's organization approved and shared (whose item
is still open), and employers and partners never receive a profile identifier.

Actions by every role: propose, approve, reject, share, withdraw, re-propose, raw-SQL attempts to skip
the workflow, access codes issued and revoked, answers, employer edits (re-screened, maybe held) and
closings, role changes, and all of these across organizations.
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
from api.schemas.catalog import EmployerPostingIn
from api.services import access, accounts, catalog_owners, review
from api.services.matching import ProposedMatch
from api.services.principal import Principal
from api.services.review import TRANSITIONS, Decision
from matcher.encoder import Encoder
from models.enums import ItemKind, OrgKind, ReasonCode, Role, SurvivorResponse
from models.errors import NotFoundError, PermissionDeniedError, WayfinderError
from models.privacy.tools import PrivacyTools
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
ALLOWED_RAW = {
    (a, b)
    for a, b in [
        ("proposed", "approved"),
        ("proposed", "rejected"),
        ("approved", "shared"),
        ("approved", "rejected"),
        ("approved", "withdrawn"),
        ("shared", "withdrawn"),
        ("rejected", "proposed"),
        ("withdrawn", "proposed"),
    ]
}


def posting(description: str) -> EmployerPostingIn:
    return EmployerPostingIn(
        title="Line Cook",
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
            made = catalog_owners.create_posting(session, resources, self.who(owner), posting(CLEAN))
            self.item_ids[job] = int(made["id"])
        self.item_ids["PR"] = int(add_program(session, encoder, source=f"partner:{orgs['P'].id}").id or 0)
        self.item_status = {item: "active" for item in ITEMS}
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

    def expected_visible(self, profile: str) -> set[int]:
        return {
            self.rec_ids[key]
            for key, status in self.status.items()
            if key[0] == profile and status == "shared" and self.item_status[key[1]] == "active"
        }

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
        ok = (
            self.caseworker_of(user, profile)
            and self.status[key] in sources
            and not (action == "reject" and reason in (None, ReasonCode.GOOD_FIT))
            and not (action == "share" and self.item_status[item] != "active")
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
        legit = logged and self.caseworker_of(user, profile) and (self.status[key], target) in ALLOWED_RAW
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

    @rule(user=ACTORS, job=st.sampled_from(JOBS), flagged=st.booleans())
    def employer_edit(self, user: str, job: str, flagged: bool) -> None:
        user = self.owner[job] if user == "own" else user
        ok = self.roles[user] == Role.EMPLOYER and self.owner[job] == user
        editable = self.item_status[job] not in ("closed", "rejected")
        try:
            out = catalog_owners.edit_posting(
                self.session, self.resources, self.who(user), self.item_ids[job], posting(SCAM if flagged else CLEAN)
            )
        except WayfinderError:
            assert not (ok and editable)
            return
        assert ok and editable
        self.item_status[job] = "held" if flagged else "active"
        assert out["review_status"] == ("under review" if flagged else "live")

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
            for _, code, valid in self.codes[profile]:
                if valid:
                    assert {i["id"] for i in access.opportunities(self.session, code)} == expected
                else:
                    with pytest.raises(NotFoundError):
                        access.opportunities(self.session, code)

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
