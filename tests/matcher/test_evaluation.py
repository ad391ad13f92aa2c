"""The dev benchmark: deterministic, no task leaks from profiles into postings, graded qrels."""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from matcher.evaluation.dataset import build_benchmark, past_tense
from matcher.evaluation.run import run_eval


@dataclass
class FakeOccupations:
    titles: dict[str, str]
    tasks: dict[str, list[str]] = field(default_factory=dict)
    activities: dict[str, list[str]] = field(default_factory=dict)


WORDS = ["pallet", "forklift", "stock", "patient", "meal", "cash", "invoice", "soil", "engine", "wire"]


def fake_occupations() -> FakeOccupations:
    titles = {f"{g}-{i:04d}": f"Occupation {g} {i}" for g in (11, 29, 35, 47) for i in (1011, 1012, 2021)}
    tasks, acts = {}, {}
    for n, soc in enumerate(sorted(titles)):
        w = WORDS[n % len(WORDS)]
        tasks[soc] = [f"Handle {w} item {k} for {soc}." for k in range(10)]
        acts[soc] = [f"Manage {w} work.", f"Check {WORDS[(n + 1) % len(WORDS)]} records."]
    return FakeOccupations(titles, tasks, acts)


class NoSkills:
    """A taxonomy that knows no skills: the benchmark must still work without one."""

    def extract(self, text: str) -> list[object]:
        return []

    def label(self, skill_id: str) -> str:
        return skill_id

    def resolve(self, typed: str) -> str | None:
        return None


class HashEncoder:
    """Bag of hashed words: deterministic stand-in for MiniLM."""

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in re.findall(r"[a-z]+", t.lower()):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 64] += 1
        return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-9)


def test_past_tense_of_task_statements() -> None:
    assert past_tense("Clean rooms, and operate mixers.") == "Cleaned rooms, and operated mixers"
    assert past_tense("Drive trucks; carry loads.") == "Drove trucks; carried loads"
    assert past_tense("Stop machines") == "Stopped machines"


def test_benchmark_is_deterministic_and_does_not_leak() -> None:
    occ = fake_occupations()
    a, b = build_benchmark(occ, n_queries=6, seed=1), build_benchmark(occ, n_queries=6, seed=1)
    assert [q.work_history for q in a.queries] == [q.work_history for q in b.queries]
    assert len(a.docs) == 12 and len(a.queries) == 6
    for q in a.queries:
        soc = a.query_soc[q.id]
        doc = next(d for d in a.docs if d.soc == soc)
        for w in q.work_history:
            for sentence in w.activities.split(". "):
                k = re.search(r"item (\d)", sentence)
                if k:  # a task used in the profile never appears in its occupation's posting
                    assert f"item {k.group(1)} " not in doc.text
        assert a.qrels[q.id][doc.source_id] == 2
        siblings = {d.source_id for d in a.docs if d.soc and d.soc[:6] == soc[:6] and d.soc != soc}
        assert all(a.qrels[q.id][s] == 1 for s in siblings)
    assert set(a.split.values()) <= {"dev", "test"}


def test_run_eval_prints_every_system_and_writes_trec(tmp_path: Path) -> None:
    lines: list[str] = []
    table = run_eval(
        encoder=HashEncoder(),
        occupations=fake_occupations(),
        taxonomy=NoSkills(),  # type: ignore[arg-type]
        n_queries=12,
        out_dir=tmp_path,
        log=lines.append,
    )
    for name in ("BM25", "TF-IDF", "MiniLM", "RRF(BM25+MiniLM)", "Wayfinder matcher"):
        assert f"| {name} |" in table
    run = (tmp_path / "Wayfinder_matcher.trec").read_text().splitlines()
    _qid, q0, docid, rank, _score, tag = run[0].split()
    assert (q0, rank, tag) == ("Q0", "1", "Wayfinder_matcher") and docid.startswith("onet-")
    assert (tmp_path / "qrels.txt").read_text().count(" 2\n") == 12
