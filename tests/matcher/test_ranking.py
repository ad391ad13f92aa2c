"""The ranking pipeline, candidate retrieval, diversity and pathways, with small fakes."""

from dataclasses import dataclass

import numpy as np

from matcher.diversity import distinct_share, diversify, duplicate_key, intra_list_similarity
from matcher.features import FEATURE_NAMES, profile_segments, profile_text
from matcher.pathways import pathways, skill_gaps
from matcher.ranking import candidate_pool, occupation_support, rank
from matcher.types import Candidate, Constraints, ProfileQuery, WorkItem


@dataclass(frozen=True)
class Match:
    skill_id: str
    label: str
    evidence: str
    start: int
    end: int


class FakeTaxonomy:
    """Finds fixed phrases; ids are 's:<phrase>'."""

    PHRASES = ("forklift", "inventory", "food safety", "customer service", "cooking")

    def extract(self, text: str) -> list[Match]:
        low, out = text.lower(), []
        for p in self.PHRASES:
            i = low.find(p)
            if i >= 0:
                out.append(Match(f"s:{p}", p.title(), text[i : i + len(p)], i, i + len(p)))
        return sorted(out, key=lambda m: m.start)

    def label(self, skill_id: str) -> str:
        return skill_id.removeprefix("s:").title()

    def resolve(self, typed: str) -> str | None:
        return f"s:{typed.lower()}" if typed.lower() in self.PHRASES else None


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


def test_candidate_pool_matches_a_brute_force_oracle() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        n, size = int(rng.integers(1, 400)), int(rng.integers(1, 60))
        vecs, q = unit(rng.normal(size=(n, 16))), unit(rng.normal(size=16))
        sem, lex, parts = vecs @ q, rng.random(n), rng.random(n)
        oracle = set()
        for s in (sem, lex, parts):
            oracle |= set(np.argsort(-s, kind="stable")[:size].tolist())
        assert set(candidate_pool(sem, lex, parts, size).tolist()) == oracle


def job(i: int, title: str, text: str, org: str, **kw: object) -> Candidate:
    return Candidate(item_id=i, kind="job", source_id=f"j{i}", title=title, text=text, org_name=org, **kw)  # type: ignore[arg-type]


def test_rank_orders_by_relevance_filters_and_explains() -> None:
    catalog = [
        job(0, "Forklift operator", "Drive a forklift and count inventory", "Acme", soc="53-7051"),
        job(1, "Line cook", "Cooking with food safety rules", "Bistro", soc="35-2014"),
        job(2, "Warehouse associate", "Inventory and forklift work", "Depot", soc="53-7062", status="held"),
        job(3, "Cashier", "Customer service at the till", "Shop", soc="41-2011"),
    ]
    vecs = unit(np.eye(4, 8, dtype=np.float32) + 0.01)
    profile = ProfileQuery(
        id="p1",
        skills=("forklift",),
        work_history=(WorkItem("Moved pallets and kept inventory counts", title="Warehouse worker"),),
        constraints=Constraints(),
    )
    pv = unit(np.array([[1, 0.2, 0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0, 0, 0]], dtype=np.float32))
    out = rank(profile, catalog, profile_vec=pv, cand_vecs=vecs, taxonomy=FakeTaxonomy(), top_k=3)
    assert [m.candidate.source_id for m in out] == ["j0", "j1", "j3"]  # j2 is held
    top = out[0]
    assert list(top.features) == list(FEATURE_NAMES)
    assert top.features["skill_coverage"] == 1.0  # forklift + inventory, both shown
    assert top.explanation is not None
    assert [s.label for s in top.explanation.matched_skills] == ["Forklift", "Inventory"]
    assert top.explanation.matched_skills[1].profile_evidence == "inventory"
    assert "Pay not published" in top.explanation.pay


def test_rank_uses_precomputed_lexical_scores() -> None:
    catalog = [job(i, f"Job {i}", "text", f"Org {i}") for i in range(3)]
    vecs = unit(np.ones((3, 4), dtype=np.float32))  # semantic ties everywhere
    profile = ProfileQuery(id="p", work_history=(WorkItem("anything"),))
    out = rank(profile, catalog, profile_vec=vecs[0], cand_vecs=vecs, lexical_scores=np.array([0.0, 5.0, 1.0]))
    assert [m.candidate.source_id for m in out] == ["j1", "j2", "j0"]


def test_occupation_support_takes_the_best_of_the_broad_group() -> None:
    items = [
        job(0, "a", "", "", soc="29-1141"),
        job(1, "b", "", "", soc="29-1145"),
        job(2, "c", "", ""),
        Candidate(item_id=3, kind="program", source_id="p", title="RN", target_socs=("29-1141",)),
    ]
    assert occupation_support(items, [1.0, 3.0, 2.0, 0.5]).tolist() == [3.0, 3.0, 2.0, 3.0]


