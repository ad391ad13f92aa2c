"""The caseworker dashboard (issue 15, "Finding a person"): which profiles each filter, search and sort
returns, pagination that neither skips nor repeats, case numbers found without decrypting, labels the
scrubber refuses, friendly references, follow-ups on a frozen clock, the "Interested" queue, tenancy."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from api.services import dashboard, follow_ups, review
from api.services.key_rotation import rotate_all
from api.services.principal import Principal
from matcher.encoder import Encoder
from models.clock import FrozenClock
from models.errors import ConflictError, NotFoundError, ValidationFailed
from models.organization import User
from models.privacy.crypto import FieldCipher, Keyring, new_key_entry
from models.privacy.tools import PrivacyTools
from models.profile import SurvivorProfile
from models.recommendation import Recommendation
from models.references import friendly_reference, pseudonym_prefix
from models.repositories import case_references
from models.repositories import dashboard as repo
from models.repositories import recommendations as rec_repo
from models.repositories.dashboard import Filter, Query, Sort
from models.settings import Settings
from tests.catalog_factories import add_job
from tests.factories import make_follow_up, make_outcome, make_profile, make_recommendation, make_user, principal_for

NOW = datetime.now(UTC)


def _advance(session: Session, who: Principal, rec: Recommendation, privacy: PrivacyTools, *actions: str) -> None:
    for action in actions:
        review.decide(session, who, rec.id or 0, review.Decision(action), privacy)  # type: ignore[arg-type]


def _answer(session: Session, rec: Recommendation, answer: str = "interested") -> None:
    """The person's answer, as access.respond writes it."""
    conn = session.connection()
    rec_repo.add_decision(conn, recommendation_id=rec.id or 0, from_status="shared", to_status=answer, actor_id=None)
    rec_repo.set_response(conn, recommendation_id=rec.id or 0, response=answer)


@dataclass
class World:
    user: User
    who: Principal
    review: SurvivorProfile
    shared: SurvivorProfile
    interested: SurvivorProfile
    due: SurvivorProfile
    quiet: SurvivorProfile
    plain: SurvivorProfile
    elsewhere: SurvivorProfile  # another organization's, with every kind of row

    def pseudonyms(self, *profiles: SurvivorProfile) -> set[str]:
        return {p.pseudonym for p in profiles}


@pytest.fixture
def world(session: Session, encoder: Encoder, privacy: PrivacyTools) -> World:
    user = make_user(session)
    who = principal_for(user)
    other = make_user(session)

    def profile(owner: User = user, **overrides: object) -> SurvivorProfile:
        return make_profile(session, org_id=owner.org_id, created_by=owner.id, **overrides)

    def rec(p: SurvivorProfile, owner: User = user) -> Recommendation:
        return make_recommendation(session, profile=p, actor=owner, job_posting_id=add_job(session, encoder).id)

    w = World(
        user=user,
        who=who,
        review=profile(skills=["welding"], label="Tuesday group"),
        shared=profile(skills=["forklift"]),
        interested=profile(skills=["kitchen sanitation"]),
        due=profile(skills=["cashier"]),
        quiet=profile(
            skills=["childcare"], created_at=NOW - timedelta(days=60), last_activity_at=NOW - timedelta(days=40)
        ),
        plain=profile(skills=["bookkeeping"], label="forklift hopeful"),
        elsewhere=profile(other, skills=["forklift", "welding"], label="Tuesday group"),
    )
    rec(w.review)
    _advance(session, who, rec(w.shared), privacy, "approve", "share")
    liked = rec(w.interested)
    _advance(session, who, liked, privacy, "approve", "share")
    _answer(session, liked)
    due_rec = rec(w.due)
    _advance(session, who, due_rec, privacy, "approve", "share")
    make_follow_up(session, profile=w.due, recommendation=None, due_on=NOW.date() - timedelta(days=1))
    # The other organization has a profile matching every filter.
    theirs = rec(w.elsewhere, other)
    _advance(session, principal_for(other), theirs, privacy, "approve", "share")
    _answer(session, theirs)
    rec(w.elsewhere, other)
    make_follow_up(session, profile=w.elsewhere, due_on=NOW.date() - timedelta(days=3))
    return w


