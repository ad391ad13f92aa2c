"""Versioned re-ranker files under WAYFINDER_HOME/rankers, and which one is current."""

from pathlib import Path

from matcher.reranker import DecisionReranker, DefaultWeighting, load_model, save_model

CURRENT = "CURRENT"


def current_model(folder: Path) -> DefaultWeighting | DecisionReranker:
    """The promoted model, or the transparent default weighting before any promotion."""
    pointer = folder / CURRENT
    if pointer.is_file():
        path = folder / f"{pointer.read_text().strip()}.json"
        if path.is_file():
            return load_model(path)
    return DefaultWeighting()


def promote(model: DefaultWeighting | DecisionReranker, folder: Path) -> str:
    """Keep every version's file; point CURRENT at the new one (older ones stay for rollback)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / "model.tmp"
    version = save_model(model, tmp)
    tmp.replace(folder / f"{version}.json")
    (folder / f"{CURRENT}.tmp").write_text(version)
    (folder / f"{CURRENT}.tmp").replace(folder / CURRENT)
    return version
