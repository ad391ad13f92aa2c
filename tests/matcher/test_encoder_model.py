"""The committed fine-tuned encoder (issue 13): size, fp16 storage, loading and embedding on CPU, card."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest
import torch

from matcher.encoder import Encoder
from models.settings import bundled_model_path

MODEL_DIR = Path(__file__).resolve().parents[2] / "matcher" / "encoders" / "wayfinder-minilm-jobs-v1"
TEXTS = ["Cleaned hotel rooms, some kitchen prep", "forklift driver", "Job opening. Operate a forklift."]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder(MODEL_DIR)


def test_fine_tuned_encoder_folder_adds_at_most_50_mb() -> None:
    size = sum(f.stat().st_size for f in MODEL_DIR.rglob("*") if f.is_file())
    assert 20_000_000 < size <= 50_000_000, f"{size / 1e6:.1f} MB"


def test_fine_tuned_encoder_weights_are_stored_in_fp16_safetensors() -> None:
    raw = (MODEL_DIR / "model.safetensors").read_bytes()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    dtypes = {v["dtype"] for k, v in header.items() if k != "__metadata__"}
    assert dtypes == {"F16"}
    assert not list(MODEL_DIR.rglob("*.bin")) and not list(MODEL_DIR.rglob("*.pt"))  # no pickled weights


def test_fine_tuned_encoder_loads_on_cpu_and_embeds_unit_float32_vectors_of_dimension_384(encoder: Encoder) -> None:
    assert encoder.model_name == "wayfinder-minilm-jobs-v1"  # the embedding key names the model
    assert encoder.dimension == 384
    assert {p.dtype for p in encoder._model.parameters()} == {torch.float32}
    vectors = encoder.encode(TEXTS)
    assert vectors.dtype == np.float32
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_fine_tuned_encoder_is_not_a_copy_of_the_bundled_model(encoder: Encoder) -> None:
    base = Encoder(bundled_model_path()).encode(TEXTS)
    tuned = encoder.encode(TEXTS)
    # fp16 storage alone moves a vector by ~2e-4; training moves it far more.
    assert float(np.abs(tuned - base).max()) > 0.01


def test_model_card_states_base_data_licences_split_seed_and_the_validation_it_measured() -> None:
    card = (MODEL_DIR / "README.md").read_text(encoding="utf-8")
    summary = json.loads((MODEL_DIR / "training_summary.json").read_text())
    for needed in (
        "sentence-transformers/all-MiniLM-L6-v2",
        "Used under the CC BY 4.0 license",
        "ESCO classification © European Union",
        "ends in an even digit",
        "UUID begins 0-7",
        f"seed {summary['seed']}",
        summary["command"],
    ):
        assert needed in card, needed
    assert summary["validation"], "the card must carry validation figures"
    for name, figures in summary["validation"].items():
        assert f"| {name} | {figures['queries']} | {figures['docs']} | {figures['base']:.4f} |" in card
    for kind, n in summary["pairs"].items():
        assert f"| {kind} | {n} |" in card
