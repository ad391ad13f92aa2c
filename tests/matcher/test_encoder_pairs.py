"""Training pairs of the domain-adapted encoder (issue 13): values, provenance and the split rule."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.encoder_pairs import (
    ESCO_FILE,
    NEUTRAL_TITLE,
    EscoOccupation,
    OnetOccupation,
    Pair,
    assert_training_only,
    build_esco_pairs,
    build_onet_pairs,
    is_validation_esco,
    is_validation_soc,
    make_batches,
    onet_occupations,
    read_esco_occupations,
    training_pairs,
)
from matcher.encoder_validation import mrr, ndcg_at_10, validation_sets
from matcher.occupations import load_occupations
from matcher.split_rule import SplitRuleError, is_training_esco, is_training_soc

MAIDS = "37-2012"  # training side (ends in 2), outside the validation slice
TRAINING_ESCO = "0a1b2c3d-0000-4000-8000-000000000001"
VALIDATION_ESCO = "7a1b2c3d-0000-4000-8000-000000000002"
RESERVED_ESCO = "9a1b2c3d-0000-4000-8000-000000000003"


def _onet_pairs_for(soc: str) -> list[Pair]:
    occ = load_occupations()
    onet = onet_occupations(occ.titles, occ.tasks, occ.activities, occ.onet_titles)
    return [p for p in build_onet_pairs(onet, seed=13) if p.code == soc]


def test_pair_builder_pairs_a_known_occupations_title_with_its_tasks_activities_and_casual_phrasings() -> None:
    assert is_training_soc(MAIDS) and not is_validation_soc(MAIDS)
    pairs = _onet_pairs_for(MAIDS)
    title = "Maids and Housekeeping Cleaners"
    task = "Carry linens, towels, toilet items, and cleaning supplies, using wheeled carts."
    assert Pair(title, task, "title-task", "onet", MAIDS) in pairs
    assert Pair(title, "Sort materials or products.", "title-dwa", "onet", MAIDS) in pairs
    # The caseworker's way of saying it: past tense, no final full stop, against a title-only posting.
    casual = "Carried linens, towels, toilet items, and cleaning supplies, using wheeled carts"
    assert Pair(casual, title, "casual-title", "onet", MAIDS) in pairs
    own_tasks = set(load_occupations().tasks[MAIDS])
    task_task = [p for p in pairs if p.kind == "task-task"]
    assert len(task_task) == len(own_tasks)
    assert all(p.anchor in own_tasks and p.positive in own_tasks and p.anchor != p.positive for p in task_task)
    postings = [p for p in pairs if p.kind == "casual-posting"]
    assert postings and all(p.positive.startswith(title + ". ") for p in postings)


def test_pair_builder_reads_no_reserved_or_validation_occupation() -> None:
    occ = load_occupations()
    onet = onet_occupations(occ.titles, occ.tasks, occ.activities, occ.onet_titles)
    codes = {o.soc for o in onet}
    assert "37-2011" not in codes  # Janitors: SOC ends in 1, reserved, never even loaded
    assert "39-7012" in codes and is_validation_soc("39-7012")  # loaded for validation only
    pairs = build_onet_pairs(onet, seed=13)
    assert not {p.code for p in pairs} & {"37-2011", "39-7012"}


def _write_esco(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["uuid", "preferred_label", "alt_labels", "description"])
        w.writerows(rows)
    return path


def test_esco_pairs_join_labels_and_the_description_under_a_neutral_title(tmp_path: Path) -> None:
    path = _write_esco(
        tmp_path / "esco.csv.gz",
        [
            (TRAINING_ESCO, "room attendant", "chambermaid|hotel maid", "Room attendants clean guest rooms."),
            (VALIDATION_ESCO, "dishwasher", "pot washer|kitchen porter", "Dishwashers clean kitchen ware."),
            (RESERVED_ESCO, "forklift operator", "forklift driver|lift truck operator", "They drive forklifts."),
        ],
    )
    esco = read_esco_occupations(path)
    assert [o.uuid for o in esco] == [TRAINING_ESCO, VALIDATION_ESCO]  # the reserved row is never kept
    pairs = build_esco_pairs(esco, seed=13)
    assert Pair("room attendant", "chambermaid", "pref-alt", "esco", TRAINING_ESCO) in pairs
    assert Pair("room attendant", "hotel maid", "pref-alt", "esco", TRAINING_ESCO) in pairs
    assert Pair("chambermaid", "hotel maid", "alt-alt", "esco", TRAINING_ESCO) in pairs
    described = {p.anchor for p in pairs if p.kind == "label-description"}
    assert described == {"room attendant", "chambermaid", "hotel maid"}
    assert {p.positive for p in pairs if p.kind == "label-description"} == {
        f"{NEUTRAL_TITLE}. Room attendants clean guest rooms."
    }
    assert {p.code for p in pairs} == {TRAINING_ESCO}


def test_no_training_pair_comes_from_a_reserved_occupation(tmp_path: Path) -> None:
    """The leak test of issue 13, on the exact pairs scripts/finetune_encoder.py trains on."""
    esco_path = ESCO_FILE if ESCO_FILE.exists() else None
    fixture = _write_esco(
        tmp_path / "esco.csv.gz",
        [
            (TRAINING_ESCO, "room attendant", "chambermaid", "Room attendants clean guest rooms."),
            (RESERVED_ESCO, "forklift operator", "forklift driver", "They drive forklifts."),
        ],
    )
    for path in [fixture] + ([esco_path] if esco_path else []):
        pairs, _, _ = training_pairs(path, seed=13, hard_negatives=True)
        assert pairs
        for p in pairs:
            check = is_training_soc if p.source == "onet" else is_training_esco
            valid = is_validation_soc if p.source == "onet" else is_validation_esco
            assert check(p.code), f"reserved occupation {p.code} in a training pair: {p}"
            assert not valid(p.code), f"validation occupation {p.code} in a training pair: {p}"
            if p.negative_code is not None:
                assert check(p.negative_code) and not valid(p.negative_code), p
        assert "forklift driver" not in {p.anchor for p in pairs} | {p.positive for p in pairs}


def test_every_onet_pair_text_belongs_to_the_occupation_it_is_filed_under() -> None:
    """Provenance is honest: a pair's raw texts are its own occupation's title, tasks or activities."""
    occ = load_occupations()
    pairs, _, _ = training_pairs(None, seed=13)
    for p in pairs:
        own = {occ.titles[p.code], *occ.onet_titles.get(p.code, []), *occ.tasks.get(p.code, [])}
        own |= set(occ.activities.get(p.code, []))
        if p.kind in {"title-task", "title-dwa", "task-task"}:
            assert p.anchor in own and p.positive in own, p
        elif p.kind == "casual-title":
            assert p.positive in own, p


def test_a_pair_from_a_reserved_occupation_is_refused() -> None:
    assert_training_only([Pair("Chefs", "Cook food.", "title-task", "onet", "35-1012")])
    with pytest.raises(SplitRuleError, match="reserved occupation 35-2011"):
        assert_training_only([Pair("Cooks, Fast Food", "Cook food.", "title-task", "onet", "35-2011")])
    with pytest.raises(SplitRuleError, match="reserved occupation"):
        assert_training_only([Pair("cook", "chef", "pref-alt", "esco", RESERVED_ESCO)])
    with pytest.raises(SplitRuleError, match="reserved occupation 35-2011"):
        assert_training_only([Pair("a", "b", "title-task", "onet", "35-1012", negative="c", negative_code="35-2011")])


_soc = st.builds(lambda major, minor: f"{major:02d}-{minor:04d}", st.integers(11, 55), st.integers(0, 9999))
_text = st.text(alphabet="abcdefgh ", min_size=1, max_size=12).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        _soc,
        st.tuples(_text, st.lists(_text, max_size=6, unique=True), st.lists(_text, max_size=4, unique=True)),
        max_size=12,
    ),
    st.booleans(),
)
def test_pairs_from_any_occupations_come_only_from_training_occupations_outside_validation(
    data: dict[str, tuple[str, list[str], list[str]]], hard: bool
) -> None:
    occs = [OnetOccupation(soc, title, (), tuple(tasks), tuple(dwas)) for soc, (title, tasks, dwas) in data.items()]
    pairs = build_onet_pairs(occs, seed=1, hard_negatives=hard)
    for p in pairs:
        assert is_training_soc(p.code) and not is_validation_soc(p.code)
        if p.negative_code is not None:
            assert is_training_soc(p.negative_code) and p.negative_code != p.code
    assert_training_only(pairs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.uuids().map(str), max_size=12, unique=True), st.integers(0, 5))
def test_esco_pairs_from_any_uuids_come_only_from_training_occupations_outside_validation(
    uuids: list[str], n_alts: int
) -> None:
    occs = [EscoOccupation(u, f"label {u[:4]}", tuple(f"alt {u[:4]} {i}" for i in range(n_alts)), "d") for u in uuids]
    pairs = build_esco_pairs(occs, seed=1)
    expected = {u for u in uuids if u[0] in "0123456"}  # 7 is the validation slice, 8-f reserved
    assert {p.code for p in pairs} == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 400)), max_size=300, unique=True),
    st.integers(2, 16),
    st.booleans(),
)
def test_batches_never_hold_one_occupation_or_one_text_twice(
    items: list[tuple[int, int]], size: int, by_kind: bool
) -> None:
    kinds = ["title-task", "pref-alt"]
    pairs = [Pair(f"q{code}-{n}", f"d{code}-{n}", kinds[n % 2], "onet", f"11-{code * 2:04d}") for code, n in items]
    batches = make_batches(pairs, size, seed=3, by_kind=by_kind)
    seen: list[Pair] = []
    for batch in batches:
        assert len(batch) == size
        assert len({p.code for p in batch}) == size
        assert len({p.anchor for p in batch} | {p.positive for p in batch}) == 2 * size
        if by_kind:
            assert len({p.kind for p in batch}) == 1
        seen += batch
    assert len(seen) == len(set(seen))  # each pair trains at most once per epoch
    assert set(seen) <= set(pairs)


def test_validation_queries_come_only_from_the_validation_slice() -> None:
    occ = load_occupations()
    onet = onet_occupations(occ.titles, occ.tasks, occ.activities, occ.onet_titles)
    esco = [
        EscoOccupation(TRAINING_ESCO, "room attendant", ("chambermaid", "hotel maid"), "Clean guest rooms."),
        EscoOccupation(VALIDATION_ESCO, "dishwasher", ("pot washer", "kitchen porter"), "Clean kitchen ware."),
    ]
    sets = {s.name: s for s in validation_sets(onet, esco)}
    titles = sets["onet title -> tasks (nDCG@10)"]
    validation_titles = {o.title for o in onet if is_validation_soc(o.soc) and o.tasks}
    assert set(titles.queries) == validation_titles
    assert "Maids and Housekeeping Cleaners" not in titles.queries
    to_title = sets["esco title -> title (nDCG@10)"]
    assert sorted(to_title.queries) == ["kitchen porter", "pot washer"]
    for query, relevant in zip(to_title.queries, to_title.relevant, strict=True):
        # The occupation's other labels are relevant; the query's own string is not.
        expected = {"dishwasher", "kitchen porter", "pot washer"} - {query}
        assert {to_title.docs[i] for i in relevant} == expected
    to_desc = sets["esco alt label -> description (MRR)"]
    assert to_desc.docs == [f"{NEUTRAL_TITLE}. Clean guest rooms.", f"{NEUTRAL_TITLE}. Clean kitchen ware."]
    assert to_desc.relevant == [frozenset({1}), frozenset({1})]


def test_retrieval_metrics_score_known_rankings() -> None:
    assert mrr([4, 2, 7], frozenset({7})) == pytest.approx(1 / 3)
    assert mrr([4, 2], frozenset({7})) == 0.0
    assert ndcg_at_10([1, 0], frozenset({1})) == 1.0
    # One of two relevant documents at rank 2: (1/log2 3) / (1 + 1/log2 3).
    assert ndcg_at_10([0, 1, 2], frozenset({1, 5})) == pytest.approx(0.6309297 / 1.6309297)
