"""A synthetic catalog written straight into job_posting: stand-in vectors (no model run per row), texts from a
small job vocabulary so BM25 and full text have something to find, and varied area, pay and liveness."""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Connection, text

from matcher.embedding_text import item_text, text_hash

_serial = itertools.count(1)

WORDS = [
    "warehouse",
    "forklift",
    "pallet",
    "loading",
    "trucks",
    "driver",
    "delivery",
    "route",
    "kitchen",
    "cook",
    "prep",
    "dishwasher",
    "server",
    "cashier",
    "retail",
    "stock",
    "inventory",
    "cleaning",
    "janitor",
    "housekeeping",
    "laundry",
    "care",
    "caregiver",
    "patient",
    "nursing",
    "assistant",
    "childcare",
    "teacher",
    "tutor",
    "office",
    "clerk",
    "reception",
    "phone",
    "data",
    "entry",
    "customer",
    "service",
    "call",
    "construction",
    "labor",
    "carpenter",
    "painter",
    "electrician",
    "plumber",
    "landscaping",
    "garden",
    "security",
    "guard",
    "night",
    "hotel",
    "front",
    "desk",
    "barista",
    "coffee",
    "bakery",
    "sewing",
    "tailor",
    "factory",
    "assembly",
    "packing",
    "shipping",
    "mechanic",
]
TITLES = (
    "Warehouse Associate",
    "Forklift Operator",
    "Line Cook",
    "Dishwasher",
    "Cashier",
    "Housekeeper",
    "Caregiver",
    "Receptionist",
    "Customer Service Agent",
    "Delivery Driver",
    "Painter",
    "Security Guard",
    "Barista",
    "Assembly Worker",
    "Janitor",
)


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v, axis=-1, keepdims=True)).astype(np.float32)


@dataclass
class Posting:
    title: str
    description: str
    vector: np.ndarray
    region: str | None = "WA"
    zip3: str | None = "980"
    is_remote: bool = False
    pay_min_hourly: float | None = None
    pay_max_hourly: float | None = None
    status: str = "active"
    valid_through: datetime | None = None
    duplicate_of_id: int | None = None
    shifts: list[str] = field(default_factory=list)
    model_name: str | None = None  # the model whose hash the row carries (None: the one given to `insert`)


def insert(conn: Connection, postings: list[Posting], model_name: str) -> list[int]:
    """Insert rows as an import followed by its embedding step leaves them; returns their ids."""
    ids = []
    for p in postings:
        n = next(_serial)
        digest = text_hash(item_text(p.title, p.description), p.model_name or model_name)
        values: dict[str, Any] = {
            "sid": f"synthetic-{n}-{digest[:8]}",
            "employer": f"Employer {n % 40}",
            "title": p.title,
            "description": p.description,
            "region": p.region,
            "zip3": p.zip3,
            "remote": p.is_remote,
            "pmin": p.pay_min_hourly,
            "pmax": p.pay_max_hourly,
            "status": p.status,
            "until": p.valid_through,
            "dup": p.duplicate_of_id,
            "shifts": p.shifts,
            "hash": digest,
            "emb": str(p.vector.tolist()),
        }
        ids.append(
            int(
                conn.execute(
                    text(
                        "INSERT INTO job_posting (source, source_id, title, description, employer_name, region, "
                        "zip3, is_remote, pay_min_hourly, pay_max_hourly, status, valid_through, duplicate_of_id, "
                        "shifts, requires_work_authorization, requires_citizenship, screening, review_priority, "
                        "content_hash, dedup_key, text_hash, embedding_hash, embedding, updated_at, created_at) "
                        "VALUES ('synthetic', :sid, :title, :description, :employer, :region, :zip3, "
                        ":remote, :pmin, :pmax, :status, :until, :dup, :shifts, false, false, '[]', 0, :hash, "
                        ":hash, :hash, :hash, CAST(:emb AS vector), now(), now()) RETURNING id"
                    ),
                    values,
                ).scalar_one()
            )
        )
    return ids


def random_postings(rng: np.random.Generator, n: int, centers: np.ndarray) -> list[Posting]:
    """Postings around a few topic centres, with varied area, pay, remote work and end dates."""
    now = datetime.now(UTC)
    out = []
    for _ in range(n):
        topic = int(rng.integers(len(centers)))
        pay = None if rng.random() < 0.3 else float(rng.uniform(12, 35))
        out.append(
            Posting(
                title=TITLES[topic % len(TITLES)],
                description=" ".join(rng.choice(WORDS, size=int(rng.integers(8, 30))).tolist()) + ".",
                vector=unit(centers[topic] + 0.6 * rng.standard_normal(centers.shape[1])),
                region=str(rng.choice(["WA", "WA", "OR", "wa ", None])),
                zip3=str(rng.choice(["980", "981", "972", ""])) if rng.random() < 0.9 else None,
                is_remote=bool(rng.random() < 0.1),
                pay_min_hourly=pay,
                pay_max_hourly=None if pay is None or rng.random() < 0.5 else pay + 3,
                valid_through=None if rng.random() < 0.8 else now + timedelta(days=int(rng.integers(-5, 30))),
                shifts=[str(rng.choice(["day", "night", "evening"]))] if rng.random() < 0.5 else [],
            )
        )
    return out
