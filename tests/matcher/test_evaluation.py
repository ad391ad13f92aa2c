"""The evaluation suite: each set built from its source's own labels, deterministic, runnable end to end."""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.esco_occupations import EscoOccupation
from matcher.evaluation.caseworker_set import JudgedProfile, build_caseworker_set
from matcher.evaluation.dataset import past_tense
from matcher.evaluation.esco_sets import build_esco_descriptions_set, build_title_pairs_set, neutral_description
from matcher.evaluation.onet_tasks_set import build_onet_tasks_set
from matcher.evaluation.run import BASELINES, MATCHER, build_sets, run_eval


@dataclass
class FakeOccupations:
    titles: dict[str, str]
    tasks: dict[str, list[str]] = field(default_factory=dict)
    activities: dict[str, list[str]] = field(default_factory=dict)


WORDS = ["pallet", "forklift", "stock", "patient", "meal", "cash", "invoice", "soil", "engine", "wire"]


def fake_occupations() -> FakeOccupations:
    # Last digits 1 and 3 are reserved (odd), 2 and 4 training (even).
    titles = {f"{g}-{i:04d}": f"Occupation {g} {i}" for g in (11, 29, 35) for i in (1011, 1012, 2023, 2024)}
    tasks, acts = {}, {}
    for n, soc in enumerate(sorted(titles)):
        w = WORDS[n % len(WORDS)]
        tasks[soc] = [f"Handle {w} item {k} for {soc}." for k in range(12)]
        acts[soc] = [f"Manage {w} work.", f"Check {WORDS[(n + 1) % len(WORDS)]} records.", f"Sort {w} bins."]
    return FakeOccupations(titles, tasks, acts)


def esco(uuid_head: str, preferred: str, alts: tuple[str, ...], description: str) -> EscoOccupation:
    return EscoOccupation(f"{uuid_head}-0000-4000-8000-000000000000", preferred, alts, description)


ESCO = [
    esco(
        "8a000000",
        "technical director",
        ("technical manager", "head of technical"),
        "Technical directors realise visions. They coordinate units. Technical directors adapt the prototype.",
    ),
    esco(
        "9b000000",
        "bus driver",
        ("coach driver", "public bus driver", "transit bus driver"),
        "Bus drivers operate buses and look after passengers.",
    ),
    esco("1c000000", "weaver", ("loom operator", "textile weaver"), "Weavers operate weaving machines."),
]


class NoSkills:
    """A taxonomy that knows no skills: the suite must still work without one."""

    def extract(self, text: str) -> list[object]:
        return []

    def label(self, skill_id: str) -> str:
        return skill_id

    def resolve(self, typed: str) -> str | None:
        return None


class HashEncoder:
    """Bag of hashed words: deterministic stand-in for MiniLM."""

    model_name = "hash-encoder"

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z]+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 64] += 1
        return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-9)


class RetrainedHashEncoder(HashEncoder):
    """Same folder name as HashEncoder, other weights: what a model retrained in place looks like."""

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.asarray(super().encode(texts))[:, ::-1].copy()


def test_a_model_retrained_under_the_same_name_is_not_scored_with_the_cached_vectors_of_the_one_before(
    tmp_path: Path,
) -> None:
    from matcher.evaluation.run import _encode_docs

    (es,) = build_sets(["onet"], occupations=fake_occupations(), n_queries=4)
    old = _encode_docs(es, HashEncoder(), tmp_path)  # type: ignore[arg-type]
    new = _encode_docs(es, RetrainedHashEncoder(), tmp_path)  # type: ignore[arg-type]
    assert np.allclose(new, RetrainedHashEncoder().encode([d.text for d in es.docs]))
    assert not np.allclose(old, new)
    assert len(list(tmp_path.iterdir())) == 2


def test_past_tense_of_task_statements() -> None:
    assert past_tense("Clean rooms, and operate mixers.") == "Cleaned rooms, and operated mixers"
    assert past_tense("Drive trucks; carry loads.") == "Drove trucks; carried loads"
    assert past_tense("Stop machines") == "Stopped machines"


