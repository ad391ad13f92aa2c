"""Vectorized first pass over the hard constraints, so the Python check runs on a small pool.

Each rule here mirrors one in `constraints.py` exactly or is looser: the prefilter may let a
violating item through (the exact `violations` check after it removes it), but must never drop
an item that `violations` would allow.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matcher.constraints import ACTIVE, best_hourly_pay
from matcher.types import Candidate, Constraints

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ConstraintArrays:
    """Per-item columns of the catalog, aligned with the candidate list."""

    region: npt.NDArray[np.str_]  # upper-case, '' when unknown
    zip3: npt.NDArray[np.str_]  # '' when unknown
    remote: BoolArray
    best_pay: npt.NDArray[np.float64]  # NaN when no pay is published
    is_job: BoolArray
    active: BoolArray

    @classmethod
    def build(cls, candidates: Sequence[Candidate]) -> "ConstraintArrays":
        pays = [best_hourly_pay(c) for c in candidates]
        return cls(
            region=np.asarray([(c.region or "").strip().upper() for c in candidates], dtype=str),
            zip3=np.asarray([c.zip3 or "" for c in candidates], dtype=str),
            remote=np.asarray([c.is_remote for c in candidates], dtype=bool),
            best_pay=np.asarray([np.nan if p is None else p for p in pays], dtype=np.float64),
            is_job=np.asarray([c.kind == "job" for c in candidates], dtype=bool),
            active=np.asarray([c.status == ACTIVE for c in candidates], dtype=bool),
        )

    def mask(self, c: Constraints) -> BoolArray:
        """Items that may pass area, pay, excluded-area and status constraints."""
        ok = self.active.copy()
        on_site = np.ones_like(ok)
        if c.region:
            on_site &= (self.region == "") | (self.region == c.region.strip().upper())
        if c.zip3s:
            on_site &= (self.zip3 == "") | np.isin(self.zip3, list(c.zip3s))
        ok &= np.where(self.remote, bool(c.remote_ok), on_site)
        if c.pay_floor_hourly is not None:
            with np.errstate(invalid="ignore"):
                below = self.is_job & ~np.isnan(self.best_pay) & (self.best_pay < c.pay_floor_hourly)
            ok &= ~below
        if c.excluded_zip3s:
            ok &= ~((self.zip3 != "") & np.isin(self.zip3, list(c.excluded_zip3s)))
        return ok