def test_profile_segments_embed_skills_work_and_interests_not_constraints() -> None:
    p = ProfileQuery(
        id="p",
        skills=("forklift",),
        work_history=(WorkItem("Stocked shelves", title="Clerk"), WorkItem("Cooked")),
        interests=("logistics",),
        constraints=Constraints(region="WA", pay_floor_hourly=20),
    )
    segs = profile_segments(p, FakeTaxonomy())
    assert segs[1:] == ["Skills: Forklift.", "Clerk. Stocked shelves.", "Cooked.", "Interested in logistics."]
    assert segs[0] == profile_text(p, FakeTaxonomy()) == " ".join(segs[1:])
    assert "WA" not in segs[0] and "20" not in segs[0]


def test_diversify_caps_employers_and_drops_duplicates_in_the_head() -> None:
    scores = np.array([10, 9.9, 9.8, 9.7, 5, 4], dtype=np.float32)
    orgs = ["Acme", "ACME Inc.", "Acme", "Acme", "Best", "Cedar"]
    titles = ["Cook", "Prep cook", "Cook", "Driver", "Cook", "Cook"]
    vecs = unit(np.eye(6, 6, dtype=np.float32))
    order = diversify(scores, vecs, orgs, titles, head=4, per_org_cap=2, mmr_lambda=1.0)
    assert order[:4] == [0, 1, 4, 5]  # two Acme, then other employers
    assert sorted(order) == list(range(6))  # nothing lost, only moved down
    assert duplicate_key("Cook, Line", "Acme LLC") == duplicate_key("line cook", "acme")


def test_postings_without_an_employer_name_are_never_taken_for_one_opening() -> None:
    scores = np.array([10, 9.9, 9.8, 9.7], dtype=np.float32)
    orgs = ["", "  ", "", "Acme"]
    titles = ["Cashier", "cashier", "Cashier", "Cashier"]
    vecs = unit(np.eye(4, 4, dtype=np.float32))
    order = diversify(scores, vecs, orgs, titles, head=4, per_org_cap=2, mmr_lambda=1.0)
    assert order == [0, 1, 2, 3]  # three unnamed shops keep their places; none is pushed out of the head
    assert duplicate_key("Cashier", "") is None
    assert duplicate_key("Cashier", "Acme") == "acme|cashier"


def test_diversity_metrics() -> None:
    assert distinct_share(["Acme", "acme inc", "Best"], k=10) == 2 / 3
    v = unit(np.array([[1, 0], [1, 0], [0, 1]], dtype=np.float32))
    assert intra_list_similarity(v) == 1 / 3


def test_pathways_rank_by_gap_then_cost_then_length() -> None:
    target = job(0, "Forklift operator", "", "", soc="53-7051", skills=("s:forklift", "s:osha"))
    gaps = skill_gaps({"s:inventory"}, target.skills)
    assert gaps == ("s:forklift", "s:osha")

    def program(
        i: int, skills: tuple[str, ...], cost: float | None, weeks: float | None, socs: tuple[str, ...] = ()
    ) -> Candidate:
        return Candidate(
            item_id=i,
            kind="program",
            source_id=f"p{i}",
            title=f"P{i}",
            skills=skills,
            cost_total=cost,
            duration_weeks=weeks,
            target_socs=socs,
        )

    progs = [
        program(1, ("s:forklift",), 500, 2),
        program(2, ("s:forklift", "s:osha"), 900, 4),
        program(3, ("s:forklift",), 200, 8),
        program(4, (), None, None, ("53-7051.00",)),
        program(5, ("s:cooking",), 0, 1),
    ]
    out = pathways(target, gaps, progs)
    assert [(p.program.source_id, p.gap_closed) for p in out] == [
        ("p2", 1.0),
        ("p3", 0.5),
        ("p1", 0.5),
        ("p4", 0.5),  # unknown cost goes last
    ]
    assert out[3].soc_link and out[0].closes == ("s:forklift", "s:osha")


def test_a_program_closing_only_a_soft_skill_is_a_pathway_only_within_the_jobs_field() -> None:
    target = job(0, "Forklift operator", "", "", soc="53-7051", skills=("s:forklift", "wf:attention-to-detail"))
    gaps = skill_gaps({"s:forklift"}, target.skills)
    dental = Candidate(
        item_id=1,
        kind="program",
        source_id="dental",
        title="Dental Assisting",
        skills=("wf:attention-to-detail",),
        target_socs=("31-9091.00",),
    )
    trucking = Candidate(
        item_id=2,
        kind="program",
        source_id="cdl",
        title="Commercial Truck Driving",
        skills=("wf:attention-to-detail",),
        target_socs=("53-3032.00",),
    )
    assert [p.program.source_id for p in pathways(target, gaps, [dental, trucking])] == ["cdl"]