def _found(session: Session, w: World, **query: object) -> set[str]:
    rows, total = repo.search(
        session.connection(),
        org_id=w.user.org_id,
        query=Query(**query),
        now=NOW,
        limit=100,
        offset=0,  # type: ignore[arg-type]
    )
    assert total == len(rows)
    return {r.pseudonym for r in rows}


def test_dashboard_filter_needs_review_returns_only_profiles_with_proposed_items(
    session: Session, world: World
) -> None:
    assert _found(session, world, filters=frozenset({Filter.NEEDS_REVIEW})) == world.pseudonyms(world.review)


def test_dashboard_filter_shared_returns_profiles_with_a_shared_item(session: Session, world: World) -> None:
    expected = world.pseudonyms(world.shared, world.interested, world.due)
    assert _found(session, world, filters=frozenset({Filter.SHARED})) == expected


def test_dashboard_filter_interested_returns_profiles_whose_person_answered_interested(
    session: Session, world: World
) -> None:
    assert _found(session, world, filters=frozenset({Filter.INTERESTED})) == world.pseudonyms(world.interested)


def test_dashboard_filter_follow_up_due_returns_profiles_with_a_past_open_follow_up(
    session: Session, world: World
) -> None:
    # The shares' own follow-ups (7 days on) are not due yet; the one set for yesterday is.
    assert _found(session, world, filters=frozenset({Filter.FOLLOW_UP_DUE})) == world.pseudonyms(world.due)


def test_dashboard_filter_no_activity_for_30_days_returns_quiet_profiles(session: Session, world: World) -> None:
    assert _found(session, world, filters=frozenset({Filter.INACTIVE})) == world.pseudonyms(world.quiet)


def test_dashboard_filters_combine_with_and(session: Session, world: World) -> None:
    both = frozenset({Filter.SHARED, Filter.INTERESTED})
    assert _found(session, world, filters=both) == world.pseudonyms(world.interested)
    assert _found(session, world, filters=frozenset({Filter.NEEDS_REVIEW, Filter.SHARED})) == set()


def test_dashboard_search_by_label_and_skill_is_a_substring_in_any_case(session: Session, world: World) -> None:
    assert _found(session, world, text="tuesday") == world.pseudonyms(world.review)
    # "forklift" is one profile's skill and another's label.
    assert _found(session, world, text="FORKLIFT") == world.pseudonyms(world.shared, world.plain)
    assert _found(session, world, text="sanitation") == world.pseudonyms(world.interested)
    # LIKE's wildcards are taken literally.
    assert _found(session, world, text="%") == set()
    assert _found(session, world, text="_") == set()


def test_dashboard_search_by_friendly_reference(session: Session, world: World) -> None:
    ref = friendly_reference(world.quiet.pseudonym)
    prefix = pseudonym_prefix(ref.lower().replace("-", " "))
    assert prefix == world.quiet.pseudonym[:10]
    assert _found(session, world, pseudonym_prefix=prefix) == world.pseudonyms(world.quiet)


def test_dashboard_never_shows_another_organizations_profile(session: Session, world: World) -> None:
    everything = _found(session, world)
    assert world.elsewhere.pseudonym not in everything
    assert everything == world.pseudonyms(
        world.review, world.shared, world.interested, world.due, world.quiet, world.plain
    )
    for f in Filter:
        assert world.elsewhere.pseudonym not in _found(session, world, filters=frozenset({f}))


