"""Run every system on the evaluation suite, score with ir-measures, write qrels, TREC runs and the table.

Systems, per set: BM25, TF-IDF, bare MiniLM (the bundled all-MiniLM-L6-v2, always), RRF(BM25, MiniLM),
z-score fusion of BM25 and MiniLM, and the Wayfinder matcher (`matcher.ranking.rank` with the configured
encoder, fed the same BM25 scores). The ratio is the matcher's nDCG@10 over the best of the five baselines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from matcher.evaluation.eval_set import EvalSet
from matcher.features import profile_segments, profile_text
from matcher.fusion import rrf, top_k_indices, zscore_fusion
from matcher.lexical import Bm25Index, TfidfIndex
from matcher.ranking import rank
from matcher.reranker import DEFAULT_WEIGHTS, DefaultWeighting, Scorer
from matcher.types import TaxonomyLike

__all__ = [
    "BASELINES",
    "MEASURE_NAMES",
    "SET_NAMES",
    "SystemRun",
    "build_sets",
    "evaluate_runs",
    "format_set_table",
    "run_eval",
    "write_qrels",
    "write_trec",
]

DEPTH = 100
MEASURE_NAMES = ("nDCG@10", "AP@100", "R@20")  # AP@100 is MAP@100 once averaged over queries
BASELINES = ("BM25", "TF-IDF", "MiniLM", "RRF(BM25+MiniLM)", "zscore(BM25+MiniLM)")
MATCHER = "Wayfinder matcher"
ABLATION = "matcher without occupation_support"
LEARNED = "learned fusion (fit on training occupations)"
FUSION_SETS = ("onet", "esco", "titles")  # the sets with a training-side twin
SET_NAMES = ("onet", "esco", "titles", "caseworker")
Run = dict[str, dict[str, float]]  # query id -> doc id -> score


class EncoderLike(Protocol):
    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


@dataclass
class SystemRun:
    name: str
    run: Run


@dataclass
class _Vectors:
    docs: npt.NDArray[np.float32]
    queries: dict[str, npt.NDArray[np.float32]]  # per query: whole profile first, then each segment


def _run_from_scores(qid: str, doc_ids: Sequence[str], scores: npt.ArrayLike, run: Run) -> None:
    s = np.asarray(scores, dtype=np.float64)
    top = top_k_indices(s, DEPTH)
    run[qid] = {doc_ids[i]: float(s[i]) for i in top}


def baseline_runs(
    es: EvalSet, vecs: _Vectors, taxonomy: TaxonomyLike | None
) -> tuple[list[SystemRun], dict[str, npt.NDArray[np.float32]]]:
    """The five baselines on bare MiniLM vectors; the BM25 scores are kept for the matcher."""
    texts = [d.text for d in es.docs]
    ids = [d.source_id for d in es.docs]
    bm25, tfidf = Bm25Index(texts), TfidfIndex(texts)
    runs: dict[str, Run] = {n: {} for n in BASELINES}
    bm25_scores = {}
    for q in es.queries:
        text = profile_text(q, taxonomy)
        b = bm25.scores(text)
        bm25_scores[q.id] = b
        m = vecs.docs @ vecs.queries[q.id][0]
        _run_from_scores(q.id, ids, b, runs["BM25"])
        _run_from_scores(q.id, ids, tfidf.scores(text), runs["TF-IDF"])
        _run_from_scores(q.id, ids, m, runs["MiniLM"])
        _run_from_scores(q.id, ids, rrf([b, m]), runs["RRF(BM25+MiniLM)"])
        _run_from_scores(q.id, ids, zscore_fusion([b, m]), runs["zscore(BM25+MiniLM)"])
    return [SystemRun(n, r) for n, r in runs.items()], bm25_scores


def matcher_run(
    es: EvalSet,
    vecs: _Vectors,
    bm25_scores: Mapping[str, npt.NDArray[np.float32]],
    taxonomy: TaxonomyLike | None,
    *,
    model: Scorer | None = None,
    name: str = MATCHER,
) -> SystemRun:
    """Our full pipeline (`ranking.rank`), fed the same BM25 scores as the baselines."""
    run: Run = {}
    for q in es.queries:
        matches = rank(
            q,
            es.docs,
            profile_vec=vecs.queries[q.id],
            cand_vecs=vecs.docs,
            lexical_scores=bm25_scores[q.id],
            taxonomy=taxonomy,
            model=model,
            top_k=DEPTH,
            with_explanations=False,
        )
        # TREC scores must fall with rank; diversity may reorder, so score by position.
        run[q.id] = {m.candidate.source_id: float(DEPTH - i) for i, m in enumerate(matches)}
    return SystemRun(name, run)


def evaluate_runs(
    runs: Sequence[SystemRun], qrels: Mapping[str, Mapping[str, int]], qids: set[str]
) -> dict[str, dict[str, float]]:
    """Mean measures per system over the given queries."""
    import ir_measures

    measures = [ir_measures.parse_measure(m) for m in MEASURE_NAMES]
    sub_qrels = {q: dict(d) for q, d in qrels.items() if q in qids and d}
    out = {}
    for r in runs:
        sub_run = {q: d for q, d in r.run.items() if q in sub_qrels}
        agg = ir_measures.calc_aggregate(measures, sub_qrels, sub_run)
        out[r.name] = {name: float(agg[m]) for name, m in zip(MEASURE_NAMES, measures, strict=True)}
    return out


def best_baseline(results: Mapping[str, Mapping[str, float]]) -> tuple[str, float]:
    """The baseline with the highest nDCG@10 (z-score fusion included)."""
    name = max(BASELINES, key=lambda b: results[b]["nDCG@10"])
    return name, results[name]["nDCG@10"]


def format_set_table(title: str, results: Mapping[str, Mapping[str, float]]) -> str:
    """Markdown: one row per system, the three measures, and the matcher's ratio line."""
    lines = [f"### {title}", "", "| system | " + " | ".join(MEASURE_NAMES) + " |", "|---|---|---|---|"]
    for system, values in results.items():
        lines.append(f"| {system} | " + " | ".join(f"{values[m]:.4f}" for m in MEASURE_NAMES) + " |")
    name, best = best_baseline(results)
    ours = results[MATCHER]["nDCG@10"]
    ratio = ours / best if best else float("nan")
    lines += ["", f"matcher nDCG@10 / best baseline ({name}): {ours:.4f} / {best:.4f} = **{ratio:.3f}x**"]
    return "\n".join(lines)