def test_onet_tasks_set_asks_with_reserved_occupations_and_judges_by_their_own_postings() -> None:
    occ = fake_occupations()
    es = build_onet_tasks_set(occ, n_queries=50, seed=1)
    assert [q.id for q in es.queries] == [
        "onet-q-11-1011", "onet-q-11-2023", "onet-q-29-1011", "onet-q-29-2023", "onet-q-35-1011", "onet-q-35-2023"
    ]  # fmt: skip
    assert len(es.docs) == 24  # 2 postings for each of 12 occupations, training ones included as distractors
    assert es.qrels["onet-q-29-2023"] == {"onet-29-2023-0": 1, "onet-29-2023-1": 1}
    # Each posting has its own employer, so the matcher's near-duplicate rule (same title, same
    # employer) does not hide an occupation's second posting.
    assert {d.org_name for d in es.docs if d.soc == "29-2023"} == {"Employer onet-29-2023-0", "Employer onet-29-2023-1"}
    # Every other query lists three of the occupation's work activities (DWAs) in the past tense.
    dwa_query = es.queries[1]
    assert sorted(w.activities for w in dwa_query.work_history) == [
        "Checked patient records.", "Managed stock work.", "Sorted stock bins."
    ]  # fmt: skip
    for q in es.queries[::2]:  # task queries: no task statement is both asked and posted
        soc = es.origin[q.id][0].removeprefix("soc:")
        asked = set(re.findall(r"item (\d+) for", " ".join(w.activities for w in q.work_history)))
        posted = set(re.findall(r"item (\d+) for", " ".join(d.text for d in es.docs if d.soc == soc)))
        assert asked and not asked & posted
    again = build_onet_tasks_set(occ, n_queries=50, seed=1)
    assert [q.work_history for q in again.queries] == [q.work_history for q in es.queries]


def test_neutral_description_removes_the_occupation_named_as_subject() -> None:
    text = "Technical directors realise visions. They coordinate units. Technical directors adapt the prototype."
    assert neutral_description("technical director", text) == (
        "They realise visions. They coordinate units. They adapt the prototype."
    )
    assert neutral_description("fisherman", "Fishermen catch fish.") == "They catch fish."


def test_esco_descriptions_set_lists_held_titles_against_neutral_job_openings() -> None:
    es = build_esco_descriptions_set(ESCO, n_queries=10, seed=3)
    assert [q.id for q in es.queries] == [
        "esco-q-8a000000-0000-4000-8000-000000000000", "esco-q-9b000000-0000-4000-8000-000000000000"
    ]  # fmt: skip
    director = es.queries[0]
    assert sorted(w.title or "" for w in director.work_history) == ["head of technical", "technical manager"]
    assert es.qrels[director.id] == {"esco-8a000000-0000-4000-8000-000000000000": 1}
    doc = next(d for d in es.docs if d.source_id == "esco-8a000000-0000-4000-8000-000000000000")
    assert doc.title == "Job opening"
    assert doc.text == "Job opening. They realise visions. They coordinate units. They adapt the prototype."


def test_title_pairs_set_removes_the_query_title_and_judges_other_labels_relevant() -> None:
    es = build_title_pairs_set(ESCO, n_queries=10, seed=5)
    held = {q.id: q.work_history[0].title for q in es.queries}
    assert sorted(held) == [
        "title-q-8a000000-0000-4000-8000-000000000000",
        "title-q-9b000000-0000-4000-8000-000000000000",
    ]
    bus_title = held["title-q-9b000000-0000-4000-8000-000000000000"]
    assert bus_title in ("coach driver", "public bus driver", "transit bus driver")  # an alt label, drawn
    titles = {d.source_id: d.title for d in es.docs}
    assert not set(held.values()) & set(titles.values())  # no query title is a posting
    bus = es.qrels["title-q-9b000000-0000-4000-8000-000000000000"]
    expected = {"bus driver", "coach driver", "public bus driver", "transit bus driver"} - {bus_title}
    assert {titles[d] for d in bus} == expected
    assert all(d.text == d.title for d in es.docs)  # a title and nothing else


def test_caseworker_set_grades_postings_by_their_own_soc() -> None:
    occ = fake_occupations()
    profiles = [
        JudgedProfile("cw-1", "cleand rooms + some stock work", ("11-1011",), ("29-1012",)),
        JudgedProfile("cw-2", "fork lift whse", ("35-2024", "35-2023"), ()),
    ]
    es = build_caseworker_set(occ, profiles=profiles, seed=2)
    assert es.queries[0].work_history[0].activities == "cleand rooms + some stock work"
    assert es.qrels["cw-1"] == {
        "cw-11-1011-0": 2, "cw-11-1011-1": 2, "cw-11-1011-2": 2,
        "cw-29-1012-0": 1, "cw-29-1012-1": 1, "cw-29-1012-2": 1,
    }  # fmt: skip
    assert len(es.docs) == 4 * 3 + 8  # the 4 judged occupations get 3 postings, the 8 others 1
    assert es.subsets["reserved"] == frozenset({"cw-1"})  # cw-2 names a training occupation