def test_dashboard_sorts_by_items_awaiting_review_created_and_label(session: Session, world: World) -> None:
    conn = session.connection()

    def order(sort: Sort, descending: bool) -> list[str]:
        q = Query(sort=sort, descending=descending)
        rows, _ = repo.search(conn, org_id=world.user.org_id, query=q, now=NOW, limit=100, offset=0)
        return [r.pseudonym for r in rows]

    assert order(Sort.REVIEW, True)[0] == world.review.pseudonym
    assert order(Sort.CREATED, False)[0] == world.quiet.pseudonym
    assert order(Sort.ACTIVITY, False)[0] == world.quiet.pseudonym
    labelled = order(Sort.LABEL, False)[:2]
    assert labelled == [world.plain.pseudonym, world.review.pseudonym]  # "forklift hopeful" < "Tuesday group"
    assert order(Sort.LABEL, True)[:2] == [world.review.pseudonym, world.plain.pseudonym]
    unlabelled = order(Sort.LABEL, False)[2:]
    assert unlabelled == sorted(unlabelled)  # then by reference, which sorts like the pseudonym


def test_dashboard_a_decision_counts_as_activity(
    session: Session, world: World, encoder: Encoder, privacy: PrivacyTools
) -> None:
    rec = make_recommendation(
        session, profile=world.quiet, actor=world.user, job_posting_id=add_job(session, encoder).id
    )
    assert rec.id is not None
    assert _found(session, world, filters=frozenset({Filter.INACTIVE})) == set()


def test_dashboard_interested_queue_lists_newest_answer_first(
    session: Session, world: World, encoder: Encoder, privacy: PrivacyTools
) -> None:
    later = make_recommendation(
        session, profile=world.shared, actor=world.user, job_posting_id=add_job(session, encoder, title="Baker").id
    )
    _advance(session, world.who, later, privacy, "approve", "share")
    _answer(session, later)
    rows, total = repo.interested_answers(session.connection(), org_id=world.user.org_id, limit=10, offset=0)
    assert total == 2
    assert [(r.pseudonym, r.title) for r in rows] == [
        (world.shared.pseudonym, "Baker"),
        (world.interested.pseudonym, "Warehouse Associate"),
    ]
    assert rows[0].answered_at is not None and rows[1].answered_at is not None
    assert rows[0].answered_at > rows[1].answered_at
    # "Not for me" afterwards takes the item out of the queue.
    _answer(session, later, "not_for_me")
    rows, total = repo.interested_answers(session.connection(), org_id=world.user.org_id, limit=10, offset=0)
    assert (total, [r.pseudonym for r in rows]) == (1, [world.interested.pseudonym])


def test_dashboard_interested_queue_lets_go_of_an_answer_once_an_outcome_is_recorded(
    session: Session, world: World, encoder: Encoder, privacy: PrivacyTools
) -> None:
    baker = make_recommendation(
        session, profile=world.shared, actor=world.user, job_posting_id=add_job(session, encoder, title="Baker").id
    )
    _advance(session, world.who, baker, privacy, "approve", "share")
    _answer(session, baker)
    rows, total = repo.interested_answers(session.connection(), org_id=world.user.org_id, limit=10, offset=0)
    assert (total, [r.title for r in rows]) == (2, ["Baker", "Warehouse Associate"])
    make_outcome(session, recommendation=baker, stage="applied")
    rows, total = repo.interested_answers(session.connection(), org_id=world.user.org_id, limit=10, offset=0)
    assert (total, [r.title for r in rows]) == (1, ["Warehouse Associate"])


# --- pagination: every matching profile exactly once, in order -------------------------------------