def write_trec(run: SystemRun, path: Path, tag: str) -> None:
    """TREC run format: qid Q0 docid rank score tag."""
    rows = []
    for qid, docs in run.run.items():
        ordered = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))
        rows += [f"{qid} Q0 {d} {i} {s:.6f} {tag}" for i, (d, s) in enumerate(ordered, 1)]
    path.write_text("\n".join(rows) + "\n")


def write_qrels(qrels: Mapping[str, Mapping[str, int]], path: Path) -> None:
    """TREC qrels format: qid 0 docid grade."""
    rows = [f"{q} 0 {d} {g}" for q, docs in qrels.items() for d, g in sorted(docs.items())]
    path.write_text("\n".join(rows) + "\n")


def _model_name(encoder: EncoderLike) -> str:
    return str(getattr(encoder, "model_name", type(encoder).__name__))


_PROBE = "Cache probe: operated a forklift and cleaned hotel rooms."


def _model_key(encoder: EncoderLike) -> str:
    """The model's name and a fingerprint of what it computes: a model retrained under the same folder
    name must not be scored with the vectors of the one before it (its probe vector differs)."""
    probe = np.round(np.asarray(encoder.encode([_PROBE]), dtype=np.float64), 4)
    return f"{_model_name(encoder)}-{hashlib.sha256(probe.tobytes()).hexdigest()[:12]}"