def test_shipped_caseworker_profiles_follow_the_rubric_format() -> None:
    from matcher.evaluation.caseworker_set import read_judged_profiles
    from matcher.occupations import load_occupations

    profiles = read_judged_profiles()
    occ = load_occupations()
    assert len(profiles) >= 100
    assert len({p.id for p in profiles}) == len(profiles)
    for p in profiles:
        assert 1 <= len(p.grade2) <= 4 and len(p.grade1) <= 5, p.id
        assert not set(p.grade2) & set(p.grade1), p.id
        for soc in (*p.grade2, *p.grade1):
            assert len(occ.tasks.get(soc, [])) >= 4, (p.id, soc)  # it has postings in the catalog


def test_unknown_set_name_is_a_plain_error() -> None:
    with pytest.raises(ValueError, match="Unknown evaluation set"):
        build_sets(["onet", "imaginary"])


def test_run_eval_prints_every_system_per_set_and_writes_trec(tmp_path: Path) -> None:
    lines: list[str] = []
    text = run_eval(
        sets=("onet", "esco", "titles"),
        encoder=HashEncoder(),
        occupations=fake_occupations(),
        esco=ESCO,
        taxonomy=NoSkills(),  # type: ignore[arg-type]
        n_queries=12,
        out_dir=tmp_path,
        cache_dir=tmp_path / "cache",
        log=lines.append,
    )
    for name in (*BASELINES, MATCHER):
        assert text.count(f"| {name} |") == 3
    assert re.search(r"\| onet-tasks \| 6 \| [0-9.]+ \| \S+ [0-9.]+ \| [0-9.]+x \|", text)
    run = (tmp_path / "onet-tasks" / "Wayfinder_matcher.trec").read_text().splitlines()
    _qid, q0, docid, rank, _score, tag = run[0].split()
    assert (q0, rank, tag) == ("Q0", "1", "Wayfinder_matcher") and docid.startswith("onet-")
    qrels = (tmp_path / "esco-descriptions" / "qrels.txt").read_text().splitlines()
    assert qrels == [
        "esco-q-8a000000-0000-4000-8000-000000000000 0 esco-8a000000-0000-4000-8000-000000000000 1",
        "esco-q-9b000000-0000-4000-8000-000000000000 0 esco-9b000000-0000-4000-8000-000000000000 1",
    ]
    (folder,) = (tmp_path / "cache").iterdir()
    assert folder.name.startswith("hash-encoder-")
    assert len(list(folder.glob("*.npy"))) == 3
    assert (tmp_path / "eval_table.md").read_text() == text


def test_wayfinder_eval_refuses_an_unknown_set_in_plain_words() -> None:
    from typer.testing import CliRunner

    from api.cli import app

    result = CliRunner().invoke(app, ["eval", "--sets", "onet,imaginary"])
    assert result.exit_code == 2
    assert "unknown set(s) imaginary; choose from onet, esco, titles, caseworker" in " ".join(result.output.split())


def test_wayfinder_eval_names_a_missing_model_directory(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    missing = tmp_path / "no-such-model"
    result = CliRunner().invoke(app, ["eval", "--sets", "onet", "--model-path", str(missing)])
    assert result.exit_code == 2
    assert f"Embedding model directory not found: {missing}" in "".join(result.output.split("\n"))


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_every_seed_gives_reserved_queries_judged_by_their_own_occupation(seed: int) -> None:
    occ = fake_occupations()
    es = build_onet_tasks_set(occ, n_queries=4, seed=seed)
    docs = {d.source_id: d for d in es.docs}
    for q in es.queries:
        (origin,) = es.origin[q.id]
        soc = origin.removeprefix("soc:")
        assert int(soc[-1]) % 2 == 1  # reserved
        assert {docs[d].soc for d in es.qrels[q.id]} == {soc}
        assert set(es.qrels[q.id]) == {d.source_id for d in es.docs if d.soc == soc}
    titles = build_title_pairs_set(ESCO, n_queries=2, seed=seed)
    posted = {d.title for d in titles.docs}
    for q in titles.queries:
        assert q.work_history[0].title not in posted
        uuid = titles.origin[q.id][0].removeprefix("esco:")
        assert all(d.startswith(f"title-{uuid}-") for d in titles.qrels[q.id])