_STAMPS = [NOW - timedelta(days=d) for d in (0, 1, 1, 5, 31, 45)]  # repeated days: ties the order must break


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    profiles=st.lists(
        st.tuples(st.sampled_from(_STAMPS), st.sampled_from(_STAMPS), st.sampled_from([None, "alpha", "Beta", "beta"])),
        max_size=40,
    ),
    sort=st.sampled_from(list(Sort)),
    descending=st.booleans(),
    inactive=st.booleans(),
    page_size=st.integers(min_value=1, max_value=9),
)
def test_dashboard_pagination_returns_every_matching_profile_exactly_once(
    session: Session,
    profiles: list[tuple[datetime, datetime, str | None]],
    sort: Sort,
    descending: bool,
    inactive: bool,
    page_size: int,
) -> None:
    with session.begin_nested() as savepoint:
        user = make_user(session)
        made = [
            make_profile(session, org_id=user.org_id, created_at=c, last_activity_at=a, label=label)
            for c, a, label in profiles
        ]
        query = Query(
            sort=sort, descending=descending, filters=frozenset({Filter.INACTIVE}) if inactive else frozenset()
        )
        conn = session.connection()
        seen: list[str] = []
        totals: set[int] = set()  # each page's total (with its rows), and the empty page's (counted alone)
        page = 0
        while True:
            rows, total = repo.search(
                conn, org_id=user.org_id, query=query, now=NOW, limit=page_size, offset=page * page_size
            )
            totals.add(total)
            if not rows:
                break
            seen += [r.pseudonym for r in rows]
            page += 1
        cutoff = NOW - timedelta(days=repo.INACTIVE_DAYS)
        expected = {p.pseudonym for p in made if not inactive or p.last_activity_at < cutoff}
        assert len(seen) == len(set(seen)) == total
        assert totals == {len(expected)}
        assert set(seen) == expected
        # One query for everything gives the same order as the pages put together.
        whole, _ = repo.search(conn, org_id=user.org_id, query=query, now=NOW, limit=1000, offset=0)
        assert seen == [r.pseudonym for r in whole]
        savepoint.rollback()


# --- case numbers: found by lookup hash, never by decrypting ---------------------------------------


class CountingCipher(FieldCipher):
    def __init__(self, keyring: Keyring) -> None:
        super().__init__(keyring)
        self.decrypted = 0

    def decrypt(self, token: str, *, context: str) -> str:
        self.decrypted += 1
        return super().decrypt(token, context=context)


def _with_case_numbers(session: Session, user: User, cipher: FieldCipher, n: int) -> list[SurvivorProfile]:
    made = []
    for i in range(n):
        p = make_profile(session, org_id=user.org_id, created_by=user.id)
        case_references.put(
            session, pseudonym=p.pseudonym, org_id=user.org_id, case_number=f"HS-2026-{i:04d}", cipher=cipher
        )
        made.append(p)
    return made


def test_dashboard_search_by_case_number_decrypts_only_the_rows_shown(session: Session, privacy: PrivacyTools) -> None:
    cipher = CountingCipher(Keyring.parse(new_key_entry("k1")))
    tools = PrivacyTools(scrubber=privacy.scrubber, cipher=cipher)
    user = make_user(session)
    made = _with_case_numbers(session, user, cipher, 30)
    cipher.decrypted = 0

    page = dashboard.caseworker_dashboard(session, principal_for(user), tools, dashboard.Request(q=" hs 2026 0017 "))

    assert [(r.pseudonym, r.case_number) for r in page.rows] == [(made[17].pseudonym, "HS-2026-0017")]
    assert cipher.decrypted == 1  # the one row on the page; the search itself decrypted nothing
    # Part of a case number finds nothing: only a whole number is looked up.
    assert dashboard.caseworker_dashboard(session, principal_for(user), tools, dashboard.Request(q="2026")).rows == []


def test_dashboard_search_by_case_number_stays_in_the_organization(session: Session, privacy: PrivacyTools) -> None:
    mine, theirs = make_user(session), make_user(session)
    (own,) = _with_case_numbers(session, mine, privacy.cipher, 1)
    _with_case_numbers(session, theirs, privacy.cipher, 1)  # the same number, HS-2026-0000, elsewhere
    page = dashboard.caseworker_dashboard(session, principal_for(mine), privacy, dashboard.Request(q="HS-2026-0000"))
    assert [r.pseudonym for r in page.rows] == [own.pseudonym]


def test_dashboard_indexes_case_numbers_stored_before_lookup_hashes(session: Session, privacy: PrivacyTools) -> None:
    user = make_user(session)
    (p,) = _with_case_numbers(session, user, privacy.cipher, 1)
    session.connection().exec_driver_sql(
        "UPDATE case_reference SET lookup_hash = NULL, lookup_key_id = NULL WHERE org_id = %s", (user.org_id,)
    )
    page = dashboard.caseworker_dashboard(session, principal_for(user), privacy, dashboard.Request(q="hs-2026-0000"))
    assert [r.pseudonym for r in page.rows] == [p.pseudonym]
    assert not case_references.has_missing_lookups(session.connection(), org_id=user.org_id)