def _encode_docs(es: EvalSet, encoder: EncoderLike, cache_dir: Path | None) -> npt.NDArray[np.float32]:
    """Document vectors, cached per model (name and fingerprint) and exact texts (embedding is the cost)."""
    texts = [d.text for d in es.docs]
    if cache_dir is None:
        return encoder.encode(texts)
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:16]
    path = cache_dir / _model_key(encoder) / f"{es.name}-{digest}.npy"
    if path.is_file():
        return np.load(path)
    vecs = np.asarray(encoder.encode(texts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.save(path, vecs)
    return vecs


def _embed(es: EvalSet, encoder: EncoderLike, taxonomy: TaxonomyLike | None, cache_dir: Path | None) -> _Vectors:
    segments = [profile_segments(q, taxonomy) for q in es.queries]
    flat = encoder.encode([s for segs in segments for s in segs])
    queries, start = {}, 0
    for q, segs in zip(es.queries, segments, strict=True):
        queries[q.id] = flat[start : start + len(segs)]
        start += len(segs)
    return _Vectors(_encode_docs(es, encoder, cache_dir), queries)


def build_sets(
    names: Sequence[str],
    *,
    occupations: Any = None,
    esco: Any = None,
    taxonomy: TaxonomyLike | None = None,
    n_queries: int = 300,
    seed: int = 2026,
    training: bool = False,
) -> list[EvalSet]:
    """The named sets (SET_NAMES), built from the shipped reference data unless given."""
    from matcher.evaluation.caseworker_set import build_caseworker_set
    from matcher.evaluation.esco_sets import build_esco_descriptions_set, build_title_pairs_set
    from matcher.evaluation.onet_tasks_set import build_onet_tasks_set

    unknown = [n for n in names if n not in SET_NAMES]
    if unknown:
        raise ValueError(f"Unknown evaluation set(s) {', '.join(unknown)}; choose from {', '.join(SET_NAMES)}.")
    occupations, esco = _sources(names, occupations, esco)
    out = []
    for name in names:
        if name == "onet":
            out.append(build_onet_tasks_set(occupations, taxonomy, n_queries=n_queries, seed=seed, training=training))
        elif name == "esco":
            out.append(build_esco_descriptions_set(esco, taxonomy, n_queries=n_queries, seed=seed, training=training))
        elif name == "titles":
            out.append(build_title_pairs_set(esco, n_queries=n_queries, seed=seed, training=training))
        else:
            out.append(build_caseworker_set(occupations, taxonomy, seed=seed))
    return out


def _sources(names: Sequence[str], occupations: Any, esco: Any) -> tuple[Any, Any]:
    """The shipped O*NET and ESCO data, loaded only when a named set needs it and none was given."""
    if occupations is None and {"onet", "caseworker"} & set(names):
        from matcher.occupations import load_occupations

        occupations = load_occupations()
    if esco is None and {"esco", "titles"} & set(names):
        from matcher.esco_occupations import load_esco_occupations

        esco = load_esco_occupations()
    return occupations, esco


def _fit_learned_fusion(
    names: Sequence[str],
    encoder: EncoderLike,
    taxonomy: TaxonomyLike | None,
    cache_dir: Path | None,
    log: Callable[[str], None],
    **build: Any,
) -> Scorer | None:
    """Fit the step-4 fusion on the training-side twins of sets 1-3 (training occupations only)."""
    from matcher.evaluation.learned_fusion import FusionRows, fit_fusion, fusion_rows

    train_names = [n for n in names if n in FUSION_SETS]
    if not train_names:
        return None
    rows = FusionRows()
    for es in build_sets(train_names, training=True, taxonomy=taxonomy, **build):
        vecs = _embed(es, encoder, taxonomy, cache_dir)
        bm25 = Bm25Index([d.text for d in es.docs])
        scores = {q.id: bm25.scores(profile_text(q, taxonomy)) for q in es.queries}
        rows.extend(fusion_rows(es, vecs.docs, vecs.queries, scores, taxonomy))
    model = fit_fusion(rows)
    log(f"learned fusion: {len(rows.y)} candidate rows from {len(set(rows.query))} training-side queries")
    return model


def run_eval(
    *,
    sets: Sequence[str] = SET_NAMES,
    encoder: EncoderLike | None = None,
    matcher_encoder: EncoderLike | None = None,
    occupations: Any = None,
    esco: Any = None,
    taxonomy: TaxonomyLike | None = None,
    n_queries: int = 300,
    seed: int = 2026,
    out_dir: Path | None = None,
    cache_dir: Path | None = None,
    ablation: bool = True,
    learned_fusion: bool = False,
    log: Callable[[str], None] = print,
) -> str:
    """Build the sets, run all systems, print and return the tables; write qrels and TREC runs per set.

    `encoder` is the bare baseline model (default: the bundled MiniLM); `matcher_encoder` the one the
    matcher uses (default: the same), e.g. a fine-tuned model directory given by --model-path.
    """
    if taxonomy is None:
        from matcher.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    if encoder is None:
        from matcher.encoder import Encoder
        from models.settings import bundled_model_path

        encoder = Encoder(bundled_model_path())
    ours = encoder if matcher_encoder is None else matcher_encoder
    occupations, esco = _sources(sets, occupations, esco)
    built = build_sets(sets, occupations=occupations, esco=esco, taxonomy=taxonomy, n_queries=n_queries, seed=seed)
    fusion = None
    if learned_fusion:
        fusion = _fit_learned_fusion(
            sets, ours, taxonomy, cache_dir, log, occupations=occupations, esco=esco, n_queries=n_queries, seed=seed
        )
    blocks, summary = [], []
    for es in built:
        log(f"{es.name}: {es.description} (seed {seed})")
        bare = _embed(es, encoder, taxonomy, cache_dir)
        mine = bare if ours is encoder else _embed(es, ours, taxonomy, cache_dir)
        runs, bm25_scores = baseline_runs(es, bare, taxonomy)
        runs.append(matcher_run(es, mine, bm25_scores, taxonomy))
        if ablation:
            plain = DefaultWeighting({**DEFAULT_WEIGHTS, "occupation_support": 0.0})
            runs.append(matcher_run(es, mine, bm25_scores, taxonomy, model=plain, name=ABLATION))
        if fusion is not None:
            runs.append(matcher_run(es, mine, bm25_scores, taxonomy, model=fusion, name=LEARNED))
        groups = {es.name: set(es.qrels)} | {f"{es.name} ({k})": set(v) for k, v in es.subsets.items()}
        for title, qids in groups.items():
            results = evaluate_runs(runs, es.qrels, qids)
            n = sum(1 for q in qids if es.qrels.get(q))
            blocks.append(format_set_table(f"{title}: {n} queries, {len(es.docs)} postings", results))
            name, best = best_baseline(results)
            mine_ndcg = results[MATCHER]["nDCG@10"]
            ratio = mine_ndcg / best if best else float("nan")
            summary.append(f"| {title} | {n} | {mine_ndcg:.4f} | {name} {best:.4f} | {ratio:.3f}x |")
        if out_dir is not None:
            folder = out_dir / es.name
            folder.mkdir(parents=True, exist_ok=True)
            write_qrels(es.qrels, folder / "qrels.txt")
            for r in runs:
                tag = "".join(ch if ch.isalnum() else "_" for ch in r.name).strip("_")
                write_trec(r, folder / f"{tag}.trec", tag)
    head = [
        "## Summary: matcher nDCG@10 against the best baseline",
        "",
        "| set | queries | matcher nDCG@10 | best baseline nDCG@10 | ratio |",
        "|---|---|---|---|---|",
    ]
    model_line = f"baseline encoder: {_model_name(encoder)}; matcher encoder: {_model_name(ours)}; seed {seed}"
    text = "\n".join(head + summary) + "\n\n" + model_line + "\n\n" + "\n\n".join(blocks) + "\n"
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "eval_table.md").write_text(text, encoding="utf-8")
    log(text)
    return text
