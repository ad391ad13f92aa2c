"""Issue 18: the database candidate stage's SQL filters agree with the Python rules, and liveness is respected.

The SQL mirrors `prefilter.ConstraintArrays.mask` (area, pay floor, excluded ZIPs, status) and the liveness of
`candidates._LIVE_JOBS`: it must return exactly the live items the prefilter passes, so it never drops an
item `violations` allows and never returns one `violations` refuses for area, pay, excluded ZIP or status."""

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session

from matcher.constraints import violations
from matcher.encoder import Encoder
from matcher.prefilter import ConstraintArrays
from matcher.types import Constraints, ProfileQuery
from models.repositories import retrieval as retrieval_repo
from tests.retrieval.catalog import Posting, insert, unit

DIM = 384
# The codes the SQL filters decide (the others: schedule, language, safety by name... stay with `violations`).
SQL_DECIDED = ("area:", "pay:", "status:", "safety:zip3")
NOW = datetime.now(UTC).timestamp()

regions = st.sampled_from(["WA", "wa", " WA", "OR", "", None])
zip3s = st.sampled_from(["980", "981", "972", ""])
pays = st.one_of(st.none(), st.sampled_from([10.0, 15.0, 19.99, 20.0, 25.0]))  # floors sit on these bounds
postings = st.builds(
    Posting,
    title=st.just("Warehouse Associate"),
    description=st.just("Load trucks."),
    vector=st.just(unit(np.ones(DIM))),
    region=regions,
    zip3=st.one_of(st.none(), zip3s),
    is_remote=st.booleans(),
    pay_min_hourly=pays,
    pay_max_hourly=pays,
    status=st.sampled_from(["active", "active", "held", "closed"]),
)
constraints = st.builds(
    Constraints,
    region=st.one_of(st.none(), st.sampled_from(["WA", "wa ", "OR"])),
    zip3s=st.lists(zip3s.filter(bool), max_size=2, unique=True).map(tuple),
    remote_ok=st.booleans(),
    pay_floor_hourly=st.one_of(st.none(), st.sampled_from([15.0, 20.0])),
    excluded_zip3s=st.lists(zip3s.filter(bool), max_size=2, unique=True).map(tuple),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.lists(postings, min_size=1, max_size=12), c=constraints)
def test_sql_filters_return_exactly_the_items_the_prefilter_passes(
    session: Session, encoder: Encoder, items: list[Posting], c: Constraints
) -> None:
    with session.begin_nested() as savepoint:
        conn = session.connection()
        ids = insert(conn, items, encoder.model_name)
        # Exact plan, k above the catalog: every item the filters pass comes back.
        got = set(retrieval_repo.semantic_ids(conn, "job", c, unit(np.ones(DIM)), 100, NOW, exact=True))
        candidates = [r.candidate for r in retrieval_repo.load(conn, "job", ids, model_name=None)]
        savepoint.rollback()
    mask = ConstraintArrays.build(candidates).mask(c)
    assert got == {int(x.item_id) for x, keep in zip(candidates, mask.tolist(), strict=True) if keep}
    profile = ProfileQuery(id="p", constraints=c)
    allowed = {int(x.item_id) for x in candidates if not violations(profile, x)}
    assert allowed <= got  # never drops an item the Python check allows
    for x in candidates:  # never returns one it refuses for what the SQL decides
        if int(x.item_id) in got:
            assert not [v for v in violations(profile, x) if v.startswith(SQL_DECIDED)]


def test_liveness_expired_duplicate_closed_held_and_other_models_vectors_are_left_out(
    session: Session, encoder: Encoder
) -> None:
    conn = session.connection()
    v = unit(np.ones(DIM))
    past, future = datetime.now(UTC) - timedelta(days=1), datetime.now(UTC) + timedelta(days=30)
    live, expired, closed, held, other_model, dead_canon = insert(
        conn,
        [
            Posting("Cook", "Prep food.", v),
            Posting("Cook", "Prep food.", v, valid_through=past),
            Posting("Cook", "Prep food.", v, status="closed"),
            Posting("Cook", "Prep food.", v, status="held"),
            Posting("Cook", "Prep food.", v, model_name="another-model"),
            Posting("Cook", "Prep food.", v, valid_through=past),
        ],
        encoder.model_name,
    )
    dup_of_live, dup_of_dead, still_valid = insert(
        conn,
        [
            Posting("Cook", "Prep food.", v, duplicate_of_id=live),
            Posting("Cook", "Prep food.", v, duplicate_of_id=dead_canon),
            Posting("Cook", "Prep food.", v, valid_through=future),
        ],
        encoder.model_name,
    )
    # A row edited after its embedding (new text and text hash, vector not yet redone) is not a candidate.
    (edited,) = insert(conn, [Posting("Cook", "Prep food.", v)], encoder.model_name)
    conn.execute(
        text("UPDATE job_posting SET description = 'Wash dishes.', text_hash = 'pending' WHERE id = :id"),
        {"id": edited},
    )

    found = retrieval_repo.semantic_ids(conn, "job", Constraints(), v, 100, NOW, exact=True)
    assert {expired, closed, held, dup_of_live, dead_canon}.isdisjoint(found)
    # Whether a vector is this model's embedding of the present text is not decided in SQL (the planner would
    # misjudge the filter) but on load, exactly: the other model's row and the edited one go there.
    assert {other_model, edited} <= set(found)
    loaded = {int(r.candidate.item_id) for r in retrieval_repo.load(conn, "job", found, model_name=encoder.model_name)}
    assert loaded == {live, dup_of_dead, still_valid}
    # The clock is the caller's: a month on, the posting valid for 30 days has gone as well.
    later = retrieval_repo.semantic_ids(conn, "job", Constraints(), v, 100, NOW + 31 * 86400, exact=True)
    assert still_valid not in later and live in later