def test_dashboard_case_number_search_survives_key_rotation(session: Session, privacy: PrivacyTools) -> None:
    old_entry, new_entry = new_key_entry("old1"), new_key_entry("new1")
    old = FieldCipher(Keyring.parse(old_entry))
    user = make_user(session)
    (p,) = _with_case_numbers(session, user, old, 1)

    def begin():  # type: ignore[no-untyped-def]
        from contextlib import contextmanager

        @contextmanager
        def nested():  # type: ignore[no-untyped-def]
            with session.begin_nested():
                yield session.connection()

        return nested()

    rotate_all(begin, FieldCipher(Keyring.parse(f"{new_entry},{old_entry}")))
    new_only = PrivacyTools(scrubber=privacy.scrubber, cipher=FieldCipher(Keyring.parse(new_entry)))
    page = dashboard.caseworker_dashboard(session, principal_for(user), new_only, dashboard.Request(q="HS-2026-0000"))
    assert [r.pseudonym for r in page.rows] == [p.pseudonym]


# --- labels ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "kind", "text"),
    [
        ("Maria Lopez", "a name", "Maria Lopez"),
        ("Maria", "a name", "Maria"),  # a lone first name, caught inside a sentence
        ("call 206-555-0143", "a phone number", "206-555-0143"),
        ("maria.l@example.org", "an e-mail address", "maria.l@example.org"),
    ],
)
def test_dashboard_label_with_personal_data_is_refused_showing_what_was_found(
    session: Session, privacy: PrivacyTools, label: str, kind: str, text: str
) -> None:
    user = make_user(session)
    p = make_profile(session, org_id=user.org_id)
    with pytest.raises(dashboard.LabelRefused) as refused:
        dashboard.set_label(session, principal_for(user), p.pseudonym, label, privacy)
    assert (kind, text) in [(f.kind, f.text) for f in refused.value.findings]
    assert f"{kind} (“{text}”)" in refused.value.message
    assert p.label is None


def test_dashboard_label_is_saved_searchable_and_removable(session: Session, privacy: PrivacyTools) -> None:
    user = make_user(session)
    who = principal_for(user)
    p = make_profile(session, org_id=user.org_id)
    assert dashboard.set_label(session, who, p.pseudonym, "  Tuesday   group 3 ", privacy) == "Tuesday group 3"
    page = dashboard.caseworker_dashboard(session, who, privacy, dashboard.Request(q="group 3"))
    assert [(r.pseudonym, r.reference) for r in page.rows] == [(p.pseudonym, "Tuesday group 3")]
    assert dashboard.set_label(session, who, p.pseudonym, "", privacy) is None
    with pytest.raises(ValidationFailed, match="at most 40 characters"):
        dashboard.set_label(session, who, p.pseudonym, "x" * 41, privacy)


def test_dashboard_profile_without_case_number_or_label_shows_a_friendly_reference(
    session: Session, privacy: PrivacyTools
) -> None:
    user = make_user(session)
    p = make_profile(session, org_id=user.org_id)
    (row,) = dashboard.caseworker_dashboard(session, principal_for(user), privacy, dashboard.Request()).rows
    assert row.reference == friendly_reference(p.pseudonym)
    assert row.reference.startswith("P-") and len(row.reference) == 11 and p.pseudonym not in row.reference


# --- follow-ups on a frozen clock ------------------------------------------------------------------


def test_follow_ups_are_set_7_30_90_180_days_after_sharing_and_fall_due_by_the_clock(
    session: Session, encoder: Encoder, privacy: PrivacyTools
) -> None:
    user = make_user(session)
    who = principal_for(user)
    p = make_profile(session, org_id=user.org_id)
    rec = make_recommendation(session, profile=p, actor=user, job_posting_id=add_job(session, encoder).id)
    _advance(session, who, rec, privacy, "approve", "share")
    shared_on = datetime.now(UTC).date()
    clock = FrozenClock(datetime.now(UTC))

    rows = follow_ups.for_profile(session, who, p.pseudonym, clock=clock)
    assert [(r["offset_days"], r["due_on"], r["due"]) for r in rows] == [
        (d, shared_on + timedelta(days=d), False) for d in (7, 30, 90, 180)
    ]

    def due_filter() -> set[str]:
        page = dashboard.caseworker_dashboard(
            session, who, privacy, dashboard.Request(filters=frozenset({Filter.FOLLOW_UP_DUE})), clock=clock
        )
        return {r.pseudonym for r in page.rows}

    assert due_filter() == set()
    clock.advance(days=8)
    assert due_filter() == {p.pseudonym}
    week = rows[0]["id"]
    follow_ups.record(session, who, week, follow_ups.FollowUpResult.REACHED, clock=clock)
    assert due_filter() == set()
    clock.advance(days=30)  # day 38: the 30-day one is due now
    assert due_filter() == {p.pseudonym}
    month = rows[1]["id"]
    moved_to = clock.now().date() + timedelta(days=5)
    follow_ups.reschedule(session, who, month, moved_to, clock=clock)
    assert due_filter() == set()
    after = {r["id"]: r for r in follow_ups.for_profile(session, who, p.pseudonym, clock=clock)}
    assert (after[week]["result_code"], after[week]["done_by"]) == ("reached", user.id)
    assert after[month]["due_on"] == moved_to
    # Sharing again (after a re-approval) adds no second set.
    assert follow_ups.schedule_after_share(session, who, recommendation_id=rec.id or 0, pseudonym=p.pseudonym) == []


def test_follow_up_changes_are_refused_in_plain_words(session: Session, privacy: PrivacyTools) -> None:
    user = make_user(session)
    who = principal_for(user)
    p = make_profile(session, org_id=user.org_id)
    f = make_follow_up(session, profile=p)
    clock = FrozenClock(NOW)
    with pytest.raises(ValidationFailed, match="Choose today"):
        follow_ups.reschedule(session, who, f.id or 0, NOW.date() - timedelta(days=1), clock=clock)
    with pytest.raises(ValidationFailed, match="within a year"):
        follow_ups.reschedule(session, who, f.id or 0, NOW.date() + timedelta(days=400), clock=clock)
    follow_ups.record(session, who, f.id or 0, follow_ups.FollowUpResult.NO_ANSWER, clock=clock)
    with pytest.raises(ConflictError, match="already recorded"):
        follow_ups.record(session, who, f.id or 0, follow_ups.FollowUpResult.REACHED, clock=clock)
    stranger = principal_for(make_user(session))
    g = make_follow_up(session, profile=p)
    with pytest.raises(NotFoundError):
        follow_ups.record(session, stranger, g.id or 0, follow_ups.FollowUpResult.REACHED, clock=clock)


def test_follow_up_steps_are_audited(session: Session, privacy: PrivacyTools) -> None:
    user = make_user(session)
    who = principal_for(user)
    p = make_profile(session, org_id=user.org_id)
    f = make_follow_up(session, profile=p, due_on=date.today())
    g = make_follow_up(session, profile=p, offset_days=30)
    follow_ups.record(session, who, f.id or 0, follow_ups.FollowUpResult.APPLIED)
    follow_ups.reschedule(session, who, g.id or 0, date.today() + timedelta(days=3))
    events = (
        session.connection()
        .exec_driver_sql("SELECT action, detail FROM audit_event WHERE pseudonym = %s ORDER BY id", (p.pseudonym,))
        .all()
    )
    assert [(a, d.get("follow_up_id")) for a, d in events] == [
        ("follow_up.record", f.id),
        ("follow_up.reschedule", g.id),
    ]


def test_follow_up_days_setting_is_checked() -> None:
    assert Settings(_env_file=None, follow_up_days=[30, 7, 7]).follow_up_days == [7, 30]  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="between 1 and 3650"):
        Settings(_env_file=None, follow_up_days=[0])  # type: ignore[call-arg]
